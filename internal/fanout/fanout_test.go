package fanout

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/events"
	"github.com/reftrack/reftrack/internal/redirect"
	"github.com/reftrack/reftrack/internal/referral"
	"github.com/reftrack/reftrack/internal/signups"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
	"github.com/reftrack/reftrack/internal/viewer"
)

// A subscriber whose transport stops taking conversions falls behind, is
// dropped, and its connection is closed (with a reason); another
// subscriber of the same partner still gets every conversion. When both
// are gone, so is the audience's bus subscription.
func TestFeedDropsASubscriberThatFallsBehind(t *testing.T) {
	db := storetest.Open(t)
	sys := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@p.example").SaveX(sys)
	if _, err := referral.CreateURL(sys, db.Client, redirect.NewAllowlist([]string{"example.com"}), p.ID, "acme", "https://example.com/"); err != nil {
		t.Fatal(err)
	}
	rec := &signups.Recorder{Window: time.Hour, DB: db}
	service := viewer.NewContext(context.Background(), &viewer.Viewer{Role: viewer.Service})
	bus := events.NewLocal(events.LocalOptions{})
	defer bus.Close()
	eventlog.OnAppend(db.Client, func(ev *ent.Event) {
		bus.Publish(context.Background(), events.Event{ID: int(ev.Seq), PartnerID: ev.PartnerID})
	})
	partnerCtx, cancel := context.WithCancel(viewer.NewContext(context.Background(), &viewer.Viewer{Role: viewer.Partner, PartnerID: p.ID}))
	defer cancel()
	closed := make(chan string, 1)
	slowCtx := WithCloser(partnerCtx, func(reason string) { closed <- reason })
	f := New(nil)
	slow, err := f.Conversions(slowCtx, db.Client, bus, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	fast, err := f.Conversions(partnerCtx, db.Client, bus, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := bus.Subscribers(); n != 1 {
		t.Fatalf("%d bus subscriptions for two subscribers of one partner, want 1", n)
	}
	// The fast subscriber takes each conversion before the next is
	// recorded; the slow one never reads, so its buffer fills up.
	for i := range memberBuffer + 4 {
		c, err := rec.Record(service, db.Client, signups.Input{Ref: "acme", Email: fmt.Sprintf("c%02d@example.com", i)})
		if err != nil {
			t.Fatal(err)
		}
		select {
		case conv, ok := <-fast:
			if !ok || conv.ID != c.ID {
				t.Fatalf("conversion %d: the fast subscriber got %v (open %v), want %d", i, conv, ok, c.ID)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("conversion %d did not reach the fast subscriber", i)
		}
	}
	select {
	case reason := <-closed:
		if reason == "" {
			t.Fatal("closed without a reason")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the subscriber that fell behind was not closed")
	}
	// The slow feed ends: what it held is still readable, then it closes.
	deadline := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-slow:
			if !ok {
				cancel()
				waitFor(t, func() bool { return bus.Subscribers() == 0 })
				return
			}
		case <-deadline:
			t.Fatal("the dropped feed's channel was not closed")
		}
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
	}
}
