package rollup_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent/dailystat"
	"github.com/reftrack/reftrack/ent/partnerday"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/store"
)

var start = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

func TestRebuildFindsNoDifferenceAfterRecording(t *testing.T) {
	s := seed(t, start)
	ctx := store.System(context.Background())
	rows := snapshot(t, s.db)
	sources, partners := count(rows)
	rep := rebuild(t, s.db, false)
	if len(rep.Diffs) != 0 {
		t.Fatalf("differences after recording: %+v", rep.Diffs)
	}
	if rep.Rows != sources || rep.PartnerRows != partners || rep.Since != "" || !rep.PrunedBefore.IsZero() || rep.Applied {
		t.Fatalf("report = %+v, want %d source and %d partner rows, every day, nothing applied", rep, sources, partners)
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

// setRow makes the stored row k hold v, or deletes it when v is nil.
func setRow(t *testing.T, db *store.DB, k rowKey, v *rollup.Values) {
	t.Helper()
	ctx := store.System(context.Background())
	if k.Partner {
		q := db.PartnerDay.Query().Where(partnerday.PartnerID(k.Owner), partnerday.Day(k.Day))
		row, err := q.Only(ctx)
		switch {
		case v == nil:
			db.PartnerDay.DeleteOne(q.OnlyX(ctx)).ExecX(ctx)
		case err == nil:
			withValues(db.PartnerDay.UpdateOne(row), *v).ExecX(ctx)
		default:
			withValues(db.PartnerDay.Create().SetPartnerID(k.Owner).SetDay(k.Day), *v).ExecX(ctx)
		}
		return
	}
	q := db.DailyStat.Query().Where(dailystat.SourceID(k.Owner), dailystat.Day(k.Day))
	row, err := q.Only(ctx)
	switch {
	case v == nil:
		db.DailyStat.DeleteOne(q.OnlyX(ctx)).ExecX(ctx)
	case err == nil:
		withValues(db.DailyStat.UpdateOne(row), *v).ExecX(ctx)
	default:
		withValues(db.DailyStat.Create().SetSourceID(k.Owner).SetPartnerID(v.Counts.PartnerID).SetDay(k.Day), *v).ExecX(ctx)
	}
}

// counterSetter is a create or update builder of either rollup table.
type counterSetter[T any] interface {
	SetUniqueClicks(int) T
	SetReturningClicks(int) T
	SetBotClicks(int) T
	SetConversions(int) T
	SetCumUniqueClicks(int) T
	SetCumReturningClicks(int) T
	SetCumBotClicks(int) T
	SetCumConversions(int) T
}

// withValues sets the counters of m to v.
func withValues[T counterSetter[T]](m T, v rollup.Values) T {
	return m.SetUniqueClicks(v.Counts.Unique).SetReturningClicks(v.Counts.Returning).
		SetBotClicks(v.Counts.Bot).SetConversions(v.Counts.Conversions).
		SetCumUniqueClicks(v.Cum.Unique).SetCumReturningClicks(v.Cum.Returning).
		SetCumBotClicks(v.Cum.Bot).SetCumConversions(v.Cum.Conversions)
}

func TestRebuildReportsAndFixesDifferences(t *testing.T) {
	type tampered struct {
		key   rowKey
		after *rollup.Values // nil: the row is deleted
	}
	tests := []struct {
		name   string
		tamper func(s *seeded, rows map[rowKey]rollup.Values) []tampered
	}{
		{"counts changed and a row deleted", func(s *seeded, rows map[rowKey]rollup.Values) []tampered {
			a := sourceRow(s.sources[0], "2026-03-02")
			b := sourceRow(s.sources[1], "2026-03-01")
			v := rows[a]
			v.Counts.Unique += 5
			v.Counts.Returning = 0
			return []tampered{{a, &v}, {b, nil}}
		}},
		{"conversions lost", func(s *seeded, rows map[rowKey]rollup.Values) []tampered {
			k := sourceRow(s.sources[2], "2026-03-05")
			v := rows[k]
			v.Counts.Conversions = 0
			return []tampered{{k, &v}}
		}},
		{"row without clicks", func(s *seeded, rows map[rowKey]rollup.Values) []tampered {
			k := sourceRow(s.sources[1], "2025-12-31")
			return []tampered{{k, &rollup.Values{
				Counts: rollup.Counts{PartnerID: s.sources[1].PartnerID, Bot: 7, Conversions: 1},
				Cum:    rollup.Counts{Bot: 7, Conversions: 1},
			}}}
		}},
		{"every row of a source deleted", func(s *seeded, rows map[rowKey]rollup.Values) []tampered {
			var ts []tampered
			for k := range rows {
				if !k.Partner && k.Owner == s.sources[2].ID {
					ts = append(ts, tampered{k, nil})
				}
			}
			return ts
		}},
		{"running totals changed", func(s *seeded, rows map[rowKey]rollup.Values) []tampered {
			a := sourceRow(s.sources[0], "2026-03-03")
			b := partnerRow(s.sources[1], "2026-03-02")
			va, vb := rows[a], rows[b]
			va.Cum.Unique += 7
			vb.Cum.Conversions = 0
			vb.Cum.Returning--
			return []tampered{{a, &va}, {b, &vb}}
		}},
		{"partner rows changed, deleted and without clicks", func(s *seeded, rows map[rowKey]rollup.Values) []tampered {
			a := partnerRow(s.sources[0], "2026-03-05")
			b := partnerRow(s.sources[2], "2026-03-05")
			c := partnerRow(s.sources[1], "2026-03-09")
			va := rows[a]
			va.Counts.Bot++
			return []tampered{{a, &va}, {b, nil}, {c, &rollup.Values{
				Counts: rollup.Counts{PartnerID: s.sources[1].PartnerID, Unique: 1},
				Cum:    rows[partnerRow(s.sources[1], "2026-03-05")].Cum,
			}}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := seed(t, start)
			orig := snapshot(t, s.db)
			var want []rollup.Diff
			for _, ch := range tt.tamper(s, orig) {
				d := rollup.Diff{Partner: ch.key.Partner, Owner: ch.key.Owner, Day: ch.key.Day, Rebuilt: orig[ch.key]}
				if _, exists := orig[ch.key]; !exists && ch.after == nil {
					t.Fatalf("no row %+v to delete", ch.key)
				}
				setRow(t, s.db, ch.key, ch.after)
				if ch.after == nil {
					d.Missing = true
				} else {
					d.Stored = *ch.after
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

// sortDiffs sorts d as Report.Diffs is: source rows, then partner rows,
// each by owner and day.
func sortDiffs(d []rollup.Diff) {
	slices.SortFunc(d, func(a, b rollup.Diff) int {
		if a.Partner != b.Partner {
			if b.Partner {
				return -1
			}
			return 1
		}
		return cmp.Or(cmp.Compare(a.Owner, b.Owner), cmp.Compare(a.Day, b.Day))
	})
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
		if row, err := db.PartnerDay.Query().First(ctx); err == nil {
			db.PartnerDay.UpdateOne(row).AddCumBotClicks(round + 1).ExecX(ctx)
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
