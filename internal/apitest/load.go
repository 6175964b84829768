package apitest

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/redirect"
	"github.com/reftrack/reftrack/internal/referral"
	"github.com/reftrack/reftrack/internal/store"
)

// SeedReferralURL creates, directly in the database at dsn, a partner whose
// referral URL slug redirects to https://example.com/; for tests that start
// the server themselves.
func SeedReferralURL(t testing.TB, dsn, slug string) {
	t.Helper()
	ctx := store.System(context.Background())
	db, err := database.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p := db.Partner.Create().SetName("P").SetEmail(slug + "@example.com").SaveX(ctx)
	if _, err := referral.CreateURL(ctx, db.Client, redirect.NewAllowlist([]string{"example.com"}), p.ID, slug, "https://example.com/"); err != nil {
		t.Fatal(err)
	}
}

// Hammer clicks url from workers goroutines, each cycling through visitors
// visitor cookies, until a request fails (the server is gone), counting
// the clicks answered 302 in acked. wait waits for the workers to stop.
func Hammer(url string, workers, visitors int, acked *atomic.Int64) (wait func()) {
	var wg sync.WaitGroup
	client := &http.Client{
		Timeout:       5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1_000_000; i++ {
				req, _ := http.NewRequest(http.MethodGet, url, nil)
				req.Header.Set("User-Agent", Browser)
				req.AddCookie(&http.Cookie{Name: "rt_vid", Value: fmt.Sprintf("visitor-%03d-%05d", w, i%visitors)})
				resp, err := client.Do(req)
				if err != nil {
					return
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusFound {
					acked.Add(1)
				}
			}
		}()
	}
	return wg.Wait
}

// WaitFor polls cond every millisecond until it holds, failing t after d.
func WaitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
	}
}

// Counted returns the clicks the rollups of db count (unique + returning)
// and the raw clicks behind them.
func Counted(t testing.TB, db *store.DB) (counted, raw int) {
	t.Helper()
	ctx := store.System(context.Background())
	for _, s := range db.DailyStat.Query().AllX(ctx) {
		counted += s.UniqueClicks + s.ReturningClicks
	}
	return counted, db.Click.Query().CountX(ctx)
}

// WaitHealthy waits until the server at addr answers /healthz, failing t
// after d.
func WaitHealthy(t testing.TB, addr string, d time.Duration) {
	t.Helper()
	WaitFor(t, d, "the server at "+addr+" to start", func() bool {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return true
	})
}
