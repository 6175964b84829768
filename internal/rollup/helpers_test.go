package rollup_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/calendar"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// openDB opens a fresh database (see storetest).
func openDB(t *testing.T) *store.DB { return storetest.Open(t) }

// newSource creates a partner in timezone tz with one ref tag source.
func newSource(t *testing.T, db *store.DB, ref, tz string) *clicks.Source {
	t.Helper()
	ctx := store.System(context.Background())
	loc, err := calendar.LoadLocation(tz)
	if err != nil {
		t.Fatal(err)
	}
	p := db.Partner.Create().SetName("P " + ref).SetEmail(ref + "@example.com").SetTimezone(tz).SaveX(ctx)
	s := db.Source.Create().SetRef(ref).SetKind("ref_tag").SetPartnerID(p.ID).SaveX(ctx)
	return &clicks.Source{ID: s.ID, PartnerID: p.ID, Ref: ref, Location: loc}
}

func record(t *testing.T, rec *clicks.Recorder, c clicks.Click) {
	t.Helper()
	if c.Source != nil {
		c.Ref = c.Source.Ref
	}
	if err := rec.Record(context.Background(), c); err != nil {
		t.Fatal(err)
	}
}

var customers int

// convert records a conversion on src at at, as signups.Record does: the
// customer, the conversion and the rollup increment in one transaction.
func convert(t *testing.T, db *store.DB, src *clicks.Source, at time.Time) {
	t.Helper()
	customers++
	ctx := store.System(context.Background())
	day := calendar.In(at, src.Location).String()
	err := store.WithTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
		c, err := tx.Customer.Create().SetPartnerID(src.PartnerID).
			SetEmail(fmt.Sprintf("c%d@example.com", customers)).SetSignedUpAt(at).Save(ctx)
		if err != nil {
			return err
		}
		err = tx.Conversion.Create().SetPartnerID(src.PartnerID).SetCustomerID(c.ID).
			SetSourceID(src.ID).SetOccurredAt(at).SetDay(day).Exec(ctx)
		if err != nil {
			return err
		}
		d := rollup.Deltas{}
		d.At(rollup.Key{SourceID: src.ID, Day: day}, src.PartnerID).Conversions++
		return rollup.Add(ctx, tx, db.Dialect, d)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// rowKey names a stored rollup row: of a partner (partner_days) or of a
// source (daily_stats).
type rowKey struct {
	Partner bool
	Owner   int
	Day     string
}

// sourceRow and partnerRow name the rows of src and of its partner.
func sourceRow(src *clicks.Source, day string) rowKey  { return rowKey{false, src.ID, day} }
func partnerRow(src *clicks.Source, day string) rowKey { return rowKey{true, src.PartnerID, day} }

// snapshot returns every stored rollup row, of sources and of partners.
func snapshot(t *testing.T, db *store.DB) map[rowKey]rollup.Values {
	t.Helper()
	ctx := store.System(context.Background())
	m := make(map[rowKey]rollup.Values)
	for _, r := range db.DailyStat.Query().AllX(ctx) {
		m[rowKey{false, r.SourceID, r.Day}] = rollup.Values{
			Counts: rollup.Counts{PartnerID: r.PartnerID, Unique: r.UniqueClicks, Returning: r.ReturningClicks, Bot: r.BotClicks, Conversions: r.Conversions},
			Cum:    rollup.Counts{Unique: r.CumUniqueClicks, Returning: r.CumReturningClicks, Bot: r.CumBotClicks, Conversions: r.CumConversions},
		}
	}
	for _, r := range db.PartnerDay.Query().AllX(ctx) {
		m[rowKey{true, r.PartnerID, r.Day}] = rollup.Values{
			Counts: rollup.Counts{PartnerID: r.PartnerID, Unique: r.UniqueClicks, Returning: r.ReturningClicks, Bot: r.BotClicks, Conversions: r.Conversions},
			Cum:    rollup.Counts{Unique: r.CumUniqueClicks, Returning: r.CumReturningClicks, Bot: r.CumBotClicks, Conversions: r.CumConversions},
		}
	}
	return m
}

// count returns the numbers of source and partner rows of m.
func count(m map[rowKey]rollup.Values) (sources, partners int) {
	for k := range m {
		if k.Partner {
			partners++
		} else {
			sources++
		}
	}
	return sources, partners
}

// total sums the day counts of the source rows of m.
func total(m map[rowKey]rollup.Values) rollup.Counts {
	var sum rollup.Counts
	for k, v := range m {
		if k.Partner {
			continue
		}
		sum.Unique += v.Counts.Unique
		sum.Returning += v.Counts.Returning
		sum.Bot += v.Counts.Bot
		sum.Conversions += v.Counts.Conversions
	}
	return sum
}

func rebuild(t *testing.T, db *store.DB, apply bool) *rollup.Report {
	t.Helper()
	rep, err := rollup.Rebuild(context.Background(), db, apply)
	if err != nil {
		t.Fatalf("Rebuild(apply=%v): %v", apply, err)
	}
	return rep
}

// seeded is a database holding a mix of clicks and conversions.
type seeded struct {
	db      *store.DB
	sources []*clicks.Source
	clicks  []clicks.Click // as recorded, in order
}

// seed records, over five days, clicks of returning and new visitors and
// bots on three sources in three timezones, unmatched clicks and three
// conversions.
func seed(t *testing.T, start time.Time) *seeded {
	t.Helper()
	db := openDB(t)
	s := &seeded{db: db, sources: []*clicks.Source{
		newSource(t, db, "utc", "UTC"),
		newSource(t, db, "nyc", "America/New_York"),
		newSource(t, db, "kiri", "Pacific/Kiritimati"),
	}}
	rec := clicks.NewRecorder(db, clicks.Options{})
	defer rec.Close()
	for day := range 5 {
		for hour := 0; hour < 24; hour += 5 {
			at := start.Add(time.Duration(day*24+hour) * time.Hour)
			for i, src := range s.sources {
				if (day+i)%4 == 3 {
					continue // some sources have no clicks on some days
				}
				for v := range 1 + (hour+i)%3 {
					c := clicks.Click{Source: src, Visitor: fmt.Sprintf("visitor-%d-%d", day%3, v), At: at.Add(time.Duration(v) * time.Minute)}
					s.clicks = append(s.clicks, c)
					record(t, rec, c)
				}
				if hour%10 == 0 {
					c := clicks.Click{Source: src, Visitor: "crawler", At: at, Bot: true}
					s.clicks = append(s.clicks, c)
					record(t, rec, c)
				}
			}
			c := clicks.Click{Ref: "typo", Visitor: "lost", At: at}
			s.clicks = append(s.clicks, c)
			record(t, rec, c)
		}
	}
	convert(t, db, s.sources[0], start.Add(30*time.Hour))
	convert(t, db, s.sources[0], start.Add(31*time.Hour))
	convert(t, db, s.sources[2], start.Add(100*time.Hour))
	return s
}
