package eventlog_test

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/customertag"
	entevent "github.com/reftrack/reftrack/ent/event"
	"github.com/reftrack/reftrack/ent/schema"
	"github.com/reftrack/reftrack/internal/customers"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/publicid"
	"github.com/reftrack/reftrack/internal/redirect"
	"github.com/reftrack/reftrack/internal/referral"
	"github.com/reftrack/reftrack/internal/signups"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
	"github.com/reftrack/reftrack/internal/viewer"
)

// open opens a test database with the upgrades that a server runs.
func open(t *testing.T) *store.DB {
	return storetest.Open(t, store.WithUpgrades(database.Upgrades...))
}

// log returns every event, in sequence order.
func log(t *testing.T, db *store.DB) []*ent.Event {
	t.Helper()
	evs, err := db.Event.Query().Order(ent.Asc(entevent.FieldSeq)).All(store.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func types(evs []*ent.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.Type
	}
	return out
}

func as(role viewer.Role, partnerID int) context.Context {
	return viewer.NewContext(context.Background(), &viewer.Viewer{Role: role, PartnerID: partnerID})
}

// tx runs fn as a mutation does: in one transaction, rolled back on error.
func tx[T any](ctx context.Context, db *store.DB, fn func(ctx context.Context, c *ent.Client) (T, error)) (T, error) {
	var out T
	err := store.WithTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
		var err error
		out, err = fn(ctx, tx.Client())
		return err
	})
	return out, err
}

// Each mutation that changes something appends its one event, in order and
// without holes; one that is refused or changes nothing appends none.
func TestMutationsAppendTheirEvents(t *testing.T) {
	db := open(t)
	sys := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(sys)
	partner := as(viewer.Partner, p.ID)
	service := as(viewer.Service, 0)
	hosts := redirect.NewAllowlist([]string{"example.com"})
	rec := &signups.Recorder{DB: db, Window: time.Hour}
	want := []string{}
	check := func(step string, add ...eventlog.Type) {
		t.Helper()
		for _, a := range add {
			want = append(want, string(a))
		}
		evs := log(t, db)
		if got := types(evs); !slices.Equal(got, want) {
			t.Fatalf("after %s: events %v, want %v", step, got, want)
		}
		for i, e := range evs {
			if e.Seq != int64(i+1) || e.PartnerID != p.ID || !strings.HasPrefix(e.PublicID, "evt_") || len(e.PublicID) != 26 {
				t.Fatalf("after %s: event %d is seq %d, partner %d, id %q", step, i, e.Seq, e.PartnerID, e.PublicID)
			}
		}
	}

	tag, err := tx(partner, db, func(ctx context.Context, c *ent.Client) (*ent.RefTag, error) {
		return referral.CreateTag(ctx, c, p.ID, "Newsletter")
	})
	if err != nil {
		t.Fatal(err)
	}
	check("createRefTag", eventlog.RefTagCreated)
	if _, err := tx(partner, db, func(ctx context.Context, c *ent.Client) (*ent.RefTag, error) {
		return referral.CreateTag(ctx, c, p.ID, "newsletter")
	}); reftrack.KindOf(err) != reftrack.Conflict {
		t.Fatalf("a second tag of the same name: %v, want a conflict", err)
	}
	check("a refused createRefTag")

	updateURL := func(to string) error {
		_, err := tx(partner, db, func(ctx context.Context, c *ent.Client) (*ent.ReferralURL, error) {
			return referral.UpdateURL(ctx, c, hosts, p.ID, to)
		})
		return err
	}
	if _, err := tx(partner, db, func(ctx context.Context, c *ent.Client) (*ent.ReferralURL, error) {
		return referral.CreateURL(ctx, c, hosts, p.ID, "acme", "https://example.com/a")
	}); err != nil {
		t.Fatal(err)
	}
	check("createReferralURL")
	if err := updateURL("https://example.com/b"); err != nil {
		t.Fatal(err)
	}
	check("updateReferralURL", eventlog.ReferralURLUpdated)
	if err := updateURL("https://example.com/b"); err != nil {
		t.Fatal(err)
	}
	check("updateReferralURL to the same destination")
	if err := updateURL("https://elsewhere.example.net/"); reftrack.KindOf(err) != reftrack.Invalid {
		t.Fatalf("a destination off the allowlist: %v, want invalid", err)
	}
	check("a refused updateReferralURL")

	signup := func(in signups.Input) (*ent.Conversion, error) {
		return tx(service, db, func(ctx context.Context, c *ent.Client) (*ent.Conversion, error) {
			return rec.Record(ctx, c, in)
		})
	}
	conv, err := signup(signups.Input{Ref: tag.Code, Email: "c@example.com", ExternalID: "u1"})
	if err != nil {
		t.Fatal(err)
	}
	check("recordSignup", eventlog.ConversionCreated)
	if again, err := signup(signups.Input{Ref: tag.Code, Email: "c@example.com", ExternalID: "u1"}); err != nil || again.ID != conv.ID {
		t.Fatalf("replayed signup: %v, %v", again, err)
	}
	check("a replayed recordSignup")
	if _, err := signup(signups.Input{Ref: "nosuchref", Email: "d@example.com"}); reftrack.KindOf(err) != reftrack.NotAttributed {
		t.Fatalf("unattributed signup: %v", err)
	}
	check("a refused recordSignup")
	evs := log(t, db)
	if got := evs[len(evs)-1].ConversionID; got == nil || *got != conv.ID {
		t.Fatalf("conversion.created names conversion %v, want %d", got, conv.ID)
	}

	trial := db.CustomerTag.Query().Where(customertag.NameKey("free trial")).OnlyX(sys)
	newSignup := db.CustomerTag.Query().Where(customertag.NameKey("new signup")).OnlyX(sys)
	tagCustomer := func(add bool, ids ...int) error {
		_, err := tx(service, db, func(ctx context.Context, c *ent.Client) (*ent.Customer, error) {
			if add {
				return customers.AddTags(ctx, c, conv.CustomerID, ids)
			}
			return customers.RemoveTags(ctx, c, conv.CustomerID, ids)
		})
		return err
	}
	if err := tagCustomer(true, trial.ID); err != nil {
		t.Fatal(err)
	}
	check("addCustomerTags", eventlog.CustomerTagsChanged)
	if err := tagCustomer(true, trial.ID, newSignup.ID); err != nil {
		t.Fatal(err)
	}
	check("addCustomerTags of tags it has")
	if err := tagCustomer(false, newSignup.ID); err != nil {
		t.Fatal(err)
	}
	check("removeCustomerTags", eventlog.CustomerTagsChanged)
	if err := tagCustomer(false, newSignup.ID); err != nil {
		t.Fatal(err)
	}
	check("removeCustomerTags of a tag it lacks")
	if err := tagCustomer(true, trial.ID, 1<<40); reftrack.KindOf(err) != reftrack.NotFound {
		t.Fatalf("tagging with an unknown tag: %v", err)
	}
	check("a refused addCustomerTags")

	evs = log(t, db)
	var removed eventlog.TagsChanged
	if err := json.Unmarshal([]byte(evs[len(evs)-1].Payload), &removed); err != nil {
		t.Fatal(err)
	}
	if len(removed.Added) != 0 || len(removed.Removed) != 1 || removed.Removed[0].ID != newSignup.ID ||
		removed.Customer.ID != conv.CustomerID || len(removed.Customer.Tags) != 2 ||
		removed.Customer.Tags[0].Name != "Email Not Verified" || removed.Customer.Tags[1].ID != trial.ID {
		t.Fatalf("customer.tags_changed payload: %+v", removed)
	}
}

// The payload is what the API shows: public ids, the same field names.
func TestRenderShowsPublicIDs(t *testing.T) {
	db := open(t)
	sys := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(sys)
	tag, err := referral.CreateTag(sys, db.Client, p.ID, "Newsletter")
	if err != nil {
		t.Fatal(err)
	}
	codec, err := publicid.New(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	out, err := eventlog.Render(codec, log(t, db)[0])
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]map[string]any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	rt := got["refTag"]
	if rt["id"] != codec.Encode(tag.ID) || rt["name"] != "Newsletter" || rt["code"] != tag.Code || rt["createdAt"] == nil || len(rt) != 4 {
		t.Fatalf("rendered payload %s", out)
	}
}

// A transaction that rolls back gives its sequence back: the log has no
// holes, so a gap in what a reader received is one it missed.
func TestRolledBackAppendLeavesNoHole(t *testing.T) {
	db := open(t)
	sys := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(sys)
	appendOne := func(fail bool) error {
		return store.WithTx(sys, db.Client, func(ctx context.Context, tx *ent.Tx) error {
			if _, err := eventlog.Append(ctx, tx.Client(), eventlog.Event{Type: eventlog.RefTagCreated, PartnerID: p.ID, Payload: struct{}{}}); err != nil {
				return err
			}
			if fail {
				return errors.New("refused")
			}
			return nil
		})
	}
	for _, fail := range []bool{false, true, false, true, true, false} {
		if err := appendOne(fail); (err != nil) != fail {
			t.Fatal(err)
		}
	}
	var seqs []int64
	for _, e := range log(t, db) {
		seqs = append(seqs, e.Seq)
	}
	if !slices.Equal(seqs, []int64{1, 2, 3}) {
		t.Fatalf("sequences %v, want [1 2 3]", seqs)
	}
}

// Concurrent appenders commit in sequence order: a reader that sees n
// sees every sequence below it, so reading "after the last one I saw"
// never skips an event committed later. On PostgreSQL this is the row
// lock of the counter at work (decision 0090); on SQLite, its one writer.
func TestReadersNeverSeeAHole(t *testing.T) {
	db := open(t)
	sys := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(sys)
	const writers, each = 4, 15
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				err := store.WithTx(sys, db.Client, func(ctx context.Context, tx *ent.Tx) error {
					if _, err := eventlog.Append(ctx, tx.Client(), eventlog.Event{Type: eventlog.RefTagCreated, PartnerID: p.ID, Payload: struct{}{}}); err != nil {
						return err
					}
					time.Sleep(time.Duration((w+i)%3) * time.Millisecond) // commit late, sometimes
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for reading := true; reading; {
		select {
		case <-done:
			reading = false
		default:
		}
		var seqs []int64
		for _, e := range log(t, db) {
			seqs = append(seqs, e.Seq)
		}
		for i, s := range seqs {
			if s != int64(i+1) {
				t.Fatalf("a reader saw sequences %v: %d is missing below %d", seqs, i+1, seqs[len(seqs)-1])
			}
		}
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if n := db.Event.Query().CountX(sys); n != writers*each {
		t.Fatalf("%d events, want %d", n, writers*each)
	}
}

// The service reads the events about what it reads otherwise.
func TestServiceEventTypesAreTypes(t *testing.T) {
	for _, s := range schema.ServiceEventTypes {
		if !slices.Contains(eventlog.Types, eventlog.Type(s)) {
			t.Errorf("schema.ServiceEventTypes holds %q, not an event type", s)
		}
	}
}

// Pruning deletes the old events, as a prefix of the log, and a cursor
// into what it deleted is refused with Expired; one at the edge still
// resumes.
func TestPruneAndExpiredCursors(t *testing.T) {
	db := open(t)
	sys := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(sys)
	base := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	// Days 0 to 4, but the fourth event's clock was behind: day 1.
	for _, day := range []int{0, 1, 2, 1, 4} {
		if _, err := eventlog.Append(sys, db.Client, eventlog.Event{Type: eventlog.RefTagCreated, PartnerID: p.ID,
			OccurredAt: base.AddDate(0, 0, day), Payload: struct{}{}}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := eventlog.Prune(sys, db.Client, base.AddDate(0, 0, 2))
	if err != nil || n != 2 {
		t.Fatalf("pruned %d (%v), want the 2 events before the first of day 2", n, err)
	}
	var seqs []int64
	for _, e := range log(t, db) {
		seqs = append(seqs, e.Seq)
	}
	if !slices.Equal(seqs, []int64{3, 4, 5}) {
		t.Fatalf("kept %v, want [3 4 5]", seqs)
	}
	for seq, want := range map[int64]reftrack.Kind{0: reftrack.Expired, 1: reftrack.Expired, 2: "", 4: ""} {
		err := eventlog.Resumable(sys, db.Client, seq)
		if got := reftrack.Kind(""); err != nil {
			got = reftrack.KindOf(err)
			if got != want {
				t.Errorf("resume after %d: %v, want %q", seq, err, want)
			}
		} else if want != "" {
			t.Errorf("resume after %d: accepted, want %q", seq, want)
		}
	}
	// Everything pruned: the counter still tells an old cursor.
	if n, err := eventlog.Prune(sys, db.Client, base.AddDate(1, 0, 0)); err != nil || n != 3 {
		t.Fatalf("pruned %d (%v), want 3", n, err)
	}
	if err := eventlog.Resumable(sys, db.Client, 4); reftrack.KindOf(err) != reftrack.Expired {
		t.Fatalf("resume after 4 of 5, all pruned: %v", err)
	}
	if err := eventlog.Resumable(sys, db.Client, 5); err != nil {
		t.Fatalf("resume after the last event, all pruned: %v", err)
	}
	ev, err := eventlog.Append(sys, db.Client, eventlog.Event{Type: eventlog.RefTagCreated, PartnerID: p.ID, Payload: struct{}{}})
	if err != nil || ev.Seq != 6 {
		t.Fatalf("the next event after pruning all: %v, %v; want sequence 6", ev, err)
	}
}
