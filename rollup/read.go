package rollup

import (
	"context"
	"fmt"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/dailystat"
)

// Values are what a rollup row holds: the counts of its day, and its
// owner's running totals over every day up to and including it.
type Values struct {
	Counts Counts
	Cum    Counts
}

// values returns the counters in the order of counterColumns.
func (v Values) values() []any { return append(v.Counts.values(), v.Cum.values()...) }

// Row is one rollup row of a source (Sources) or a partner (Partners).
type Row struct {
	Owner int
	Day   string
	Values
}

// Read returns the rows of t that the stats of the owners ids over the days
// [from, to] need: for each owner, its last row before from, whose running
// totals are those before the range, and its rows of the range when daily,
// else only its last row on or before to. The totals of the range are the
// running totals of the owner's last row read less those of the row before
// from (zero when there is none).
//
// It is one statement through client's privacy rules, and it reads by
// index seeks on (owner, day): two per owner, plus the days of the range
// when daily.
func (t Table) Read(ctx context.Context, client *ent.Client, ids []int, from, to string, daily bool) ([]Row, error) {
	rows, err := t.read(ctx, client, daily, func(s *entsql.Selector) {
		o := entsql.Dialect(s.Dialect()).Table(t.owners).As("o")
		s.Join(o).OnP(entsql.P(func(b *entsql.Builder) {
			if daily {
				b.WriteString("(").Ident(s.C(t.owner)).WriteString(" = ").Ident(o.C("id")).
					WriteString(" AND ").Ident(s.C(dailystat.FieldDay)).WriteString(" >= ").Arg(from).
					WriteString(" AND ").Ident(s.C(dailystat.FieldDay)).WriteString(" <= ").Arg(to).WriteString(")")
			} else {
				b.Ident(s.C("id")).WriteString(" = ")
				t.lastRow(b, entsql.Raw(o.C("id")), "<=", to)
			}
			b.WriteString(" OR ").Ident(s.C("id")).WriteString(" = ")
			t.lastRow(b, entsql.Raw(o.C("id")), "<", from)
		}))
		s.Where(entsql.InInts(o.C("id"), ids...))
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	return rows, nil
}

// before returns each owner's last row before day.
func (t Table) before(ctx context.Context, client *ent.Client, day string) ([]Row, error) {
	rows, err := t.read(ctx, client, true, func(s *entsql.Selector) {
		o := entsql.Dialect(s.Dialect()).Table(t.owners).As("o")
		s.Join(o).OnP(entsql.P(func(b *entsql.Builder) {
			b.Ident(s.C("id")).WriteString(" = ")
			t.lastRow(b, entsql.Raw(o.C("id")), "<", day)
		}))
	})
	if err != nil {
		return nil, fmt.Errorf("read %s before %s: %w", t.name, day, err)
	}
	return rows, nil
}

// scanned is a row as read: its id, owner, partner, day and counters.
type scanned struct {
	ID             int    `json:"id"`
	Owner          int    `json:"owner"`
	Partner        int    `json:"partner"`
	Day            string `json:"day"`
	Unique         int    `json:"unique_clicks"`
	Returning      int    `json:"returning_clicks"`
	Bot            int    `json:"bot_clicks"`
	Conversions    int    `json:"conversions"`
	CumUnique      int    `json:"cum_unique_clicks"`
	CumReturning   int    `json:"cum_returning_clicks"`
	CumBot         int    `json:"cum_bot_clicks"`
	CumConversions int    `json:"cum_conversions"`
}

// read runs a query of t, adjusted by modify, that selects its rows; without
// counts, only their owners, days and running totals.
func (t Table) read(ctx context.Context, client *ent.Client, counts bool, modify func(*entsql.Selector)) ([]Row, error) {
	rows, err := t.scan(ctx, client, counts, modify)
	if err != nil {
		return nil, err
	}
	out := make([]Row, len(rows))
	for i, r := range rows {
		out[i] = r.row()
	}
	return out, nil
}

// scan runs a query of t, adjusted by modify, that selects its rows with
// their ids; without counts, only their owners, days and running totals,
// which is all that totals need: scanning is half of what a 100-tag table
// costs over an empty one.
func (t Table) scan(ctx context.Context, client *ent.Client, counts bool, modify func(*entsql.Selector)) ([]scanned, error) {
	var rows []scanned
	err := t.query(client, modify, func(s *entsql.Selector) {
		columns := []string{entsql.As(s.C(t.owner), "owner"), s.C(dailystat.FieldDay)}
		selected := cumColumns
		if counts {
			partner := t.partner
			if partner == "" {
				partner = t.owner
			}
			columns = append(columns, s.C("id"), entsql.As(s.C(partner), "partner"))
			selected = counterColumns
		}
		for _, c := range selected {
			columns = append(columns, s.C(c))
		}
		s.Select(columns...)
	}).Scan(ctx, &rows)
	return rows, err
}

func (r scanned) row() Row {
	return Row{Owner: r.Owner, Day: r.Day, Values: Values{
		Counts: Counts{PartnerID: r.Partner, Unique: r.Unique, Returning: r.Returning, Bot: r.Bot, Conversions: r.Conversions},
		Cum:    Counts{Unique: r.CumUnique, Returning: r.CumReturning, Bot: r.CumBot, Conversions: r.CumConversions},
	}}
}
