package graph

import (
	"context"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/events"
	"github.com/reftrack/reftrack/redirect"
	"github.com/reftrack/reftrack/referral"
	"github.com/reftrack/reftrack/signups"
	"github.com/reftrack/reftrack/store"
	"github.com/reftrack/reftrack/storetest"
	"github.com/reftrack/reftrack/viewer"
)

// A subscriber whose transport stops taking conversions falls behind the
// bus, is dropped, and its connection is closed with CloseTryAgainLater;
// another subscriber on the same bus still gets every conversion.
func TestFeedDropsASubscriberThatFallsBehind(t *testing.T) {
	db := storetest.Open(t)
	sys := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@p.example").SaveX(sys)
	if _, err := referral.CreateURL(sys, db.Client, redirect.NewAllowlist([]string{"example.com"}), p.ID, "acme", "https://example.com/"); err != nil {
		t.Fatal(err)
	}
	rec := &signups.Recorder{Window: time.Hour, DB: db}
	service := viewer.NewContext(context.Background(), &viewer.Viewer{Role: viewer.Service})
	var convs []*ent.Conversion
	for i := range 10 {
		c, err := rec.Record(service, db.Client, signups.Input{Ref: "acme", Email: string(rune('a'+i)) + "@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		convs = append(convs, c)
	}

	bus := events.NewLocal(events.LocalOptions{Buffer: 2})
	defer bus.Close()
	partnerCtx, cancel := context.WithCancel(viewer.NewContext(context.Background(), &viewer.Viewer{Role: viewer.Partner, PartnerID: p.ID}))
	defer cancel()
	closed := make(chan int, 1)
	slowCtx := WithConnCloser(partnerCtx, func(code int, _ string) { closed <- code })
	slow, err := conversionFeed(slowCtx, db.Client, bus, &sharedLoads{})
	if err != nil {
		t.Fatal(err)
	}
	fast, err := conversionFeed(partnerCtx, db.Client, bus, &sharedLoads{})
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan int, 1)
	go func() {
		n := 0
		for range fast {
			if n++; n == len(convs) {
				break
			}
		}
		got <- n
	}()

	// The slow feed's consumer never reads: its feed blocks and the bus
	// buffer behind it fills up.
	for _, c := range convs {
		bus.Publish(context.Background(), events.Conversion{ID: c.ID, PartnerID: c.PartnerID})
		time.Sleep(20 * time.Millisecond) // let the feeds load and hand over each one
	}
	select {
	case code := <-closed:
		if code != CloseTryAgainLater {
			t.Fatalf("closed with %d, want %d", code, CloseTryAgainLater)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the subscriber that fell behind was not closed")
	}
	select {
	case n := <-got:
		if n != len(convs) {
			t.Fatalf("the other subscriber got %d of %d", n, len(convs))
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the other subscriber did not get every conversion")
	}
	// The slow feed ends: what it held is still readable, then it closes.
	deadline := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-slow:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("the dropped feed's channel was not closed")
		}
	}
}
