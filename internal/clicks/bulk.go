package clicks

import (
	"context"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"time"

	entdialect "entgo.io/ent/dialect"

	"github.com/reftrack/reftrack/ent/click"
	"github.com/reftrack/reftrack/ent/unmatchedclick"
	"github.com/reftrack/reftrack/ent/visit"
	"github.com/reftrack/reftrack/internal/store"
)

// A bulk is a plain multi-row INSERT or upsert of the click path: ent's
// builders, hooks and validators per row cost more than the statement
// itself.
type bulk struct {
	table   string
	columns []string
	// types are the columns' SQL types, for PostgreSQL's arrays: BIGINT,
	// TEXT or TIMESTAMPTZ, whose rows hold int, string and time.Time.
	types []string
	// suffix ends the statement, e.g. ON CONFLICT ... RETURNING ...; on
	// SQLite sqliteSuffix does (see text: OR IGNORE does the conflict's
	// part).
	suffix       string
	sqliteSuffix string
	// update makes it an upsert of stored rows that moves the last column
	// forward where the others match, its insert part also setting
	// insertAlso to the last column's value (see updateText).
	update     bool
	insertAlso string
	texts      sync.Map // textKey -> string
}

var (
	clickInsert = &bulk{
		table:   click.Table,
		columns: []string{click.FieldPartnerID, click.FieldSourceID, click.FieldVisitor, click.FieldAt, click.FieldDay, click.FieldKind},
		types:   []string{"BIGINT", "BIGINT", "TEXT", "TIMESTAMPTZ", "TEXT", "TEXT"},
	}
	unmatchedInsert = &bulk{
		table:   unmatchedclick.Table,
		columns: []string{unmatchedclick.FieldRef, unmatchedclick.FieldVisitor, unmatchedclick.FieldAt},
		types:   []string{"TEXT", "TEXT", "TIMESTAMPTZ"},
	}
	// visitInsert inserts visits that are not stored yet and returns those
	// it inserted: the unique clicks.
	visitInsert = &bulk{
		table:   visit.Table,
		columns: []string{visit.FieldSourceID, visit.FieldVisitor, visit.FieldFirstAt, visit.FieldLastAt},
		types:   []string{"BIGINT", "TEXT", "TIMESTAMPTZ", "TIMESTAMPTZ"},
		suffix: fmt.Sprintf(` ON CONFLICT (%q, %q) DO NOTHING RETURNING %q, %q`,
			visit.FieldSourceID, visit.FieldVisitor, visit.FieldSourceID, visit.FieldVisitor),
		sqliteSuffix: fmt.Sprintf(` RETURNING %q, %q`, visit.FieldSourceID, visit.FieldVisitor),
	}
	// lastClickUpdate moves visits' last click forward; rows are (visitor,
	// source, at). A NULL is a visit that an older version inserted.
	lastClickUpdate = &bulk{
		table:      visit.Table,
		columns:    []string{visit.FieldVisitor, visit.FieldSourceID, visit.FieldLastAt},
		types:      []string{"TEXT", "BIGINT", "TIMESTAMPTZ"},
		update:     true,
		insertAlso: visit.FieldFirstAt,
	}
)

// A statement is one INSERT or upsert and its arguments.
type statement struct {
	query string
	args  []any
}

// statements returns the statements that write rows, in their order.
//
// On PostgreSQL that is one statement whatever the number of rows, which
// unnests one array per column: one prepared statement per table, sent
// with the batch's others (store.Pipe). SQLite has no arrays; it gets
// multi-row VALUES in chunks of chunkSize rows.
func (in *bulk) statements(dialect string, rows [][]any) []statement {
	if len(rows) == 0 {
		return nil
	}
	if dialect == entdialect.Postgres {
		return []statement{{in.text(dialect, 0), in.arrays(rows)}}
	}
	var out []statement
	for start, n := 0, 0; start < len(rows); start += n {
		n = chunkSize(len(rows) - start)
		args := make([]any, 0, n*len(in.columns))
		for _, r := range rows[start : start+n] {
			args = append(args, r...)
		}
		out = append(out, statement{in.text(dialect, n), args})
	}
	return out
}

// chunkSize is the number of rows of the next INSERT when left rows
// remain: the largest power of two up to left, and at most 512 (well under
// SQLite's variable limit). A statement's text depends on its number of
// rows, and SQLite prepares each new text unless its statement cache holds
// it: with powers of two, batches of any size use the same ten texts.
func chunkSize(left int) int {
	return min(1<<(bits.Len(uint(left))-1), 512)
}

type textKey struct {
	dialect string
	rows    int // 0 for PostgreSQL's arrays
}

// text returns the statement's text for rows rows, or for arrays when rows
// is 0. Texts are few (see chunkSize) and kept.
func (in *bulk) text(dialect string, rows int) string {
	k := textKey{dialect, rows}
	if q, ok := in.texts.Load(k); ok {
		return q.(string)
	}
	var q string
	if in.update {
		q = in.updateText(rows)
	} else {
		q = in.insertText(rows)
	}
	in.texts.Store(k, q)
	return q
}

// updateText moves the last column forward where the others match, as an
// upsert of rows that are all stored: their insert columns are the
// matched ones and the value twice (as first_at and last_at of a visit
// that cannot be missing, visits being never deleted). An upsert finds
// each row by its conflict target, the unique key, with no plan to choose
// (decision 0106): on SQLite an UPDATE ... FROM built a temporary table
// per statement, and on PostgreSQL its join was planned with a scan of
// the visits while their statistics were young.
func (in *bulk) updateText(rows int) string {
	var b strings.Builder
	n := len(in.columns)
	set := in.columns[n-1]
	if rows == 0 {
		fmt.Fprintf(&b, "INSERT INTO %q (", in.table)
	} else {
		// OR IGNORE, as the inserts (see insertText): no statement journal.
		fmt.Fprintf(&b, "INSERT OR IGNORE INTO %q (", in.table)
	}
	for _, c := range in.columns {
		fmt.Fprintf(&b, "%q, ", c)
	}
	fmt.Fprintf(&b, "%q) ", in.insertAlso)
	if rows == 0 {
		b.WriteString("SELECT *, u.c")
		fmt.Fprintf(&b, "%d FROM unnest(", n)
		for i, t := range in.types {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "CAST($%d AS %s[])", i+1, t)
		}
		b.WriteString(") AS u(")
		for i := range in.columns {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "c%d", i+1)
		}
		b.WriteString(")")
	} else {
		b.WriteString("VALUES ")
		for i := range rows {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(")
			for j := range n {
				fmt.Fprintf(&b, "?%d, ", i*n+j+1)
			}
			fmt.Fprintf(&b, "?%d)", i*n+n)
		}
	}
	b.WriteString(" ON CONFLICT (")
	for i, c := range in.columns[:n-1] {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", c)
	}
	fmt.Fprintf(&b, ") DO UPDATE SET %q = excluded.%q WHERE %q.%q IS NULL OR %q.%q < excluded.%q",
		set, set, in.table, set, in.table, set, set)
	return b.String()
}

// insertText is the INSERT of rows rows, or of arrays when rows is 0.
func (in *bulk) insertText(rows int) string {
	var b strings.Builder
	// On SQLite, OR IGNORE: a multi-row INSERT that may abort half-way (a
	// NOT NULL column's default is ABORT) makes SQLite copy every page it
	// changes to a statement journal first, which for visitors in no order
	// is a page per row and index (decision 0101). Nothing of ours can be
	// ignored: no row holds a NULL, and clicks have no unique key but the
	// rowid (TestClickInsertsIgnoreNothing); a visit already stored is what
	// the visits' insert should skip anyway.
	if rows == 0 {
		fmt.Fprintf(&b, "INSERT INTO %q (", in.table)
	} else {
		fmt.Fprintf(&b, "INSERT OR IGNORE INTO %q (", in.table)
	}
	for i, c := range in.columns {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q", c)
	}
	b.WriteString(")")
	if rows == 0 {
		b.WriteString(" SELECT * FROM unnest(")
		for i, t := range in.types {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "CAST($%d AS %s[])", i+1, t)
		}
		b.WriteString(")")
	} else {
		row := "(" + strings.Repeat("?, ", len(in.columns)-1) + "?)"
		b.WriteString(" VALUES ")
		for i := range rows {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(row)
		}
	}
	if rows == 0 {
		b.WriteString(in.suffix)
	} else {
		b.WriteString(in.sqliteSuffix)
	}
	return b.String()
}

// arrays turns rows into one array per column, typed as in.types says.
func (in *bulk) arrays(rows [][]any) []any {
	out := make([]any, len(in.columns))
	for j, t := range in.types {
		switch t {
		case "BIGINT":
			a := make([]int64, len(rows))
			for i, r := range rows {
				a[i] = int64(r[j].(int))
			}
			out[j] = a
		case "TEXT":
			a := make([]string, len(rows))
			for i, r := range rows {
				a[i] = r[j].(string)
			}
			out[j] = a
		case "TIMESTAMPTZ":
			a := make([]time.Time, len(rows))
			for i, r := range rows {
				a[i] = r[j].(time.Time)
			}
			out[j] = a
		default:
			panic("clicks: no array for SQL type " + strconv.Quote(t))
		}
	}
	return out
}

// queue queues on p the statements that insert rows. When scan is not nil
// it is called for each row they return.
func (in *bulk) queue(ctx context.Context, p *store.Pipe, dialect string, rows [][]any, scan func(store.Row) error) {
	for _, s := range in.statements(dialect, rows) {
		p.Queue(ctx, s.query, s.args, scan)
	}
}
