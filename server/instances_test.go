package server_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// lockedBuffer is a log sink that tests read while the server writes.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// twoInstances starts two servers, each with its own connections, on one
// database.
func twoInstances(t *testing.T, logsB *lockedBuffer) (a, b *apitest.Server) {
	t.Helper()
	a = apitest.New(t)
	opts := apitest.Options{DSN: a.Config.DB}
	if logsB != nil {
		opts.Logs = logsB
	}
	b = apitest.New(t, opts)
	return a, b
}

func TestInstancesCountAsOne(t *testing.T) {
	a, b := twoInstances(t, nil)
	p := a.CreatePartner(t, "P", "p@p.example", "UTC")
	service := b.ServiceToken(t)
	a.MustDo(t, p.Token, `mutation { createReferralURL(input: {slug: "acme", redirectURL: "https://example.com/"}) { id } }`, nil, nil)

	// A visitor's second click, on the other instance, is returning.
	click(t, a, "/r/acme", "visitor-one1")
	click(t, b, "/r/acme", "visitor-one1")

	// Clicks on both instances at once: 8 goroutines x 50 clicks over 40 visitors.
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				s := a
				if (g+i)%2 == 1 {
					s = b
				}
				if r := click(t, s, "/r/acme", fmt.Sprintf("visitor-load%02d", (g*50+i)%40)); r.StatusCode != 302 {
					t.Errorf("click: %d", r.StatusCode)
				}
			}
		}()
	}
	// The same signup reported to both instances at once.
	ids := make([]string, 2)
	for i, s := range []*apitest.Server{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var out struct{ RecordSignup struct{ ID string } }
			s.MustDo(t, service, `mutation { recordSignup(input: {ref: "acme", email: "twice@example.com", externalID: "cus_1"}) { id } }`, nil, &out)
			ids[i] = out.RecordSignup.ID
		}()
	}
	wg.Wait()

	if ids[0] != ids[1] {
		t.Errorf("one signup on two instances made conversions %s and %s", ids[0], ids[1])
	}
	for name, s := range map[string]*apitest.Server{"A": a, "B": b} {
		var out struct {
			Me struct {
				Stats struct{ UniqueClicks, ReturningClicks, TotalClicks, Conversions int }
			}
			Customers struct{ TotalCount int }
		}
		s.MustDo(t, p.Token, `{ me { stats { uniqueClicks returningClicks totalClicks conversions } } customers { totalCount } }`, nil, &out)
		st := out.Me.Stats
		if st.UniqueClicks != 41 || st.ReturningClicks != 361 || st.TotalClicks != 402 || st.Conversions != 1 || out.Customers.TotalCount != 1 {
			t.Errorf("instance %s: %+v, %d customers; want 41 unique, 361 returning, 402 total, 1 conversion, 1 customer", name, st, out.Customers.TotalCount)
		}
	}
}

func TestConversionsReachSubscribersOnEveryInstance(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("events cross instances through PostgreSQL LISTEN/NOTIFY; set " + storetest.EnvPostgres)
	}
	logsB := &lockedBuffer{}
	a, b := twoInstances(t, logsB)
	p := a.CreatePartner(t, "P", "p@p.example", "UTC")
	service := a.ServiceToken(t)
	a.MustDo(t, p.Token, `mutation { createReferralURL(input: {slug: "acme", redirectURL: "https://example.com/"}) { id } }`, nil, nil)

	sub := subscribed(t, b, p.Token)
	sub.send(map[string]any{"id": "sync", "type": "subscribe", "payload": map[string]any{"query": `{ __typename }`}})
	sub.expect("next")
	sub.expect("complete")

	signup := func(addr string) time.Duration {
		start := time.Now()
		a.MustDo(t, service, `mutation($e: String!) { recordSignup(input: {ref: "acme", email: $e}) { id } }`, map[string]any{"e": addr}, nil)
		m, err := sub.next(time.Second)
		if err != nil {
			t.Fatalf("subscriber on B got nothing within 1s of a signup on A: %v", err)
		}
		if got := email(t, m); got != addr {
			t.Fatalf("B got %s, want %s", got, addr)
		}
		return time.Since(start)
	}
	t.Logf("A to B: %v", signup("first@example.com"))

	// B loses its listening connection: it reconnects, says so, and delivers again.
	ctx := store.System(context.Background())
	res, err := a.DB.SQL.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN `+"reftrack_conversions"+`%' AND pid <> pg_backend_pid()`)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 2 {
		t.Fatalf("terminated %d listeners, want 2 (one per instance)", n)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logsB.String(), "event listener reconnected") {
		if time.Now().After(deadline) {
			t.Fatalf("B did not log a reconnection; log:\n%s", logsB.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(logsB.String(), "lost the event listener connection") {
		t.Errorf("B did not log the lost connection")
	}
	t.Logf("A to B after reconnecting: %v", signup("second@example.com"))
}
