package store_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/customers"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// Under a steady stream of clicks the SQLite write-ahead log stays bounded:
// it is started over once it passes its limit.
func TestWALStaysBoundedUnderSteadyLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("records 60,000 clicks")
	}
	path := filepath.Join(t.TempDir(), "wal.db")
	const limit = 256 // pages: 1 MB
	db, err := database.Open(context.Background(), path, store.WithWALLimit(limit))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@p.example").SaveX(ctx)
	s := db.Source.Create().SetRef("abc").SetKind("ref_tag").SetPartnerID(p.ID).SaveX(ctx)
	src := &clicks.Source{ID: s.ID, PartnerID: p.ID, Ref: "abc", Location: time.UTC}
	rec := clicks.NewRecorder(db, clicks.Options{})
	defer rec.Close()

	var wg sync.WaitGroup
	var largest int64
	var mu sync.Mutex
	for w := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 60_000 / 32 {
				if err := rec.Record(context.Background(), clicks.Click{Source: src, Visitor: fmt.Sprintf("v-%02d-%06d", w, i), At: time.Now()}); err != nil {
					t.Error(err)
					return
				}
				if i%100 == 0 {
					if fi, err := os.Stat(path + "-wal"); err == nil {
						mu.Lock()
						largest = max(largest, fi.Size())
						mu.Unlock()
					}
				}
			}
		}()
	}
	wg.Wait()
	// The writer checks the log after every batch, so it overshoots the
	// limit by at most a batch (a few MB); without starting over it grows
	// with every click (to 360 MB here).
	if largest > 16<<20 {
		t.Fatalf("the write-ahead log reached %d bytes with a limit of %d pages", largest, limit)
	}
	t.Logf("largest write-ahead log: %d KB", largest>>10)
}

// Instances starting at once on one empty database all migrate it safely.
func TestInstancesMigrateAtOnce(t *testing.T) {
	dsn := storetest.DSN(t)
	errs := make(chan error, 4)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := database.Open(context.Background(), dsn)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("an instance failed to start: %v", err)
		}
	}
	db, err := database.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The system tags were seeded once, not once per instance.
	if n := db.CustomerTag.Query().CountX(store.System(context.Background())); n != len(customers.SystemTags) {
		t.Fatalf("%d system tags after 4 concurrent starts, want %d", n, len(customers.SystemTags))
	}
}
