package referral_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/redirect"
	"github.com/reftrack/reftrack/internal/referral"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// Clicks in flight on a link that is not in the cache, or whose entry has
// expired, share one load: a busy link does not send each of them to the
// database at once (on PostgreSQL, each would also take a connection).
func TestLookupSharesLoads(t *testing.T) {
	var statements atomic.Int64
	// Each statement takes a while, as on a loaded database: without
	// shared loads, every lookup then misses the cache before any ends.
	db := storetest.Open(t, store.WithQueryHook(func() {
		statements.Add(1)
		time.Sleep(2 * time.Millisecond)
	}))
	newLink(t, db, "https://example.com/")
	d := referral.NewDirectory(db.Client)
	// A load is the source with its partner's timezone (2 statements) and
	// its referral URL (1).
	const load = 3
	for round, why := range []string{"not cached yet", "forgotten"} {
		before := statements.Load()
		start := make(chan struct{})
		var wg sync.WaitGroup
		for range 50 {
			wg.Go(func() {
				<-start
				src, err := d.Lookup(context.Background(), "busy-link")
				if err != nil || src == nil || src.RedirectURL != "https://example.com/" {
					t.Errorf("Lookup = %+v, %v; want the referral URL", src, err)
				}
			})
		}
		close(start)
		wg.Wait()
		if got := statements.Load() - before; got != load {
			t.Errorf("round %d (%s): 50 lookups at once ran %d statements, want %d (one load)", round, why, got, load)
		}
		d.Forget("busy-link")
	}
}

// A lookup after Forget, as after a change of the link on this instance,
// neither waits for nor takes its answer from a load that started before.
func TestLookupAfterForgetLoadsAgain(t *testing.T) {
	var hold atomic.Bool
	entered, release := make(chan struct{}, 1), make(chan struct{})
	db := storetest.Open(t, store.WithQueryHook(func() {
		if hold.Load() {
			select {
			case entered <- struct{}{}:
			default:
			}
			<-release
		}
	}))
	update := newLink(t, db, "https://example.com/old")
	d := referral.NewDirectory(db.Client)

	hold.Store(true)
	before := make(chan error, 1)
	go func() {
		_, err := d.Lookup(context.Background(), "busy-link")
		before <- err
	}()
	<-entered // the load before the change is held in its first statement
	hold.Store(false)
	update("https://example.com/new")
	d.Forget("busy-link")

	lookupCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	src, err := d.Lookup(lookupCtx, "busy-link")
	if err != nil || src == nil || src.RedirectURL != "https://example.com/new" {
		t.Errorf("Lookup after the change = %+v, %v; want https://example.com/new", src, err)
	}
	close(release)
	if err := <-before; err != nil {
		t.Fatalf("load before the change: %v", err)
	}
	if src, err := d.Lookup(context.Background(), "busy-link"); err != nil || src.RedirectURL != "https://example.com/new" {
		t.Errorf("Lookup once the old load ended = %+v, %v; want https://example.com/new", src, err)
	}
}

// newLink gives a new partner the referral URL "busy-link" to dest, and
// returns a function that changes its destination.
func newLink(t *testing.T, db *store.DB, dest string) (update func(dest string)) {
	t.Helper()
	ctx := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(ctx)
	hosts := redirect.NewAllowlist([]string{"example.com"})
	if _, err := referral.CreateURL(ctx, db.Client, hosts, p.ID, "busy-link", dest); err != nil {
		t.Fatal(err)
	}
	return func(dest string) {
		t.Helper()
		if _, err := referral.UpdateURL(ctx, db.Client, hosts, p.ID, dest); err != nil {
			t.Fatal(err)
		}
	}
}
