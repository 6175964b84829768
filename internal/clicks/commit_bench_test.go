package clicks

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// BenchmarkCommit measures the writer's work for one batch of a referral
// URL's clicks, half from new visitors and half from returning ones, at the
// batch sizes the benchmark program sees under load: sizes vary from batch
// to batch around the named one, as they do under load.
func BenchmarkCommit(b *testing.B) {
	for _, size := range []int{1, 7, 32, 200} {
		b.Run("batch="+strconv.Itoa(size), func(b *testing.B) {
			db := storetest.Open(b)
			ctx := store.System(context.Background())
			p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(ctx)
			s := db.Source.Create().SetRef("r").SetKind("referral_url").SetPartnerID(p.ID).SaveX(ctx)
			src := &Source{ID: s.ID, PartnerID: p.ID, Ref: "r", ReferralURL: true, Location: time.UTC}
			r := &Recorder{db: db, opts: Options{Logger: slog.New(slog.DiscardHandler)}, known: newVisitSet(1 << 18)}
			batch := make([]*request, 0, 2*size)
			at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
			next, clicks := 0, 0
			for i := 0; b.Loop(); i++ {
				batch = batch[:max(1, size/2)+i*7%(size+1)] // about size/2 to size*3/2
				clicks += len(batch)
				for j := range batch {
					v := next // a new visitor
					if j%2 == 1 {
						v = next / 2 // one seen before
					} else {
						next++
					}
					batch[j] = &request{click: Click{Source: src, Ref: "r", Visitor: fmt.Sprintf("v%09d", v), At: at}}
				}
				if err := r.commit(batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(clicks), "ns/click")
		})
	}
}
