// Package rollup maintains the rollups that stats read, reads them, and
// rebuilds them from raw clicks and conversions.
//
// There are two rollup tables: daily_stats holds a row per source and local
// day, partner_days a row per partner and day (the sum of its sources'
// rows). Besides the counts of its day, each row holds its owner's running
// totals over every day up to and including it. The totals of a range of
// days are then the running totals of the owner's last row on or before the
// range's end minus those of its last row before the range's start: two
// index seeks, however many days or clicks lie behind them.
package rollup

import (
	"context"
	"slices"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/dailystat"
	"github.com/reftrack/reftrack/ent/partner"
	"github.com/reftrack/reftrack/ent/partnerday"
	"github.com/reftrack/reftrack/ent/source"
)

// Key names one source rollup row.
type Key struct {
	SourceID int
	Day      string // YYYY-MM-DD in the partner's timezone
}

// Counts are the counts of a rollup row's day, a row's running totals, or
// what is added to them.
type Counts struct {
	PartnerID   int
	Unique      int
	Returning   int
	Bot         int
	Conversions int
}

// plus returns the sum of the counters of a and b, with a's partner.
func (a Counts) plus(b Counts) Counts {
	a.Unique += b.Unique
	a.Returning += b.Returning
	a.Bot += b.Bot
	a.Conversions += b.Conversions
	return a
}

// values returns the counters in the order of dayColumns and cumColumns.
func (a Counts) values() []any { return []any{a.Unique, a.Returning, a.Bot, a.Conversions} }

// Deltas gathers increments before Add writes them together.
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

// The counters of both tables, in the order of Counts.values.
var (
	dayColumns     = DayCounts
	cumColumns     = RunningTotals
	counterColumns = append(slices.Clone(dayColumns), cumColumns...)
)

// Table is one of the two rollup tables.
type Table struct {
	name       string // the table
	owner      string // the column naming whose row it is
	owners     string // the table of the owners
	partner    string // daily_stats also keeps each source's partner
	query      func(*ent.Client, ...func(*entsql.Selector)) scanner
	ownerQuery func(*ent.Client, ...func(*entsql.Selector)) scanner // a query of the owners
}

type scanner interface {
	Scan(ctx context.Context, v any) error
}

var (
	// Sources is daily_stats: a row per source and day.
	Sources = Table{
		name: dailystat.Table, owner: dailystat.FieldSourceID, owners: source.Table, partner: dailystat.FieldPartnerID,
		query:      func(c *ent.Client, m ...func(*entsql.Selector)) scanner { return c.DailyStat.Query().Modify(m...) },
		ownerQuery: func(c *ent.Client, m ...func(*entsql.Selector)) scanner { return c.Source.Query().Modify(m...) },
	}
	// Partners is partner_days: a row per partner and day.
	Partners = Table{
		name: partnerday.Table, owner: partnerday.FieldPartnerID, owners: partner.Table,
		query:      func(c *ent.Client, m ...func(*entsql.Selector)) scanner { return c.PartnerDay.Query().Modify(m...) },
		ownerQuery: func(c *ent.Client, m ...func(*entsql.Selector)) scanner { return c.Partner.Query().Modify(m...) },
	}
)

// keyColumns returns the columns that name a row of t: owner, [partner,]
// day.
func (t Table) keyColumns() []string {
	if t.partner != "" {
		return []string{t.owner, t.partner, dailystat.FieldDay}
	}
	return []string{t.owner, dailystat.FieldDay}
}

// keyValues returns the values of keyColumns.
func (t Table) keyValues(owner, partner int, day string) []any {
	if t.partner != "" {
		return []any{owner, partner, day}
	}
	return []any{owner, day}
}

// chunk bounds the rows of one statement, well under the variable limits
// of SQLite (32766) and PostgreSQL (65535).
const chunk = 500

// lastRow writes a subquery: the id of the last row of t whose owner is
// owner and whose day is op ("<" or "<=") day. owner and day are arguments,
// or SQL given as entsql.Raw.
func (t Table) lastRow(b *entsql.Builder, owner any, op string, day any) {
	b.Wrap(func(b *entsql.Builder) { t.selectLast(b, []string{"id"}, owner, op, day) })
}

// selectLast writes a query of the columns of the last row of t whose owner
// is owner and whose day is op day, as lastRow.
func (t Table) selectLast(b *entsql.Builder, columns []string, owner any, op string, day any) {
	b.WriteString("SELECT ")
	for i, c := range columns {
		if i > 0 {
			b.Comma()
		}
		b.WriteString("x.").Ident(c)
	}
	b.WriteString(" FROM ").Ident(t.name).
		WriteString(" AS x WHERE x.").Ident(t.owner).WriteString(" = ").Arg(owner).
		WriteString(" AND x.").Ident(dailystat.FieldDay).WriteString(" " + op + " ").Arg(day).
		WriteString(" ORDER BY x.").Ident(dailystat.FieldDay).WriteString(" DESC LIMIT 1")
}

func builder(dialect string) *entsql.Builder {
	b := &entsql.Builder{}
	b.SetDialect(dialect)
	return b
}
