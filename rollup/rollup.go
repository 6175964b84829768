// Package rollup maintains the per-source daily counters that stats read,
// and rebuilds them from raw clicks and conversions.
package rollup

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	entsql "entgo.io/ent/dialect/sql"

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

// Execer runs a statement: an *ent.Client or *ent.Tx.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// Add writes d as increments with one upsert per chunk, in dialect. Call it
// with the transaction that records what is counted, so both commit
// together. It is a plain statement through ent's SQL builder: it runs on
// the click path, where ent's per-row builders cost more than the upsert.
func Add(ctx context.Context, tx Execer, dialect string, d Deltas) error {
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
		b := entsql.Dialect(dialect).Insert(dailystat.Table).Columns(
			dailystat.FieldSourceID, dailystat.FieldPartnerID, dailystat.FieldDay,
			dailystat.FieldUniqueClicks, dailystat.FieldReturningClicks,
			dailystat.FieldBotClicks, dailystat.FieldConversions,
		)
		for _, k := range keys[start:min(start+chunk, len(keys))] {
			c := d[k]
			b.Values(k.SourceID, c.PartnerID, k.Day, c.Unique, c.Returning, c.Bot, c.Conversions)
		}
		b.OnConflict(
			entsql.ConflictColumns(dailystat.FieldSourceID, dailystat.FieldDay),
			entsql.ResolveWith(addExcluded(
				dailystat.FieldUniqueClicks, dailystat.FieldReturningClicks,
				dailystat.FieldBotClicks, dailystat.FieldConversions,
			)),
		)
		query, args := b.Query()
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
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
