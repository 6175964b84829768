package rollup_test

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent/dailystat"
	"github.com/reftrack/reftrack/ent/partnerday"
	"github.com/reftrack/reftrack/ent/setting"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// rollupRows returns every rollup row as text: its table, owner, day,
// counts and running totals.
func rollupRows(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	ctx := store.System(context.Background())
	m := map[string]string{}
	for _, r := range db.DailyStat.Query().AllX(ctx) {
		m[fmt.Sprintf("source %d %s", r.SourceID, r.Day)] = fmt.Sprint(r.PartnerID, r.UniqueClicks, r.ReturningClicks, r.BotClicks, r.Conversions,
			r.CumUniqueClicks, r.CumReturningClicks, r.CumBotClicks, r.CumConversions)
	}
	for _, r := range db.PartnerDay.Query().AllX(ctx) {
		m[fmt.Sprintf("partner %d %s", r.PartnerID, r.Day)] = fmt.Sprint(r.UniqueClicks, r.ReturningClicks, r.BotClicks, r.Conversions,
			r.CumUniqueClicks, r.CumReturningClicks, r.CumBotClicks, r.CumConversions)
	}
	return m
}

// A database of the previous version, with zero running totals (as the
// migration adds them) and no partner rows, gets them filled in once, by
// one of several instances starting at once.
func TestOpenFillsRunningTotalsOnce(t *testing.T) {
	dsn := storetest.DSN(t)
	ctx := store.System(context.Background())
	db, err := database.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	rec := clicks.NewRecorder(db, clicks.Options{})
	for i := range 2 {
		p := db.Partner.Create().SetName("P").SetEmail(fmt.Sprintf("p%d@example.com", i)).SaveX(ctx)
		for j := range 2 {
			ref := fmt.Sprintf("s%d%d", i, j)
			s := db.Source.Create().SetRef(ref).SetKind("ref_tag").SetPartnerID(p.ID).SaveX(ctx)
			src := &clicks.Source{ID: s.ID, PartnerID: p.ID, Ref: ref, Location: time.UTC}
			for k := range 30 {
				c := clicks.Click{Source: src, Ref: ref, Visitor: fmt.Sprintf("v%d", k%7), Bot: k%5 == 0,
					At: start.Add(time.Duration(k*(i+j+1)*7) * time.Hour)}
				if err := rec.Record(context.Background(), c); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	rec.Close()
	want := rollupRows(t, db)
	if len(want) < 20 {
		t.Fatalf("only %d rollup rows", len(want))
	}
	// The state the previous version leaves, once migrated.
	db.DailyStat.Update().SetCumUniqueClicks(0).SetCumReturningClicks(0).SetCumBotClicks(0).SetCumConversions(0).ExecX(ctx)
	db.PartnerDay.Delete().ExecX(ctx)
	filled := db.Setting.Query().Where(setting.Key(rollup.RunningTotalsKey)).OnlyX(ctx)
	db.Setting.DeleteOne(filled).ExecX(ctx)
	db.Close()

	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			db, err := database.Open(context.Background(), dsn)
			if err != nil {
				t.Errorf("an instance failed to start: %v", err)
				return
			}
			db.Close()
		})
	}
	wg.Wait()
	db, err = database.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { db.Close() }()
	if got := rollupRows(t, db); !maps.Equal(got, want) {
		t.Fatalf("after filling in:\n%v\nwant\n%v", got, want)
	}
	filled = db.Setting.Query().Where(setting.Key(rollup.RunningTotalsKey)).OnlyX(ctx)

	// Once only: a running total broken now stays broken across a restart.
	row := db.DailyStat.Query().Where(dailystat.Day("2026-05-02")).FirstX(ctx)
	db.DailyStat.UpdateOne(row).AddCumUniqueClicks(1000).ExecX(ctx)
	db.PartnerDay.Delete().Where(partnerday.Day("2026-05-03")).ExecX(ctx)
	broken := rollupRows(t, db)
	db.Close()
	db, err = database.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if got := rollupRows(t, db); !maps.Equal(got, broken) {
		t.Fatal("the running totals were filled in again")
	}
	if again := db.Setting.Query().Where(setting.Key(rollup.RunningTotalsKey)).OnlyX(ctx); string(again.Value) != string(filled.Value) {
		t.Fatalf("the fill was recorded again: %s, then %s", filled.Value, again.Value)
	}
}
