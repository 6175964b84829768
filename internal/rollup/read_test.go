package rollup_test

import (
	"context"
	"maps"
	"testing"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/viewer"
)

// addDays gives src and its partner n returning clicks on day i of days,
// where n = 1, 10, 100, ... in turn.
func addDays(t *testing.T, db *store.DB, src *clicks.Source, days ...string) {
	t.Helper()
	d := rollup.Deltas{}
	n := 1
	for _, day := range days {
		d.At(rollup.Key{SourceID: src.ID, Day: day}, src.PartnerID).Returning = n
		n *= 10
	}
	err := store.WithTx(store.System(context.Background()), db.Client, func(ctx context.Context, tx *ent.Tx) error {
		return rollup.Add(ctx, tx, db.Dialect, d)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Totals of ranges around a source's rows on 03-02, 03-04 and 03-06 (1, 10
// and 100 returning clicks), and a partner reading another partner's
// sources or itself gets nothing of theirs, through totals or days.
func TestReadTotalsAndDays(t *testing.T) {
	db := openDB(t)
	a, b := newSource(t, db, "a", "UTC"), newSource(t, db, "b", "UTC")
	addDays(t, db, a, "2026-03-02", "2026-03-04", "2026-03-06")
	addDays(t, db, b, "2026-03-03")

	asA := viewer.NewContext(context.Background(), &viewer.Viewer{Role: viewer.Partner, PartnerID: a.PartnerID})
	for _, c := range []struct {
		from, to string
		want     map[int]int // returning clicks by source; absent: no row on or before to
	}{
		{"2026-02-01", "2026-03-01", map[int]int{}},
		{"2026-02-01", "2026-03-02", map[int]int{a.ID: 1}},
		{"2026-03-02", "2026-03-06", map[int]int{a.ID: 111}},
		{"2026-03-03", "2026-03-05", map[int]int{a.ID: 10}},
		{"2026-03-03", "2026-03-03", map[int]int{a.ID: 0}},
		{"2026-03-05", "2026-04-30", map[int]int{a.ID: 100}},
		{"2026-03-07", "2026-04-30", map[int]int{a.ID: 0}},
	} {
		totals, err := rollup.Sources.Totals(asA, db.Client, []int{a.ID, b.ID}, c.from, c.to)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int]int{}
		for id, n := range totals {
			got[id] = n.Returning
		}
		if !maps.Equal(got, c.want) {
			t.Errorf("source totals of [%s, %s] as partner a: %v, want %v", c.from, c.to, got, c.want)
		}
	}

	partners, err := rollup.Partners.Totals(asA, db.Client, []int{a.PartnerID, b.PartnerID}, "2026-03-01", "2026-03-31")
	if err != nil {
		t.Fatal(err)
	}
	if len(partners) != 1 || partners[a.PartnerID].Returning != 111 {
		t.Errorf("partner totals as partner a: %+v, want only a's 111", partners)
	}
	for _, tc := range []struct {
		name  string
		table rollup.Table
		ids   []int
	}{
		{"sources", rollup.Sources, []int{a.ID, b.ID}},
		{"partners", rollup.Partners, []int{a.PartnerID, b.PartnerID}},
	} {
		rows, err := tc.table.Days(asA, db.Client, tc.ids, "2026-03-01", "2026-03-31")
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 {
			t.Errorf("%s days as partner a: %d rows, want a's 3", tc.name, len(rows))
		}
		for _, r := range rows {
			if r.Owner != tc.ids[0] {
				t.Errorf("%s days as partner a: a row of %d", tc.name, r.Owner)
			}
		}
	}
}
