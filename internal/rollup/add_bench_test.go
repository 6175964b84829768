package rollup_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// BenchmarkAdd measures the rollup writes of one click batch, in a
// transaction of their own, on rows that exist: for one source (a batch of
// one referral URL's clicks) and for 100 sources of one partner.
func BenchmarkAdd(b *testing.B) {
	for _, sources := range []int{1, 100} {
		b.Run(fmt.Sprintf("sources=%d", sources), func(b *testing.B) {
			db := storetest.Open(b)
			ctx := store.System(context.Background())
			p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(ctx)
			d := rollup.Deltas{}
			for i := range sources {
				s := db.Source.Create().SetRef(fmt.Sprintf("s%d", i)).SetKind("ref_tag").SetPartnerID(p.ID).SaveX(ctx)
				d.At(rollup.Key{SourceID: s.ID, Day: "2026-03-10"}, p.ID).Returning = 3
			}
			for b.Loop() {
				err := store.WithTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
					return rollup.Add(ctx, tx, db.Dialect, d)
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
