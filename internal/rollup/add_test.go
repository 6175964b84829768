package rollup_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// Two instances on one database record backdated clicks of the same
// partners at once: neither fails (on PostgreSQL, no deadlock), and the
// running totals of both tables equal a rebuild.
func TestInstancesAddAtOnce(t *testing.T) {
	dsn := storetest.DSN(t)
	var dbs []*store.DB
	for range 2 {
		db, err := database.Open(context.Background(), dsn)
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

// One batch of several days of one owner, on days with and without stored
// rows, before, between and after them: every row's counts are the sums of
// what was added on its day, and its running totals the sums of the counts
// of its owner's days up to it, in both tables. New rows in one statement
// must not start from each other's totals, and later rows must be raised
// once.
func TestAddBatchOfSeveralDays(t *testing.T) {
	tests := []struct {
		name          string
		stored, batch []int // days of March, each added alone first, then in one batch
	}{
		{"new days only", nil, []int{1, 2, 3}},
		{"between stored days", []int{2}, []int{1, 3}},
		{"new days between and after stored ones", []int{1, 3, 5}, []int{2, 4, 6}},
		{"stored days only", []int{1, 2}, []int{1, 2}},
		{"before every stored day", []int{4, 7}, []int{1}},
		{"some stored, some not, with gaps", []int{2, 5, 9}, []int{1, 5, 7, 9, 12}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			srcs := []*clicks.Source{newSource(t, db, "a", "UTC")}
			// A second source of the same partner, whose days are in the
			// batch too, a day later: the partner's rows sum both.
			ctx := store.System(context.Background())
			s := db.Source.Create().SetRef("b").SetKind("ref_tag").SetPartnerID(srcs[0].PartnerID).SaveX(ctx)
			srcs = append(srcs, &clicks.Source{ID: s.ID, PartnerID: srcs[0].PartnerID, Ref: "b", Location: time.UTC})

			want := map[[2]int]int{} // (source index, day) -> returning clicks
			add := func(d rollup.Deltas, src, day, n int) {
				k := rollup.Key{SourceID: srcs[src].ID, Day: fmt.Sprintf("2026-03-%02d", day)}
				d.At(k, srcs[src].PartnerID).Returning += n
				want[[2]int{src, day}] += n
			}
			n := 1
			for _, day := range tt.stored {
				for src := range srcs {
					d := rollup.Deltas{}
					add(d, src, day+src, n)
					addDeltas(t, db, d)
					n *= 2
				}
			}
			d := rollup.Deltas{}
			for _, day := range tt.batch {
				for src := range srcs {
					add(d, src, day+src, n)
					n *= 2
				}
			}
			addDeltas(t, db, d)

			// What each table's rows must hold: per owner, each day's count
			// and the running sum.
			type row struct{ count, cum int }
			expect := func(owner func(src int) int) map[int]map[string]row {
				days := map[int]map[int]int{}
				for k, n := range want {
					o := owner(k[0])
					if days[o] == nil {
						days[o] = map[int]int{}
					}
					days[o][k[1]] += n
				}
				out := map[int]map[string]row{}
				for o, byDay := range days {
					out[o] = map[string]row{}
					cum := 0
					for day := range 40 {
						if c, ok := byDay[day]; ok {
							cum += c
							out[o][fmt.Sprintf("2026-03-%02d", day)] = row{c, cum}
						}
					}
				}
				return out
			}
			got := func(rows []rollup.Row) map[int]map[string]row {
				out := map[int]map[string]row{}
				for _, r := range rows {
					if out[r.Owner] == nil {
						out[r.Owner] = map[string]row{}
					}
					out[r.Owner][r.Day] = row{r.Counts.Returning, r.Cum.Returning}
				}
				return out
			}
			sources, partners := allRows(t, db)
			if w, g := expect(func(src int) int { return srcs[src].ID }), got(sources); !reflect.DeepEqual(g, w) {
				t.Errorf("source rows (count, running total) by owner and day:\n got %v\nwant %v", g, w)
			}
			if w, g := expect(func(int) int { return srcs[0].PartnerID }), got(partners); !reflect.DeepEqual(g, w) {
				t.Errorf("partner rows (count, running total) by day:\n got %v\nwant %v", g, w)
			}
		})
	}
}

func addDeltas(t *testing.T, db *store.DB, d rollup.Deltas) {
	t.Helper()
	err := store.WithTx(store.System(context.Background()), db.Client, func(ctx context.Context, tx *ent.Tx) error {
		return rollup.Add(ctx, tx, db.Dialect, d)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// allRows returns every row of both rollup tables.
func allRows(t *testing.T, db *store.DB) (sources, partners []rollup.Row) {
	t.Helper()
	ctx := store.System(context.Background())
	for _, r := range db.DailyStat.Query().AllX(ctx) {
		sources = append(sources, rollup.Row{Owner: r.SourceID, Day: r.Day, Values: rollup.Values{
			Counts: rollup.Counts{Returning: r.ReturningClicks}, Cum: rollup.Counts{Returning: r.CumReturningClicks}}})
	}
	for _, r := range db.PartnerDay.Query().AllX(ctx) {
		partners = append(partners, rollup.Row{Owner: r.PartnerID, Day: r.Day, Values: rollup.Values{
			Counts: rollup.Counts{Returning: r.ReturningClicks}, Cum: rollup.Counts{Returning: r.CumReturningClicks}}})
	}
	return sources, partners
}
