package rollup_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/clicks"
	"github.com/reftrack/reftrack/ent/dailystat"
	"github.com/reftrack/reftrack/rollup"
	"github.com/reftrack/reftrack/store"
)

var start = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func TestRebuildFindsNoDifferenceAfterRecording(t *testing.T) {
	s := seed(t, start)
	ctx := store.System(context.Background())
	rows := snapshot(t, s.db)
	rep := rebuild(t, s.db, false)
	if len(rep.Diffs) != 0 {
		t.Fatalf("differences after recording: %+v", rep.Diffs)
	}
	if rep.Rows != len(rows) || rep.Since != "" || !rep.PrunedBefore.IsZero() || rep.Applied {
		t.Fatalf("report = %+v, want %d rows, every day, nothing applied", rep, len(rows))
	}
	if rep.Stored != total(rows) || rep.Rebuilt != rep.Stored {
		t.Fatalf("totals: stored %+v, rebuilt %+v, rows sum to %+v", rep.Stored, rep.Rebuilt, total(rows))
	}
	raw := s.db.Click.Query().CountX(ctx)
	if got := rep.Rebuilt.Unique + rep.Rebuilt.Returning + rep.Rebuilt.Bot; got != raw || raw == 0 {
		t.Fatalf("rebuilt %d clicks, %d raw", got, raw)
	}
	if visits := s.db.Visit.Query().CountX(ctx); rep.Rebuilt.Unique != visits {
		t.Fatalf("rebuilt %d unique clicks, %d visits", rep.Rebuilt.Unique, visits)
	}
	if rep.Rebuilt.Bot == 0 || rep.Rebuilt.Returning == 0 || rep.Rebuilt.Conversions != 3 {
		t.Fatalf("the seed lacks bots, returning clicks or conversions: %+v", rep.Rebuilt)
	}
	// Applying with nothing to fix changes nothing.
	if rep := rebuild(t, s.db, true); len(rep.Diffs) != 0 || rep.Applied {
		t.Fatalf("apply without differences: %+v", rep)
	}
	if !reflect.DeepEqual(snapshot(t, s.db), rows) {
		t.Fatal("apply without differences changed rollups")
	}
}

func TestRebuildReportsAndFixesDifferences(t *testing.T) {
	ctx := store.System(context.Background())
	type tampered struct {
		key   rollup.Key
		after *rollup.Counts // nil: the row is deleted
	}
	tests := []struct {
		name   string
		tamper func(s *seeded, rows map[rollup.Key]rollup.Counts) []tampered
	}{
		{"counts changed and a row deleted", func(s *seeded, rows map[rollup.Key]rollup.Counts) []tampered {
			a := rollup.Key{SourceID: s.sources[0].ID, Day: "2026-03-02"}
			b := rollup.Key{SourceID: s.sources[1].ID, Day: "2026-03-01"}
			c := rows[a]
			c.Unique += 5
			c.Returning = 0
			return []tampered{{a, &c}, {b, nil}}
		}},
		{"conversions lost", func(s *seeded, rows map[rollup.Key]rollup.Counts) []tampered {
			k := rollup.Key{SourceID: s.sources[2].ID, Day: "2026-03-05"}
			c := rows[k]
			c.Conversions = 0
			return []tampered{{k, &c}}
		}},
		{"row without clicks", func(s *seeded, rows map[rollup.Key]rollup.Counts) []tampered {
			k := rollup.Key{SourceID: s.sources[1].ID, Day: "2025-12-31"}
			return []tampered{{k, &rollup.Counts{PartnerID: s.sources[1].PartnerID, Bot: 7, Conversions: 1}}}
		}},
		{"every row of a source deleted", func(s *seeded, rows map[rollup.Key]rollup.Counts) []tampered {
			var ts []tampered
			for k := range rows {
				if k.SourceID == s.sources[2].ID {
					ts = append(ts, tampered{k, nil})
				}
			}
			return ts
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := seed(t, start)
			orig := snapshot(t, s.db)
			changes := tt.tamper(s, orig)
			var want []rollup.Diff
			for _, ch := range changes {
				d := rollup.Diff{Key: ch.key, Rebuilt: orig[ch.key]}
				q := s.db.DailyStat.Query().Where(dailystat.SourceID(ch.key.SourceID), dailystat.Day(ch.key.Day))
				_, exists := orig[ch.key]
				switch {
				case ch.after == nil:
					if !exists {
						t.Fatalf("no row %+v to delete", ch.key)
					}
					q.OnlyX(ctx)
					s.db.DailyStat.DeleteOne(q.OnlyX(ctx)).ExecX(ctx)
					d.Missing = true
				case exists:
					c := ch.after
					s.db.DailyStat.UpdateOne(q.OnlyX(ctx)).SetUniqueClicks(c.Unique).SetReturningClicks(c.Returning).
						SetBotClicks(c.Bot).SetConversions(c.Conversions).ExecX(ctx)
					d.Stored = *c
				default:
					c := ch.after
					s.db.DailyStat.Create().SetSourceID(ch.key.SourceID).SetPartnerID(c.PartnerID).SetDay(ch.key.Day).
						SetUniqueClicks(c.Unique).SetReturningClicks(c.Returning).
						SetBotClicks(c.Bot).SetConversions(c.Conversions).ExecX(ctx)
					d.Stored = *c
				}
				want = append(want, d)
			}
			sortDiffs(want)
			broken := snapshot(t, s.db)

			rep := rebuild(t, s.db, false)
			if !reflect.DeepEqual(rep.Diffs, want) {
				t.Fatalf("dry run found\n%+v\nwant\n%+v", rep.Diffs, want)
			}
			if rep.Applied || !reflect.DeepEqual(snapshot(t, s.db), broken) {
				t.Fatal("dry run changed rollups")
			}
			if rep.Rebuilt != total(orig) || rep.Stored != total(broken) {
				t.Fatalf("totals: stored %+v rebuilt %+v, want %+v and %+v", rep.Stored, rep.Rebuilt, total(broken), total(orig))
			}

			rep = rebuild(t, s.db, true)
			if !reflect.DeepEqual(rep.Diffs, want) || !rep.Applied {
				t.Fatalf("apply found\n%+v (applied %v)\nwant\n%+v", rep.Diffs, rep.Applied, want)
			}
			if got := snapshot(t, s.db); !reflect.DeepEqual(got, orig) {
				t.Fatalf("after apply rollups are\n%v\nwant\n%v", got, orig)
			}
			if rep := rebuild(t, s.db, false); len(rep.Diffs) != 0 {
				t.Fatalf("differences after apply: %+v", rep.Diffs)
			}
		})
	}
}

func sortDiffs(d []rollup.Diff) {
	for i := 1; i < len(d); i++ {
		for j := i; j > 0 && (d[j].SourceID < d[j-1].SourceID || d[j].SourceID == d[j-1].SourceID && d[j].Day < d[j-1].Day); j-- {
			d[j], d[j-1] = d[j-1], d[j]
		}
	}
}

// Rebuilding while clicks are recorded leaves rollups that match the raw
// clicks: no click is counted twice or lost by the fix.
func TestRebuildWhileRecording(t *testing.T) {
	db := openDB(t)
	ctx := store.System(context.Background())
	sources := []*clicks.Source{newSource(t, db, "a", "UTC"), newSource(t, db, "b", "Europe/Paris")}
	rec := clicks.NewRecorder(db, clicks.Options{})
	var wg sync.WaitGroup
	stop := make(chan struct{})
	var stopOnce sync.Once
	stopRecording := func() {
		stopOnce.Do(func() {
			close(stop)
			wg.Wait()
			rec.Close()
		})
	}
	defer stopRecording() // before the database closes, even on failure
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 1))
			for {
				select {
				case <-stop:
					return
				default:
				}
				c := clicks.Click{
					Source:  sources[r.IntN(len(sources))],
					Visitor: fmt.Sprintf("v%d", r.IntN(50)),
					At:      start.Add(time.Duration(r.IntN(72)) * time.Hour),
					Bot:     r.IntN(10) == 0,
				}
				c.Ref = c.Source.Ref
				if err := rec.Record(context.Background(), c); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for round := range 5 {
		time.Sleep(30 * time.Millisecond)
		if row, err := db.DailyStat.Query().First(ctx); err == nil {
			db.DailyStat.UpdateOne(row).AddUniqueClicks(100 + round).ExecX(ctx)
		}
		if _, err := rollup.Rebuild(context.Background(), db, true); err != nil {
			t.Fatal(err)
		}
		// A dry run reads one consistent state: clicks and their rollups
		// commit together, so recording alone makes no difference.
		if rep := rebuild(t, db, false); len(rep.Diffs) != 0 {
			t.Fatalf("dry run while recording found %+v", rep.Diffs)
		}
	}
	stopRecording()
	rep := rebuild(t, db, false)
	if len(rep.Diffs) != 0 {
		t.Fatalf("differences after rebuilding while recording: %+v", rep.Diffs)
	}
	raw := db.Click.Query().CountX(ctx)
	if got := total(snapshot(t, db)); got.Unique+got.Returning+got.Bot != raw || raw == 0 {
		t.Fatalf("rollups count %+v, %d raw clicks", got, raw)
	}
}
