package delivery_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent/webhookattempt"
	"github.com/reftrack/reftrack/internal/delivery"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
	"github.com/reftrack/reftrack/internal/viewer"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// An endpoint deleted while one of its deliveries is in flight: the delete
// succeeds, and the worker, whose answer comes in meanwhile, records the
// other outcomes and leaves that one out, without an error.
func TestDeleteWhileDelivering(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("on SQLite the delete and the worker's record are serialised by its one writer; set " + storetest.EnvPostgres)
	}
	logs := &syncBuffer{}
	e := newEnv(t, delivery.Options{Logger: slog.New(slog.NewTextHandler(logs, nil))})
	release := make(chan struct{})
	arrived := make(chan struct{}, 1)
	r := newReceiver(t, func(int) (int, http.Header) {
		arrived <- struct{}{}
		<-release
		return 200, nil
	})
	ep, secret := e.create(as(viewer.Partner, e.a), r.URL)
	r.secret = secret
	e.event(e.a)
	if err := e.worker.Step(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-arrived

	tx, err := e.db.Client.Tx(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := e.endpoints.Delete(as(viewer.Partner, e.a), tx.Client(), ep.ID); err != nil {
		tx.Rollback()
		t.Fatalf("delete: %v", err)
	}
	close(release)
	time.Sleep(300 * time.Millisecond) // the worker records its answer, waiting for the delete
	if err := tx.Commit(); err != nil {
		t.Fatalf("commit the delete: %v", err)
	}
	e.worker.Wait()
	sys := store.System(context.Background())
	if n := e.db.WebhookAttempt.Query().Where(webhookattempt.EndpointID(ep.ID)).CountX(sys); n != 0 {
		t.Fatalf("%d attempts of the deleted endpoint", n)
	}
	if l := logs.String(); strings.Contains(l, "level=WARN") || strings.Contains(l, "level=ERROR") {
		t.Fatalf("the worker logged:\n%s", l)
	}
}
