package clicks_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/click"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// openDB opens a test database with the upgrades that a server runs.
func openDB(t *testing.T) *store.DB {
	return storetest.Open(t, store.WithUpgrades(database.Upgrades...))
}

func newSource(t *testing.T, db *store.DB, ref string) *clicks.Source {
	t.Helper()
	ctx := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail(ref + "@example.com").SaveX(ctx)
	s := db.Source.Create().SetRef(ref).SetKind("ref_tag").SetPartnerID(p.ID).SaveX(ctx)
	return &clicks.Source{ID: s.ID, PartnerID: p.ID, Ref: ref, Location: time.UTC}
}

func TestRecordCountsUniqueReturningAndBots(t *testing.T) {
	db := openDB(t)
	src := newSource(t, db, "abc")
	rec := clicks.NewRecorder(db, clicks.Options{})
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	// 3 visitors x 4 clicks each, and 2 bot clicks, all at once.
	for v := range 3 {
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := rec.Record(context.Background(), clicks.Click{Source: src, Ref: "abc", Visitor: string(rune('a' + v)), At: at}); err != nil {
					t.Error(err)
				}
			}()
		}
	}
	for range 2 {
		if err := rec.Record(context.Background(), clicks.Click{Source: src, Ref: "abc", Visitor: "bot", At: at, Bot: true}); err != nil {
			t.Fatal(err)
		}
	}
	if err := rec.Record(context.Background(), clicks.Click{Ref: "nope", Visitor: "x", At: at}); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	rec.Close()
	ctx := store.System(context.Background())
	stat := db.DailyStat.Query().OnlyX(ctx)
	if stat.UniqueClicks != 3 || stat.ReturningClicks != 9 || stat.BotClicks != 2 || stat.Day != "2026-03-01" {
		t.Fatalf("rollup = %+v", stat)
	}
	if n := db.Click.Query().Where(click.KindEQ(click.KindUnique)).CountX(ctx); n != 3 {
		t.Fatalf("unique raw clicks = %d", n)
	}
	if n := db.UnmatchedClick.Query().CountX(ctx); n != 1 {
		t.Fatalf("unmatched = %d", n)
	}
	_ = rollup.Deltas{}
	_ = ent.IsNotFound
}
