package stats_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/click"
	"github.com/reftrack/reftrack/internal/calendar"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/referral"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/signups"
	"github.com/reftrack/reftrack/internal/stats"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
	"github.com/reftrack/reftrack/internal/viewer"
)

// counts are the brute-force counts of one source or partner and day.
type counts struct{ unique, returning, bot, conversions int }

// Clicks and signups recorded at random times over 40 days, most
// batches spanning many days (backdated writes into days that have later
// rows), on sources of partners in three timezones: for many random ranges,
// the stats of every source and partner, totals and days, equal the sums
// of the raw clicks and conversions, after every round of writes.
func TestStatsEqualSumsOfRawClicksAndConversions(t *testing.T) {
	db := storetest.Open(t)
	ctx := store.System(context.Background())
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	const days = 40

	var sources []*clicks.Source
	var sourceIDs, partnerIDs []int
	for i, tz := range []string{"UTC", "America/New_York", "Pacific/Kiritimati"} {
		loc, err := calendar.LoadLocation(tz)
		if err != nil {
			t.Fatal(err)
		}
		p := db.Partner.Create().SetName(tz).SetEmail(fmt.Sprintf("p%d@example.com", i)).SetTimezone(tz).SaveX(ctx)
		partnerIDs = append(partnerIDs, p.ID)
		for j := range 2 + i%2 {
			tag, err := referral.CreateTag(ctx, db.Client, p.ID, fmt.Sprintf("Tag %d", j))
			if err != nil {
				t.Fatal(err)
			}
			sources = append(sources, &clicks.Source{ID: tag.SourceID, PartnerID: p.ID, Ref: tag.Code, Location: loc})
			sourceIDs = append(sourceIDs, tag.SourceID)
		}
	}
	// A partner and a source that never see a click.
	idle := db.Partner.Create().SetName("idle").SetEmail("idle@example.com").SaveX(ctx)
	partnerIDs = append(partnerIDs, idle.ID)
	sourceIDs = append(sourceIDs, db.Source.Create().SetRef("idle").SetKind("ref_tag").SetPartnerID(idle.ID).SaveX(ctx).ID)

	rec := clicks.NewRecorder(db, clicks.Options{MaxBatch: 64})
	defer rec.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	randomTime := func(r *rand.Rand) time.Time {
		return start.Add(time.Duration(r.Int64N(int64(days * 24 * time.Hour))))
	}
	sent := 0
	for round := range 4 {
		var wg sync.WaitGroup
		for w := range 8 {
			r := rand.New(rand.NewPCG(uint64(round), uint64(w)))
			wg.Go(func() {
				for range 50 {
					src := sources[r.IntN(len(sources))]
					c := clicks.Click{
						Source: src, Ref: src.Ref, Visitor: fmt.Sprintf("v%d", r.IntN(30)),
						At: randomTime(r), Bot: r.IntN(8) == 0,
					}
					if err := rec.Record(context.Background(), c); err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		sent += 8 * 50
		for i := range 6 {
			src := sources[rng.IntN(len(sources))]
			convert(t, db, src, randomTime(rng), fmt.Sprintf("c-%d-%d@example.com", round, i))
		}

		sourceDays, partnerDays := bruteForce(t, db)
		if n := db.Click.Query().CountX(ctx); n != sent {
			t.Fatalf("%d raw clicks, %d recorded", n, sent)
		}
		first := calendar.Of(start).AddDays(-3)
		for range 40 {
			from := first.AddDays(rng.IntN(days + 6))
			r := calendar.Range{From: from, To: from.AddDays(rng.IntN(50))}
			for _, daily := range []bool{false, true} {
				got, err := stats.ForSources(ctx, db.Client, sourceIDs, r, daily)
				if err != nil {
					t.Fatal(err)
				}
				compare(t, "source", got, sourceIDs, sourceDays, r, daily)
				got, err = stats.ForPartners(ctx, db.Client, partnerIDs, r, daily)
				if err != nil {
					t.Fatal(err)
				}
				compare(t, "partner", got, partnerIDs, partnerDays, r, daily)
			}
		}
	}
	if rep, err := rollup.Rebuild(context.Background(), db, false); err != nil || len(rep.Diffs) != 0 {
		t.Fatalf("rebuild after recording: %v, %+v", err, rep)
	}
}

// convert reports a signup on src at at through signups.Recorder, as the
// company's backend would.
func convert(t *testing.T, db *store.DB, src *clicks.Source, at time.Time, email string) {
	t.Helper()
	r := &signups.Recorder{DB: db, Now: func() time.Time { return at }}
	ctx := viewer.NewContext(context.Background(), &viewer.Viewer{Role: viewer.Service})
	err := store.WithTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
		_, err := r.Record(ctx, tx.Client(), signups.Input{Ref: src.Ref, Email: email})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// bruteForce sums the raw clicks and conversions by source and day and by
// partner and day.
func bruteForce(t *testing.T, db *store.DB) (sources, partners map[int]map[string]*counts) {
	t.Helper()
	ctx := store.System(context.Background())
	sources, partners = map[int]map[string]*counts{}, map[int]map[string]*counts{}
	at := func(m map[int]map[string]*counts, id int, day string) *counts {
		if m[id] == nil {
			m[id] = map[string]*counts{}
		}
		if m[id][day] == nil {
			m[id][day] = &counts{}
		}
		return m[id][day]
	}
	for _, c := range db.Click.Query().AllX(ctx) {
		for _, n := range []*counts{at(sources, c.SourceID, c.Day), at(partners, c.PartnerID, c.Day)} {
			switch c.Kind {
			case click.KindUnique:
				n.unique++
			case click.KindReturning:
				n.returning++
			case click.KindBot:
				n.bot++
			}
		}
	}
	for _, c := range db.Conversion.Query().AllX(ctx) {
		at(sources, c.SourceID, c.Day).conversions++
		at(partners, c.PartnerID, c.Day).conversions++
	}
	return sources, partners
}

// compare checks got, the stats of ids over r, against the sums of byDay.
func compare(t *testing.T, kind string, got map[int]*stats.Stats, ids []int, byDay map[int]map[string]*counts, r calendar.Range, daily bool) {
	t.Helper()
	for _, id := range ids {
		want := &stats.Stats{From: r.From, To: r.To}
		r.Each(func(d calendar.Date) {
			c := byDay[id][d.String()]
			if c == nil {
				c = &counts{}
			}
			want.UniqueClicks += c.unique
			want.ReturningClicks += c.returning
			want.BotClicks += c.bot
			want.Conversions += c.conversions
			if daily {
				want.Daily = append(want.Daily, stats.DayStats{
					Date: d, UniqueClicks: c.unique, ReturningClicks: c.returning,
					TotalClicks: c.unique + c.returning, BotClicks: c.bot, Conversions: c.conversions,
				})
			}
		})
		want.TotalClicks = want.UniqueClicks + want.ReturningClicks
		if want.UniqueClicks > 0 {
			want.ConversionRate = float64(want.Conversions) / float64(want.UniqueClicks)
		}
		if !reflect.DeepEqual(got[id], want) {
			t.Fatalf("%s %d over %s..%s (daily %v):\n got %+v\nwant %+v", kind, id, r.From, r.To, daily, got[id], want)
		}
	}
}
