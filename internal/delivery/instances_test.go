package delivery_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/delivery"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/publicid"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
	"github.com/reftrack/reftrack/internal/viewer"
	"github.com/reftrack/reftrack/internal/webhook"
)

// Two instances on one PostgreSQL database share the deliveries; when one
// dies in the middle (its database connections gone, its attempts
// unrecorded), the other delivers everything, the dead one's leased
// deliveries once their lease ends.
func TestTwoInstancesAndOneDies(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("several instances share a PostgreSQL database only; set " + storetest.EnvPostgres)
	}
	dsn := storetest.DSN(t)
	ctx := context.Background()
	open := func() *store.DB {
		db, err := database.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		return db
	}
	dbA, dbB := open(), open()
	defer dbB.Close()
	codec, _ := publicid.New(make([]byte, 32))
	o := delivery.Options{Poll: 20 * time.Millisecond, Lease: 2 * time.Second}
	wA := delivery.NewWorker(dbA, webhook.NewClient(true), codec, o)
	wB := delivery.NewWorker(dbB, webhook.NewClient(true), codec, o)

	var mu sync.Mutex
	got := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(5 * time.Millisecond)
		mu.Lock()
		got[r.Header.Get("webhook-id")]++
		mu.Unlock()
	}))
	defer srv.Close()
	sys := store.System(ctx)
	pid := dbB.Partner.Create().SetName("A").SetEmail("a@example.com").SaveX(sys).ID
	url := srv.URL
	if _, _, err := (&delivery.Endpoints{DB: dbB, AllowPrivate: true}).Create(
		viewer.NewContext(ctx, &viewer.Viewer{Role: viewer.Admin}), dbB.Client, delivery.Input{URL: &url}); err != nil {
		t.Fatal(err)
	}
	const n = 300
	var ids []string
	for range n {
		store.WithTx(ctx, dbB.Client, func(ctx context.Context, tx *ent.Tx) error {
			ev, err := eventlog.Append(ctx, tx.Client(), eventlog.Event{Type: eventlog.RefTagCreated, PartnerID: pid,
				Payload: eventlog.RefTagPayload{RefTag: eventlog.RefTag{ID: 1, Name: "n", Code: "c"}}})
			if err == nil {
				ids = append(ids, ev.PublicID)
			}
			return err
		})
	}
	ctxA, killA := context.WithCancel(ctx)
	ctxB, stopB := context.WithCancel(ctx)
	doneA, doneB := make(chan struct{}), make(chan struct{})
	go func() { wA.Run(ctxA); close(doneA) }()
	go func() { wB.Run(ctxB); close(doneB) }()
	received := func() int { mu.Lock(); defer mu.Unlock(); return len(got) }
	deadline := time.Now().Add(20 * time.Second)
	for received() < n/3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	// A dies: its connections go at once, so what it has in flight is
	// never recorded.
	dbA.Close()
	killA()
	<-doneA
	deadline = time.Now().Add(30 * time.Second)
	for received() < n && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	stopB()
	<-doneB
	mu.Lock()
	defer mu.Unlock()
	dup := 0
	for _, id := range ids {
		switch c := got[id]; {
		case c == 0:
			t.Errorf("event %s never delivered", id)
		case c > 1:
			dup += c - 1
		}
	}
	t.Logf("%d events, %d delivered twice (in flight at A's death)", n, dup)
	if dup > 64 {
		t.Errorf("%d duplicates: more than one instance's attempts in flight", dup)
	}
}
