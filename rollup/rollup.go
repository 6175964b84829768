// Package rollup maintains the per-source daily counters that stats read,
// and rebuilds them from raw clicks and conversions.
package rollup

import (
	"context"
	"fmt"
	"sort"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/dailystat"
)

// Key names one rollup row.
type Key struct {
	SourceID int
	Day      string // YYYY-MM-DD in the partner's timezone
}

// Counts are what a rollup row holds, or what is added to it.
type Counts struct {
	PartnerID   int
	Unique      int
	Returning   int
	Bot         int
	Conversions int
}

// Deltas gathers increments before they are written in one statement.
type Deltas map[Key]*Counts

// At returns the counts for k, creating them for partner.
func (d Deltas) At(k Key, partner int) *Counts {
	c := d[k]
	if c == nil {
		c = &Counts{PartnerID: partner}
		d[k] = c
	}
	return c
}

// Add writes d as increments with one upsert per chunk. Call it inside the
// transaction that records what is counted, so both commit together.
func Add(ctx context.Context, client *ent.Client, d Deltas) error {
	keys := make([]Key, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	// A stable order keeps concurrent writers from deadlocking on PostgreSQL.
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].SourceID != keys[j].SourceID {
			return keys[i].SourceID < keys[j].SourceID
		}
		return keys[i].Day < keys[j].Day
	})
	const chunk = 500
	for start := 0; start < len(keys); start += chunk {
		end := min(start+chunk, len(keys))
		builders := make([]*ent.DailyStatCreate, 0, end-start)
		for _, k := range keys[start:end] {
			c := d[k]
			builders = append(builders, client.DailyStat.Create().
				SetSourceID(k.SourceID).SetPartnerID(c.PartnerID).SetDay(k.Day).
				SetUniqueClicks(c.Unique).SetReturningClicks(c.Returning).
				SetBotClicks(c.Bot).SetConversions(c.Conversions))
		}
		err := client.DailyStat.CreateBulk(builders...).
			OnConflict(
				entsql.ConflictColumns(dailystat.FieldSourceID, dailystat.FieldDay),
				entsql.ResolveWith(addExcluded(
					dailystat.FieldUniqueClicks, dailystat.FieldReturningClicks,
					dailystat.FieldBotClicks, dailystat.FieldConversions,
				)),
			).Exec(ctx)
		if err != nil {
			return fmt.Errorf("add to rollups: %w", err)
		}
	}
	return nil
}

// addExcluded sets each column to its current value plus the inserted one.
func addExcluded(columns ...string) func(*entsql.UpdateSet) {
	return func(u *entsql.UpdateSet) {
		excluded := entsql.Dialect(u.Dialect()).Table("excluded")
		for _, c := range columns {
			u.Set(c, entsql.Expr(u.Table().C(c)+" + "+excluded.C(c)))
		}
	}
}
