package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/calendar"
	"github.com/reftrack/reftrack/internal/stats"
	"github.com/reftrack/reftrack/internal/store"
)

// The demo's days must look like a real program's: no day, today least of
// all, holds a pile of returning clicks that dwarfs the others (issue 14:
// today had 647 clicks, 595 returning, against at most 112 on any other).
func TestDemoDaysLookAlike(t *testing.T) {
	ctx := context.Background()
	db, _ := filled(t)
	sys := store.System(ctx)
	p := db.Partner.Query().OnlyX(sys)
	loc, _ := calendar.LoadLocation(p.Timezone)
	m, err := stats.ForPartners(sys, db.Client, []int{p.ID}, calendar.LastDays(time.Now(), loc, 30), true)
	if err != nil {
		t.Fatal(err)
	}
	days := m[p.ID].Daily
	today := days[len(days)-1]
	var totals []int
	for _, d := range days[:len(days)-1] {
		totals = append(totals, d.TotalClicks)
	}
	slices.Sort(totals)
	median, most := totals[len(totals)/2], totals[len(totals)-1]
	t.Logf("earlier days: median %d, most %d; today %d (%d returning)", median, most, today.TotalClicks, today.ReturningClicks)
	if today.TotalClicks > most {
		t.Errorf("today has %d clicks (%d returning), more than any earlier day (at most %d)", today.TotalClicks, today.ReturningClicks, most)
	}
	for _, d := range days {
		if d.TotalClicks > 3*median {
			t.Errorf("%s has %d clicks, over 3 times the median day's %d", d.Date, d.TotalClicks, median)
		}
		if d.ReturningClicks > 2*d.UniqueClicks+10 {
			t.Errorf("%s: %d returning against %d unique clicks", d.Date, d.ReturningClicks, d.UniqueClicks)
		}
	}
}
