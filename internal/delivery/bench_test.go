package delivery_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/delivery"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/viewer"
)

// BenchmarkDelivery records 10,000 events, each in its own transaction
// as a signup is, while 10 healthy local endpoints receive them, and
// reports the p50 and p99 from each commit to its delivery at each
// endpoint, and the deliveries lost (none expected). One iteration is the
// whole run: go test ./internal/delivery -run XXX -bench Delivery -benchtime 1x
func BenchmarkDelivery(b *testing.B) {
	const events, endpoints = 10_000, 10
	for range b.N {
		benchDelivery(b, events, endpoints)
	}
}

func benchDelivery(b *testing.B, events, endpoints int) {
	e := newEnv(b, delivery.Options{Now: time.Now})
	var mu sync.Mutex
	committed := make(map[string]time.Time, events)
	var latencies []time.Duration
	received := 0
	done := make(chan struct{})
	for range endpoints {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			now := time.Now()
			id := r.Header.Get("webhook-id")
			mu.Lock()
			defer mu.Unlock()
			if c, ok := committed[id]; ok {
				latencies = append(latencies, now.Sub(c))
			}
			received++
			if received == events*endpoints {
				close(done)
			}
		}))
		defer srv.Close()
		e.create(as(viewer.Admin, 0), srv.URL)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go e.worker.Run(ctx)
	b.ResetTimer()
	start := time.Now()
	for i := range events {
		var id string
		err := store.WithTx(ctx, e.db.Client, func(ctx context.Context, tx *ent.Tx) error {
			ev, err := eventlog.Append(ctx, tx.Client(), eventlog.Event{Type: eventlog.ConversionCreated, PartnerID: e.a + i%2,
				Payload: eventlog.RefTagPayload{RefTag: eventlog.RefTag{ID: i, Name: "n", Code: "c"}}})
			if ev != nil {
				id = ev.PublicID
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		mu.Lock()
		committed[id] = time.Now()
		mu.Unlock()
		e.worker.Wake()
	}
	appended := time.Since(start)
	select {
	case <-done:
	case <-time.After(5 * time.Minute):
	}
	elapsed := time.Since(start)
	b.StopTimer()
	mu.Lock()
	defer mu.Unlock()
	slices.Sort(latencies)
	q := func(p float64) float64 {
		if len(latencies) == 0 {
			return 0
		}
		return latencies[int(p*float64(len(latencies)-1))].Seconds() * 1000
	}
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(float64(events*endpoints-received), "lost")
	b.ReportMetric(float64(received)/elapsed.Seconds(), "deliveries/s")
	// The rate the events came in at: the deliveries it asks for are ten
	// times as many, and a rate above the worker's is a backlog.
	b.ReportMetric(float64(events)/appended.Seconds(), "events/s")
}
