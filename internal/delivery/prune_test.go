package delivery_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/delivery"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/viewer"
)

// Prune deletes the attempts made before the cutoff and the deliveries of
// events the log no longer holds, and nothing else.
func TestPruneDeletesTheDeliveryLogPastRetention(t *testing.T) {
	e := newEnv(t, delivery.Options{})
	r := newReceiver(t, func(int) (int, http.Header) { return 200, nil })
	_, secret := e.create(as(viewer.Admin, 0), r.URL)
	r.secret = secret
	e.event(e.a)
	e.event(e.b)
	e.step()
	sys := store.System(context.Background())
	if n, err := eventlog.Prune(sys, e.db.Client, time.Now().Add(time.Hour)); err != nil || n != 2 {
		t.Fatalf("events pruned: %d, %v", n, err)
	}
	time.Sleep(20 * time.Millisecond)
	cutoff := time.Now()
	time.Sleep(20 * time.Millisecond)
	kept := e.event(e.a)
	e.step()
	if got := len(r.got()); got != 3 {
		t.Fatalf("receiver got %d deliveries, want 3", got)
	}

	attempts, deliveries, err := delivery.Prune(context.Background(), e.db.Client, cutoff)
	if err != nil || attempts != 2 || deliveries != 2 {
		t.Fatalf("Prune: %d attempts, %d deliveries, %v; want 2 and 2", attempts, deliveries, err)
	}
	left := e.db.WebhookAttempt.Query().AllX(sys)
	if len(left) != 1 || left[0].EventID != kept || e.db.WebhookDelivery.Query().CountX(sys) != 1 {
		t.Fatalf("left: %d attempts (%v), %d deliveries", len(left), left, e.db.WebhookDelivery.Query().CountX(sys))
	}
	if a, d, err := delivery.Prune(context.Background(), e.db.Client, cutoff); a != 0 || d != 0 || err != nil {
		t.Fatalf("second Prune: %d, %d, %v", a, d, err)
	}
}
