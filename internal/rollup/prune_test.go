package rollup_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent/click"
	"github.com/reftrack/reftrack/ent/dailystat"
	"github.com/reftrack/reftrack/ent/unmatchedclick"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/store"
)

func TestPruneKeepsRollupsAndRebuildLeavesPrunedDays(t *testing.T) {
	defer rollup.SetPruneBatch(7)() // several batches per table
	s := seed(t, start)             // clicks from 2026-03-01 to 2026-03-05
	db := s.db
	ctx := store.System(context.Background())

	now := time.Date(2026, 4, 1, 14, 30, 0, 0, time.UTC)
	age := 30 * 24 * time.Hour
	cutoff := now.Add(-age) // 2026-03-02 14:30 UTC
	// Clicks right at the cutoff: the one before it goes, the one at it stays.
	rec := clicks.NewRecorder(db, clicks.Options{})
	for _, c := range []clicks.Click{
		{Source: s.sources[2], Visitor: "edge", At: cutoff.Add(-time.Nanosecond)},
		{Source: s.sources[2], Visitor: "edge", At: cutoff},
		{Ref: "typo", Visitor: "edge", At: cutoff.Add(-time.Second)},
		{Ref: "typo", Visitor: "edge", At: cutoff},
	} {
		record(t, rec, c)
		s.clicks = append(s.clicks, c)
	}
	rec.Close()
	var oldClicks, oldUnmatched, newClicks, newUnmatched int
	for _, c := range s.clicks {
		switch old := c.At.Before(cutoff); {
		case c.Source != nil && old:
			oldClicks++
		case c.Source != nil:
			newClicks++
		case old:
			oldUnmatched++
		default:
			newUnmatched++
		}
	}
	if oldClicks == 0 || newClicks == 0 || oldUnmatched == 0 || newUnmatched == 0 {
		t.Fatalf("seed does not straddle the cutoff: %d/%d clicks, %d/%d unmatched", oldClicks, newClicks, oldUnmatched, newUnmatched)
	}
	rows := snapshot(t, db)
	visits := db.Visit.Query().CountX(ctx)

	deleted, err := rollup.Prune(context.Background(), db, age, now)
	if err != nil {
		t.Fatal(err)
	}
	if deleted != oldClicks+oldUnmatched {
		t.Fatalf("deleted %d, want %d clicks and %d unmatched", deleted, oldClicks, oldUnmatched)
	}
	if n := db.Click.Query().CountX(ctx); n != newClicks {
		t.Fatalf("%d clicks left, want %d", n, newClicks)
	}
	if n := db.Click.Query().Where(click.AtLT(cutoff)).CountX(ctx); n != 0 {
		t.Fatalf("%d clicks before the cutoff left", n)
	}
	if n := db.Click.Query().Where(click.At(cutoff)).CountX(ctx); n != 1 {
		t.Fatalf("%d clicks at the cutoff left, want 1", n)
	}
	if n := db.UnmatchedClick.Query().CountX(ctx); n != newUnmatched {
		t.Fatalf("%d unmatched clicks left, want %d", n, newUnmatched)
	}
	if n := db.UnmatchedClick.Query().Where(unmatchedclick.AtLT(cutoff)).CountX(ctx); n != 0 {
		t.Fatalf("%d unmatched clicks before the cutoff left", n)
	}
	if n := db.Visit.Query().CountX(ctx); n != visits {
		t.Fatalf("%d visits after prune, %d before", n, visits)
	}
	if !reflect.DeepEqual(snapshot(t, db), rows) {
		t.Fatal("prune changed rollups")
	}
	horizon, ok, err := rollup.PrunedBefore(ctx, db.Client)
	if err != nil || !ok || !horizon.Equal(cutoff) {
		t.Fatalf("PrunedBefore = %v, %v, %v; want %v", horizon, ok, err, cutoff)
	}

	// 2026-03-03 still holds pruned clicks in Kiritimati (UTC+14), and
	// unpruned ones: only days from 2026-03-04 are checked.
	const since = "2026-03-04"
	if got := rollup.FirstIntactDay(horizon); got != since {
		t.Fatalf("FirstIntactDay = %s, want %s", got, since)
	}
	var sources, partners int
	for k := range rows {
		switch {
		case k.Day < since:
		case k.Partner:
			partners++
		default:
			sources++
		}
	}
	rep := rebuild(t, db, false)
	if len(rep.Diffs) != 0 || rep.Since != since || !rep.PrunedBefore.Equal(cutoff) || rep.Rows != sources || rep.PartnerRows != partners {
		t.Fatalf("rebuild after prune: %+v; want no difference, %d source and %d partner rows from %s", rep, sources, partners, since)
	}
	if rep := rebuild(t, db, true); len(rep.Diffs) != 0 || rep.Applied {
		t.Fatalf("rebuild after prune applied %+v", rep.Diffs)
	}
	if !reflect.DeepEqual(snapshot(t, db), rows) {
		t.Fatal("rebuild after prune changed the rollups of pruned days")
	}

	// A broken row of a pruned day is left alone. Rows of later days are
	// fixed, their running totals continuing from those of the rows kept.
	oldKey := sourceRow(s.sources[2], "2026-03-03")
	newKey := sourceRow(s.sources[1], since)
	lostKey := partnerRow(s.sources[2], "2026-03-05")
	for _, k := range []rowKey{oldKey, newKey} {
		row := db.DailyStat.Query().Where(dailystat.SourceID(k.Owner), dailystat.Day(k.Day)).OnlyX(ctx)
		update := db.DailyStat.UpdateOne(row).AddBotClicks(3)
		if k == newKey {
			update.AddCumUniqueClicks(5)
		}
		update.ExecX(ctx)
	}
	setRow(t, db, lostKey, nil)
	rep = rebuild(t, db, true)
	var got []rowKey
	for _, d := range rep.Diffs {
		got = append(got, rowKey{d.Partner, d.Owner, d.Day})
	}
	if want := []rowKey{newKey, lostKey}; !reflect.DeepEqual(got, want) {
		t.Fatalf("differences = %+v, want only %+v", rep.Diffs, want)
	}
	after := snapshot(t, db)
	for _, k := range []rowKey{newKey, lostKey} {
		if after[k] != rows[k] {
			t.Fatalf("row %+v = %+v, want it fixed to %+v", k, after[k], rows[k])
		}
	}
	if v := after[oldKey]; v.Counts.Bot != rows[oldKey].Counts.Bot+3 {
		t.Fatalf("row of a pruned day %+v = %+v: it was changed", oldKey, v)
	}
	for k, v := range rows {
		if k.Day < since && k != oldKey && after[k] != v {
			t.Fatalf("row of a pruned day %+v = %+v, was %+v", k, after[k], v)
		}
	}

	// A shorter prune later deletes nothing and never moves the horizon back.
	deleted, err = rollup.Prune(context.Background(), db, 2*age, now)
	if err != nil || deleted != 0 {
		t.Fatalf("second prune: %d, %v", deleted, err)
	}
	if h, _, _ := rollup.PrunedBefore(ctx, db.Client); !h.Equal(cutoff) {
		t.Fatalf("horizon moved back to %v", h)
	}
	// A later prune moves it forward.
	later := now.Add(48 * time.Hour)
	if _, err := rollup.Prune(context.Background(), db, age, later); err != nil {
		t.Fatal(err)
	}
	if h, _, _ := rollup.PrunedBefore(ctx, db.Client); !h.Equal(later.Add(-age)) {
		t.Fatalf("horizon = %v, want %v", h, later.Add(-age))
	}
	if n := db.Click.Query().Where(click.AtLT(later.Add(-age))).CountX(ctx); n != 0 {
		t.Fatalf("%d clicks before the new cutoff left", n)
	}
}

func TestPruneRejectsYoungAges(t *testing.T) {
	now := start.Add(10 * 24 * time.Hour)
	tests := []struct {
		age time.Duration
		ok  bool
	}{
		{-time.Hour, false},
		{0, false},
		{time.Hour, false},
		{24*time.Hour - time.Nanosecond, false},
		{24 * time.Hour, true},
		{400 * 24 * time.Hour, true},
	}
	for _, tt := range tests {
		t.Run(tt.age.String(), func(t *testing.T) {
			db := openDB(t)
			src := newSource(t, db, "s", "UTC")
			rec := clicks.NewRecorder(db, clicks.Options{})
			record(t, rec, clicks.Click{Source: src, Visitor: "v", At: now.Add(-2 * time.Hour)})
			record(t, rec, clicks.Click{Source: src, Visitor: "v", At: now.Add(-500 * 24 * time.Hour)})
			rec.Close()
			deleted, err := rollup.Prune(context.Background(), db, tt.age, now)
			_, pruned, _ := rollup.PrunedBefore(context.Background(), db.Client)
			if !tt.ok {
				if err == nil || deleted != 0 || pruned {
					t.Fatalf("Prune(%v) = %d, %v (horizon recorded: %v); want an error and nothing done", tt.age, deleted, err, pruned)
				}
				return
			}
			if err != nil || deleted != 1 || !pruned {
				t.Fatalf("Prune(%v) = %d, %v (horizon recorded: %v); want 1 deleted", tt.age, deleted, err, pruned)
			}
		})
	}
}
