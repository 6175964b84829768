package rollup_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/clicks"
	"github.com/reftrack/reftrack/store"
	"github.com/reftrack/reftrack/storetest"
)

// Two instances on one database record backdated clicks of the same
// partners at once: neither fails (on PostgreSQL, no deadlock), and the
// running totals of both tables equal a rebuild.
func TestInstancesAddAtOnce(t *testing.T) {
	dsn := storetest.DSN(t)
	var dbs []*store.DB
	for range 2 {
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		dbs = append(dbs, db)
	}
	// Two partners with two sources each.
	ctx := store.System(context.Background())
	var sources []*clicks.Source
	for i := range 2 {
		loc, _ := time.LoadLocation("Europe/Paris")
		p := dbs[0].Partner.Create().SetName("P").SetEmail(fmt.Sprintf("p%d@example.com", i)).SetTimezone(loc.String()).SaveX(ctx)
		for j := range 2 {
			ref := fmt.Sprintf("s%d%d", i, j)
			s := dbs[0].Source.Create().SetRef(ref).SetKind("ref_tag").SetPartnerID(p.ID).SaveX(ctx)
			sources = append(sources, &clicks.Source{ID: s.ID, PartnerID: p.ID, Ref: ref, Location: loc})
		}
	}

	var wg sync.WaitGroup
	for i, db := range dbs {
		rec := clicks.NewRecorder(db, clicks.Options{})
		defer rec.Close()
		for w := range 4 {
			r := rand.New(rand.NewPCG(uint64(i), uint64(w)))
			wg.Go(func() {
				for range 100 {
					src := sources[r.IntN(len(sources))]
					c := clicks.Click{Source: src, Ref: src.Ref, Visitor: fmt.Sprintf("v%d", r.IntN(20)),
						At: start.Add(time.Duration(r.Int64N(int64(10 * 24 * time.Hour))))}
					if err := rec.Record(context.Background(), c); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	rep := rebuild(t, dbs[0], false)
	if n := rep.Rebuilt.Unique + rep.Rebuilt.Returning; n != 800 {
		t.Fatalf("rebuilt %d clicks, want 800", n)
	}
	if len(rep.Diffs) != 0 {
		t.Fatalf("%d rollup rows differ from a rebuild, the first: %+v", len(rep.Diffs), rep.Diffs[0])
	}
}
