package delivery_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/webhookattempt"
	"github.com/reftrack/reftrack/ent/webhookdelivery"
	"github.com/reftrack/reftrack/internal/delivery"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/publicid"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
	"github.com/reftrack/reftrack/internal/viewer"
	"github.com/reftrack/reftrack/internal/webhook"
)

// clock is a settable clock, so that days of retries take no time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func as(role viewer.Role, pid int) context.Context {
	return viewer.NewContext(context.Background(), &viewer.Viewer{Role: role, PartnerID: pid})
}

type env struct {
	t         testing.TB
	db        *store.DB
	clock     *clock
	worker    *delivery.Worker
	endpoints *delivery.Endpoints
	a, b      int // two partners
}

func newEnv(t testing.TB, o delivery.Options) *env {
	t.Helper()
	db := storetest.Open(t)
	codec, err := publicid.New(make([]byte, 32))
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Now().UTC()}
	if o.Now == nil {
		o.Now = c.Now
	}
	sys := store.System(context.Background())
	e := &env{t: t, db: db, clock: c,
		worker:    delivery.NewWorker(db, webhook.NewClient(true), codec, o),
		endpoints: &delivery.Endpoints{DB: db, AllowPrivate: true, Now: o.Now},
		a:         db.Partner.Create().SetName("A").SetEmail("a@example.com").SaveX(sys).ID,
		b:         db.Partner.Create().SetName("B").SetEmail("b@example.com").SaveX(sys).ID,
	}
	return e
}

// event appends a ref_tag.created event of the partner and returns its id.
func (e *env) event(partnerID int) string {
	e.t.Helper()
	var id string
	err := store.WithTx(context.Background(), e.db.Client, func(ctx context.Context, tx *ent.Tx) error {
		ev, err := eventlog.Append(ctx, tx.Client(), eventlog.Event{Type: eventlog.RefTagCreated, PartnerID: partnerID,
			Payload: eventlog.RefTagPayload{RefTag: eventlog.RefTag{ID: 7, Name: "n", Code: "c"}}})
		if ev != nil {
			id = ev.PublicID
		}
		return err
	})
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) create(ctx context.Context, url string, types ...string) (*ent.WebhookEndpoint, string) {
	e.t.Helper()
	ep, secret, err := e.endpoints.Create(ctx, e.db.Client, delivery.Input{URL: &url, EventTypes: types})
	if err != nil {
		e.t.Fatal(err)
	}
	return ep, secret
}

func (e *env) step() {
	e.t.Helper()
	if err := e.worker.Step(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	e.worker.Wait()
}

// receiver is a real HTTP endpoint that verifies each delivery with the
// Standard Webhooks library and answers as told.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	ids    []string // webhook-id of every request, in order
	bad    int      // requests the library refused
	answer func(n int) (int, http.Header)
	secret string
}

func newReceiver(t *testing.T, answer func(n int) (int, http.Header)) *receiver {
	r := &receiver{answer: answer}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.ids = append(r.ids, req.Header.Get("webhook-id"))
		n := len(r.ids)
		if r.secret != "" {
			wh, _ := standardwebhooks.NewWebhook(r.secret)
			if wh.VerifyIgnoringTimestamp(body, req.Header) != nil {
				r.bad++
			}
		}
		r.mu.Unlock()
		status, h := http.StatusNoContent, http.Header(nil)
		if answer != nil {
			status, h = answer(n)
		}
		for k, v := range h {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		io.WriteString(w, "answer "+http.StatusText(status))
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.ids)
}

func (e *env) attempts(epID int) []*ent.WebhookAttempt {
	e.t.Helper()
	return e.db.WebhookAttempt.Query().Where(webhookattempt.EndpointID(epID)).
		Order(ent.Asc(webhookattempt.FieldID)).AllX(store.System(context.Background()))
}

// A receiver that fails three times then succeeds gets the event, verified
// by the specification's library, and no more after it succeeded; the log
// shows every attempt.
func TestFailuresThenSuccessDeliverOnce(t *testing.T) {
	e := newEnv(t, delivery.Options{})
	r := newReceiver(t, func(n int) (int, http.Header) {
		if n <= 3 {
			return 500, nil
		}
		return 200, nil
	})
	ep, secret := e.create(as(viewer.Admin, 0), r.URL)
	r.secret = secret
	id := e.event(e.a)
	for range 8 {
		e.step()
		e.clock.Add(3 * time.Hour) // past every wait of the first four
	}
	if got := r.got(); !slices.Equal(got, []string{id, id, id, id}) || r.bad != 0 {
		t.Fatalf("receiver got %v (%d refused by the library), want %s four times", got, r.bad, id)
	}
	var codes []int
	for _, a := range e.attempts(ep.ID) {
		codes = append(codes, a.StatusCode)
		if a.EventID != id || a.EventType != "ref_tag.created" {
			t.Errorf("attempt %+v", a)
		}
	}
	if !slices.Equal(codes, []int{500, 500, 500, 200}) {
		t.Fatalf("log %v", codes)
	}
	if a := e.attempts(ep.ID); a[0].Response != "answer Internal Server Error" || a[3].Ok != true {
		t.Errorf("logged response %q", a[0].Response)
	}
	d := e.db.WebhookDelivery.Query().OnlyX(store.System(context.Background()))
	if d.Status != webhookdelivery.StatusDelivered || d.Attempts != 4 {
		t.Fatalf("delivery %s after %d attempts", d.Status, d.Attempts)
	}
}

// Partners' endpoints get their own events only; the admin's get every
// partner's; an endpoint's event types filter.
func TestEndpointsGetOnlyTheirOwnersEvents(t *testing.T) {
	e := newEnv(t, delivery.Options{})
	ra, rb, radmin, rtyped := newReceiver(t, nil), newReceiver(t, nil), newReceiver(t, nil), newReceiver(t, nil)
	e.create(as(viewer.Partner, e.a), ra.URL)
	e.create(as(viewer.Partner, e.b), rb.URL)
	e.create(as(viewer.Admin, 0), radmin.URL)
	e.create(as(viewer.Admin, 0), rtyped.URL, "conversion.created")
	a1, b1, a2 := e.event(e.a), e.event(e.b), e.event(e.a)
	e.step()
	if got := sorted(ra.got()); !slices.Equal(got, sorted([]string{a1, a2})) {
		t.Errorf("A's endpoint got %v, want %v", got, []string{a1, a2})
	}
	if got := rb.got(); !slices.Equal(got, []string{b1}) {
		t.Errorf("B's endpoint got %v, want %v", got, []string{b1})
	}
	if got := radmin.got(); len(got) != 3 {
		t.Errorf("the admin's endpoint got %v", got)
	}
	if got := rtyped.got(); len(got) != 0 {
		t.Errorf("an endpoint for conversion.created got %v", got)
	}
}

// A partner cannot see, change, rotate, disable, replay to or delete
// another partner's endpoint, nor the admin's; the service has none.
func TestPartnersCannotReachOthersEndpoints(t *testing.T) {
	e := newEnv(t, delivery.Options{})
	r := newReceiver(t, nil)
	epA, _ := e.create(as(viewer.Partner, e.a), r.URL)
	epAdmin, _ := e.create(as(viewer.Admin, 0), r.URL)
	evA := e.event(e.a)
	asB := as(viewer.Partner, e.b)
	c := e.db.Client
	url := "http://example.com/x"
	for _, id := range []int{epA.ID, epAdmin.ID} {
		_, err1 := e.endpoints.Update(asB, c, id, delivery.Input{URL: &url})
		_, _, err2 := e.endpoints.RotateSecret(asB, c, id)
		_, err3 := e.endpoints.SetEnabled(asB, c, id, false)
		_, err4 := e.endpoints.Replay(asB, c, id, evA)
		_, err5 := e.endpoints.ResendFailed(asB, c, id, time.Time{})
		err6 := e.endpoints.Delete(asB, c, id)
		_, err7 := e.worker.TestSend(asB, c, id)
		for i, err := range []error{err1, err2, err3, err4, err5, err6, err7} {
			if reftrack.KindOf(err) != reftrack.NotFound {
				t.Errorf("endpoint %d, operation %d: %v, want not found", id, i+1, err)
			}
		}
	}
	if n := c.WebhookEndpoint.Query().CountX(asB); n != 0 {
		t.Errorf("B lists %d endpoints", n)
	}
	if n := c.WebhookEndpoint.Query().CountX(as(viewer.Partner, e.a)); n != 1 {
		t.Errorf("A lists %d endpoints", n)
	}
	// B's own endpoint cannot replay A's event.
	epB, _ := e.create(asB, r.URL)
	if _, err := e.endpoints.Replay(asB, c, epB.ID, evA); reftrack.KindOf(err) != reftrack.NotFound {
		t.Errorf("B replays A's event to its endpoint: %v", err)
	}
	if _, _, err := e.endpoints.Create(as(viewer.Service, 0), c, delivery.Input{URL: &url}); reftrack.KindOf(err) != reftrack.Forbidden {
		t.Errorf("the service creates an endpoint: %v", err)
	}
	got := c.WebhookEndpoint.Query().AllX(store.System(context.Background()))
	if len(got) != 3 || got[0].URL != r.URL || got[0].DisabledAt != nil {
		t.Errorf("endpoints changed: %+v", got)
	}
	if len(r.got()) != 0 {
		t.Errorf("deliveries sent: %v", r.got())
	}
}

func TestPartnerHasAtMostFiveEndpoints(t *testing.T) {
	e := newEnv(t, delivery.Options{})
	ctx := as(viewer.Partner, e.a)
	for range delivery.MaxPartnerEndpoints {
		e.create(ctx, "https://hooks.example.com/x")
	}
	url := "https://hooks.example.com/y"
	if _, _, err := e.endpoints.Create(ctx, e.db.Client, delivery.Input{URL: &url}); reftrack.KindOf(err) != reftrack.Limit {
		t.Fatalf("sixth endpoint: %v", err)
	}
	e.create(as(viewer.Partner, e.b), url) // another partner's count is its own
}

// 410 disables the endpoint; what happens meanwhile waits, and enabling it
// delivers everything from where it stopped.
func TestGoneDisablesAndEnablingResumes(t *testing.T) {
	e := newEnv(t, delivery.Options{})
	gone := true
	var mu sync.Mutex
	r := newReceiver(t, func(int) (int, http.Header) {
		mu.Lock()
		defer mu.Unlock()
		if gone {
			return http.StatusGone, nil
		}
		return 200, nil
	})
	ctx := as(viewer.Partner, e.a)
	ep, _ := e.create(ctx, r.URL)
	first := e.event(e.a)
	e.step()
	ep = e.db.WebhookEndpoint.GetX(store.System(context.Background()), ep.ID)
	if ep.DisabledAt == nil || *ep.DisabledReason != "the endpoint answered 410 Gone" {
		t.Fatalf("after 410: disabled at %v", ep.DisabledAt)
	}
	second, third := e.event(e.a), e.event(e.a)
	e.clock.Add(time.Hour)
	e.step()
	if got := r.got(); len(got) != 1 {
		t.Fatalf("a disabled endpoint got %v", got)
	}
	mu.Lock()
	gone = false
	mu.Unlock()
	if _, err := e.endpoints.SetEnabled(ctx, e.db.Client, ep.ID, true); err != nil {
		t.Fatal(err)
	}
	e.step()
	got := r.got()[1:]
	slices.Sort(got)
	want := []string{first, second, third}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("after enabling: %v, want %v", got, want)
	}
}

// An endpoint that fails for days is disabled, and says why.
func TestFailingForDaysDisables(t *testing.T) {
	e := newEnv(t, delivery.Options{DisableAfter: 72 * time.Hour})
	r := newReceiver(t, func(int) (int, http.Header) { return 503, nil })
	ep, _ := e.create(as(viewer.Admin, 0), r.URL)
	e.event(e.a)
	for range 40 {
		e.step()
		e.clock.Add(4 * time.Hour)
	}
	ep = e.db.WebhookEndpoint.GetX(store.System(context.Background()), ep.ID)
	if ep.DisabledAt == nil || !strings.HasPrefix(*ep.DisabledReason, "failing since ") {
		t.Fatalf("after days of failures: disabled at %v", ep.DisabledAt)
	}
	if n := len(r.got()); n < 5 || n > webhook.Attempts {
		t.Fatalf("%d attempts", n)
	}
}

// Retry-After is honoured.
func TestRetryAfter(t *testing.T) {
	e := newEnv(t, delivery.Options{})
	r := newReceiver(t, func(n int) (int, http.Header) {
		if n == 1 {
			return 429, http.Header{"Retry-After": {"3600"}}
		}
		return 200, nil
	})
	e.create(as(viewer.Admin, 0), r.URL)
	e.event(e.a)
	e.step()
	e.clock.Add(59 * time.Minute)
	e.step()
	if n := len(r.got()); n != 1 {
		t.Fatalf("%d attempts within the hour asked for", n)
	}
	e.clock.Add(2 * time.Minute)
	e.step()
	if n := len(r.got()); n != 2 {
		t.Fatalf("%d attempts after the hour", n)
	}
}

// After a rotation both secrets sign for 24 hours, then only the new one.
func TestRotationSignsWithBothSecretsForADay(t *testing.T) {
	e := newEnv(t, delivery.Options{})
	var sigs []string
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		sigs = append(sigs, r.Header.Get("webhook-signature"))
		mu.Unlock()
	}))
	defer srv.Close()
	ctx := as(viewer.Partner, e.a)
	ep, old := e.create(ctx, srv.URL)
	_, fresh, err := e.endpoints.RotateSecret(ctx, e.db.Client, ep.ID)
	if err != nil || fresh == old || !strings.HasPrefix(fresh, "whsec_") {
		t.Fatalf("rotate: %v", err)
	}
	e.event(e.a)
	e.step()
	e.clock.Add(delivery.RotationOverlap + time.Second)
	e.event(e.a)
	e.step()
	if len(sigs) != 2 || len(strings.Fields(sigs[0])) != 2 || len(strings.Fields(sigs[1])) != 1 {
		t.Fatalf("signatures %q", sigs)
	}
}

// Replay sends one event again; resend sends every failed delivery since
// a time again; a test send reaches the endpoint and is logged.
func TestReplayResendAndTestSend(t *testing.T) {
	e := newEnv(t, delivery.Options{DisableAfter: 30 * 24 * time.Hour})
	fail := true
	var mu sync.Mutex
	r := newReceiver(t, func(int) (int, http.Header) {
		mu.Lock()
		defer mu.Unlock()
		if fail {
			return 500, nil
		}
		return 200, nil
	})
	ctx := as(viewer.Partner, e.a)
	ep, secret := e.create(ctx, r.URL)
	r.secret = secret
	start := e.clock.Now()
	ids := []string{e.event(e.a), e.event(e.a)}
	for range webhook.Attempts + 2 {
		e.step()
		e.clock.Add(24 * time.Hour)
	}
	failed := e.db.WebhookDelivery.Query().Where(webhookdelivery.StatusEQ(webhookdelivery.StatusFailed)).CountX(store.System(ctx))
	if failed != 2 || len(r.got()) != 2*webhook.Attempts {
		t.Fatalf("%d failed deliveries after %d attempts", failed, len(r.got()))
	}
	mu.Lock()
	fail = false
	mu.Unlock()
	before := len(r.got())
	n, err := e.endpoints.ResendFailed(ctx, e.db.Client, ep.ID, start)
	if err != nil || n != 2 {
		t.Fatalf("resend: %d, %v", n, err)
	}
	e.step()
	if got := sorted(r.got()[before:]); !slices.Equal(got, sorted(ids)) {
		t.Fatalf("resent %v, want %v", r.got()[before:], ids)
	}
	if _, err := e.endpoints.Replay(ctx, e.db.Client, ep.ID, ids[0]); err != nil {
		t.Fatal(err)
	}
	e.step()
	if got := r.got(); got[len(got)-1] != ids[0] {
		t.Fatalf("replay sent %v", got[len(got)-1])
	}
	if _, err := e.endpoints.Replay(ctx, e.db.Client, ep.ID, "evt_nope"); reftrack.KindOf(err) != reftrack.NotFound {
		t.Fatalf("replay of an unknown event: %v", err)
	}
	a, err := e.worker.TestSend(ctx, e.db.Client, ep.ID)
	if err != nil || !a.Ok || a.StatusCode != 200 || a.EventType != delivery.TestType {
		t.Fatalf("test send: %+v, %v", a, err)
	}
	if r.bad != 0 {
		t.Fatalf("%d deliveries refused by the library", r.bad)
	}
}

// A slow endpoint holds at most its share of the workers: another endpoint
// gets its events while the slow one has not answered.
func TestSlowEndpointDelaysNoOther(t *testing.T) {
	e := newEnv(t, delivery.Options{PerEndpoint: 2, Concurrency: 4, Poll: 20 * time.Millisecond, Now: time.Now})
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-release }))
	defer slow.Close()
	defer close(release)
	fast := newReceiver(t, nil)
	e.create(as(viewer.Admin, 0), slow.URL)
	e.create(as(viewer.Admin, 0), fast.URL)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go e.worker.Run(ctx)
	for range 10 {
		e.event(e.a)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(fast.got()) < 10 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(fast.got()); n != 10 {
		t.Fatalf("the fast endpoint got %d of 10 while the slow one hung", n)
	}
}

// Internal addresses are refused when the endpoint is registered, and at
// dial time when a URL gets past that.
func TestInternalAddressesRefused(t *testing.T) {
	e := newEnv(t, delivery.Options{})
	strict := &delivery.Endpoints{DB: e.db}
	for _, u := range []string{"https://127.0.0.1/x", "https://169.254.169.254/latest", "https://10.0.0.1/", "https://[::1]/", "http://hooks.example.com/", "https://localhost/"} {
		if _, _, err := strict.Create(as(viewer.Admin, 0), e.db.Client, delivery.Input{URL: &u}); reftrack.KindOf(err) != reftrack.Invalid {
			t.Errorf("%s: %v", u, err)
		}
	}
	if n := e.db.WebhookEndpoint.Query().CountX(store.System(context.Background())); n != 0 {
		t.Fatalf("%d endpoints stored", n)
	}
	r := newReceiver(t, nil)
	codec, _ := publicid.New(make([]byte, 32))
	w := delivery.NewWorker(e.db, webhook.NewClient(false), codec, delivery.Options{Now: e.clock.Now})
	ep, _ := e.create(as(viewer.Admin, 0), strings.Replace(r.URL, "127.0.0.1", "localhost", 1))
	e.event(e.a)
	if err := w.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
	w.Wait()
	a := e.attempts(ep.ID)
	if len(r.got()) != 0 || len(a) != 1 || a[0].Ok || a[0].StatusCode != 0 || a[0].Response != webhook.ErrBlocked.Error() {
		t.Fatalf("receiver got %v; log %+v", r.got(), a)
	}
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}
