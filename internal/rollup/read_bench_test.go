package rollup_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// BenchmarkRead reads the 90-day totals of 100 sources with a row on each
// of 120 days: the tags table's query, less HTTP and GraphQL.
func BenchmarkRead(b *testing.B) {
	db := storetest.Open(b)
	ctx := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(ctx)
	day0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	d := rollup.Deltas{}
	ids := make([]int, 100)
	for i := range ids {
		s := db.Source.Create().SetRef(fmt.Sprintf("s%d", i)).SetKind("ref_tag").SetPartnerID(p.ID).SaveX(ctx)
		ids[i] = s.ID
		for day := range 120 {
			d.At(rollup.Key{SourceID: s.ID, Day: day0.AddDate(0, 0, day).Format(time.DateOnly)}, p.ID).Returning = day + 1
		}
	}
	err := store.WithTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
		return rollup.Add(ctx, tx, db.Dialect, d)
	})
	if err != nil {
		b.Fatal(err)
	}
	from, to := day0.AddDate(0, 0, 30).Format(time.DateOnly), day0.AddDate(0, 0, 119).Format(time.DateOnly)
	for b.Loop() {
		totals, err := rollup.Sources.Totals(ctx, db.Client, ids, from, to)
		if err != nil {
			b.Fatal(err)
		}
		if len(totals) != 100 {
			b.Fatalf("read %d totals, want 100", len(totals))
		}
	}
}
