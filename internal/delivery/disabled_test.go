package delivery_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/event"
	"github.com/reftrack/reftrack/internal/delivery"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/viewer"
)

// disabledEvents returns the webhook_endpoint.disabled events that ctx's
// viewer may read, in order.
func (e *env) disabledEvents(ctx context.Context) []*ent.Event {
	e.t.Helper()
	return e.db.Event.Query().Where(event.Type(string(eventlog.WebhookEndpointDisabled))).
		Order(ent.Asc(event.FieldSeq)).AllX(ctx)
}

type disabledPayload struct {
	WebhookEndpoint struct {
		ID             int
		URL            string
		DisabledAt     *time.Time
		DisabledReason *string
		FailingSince   *time.Time
	}
	Cause string
}

// checkDisabled checks that ev tells of ep's disabling for cause, as ep
// now stands, and belongs to partner (0: program-wide).
func (e *env) checkDisabled(ev *ent.Event, ep *ent.WebhookEndpoint, cause string, partner int) disabledPayload {
	e.t.Helper()
	var p disabledPayload
	if err := json.Unmarshal([]byte(ev.Payload), &p); err != nil {
		e.t.Fatal(err)
	}
	ep = e.db.WebhookEndpoint.GetX(store.System(context.Background()), ep.ID)
	w := p.WebhookEndpoint
	if ev.PartnerID != partner || p.Cause != cause || w.ID != ep.ID || w.URL != ep.URL || ep.DisabledAt == nil ||
		w.DisabledAt == nil || !w.DisabledAt.Equal(*ep.DisabledAt) || !ev.OccurredAt.Equal(*ep.DisabledAt) ||
		w.DisabledReason == nil || *w.DisabledReason != *ep.DisabledReason {
		e.t.Fatalf("event of partner %d %s, want endpoint %d (disabled at %v, %q) of partner %d, cause %s",
			ev.PartnerID, ev.Payload, ep.ID, ep.DisabledAt, deref(ep.DisabledReason), partner, cause)
	}
	return p
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// An endpoint that answers 410 is disabled and, in the same transaction,
// the log gets webhook_endpoint.disabled: its owner reads it, its owner's
// other endpoints and the admin's program-wide ones receive it, another
// partner and its endpoints never do, and the endpoint itself, enabled
// again, gets what waited but not the news of its own disabling.
func TestGoneIsAnnouncedToTheOwnersOtherEndpoints(t *testing.T) {
	e := newEnv(t, delivery.Options{})
	var mu sync.Mutex
	gone := true
	dead := newReceiver(t, func(int) (int, http.Header) {
		mu.Lock()
		defer mu.Unlock()
		if gone {
			return http.StatusGone, nil
		}
		return 200, nil
	})
	otherA, ofB, program := newReceiver(t, nil), newReceiver(t, nil), newReceiver(t, nil)
	asA, asB, admin := as(viewer.Partner, e.a), as(viewer.Partner, e.b), as(viewer.Admin, 0)
	epDead, _ := e.create(asA, dead.URL)
	e.create(asA, otherA.URL)
	e.create(asB, ofB.URL)
	e.create(admin, program.URL)

	first := e.event(e.a)
	e.step() // the 410, and the endpoint disabled
	evs := e.disabledEvents(store.System(context.Background()))
	if len(evs) != 1 {
		t.Fatalf("%d webhook_endpoint.disabled events after a 410, want 1", len(evs))
	}
	e.checkDisabled(evs[0], epDead, eventlog.CauseGone, e.a)
	disabled := evs[0].PublicID
	e.step() // the news goes out
	e.step()

	for _, c := range []struct {
		name string
		r    *receiver
		want []string
	}{
		{"A's other endpoint", otherA, []string{first, disabled}},
		{"the admin's program-wide endpoint", program, []string{first, disabled}},
		{"B's endpoint", ofB, nil},
		{"the disabled endpoint", dead, []string{first}},
	} {
		if got := c.r.got(); !slices.Equal(got, c.want) {
			t.Errorf("%s received %v, want %v", c.name, got, c.want)
		}
	}
	if n := len(e.disabledEvents(asB)); n != 0 {
		t.Errorf("B reads %d of A's webhook_endpoint.disabled events", n)
	}
	if n := len(e.disabledEvents(asA)); n != 1 {
		t.Errorf("A reads %d webhook_endpoint.disabled events, want 1", n)
	}

	// Enabled again: what waited, not its own disabling.
	mu.Lock()
	gone = false
	mu.Unlock()
	if _, err := e.endpoints.SetEnabled(asA, e.db.Client, epDead.ID, true); err != nil {
		t.Fatal(err)
	}
	e.step()
	e.step()
	if got := dead.got(); !slices.Equal(got, []string{first, first}) {
		t.Fatalf("the endpoint enabled again received %v, want %v", got, []string{first, first})
	}
}

// An endpoint failing for days is disabled with cause failing, and its
// owner's other endpoint is told.
func TestFailingForDaysIsAnnounced(t *testing.T) {
	e := newEnv(t, delivery.Options{DisableAfter: 72 * time.Hour})
	failing := newReceiver(t, func(int) (int, http.Header) { return 503, nil })
	other := newReceiver(t, nil)
	asA := as(viewer.Partner, e.a)
	ep, _ := e.create(asA, failing.URL)
	e.create(asA, other.URL)
	e.event(e.a)
	for range 40 {
		e.step()
		e.clock.Add(4 * time.Hour)
	}
	evs := e.disabledEvents(store.System(context.Background()))
	if len(evs) != 1 {
		t.Fatalf("%d webhook_endpoint.disabled events, want 1", len(evs))
	}
	if p := e.checkDisabled(evs[0], ep, eventlog.CauseFailing, e.a); p.WebhookEndpoint.FailingSince == nil {
		t.Fatalf("failingSince missing: %s", evs[0].Payload)
	}
	if !slices.Contains(other.got(), evs[0].PublicID) {
		t.Fatalf("the other endpoint received %v, not %s", other.got(), evs[0].PublicID)
	}
}

// Disabling by hand is announced too, in the disabling's transaction: a
// partner's to the partner, the admin's program-wide endpoint's to admins
// only (partner 0). Disabling what is disabled, or another partner's
// endpoint, appends nothing.
func TestDisablingByHandIsAnnounced(t *testing.T) {
	e := newEnv(t, delivery.Options{})
	asA, asB, admin := as(viewer.Partner, e.a), as(viewer.Partner, e.b), as(viewer.Admin, 0)
	otherAdmin, ofA := newReceiver(t, nil), newReceiver(t, nil)
	epAdmin, _ := e.create(admin, "http://127.0.0.1:1/admin")
	e.create(admin, otherAdmin.URL)
	epA, _ := e.create(asA, "http://127.0.0.1:1/a")
	e.create(asA, ofA.URL)

	disable := func(ctx context.Context, id int) error {
		return store.WithTx(ctx, e.db.Client, func(ctx context.Context, tx *ent.Tx) error {
			_, err := e.endpoints.SetEnabled(ctx, tx.Client(), id, false)
			return err
		})
	}
	if err := disable(asB, epA.ID); reftrack.KindOf(err) != reftrack.NotFound {
		t.Fatalf("B disabling A's endpoint: %v, want NotFound", err)
	}
	if n := len(e.disabledEvents(store.System(context.Background()))); n != 0 {
		t.Fatalf("a refused disable appended %d events", n)
	}
	for range 2 { // the second changes nothing
		if err := disable(admin, epAdmin.ID); err != nil {
			t.Fatal(err)
		}
		if err := disable(asA, epA.ID); err != nil {
			t.Fatal(err)
		}
	}
	evs := e.disabledEvents(store.System(context.Background()))
	if len(evs) != 2 {
		t.Fatalf("%d webhook_endpoint.disabled events, want 2", len(evs))
	}
	e.checkDisabled(evs[0], epAdmin, eventlog.CauseManual, 0)
	e.checkDisabled(evs[1], epA, eventlog.CauseManual, e.a)
	for _, c := range []struct {
		name   string
		ctx    context.Context
		events []string
	}{
		{"admin", admin, []string{evs[0].PublicID, evs[1].PublicID}},
		{"A", asA, []string{evs[1].PublicID}},
		{"B", asB, nil},
	} {
		var got []string
		for _, ev := range e.disabledEvents(c.ctx) {
			got = append(got, ev.PublicID)
		}
		if !slices.Equal(got, c.events) {
			t.Errorf("%s reads %v, want %v", c.name, got, c.events)
		}
	}
	e.step()
	e.step()
	got := otherAdmin.got()
	slices.Sort(got)
	want := []string{evs[0].PublicID, evs[1].PublicID}
	slices.Sort(want)
	if !slices.Equal(got, want) { // delivered at once, in no order
		t.Errorf("the admin's other endpoint received %v", got)
	}
	if got := ofA.got(); !slices.Equal(got, []string{evs[1].PublicID}) {
		t.Errorf("A's other endpoint received %v", got)
	}
}
