package rollup

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"sync"

	entdialect "entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/reftrack/reftrack/ent/dailystat"
	"github.com/reftrack/reftrack/ent/partnerday"
	"github.com/reftrack/reftrack/internal/store"
)

// Add writes d as increments, in dialect, to the source and the partner
// rollups. Call it with the transaction that records what is counted, so
// that all commit together.
//
// It runs on the click path, for batches of up to thousands of clicks, as
// a few plain statements (ent's per-row builders would cost more than the
// writes): one query reads the stored rows of the batch's sources and
// partners from their earliest day in the batch on (normally the rows of
// today, if they exist yet); then one upsert per table adds the counts and
// the running totals, a new row starting from the running totals of the
// row before it. Only a backdated write, which finds rows of days after
// one of the batch, has more to do: a query for the rows before the batch
// of owners that have none on its days, and an update per table that
// raises the running totals of the later rows.
//
// Running totals depend on the rows of earlier days, so writers must not
// interleave: on SQLite they are serialised already; on PostgreSQL Add
// first takes an advisory lock per partner, so that writers of one
// partner's rollups take turns and those of different partners never wait.
func Add(ctx context.Context, tx store.Conn, dialect string, d Deltas) error {
	p := store.Sequential(tx)
	pd := Prepare(ctx, p, dialect, d)
	if err := p.Send(ctx); err != nil {
		return fmt.Errorf("add to rollups: %w", err)
	}
	if err := pd.Write(ctx); err != nil {
		return err
	}
	if err := p.Send(ctx); err != nil {
		return fmt.Errorf("add to rollups: %w", err)
	}
	return nil
}

// Pending is an Add in two steps, for a writer that sends its statements
// in batches (store.Pipe): Prepare queues the lock and the read that the
// writes depend on, and Write, after they were sent, queues the writes.
type Pending struct {
	p       *store.Pipe
	dialect string
	d       Deltas
	firsts  []probe
	stored  [2]map[int][]storedRow
}

// Prepare queues on p what adding d needs to read first. Send p before
// Write; d's counts may change until then, its keys may not.
func Prepare(ctx context.Context, p *store.Pipe, dialect string, d Deltas) *Pending {
	pd := &Pending{p: p, dialect: dialect, d: d, stored: [2]map[int][]storedRow{{}, {}}}
	if len(d) == 0 {
		return pd
	}
	batches := split(d)
	lockPartners(ctx, p, dialect, batches[1].changes)
	for level, b := range batches {
		for j, c := range b.changes {
			if j == 0 || c.owner != b.changes[j-1].owner {
				pd.firsts = append(pd.firsts, probe{level, c.owner, c.day})
			}
		}
	}
	pd.queueReads(ctx, pd.firsts, fromFirstDays)
	return pd
}

// Write queues on its pipe the writes of the deltas, once what Prepare
// queued was sent. It sends the pipe itself only to read more, for a
// backdated write.
func (pd *Pending) Write(ctx context.Context) error {
	if len(pd.d) == 0 {
		return nil
	}
	var missing []probe
	for _, p := range pd.firsts {
		if !slices.ContainsFunc(pd.stored[p.level][p.owner], func(r storedRow) bool { return r.day <= p.day }) {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		pd.queueReads(ctx, missing, lastBefore)
		if err := pd.p.Send(ctx); err != nil {
			return fmt.Errorf("read rollups: %w", err)
		}
	}
	for _, m := range pd.stored {
		for _, rs := range m {
			slices.SortFunc(rs, func(a, b storedRow) int { return cmp.Compare(a.day, b.day) })
		}
	}
	for i, b := range split(pd.d) {
		later := plan(b.changes, pd.stored[i])
		b.table.upsert(ctx, pd.p, pd.dialect, b.changes)
		b.table.raise(ctx, pd.p, pd.dialect, later)
	}
	return nil
}

// change is what Add does to the row of one owner and day: delta is added
// to the counts of the day, and upTo, the owner's deltas of this day and of
// its earlier days in the batch, to the running totals.
type change struct {
	owner, partner int
	day            string
	delta, upTo    Counts
	// cum is what the upsert writes as running totals: upTo, added to
	// those of an existing row, or, for a new row, the running totals
	// before it plus upTo.
	cum Counts
}

// batch is what Add writes to one table, sorted by owner and day.
type batch struct {
	table   Table
	changes []change
}

// split turns d into the changes of the source rows and of the partner
// rows, each with its upTo.
func split(d Deltas) [2]batch {
	type partnerDay struct {
		partner int
		day     string
	}
	sources := make([]change, 0, len(d))
	byPartner := make(map[partnerDay]Counts)
	for k, c := range d {
		sources = append(sources, change{owner: k.SourceID, partner: c.PartnerID, day: k.Day, delta: *c})
		pk := partnerDay{c.PartnerID, k.Day}
		byPartner[pk] = byPartner[pk].plus(*c)
	}
	partners := make([]change, 0, len(byPartner))
	for k, c := range byPartner {
		partners = append(partners, change{owner: k.partner, partner: k.partner, day: k.day, delta: c})
	}
	b := [2]batch{{Sources, sources}, {Partners, partners}}
	for _, b := range b {
		// One order for every writer: on PostgreSQL, concurrent writers
		// then wait for each other's rows instead of deadlocking.
		slices.SortFunc(b.changes, func(x, y change) int {
			return cmp.Or(cmp.Compare(x.owner, y.owner), cmp.Compare(x.day, y.day))
		})
		var sum Counts
		for i := range b.changes {
			if i == 0 || b.changes[i].owner != b.changes[i-1].owner {
				sum = Counts{}
			}
			sum = sum.plus(b.changes[i].delta)
			b.changes[i].upTo = sum
		}
	}
	return b
}

// LockForWrite queues on p, on PostgreSQL, the locks that a transaction
// writing to raw, one of the tables of raw clicks or conversions, and then
// adding to the rollups takes, in Rebuild's order. A writer that sends its
// statements in batches must queue it before anything that writes: pgx
// prepares the new statements of a batch before it runs any of them, and
// preparing an INSERT already locks its table, so the rollups could be
// locked before the raw table.
func LockForWrite(ctx context.Context, p *store.Pipe, dialect, raw string) {
	if dialect != entdialect.Postgres {
		return
	}
	if !slices.Contains(lockOrder[:2], raw) {
		panic("rollup: LockForWrite of " + raw + ", not a table of raw clicks or conversions")
	}
	p.Queue(ctx, "LOCK TABLE "+raw+", "+dailystat.Table+", "+partnerday.Table+" IN ROW EXCLUSIVE MODE", nil, nil)
}

// lockPartners takes a transaction-scoped advisory lock per partner on
// PostgreSQL, in ascending order so that writers never deadlock. The keys
// are partner ids: global ids, above 2^32, so they meet neither the ids of
// other kinds nor the small constant keys of other locks.
func lockPartners(ctx context.Context, p *store.Pipe, dialect string, partners []change) {
	if dialect != entdialect.Postgres {
		return
	}
	ids := make([]int64, 0, len(partners))
	for _, c := range partners {
		ids = append(ids, int64(c.owner))
	}
	ids = slices.Compact(ids) // sorted by split
	const lock = "SELECT pg_advisory_xact_lock(k) FROM unnest(CAST($1 AS BIGINT[])) AS k"
	p.Queue(ctx, lock, []any{ids}, nil)
}

// storedRow is a stored row as Add reads it.
type storedRow struct {
	day string
	cum Counts
}

// probe asks for the stored rows of an owner of batches[level] around day,
// its first day in the batch.
type probe struct {
	level, owner int
	day          string
}

// A readKind selects, in a table, the rows of some probes of one level.
type readKind struct {
	name string
	// where writes the condition on the rows of t (AS t) for n probes
	where func(b *entsql.Builder, t Table, n int)
	// args appends the arguments of where for ps
	args func(args []any, ps []probe) []any
}

var (
	// fromFirstDays: t.owner IN (...) AND t.day >= (the earliest day)
	fromFirstDays = readKind{
		name: "from",
		where: func(b *entsql.Builder, t Table, n int) {
			b.WriteString("t.").Ident(t.owner).WriteString(" IN (")
			placeholders(b, n)
			b.WriteString(") AND t.").Ident(dailystat.FieldDay).WriteString(" >= ").Arg(0)
		},
		args: func(args []any, ps []probe) []any {
			from := ps[0].day
			for _, p := range ps {
				args = append(args, p.owner)
				from = min(from, p.day)
			}
			return append(args, from)
		},
	}
	// lastBefore: t.id IN ((SELECT x.id FROM t AS x WHERE x.owner = ? AND
	// x.day < ? ORDER BY x.day DESC LIMIT 1), ...)
	lastBefore = readKind{
		name: "before",
		where: func(b *entsql.Builder, t Table, n int) {
			b.WriteString("t.").Ident("id").WriteString(" IN (")
			for i := range n {
				if i > 0 {
					b.Comma()
				}
				t.lastRow(b, 0, "<", 0)
			}
			b.WriteString(")")
		},
		args: func(args []any, ps []probe) []any {
			for _, p := range ps {
				args = append(args, p.owner, p.day)
			}
			return args
		},
	}
)

// queueReads queues the query that reads into pd.stored the rows that
// kind selects for the probes ps, sorted by level, in one statement per
// chunk of probes:
//
//	SELECT level, t.owner, t.day, t.cum... FROM t AS t WHERE <kind> UNION ALL ...
func (pd *Pending) queueReads(ctx context.Context, ps []probe, kind readKind) {
	for start := 0; start < len(ps); start += chunk {
		pd.queueRead(ctx, ps[start:min(start+chunk, len(ps))], kind)
	}
}

func (pd *Pending) queueRead(ctx context.Context, ps []probe, kind readKind) {
	var n [2]int
	for _, p := range ps {
		n[p.level]++
	}
	dialect := pd.dialect
	query := cachedSQL(sqlKey{kind.name, "", dialect, n[0], n[1]}, func() string {
		b := builder(dialect)
		for level, t := range []Table{Sources, Partners} {
			if n[level] == 0 {
				continue
			}
			if b.Len() > 0 {
				b.WriteString(" UNION ALL ")
			}
			b.WriteString("SELECT " + strconv.Itoa(level) + ", t.").Ident(t.owner).WriteString(", t.").Ident(dailystat.FieldDay)
			for _, c := range cumColumns {
				b.WriteString(", t.").Ident(c)
			}
			b.WriteString(" FROM ").Ident(t.name).WriteString(" AS t WHERE ")
			kind.where(b, t, n[level])
		}
		return b.String()
	})
	var args []any
	for level := range n {
		if i := slices.IndexFunc(ps, func(p probe) bool { return p.level == level }); i >= 0 {
			args = kind.args(args, ps[i:i+n[level]])
		}
	}
	pd.p.Queue(ctx, query, args, func(row store.Row) error {
		var level, owner int
		var r storedRow
		if err := row.Scan(&level, &owner, &r.day, &r.cum.Unique, &r.cum.Returning, &r.cum.Bot, &r.cum.Conversions); err != nil {
			return err
		}
		pd.stored[level][owner] = append(pd.stored[level][owner], r)
		return nil
	})
}

// span is a run of days of an owner, strictly between two days of a batch
// (or after its last), with stored rows whose running totals grow by add.
type span struct {
	owner         int
	after, before string // before is endOfDays after the owner's last day
	add           Counts
}

// endOfDays is after every day.
const endOfDays = "9999-12-31"

// plan sets the cum of each change from the stored rows of its owner, and
// returns the spans of later days that hold stored rows.
func plan(cs []change, stored map[int][]storedRow) []span {
	var later []span
	for i := 0; i < len(cs); {
		owner := cs[i].owner
		rows := stored[owner]
		var before Counts // running totals of the last stored row before the day
		r := 0
		for first := i; i < len(cs) && cs[i].owner == owner; i++ {
			c := &cs[i]
			passed := r
			for ; r < len(rows) && rows[r].day < c.day; r++ {
				before = rows[r].cum
			}
			// Stored rows between the previous day of the batch and this
			// one are later rows of the previous day.
			if i > first && r > passed {
				later = append(later, span{owner, cs[i-1].day, c.day, cs[i-1].upTo})
			}
			if r < len(rows) && rows[r].day == c.day {
				c.cum = c.upTo
				before = rows[r].cum
				r++
			} else {
				c.cum = before.plus(c.upTo)
			}
		}
		if r < len(rows) {
			last := cs[i-1]
			later = append(later, span{owner, last.day, endOfDays, last.upTo})
		}
	}
	return later
}

// upsert adds the changes to t: the delta to the counts of their rows, and
// the cum to their running totals, inserting the rows that do not exist.
//
//	INSERT INTO t (owner, [partner,] day, count..., cum...) VALUES (...), ...
//	ON CONFLICT (owner, day) DO UPDATE SET count = t.count + excluded.count, cum = t.cum + excluded.cum, ...
func (t Table) upsert(ctx context.Context, p *store.Pipe, dialect string, cs []change) {
	columns := append(t.keyColumns(), counterColumns...)
	for start := 0; start < len(cs); start += chunk {
		rows := cs[start:min(start+chunk, len(cs))]
		query := cachedSQL(sqlKey{"upsert", t.name, dialect, len(rows), 0}, func() string {
			b := builder(dialect)
			b.WriteString("INSERT INTO ").Ident(t.name).Wrap(func(b *entsql.Builder) { b.IdentComma(columns...) }).
				WriteString(" VALUES ")
			for i := range rows {
				if i > 0 {
					b.Comma()
				}
				b.Wrap(func(b *entsql.Builder) { placeholders(b, len(columns)) })
			}
			b.WriteString(" ON CONFLICT ").Wrap(func(b *entsql.Builder) { b.IdentComma(t.owner, dailystat.FieldDay) }).
				WriteString(" DO UPDATE SET ")
			for i, c := range counterColumns {
				if i > 0 {
					b.Comma()
				}
				b.Ident(c).WriteString(" = ").Ident(t.name).WriteByte('.').Ident(c).WriteString(" + excluded.").Ident(c)
			}
			return b.String()
		})
		args := make([]any, 0, len(rows)*len(columns))
		for _, c := range rows {
			args = append(args, t.keyValues(c.owner, c.partner, c.day)...)
			args = append(args, c.delta.values()...)
			args = append(args, c.cum.values()...)
		}
		p.Queue(ctx, query, args, nil)
	}
}

// raise adds to the running totals of the stored rows of each span its add,
// in one statement per 100 spans:
//
//	UPDATE t SET cum = cum + CASE WHEN <span 1> THEN ? WHEN <span 2> THEN ? ... ELSE 0 END, ...
//	WHERE <span 1> OR <span 2> ...
//
// where a span is (owner = ? AND day > ? AND day < ?).
func (t Table) raise(ctx context.Context, p *store.Pipe, dialect string, spans []span) {
	const chunk = 100
	for start := 0; start < len(spans); start += chunk {
		ss := spans[start:min(start+chunk, len(spans))]
		query := cachedSQL(sqlKey{"raise", t.name, dialect, len(ss), 0}, func() string {
			in := func(b *entsql.Builder) {
				b.WriteString("(").Ident(t.owner).WriteString(" = ").Arg(0).
					WriteString(" AND ").Ident(dailystat.FieldDay).WriteString(" > ").Arg(0).
					WriteString(" AND ").Ident(dailystat.FieldDay).WriteString(" < ").Arg(0).WriteString(")")
			}
			b := builder(dialect)
			b.WriteString("UPDATE ").Ident(t.name).WriteString(" SET ")
			for i, c := range cumColumns {
				if i > 0 {
					b.Comma()
				}
				b.Ident(c).WriteString(" = ").Ident(c).WriteString(" + CASE")
				for range ss {
					b.WriteString(" WHEN ")
					in(b)
					b.WriteString(" THEN CAST(").Arg(0).WriteString(" AS BIGINT)")
				}
				b.WriteString(" ELSE 0 END")
			}
			b.WriteString(" WHERE ")
			for i := range ss {
				if i > 0 {
					b.WriteString(" OR ")
				}
				in(b)
			}
			return b.String()
		})
		var args []any
		for i := range cumColumns {
			for _, s := range ss {
				args = append(args, s.owner, s.after, s.before, s.add.values()[i])
			}
		}
		for _, s := range ss {
			args = append(args, s.owner, s.after, s.before)
		}
		p.Queue(ctx, query, args, nil)
	}
}

// placeholders writes n comma-separated placeholders, quicker than Arg:
// the texts of large statements are built each time.
func placeholders(b *entsql.Builder, n int) {
	pg := b.Dialect() == entdialect.Postgres
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		if pg {
			b.WriteString("$" + strconv.Itoa(b.Total()+1))
		} else {
			b.WriteByte('?')
		}
		b.SetTotal(b.Total() + 1)
	}
}

// sqlKey names the text of a statement, which depends only on its shape.
type sqlKey struct {
	kind, table, dialect string
	n, m                 int
}

// sqlTexts holds the texts of the statements of small shapes, the common
// ones: building them costs more than running them.
var sqlTexts sync.Map

// cachedSQL returns the text of statement k, built by build.
func cachedSQL(k sqlKey, build func() string) string {
	if k.n > 64 || k.m > 64 {
		return build()
	}
	if q, ok := sqlTexts.Load(k); ok {
		return q.(string)
	}
	q := build()
	sqlTexts.Store(k, q)
	return q
}
