package rollup

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/click"
	"github.com/reftrack/reftrack/ent/conversion"
	"github.com/reftrack/reftrack/ent/dailystat"
	"github.com/reftrack/reftrack/ent/partnerday"
	"github.com/reftrack/reftrack/internal/store"
)

// Report is what Rebuild found: every rollup row whose stored counts or
// running totals differ from those rebuilt from raw clicks and conversions.
type Report struct {
	// PrunedBefore is the prune horizon, zero when clicks were never pruned.
	PrunedBefore time.Time
	// Since is the first day checked, "" for every day. Earlier days may
	// hold pruned clicks: their rows are neither checked nor changed, and
	// the running totals of the days checked continue from theirs.
	Since string
	// Rows and PartnerRows are the numbers of source and partner rollup
	// rows checked: the stored ones and those that should exist but do not.
	Rows, PartnerRows int
	// Stored and Rebuilt are the totals of the day counts of the source
	// rows checked (PartnerID is unset).
	Stored, Rebuilt Counts
	// Diffs lists the rows that differ: source rows by source then day,
	// then partner rows by partner then day.
	Diffs []Diff
	// Applied reports that the stored rows were fixed.
	Applied bool
}

// Diff is one rollup row whose stored values are not the rebuilt ones.
type Diff struct {
	// Partner tells a row of partner_days from one of daily_stats.
	Partner bool
	// Owner is the source, or the partner.
	Owner int
	Day   string
	// Stored is the row as stored, all zero when Missing.
	Stored Values
	// Rebuilt is the row as it should be, all zero when it should not exist.
	Rebuilt Values
	// Missing reports that no row is stored.
	Missing bool
}

// Rebuild recomputes what every rollup row should hold from the raw clicks,
// grouped by source, day and kind, and the conversions, grouped by source
// and day: the counts of each source's and each partner's days, and their
// running totals. It compares that with the stored rows. Rows of days
// before FirstIntactDay of the prune horizon are left out, their raw clicks
// being gone on purpose; the running totals of later days continue from
// the last of them.
//
// With apply, the differences are fixed (rows updated, inserted or deleted)
// in the transaction that read them, so the result is consistent even while
// clicks are being recorded: on SQLite the write transaction serialises
// writers; on PostgreSQL the tables are locked against writes first, and
// a dry run reads one snapshot instead. Either way click recording waits
// while Rebuild runs.
func Rebuild(ctx context.Context, db *store.DB, apply bool) (*Report, error) {
	ctx = store.System(ctx)
	var rep *Report
	err := store.WithTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
		if db.Dialect == dialect.Postgres {
			stmt := "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
			if apply {
				stmt = "LOCK TABLE " + strings.Join(lockOrder[:], ", ") + " IN SHARE ROW EXCLUSIVE MODE"
			}
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("rebuild rollups: %w", err)
			}
		}
		var err error
		rep, err = rebuild(ctx, tx.Client(), db.Dialect, apply)
		return err
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

func rebuild(ctx context.Context, client *ent.Client, dialect string, apply bool) (*Report, error) {
	rep := &Report{}
	horizon, pruned, err := PrunedBefore(ctx, client)
	if err != nil {
		return nil, err
	}
	if pruned {
		rep.PrunedBefore = horizon
		rep.Since = FirstIntactDay(horizon)
	}
	sources, err := fromRaw(ctx, client, rep.Since)
	if err != nil {
		return nil, err
	}
	partners := make(map[ownerDay]Counts)
	for k, c := range sources {
		pk := ownerDay{c.PartnerID, k.day}
		p := partners[pk]
		p.PartnerID = c.PartnerID
		partners[pk] = p.plus(c)
	}
	var fixes []func() error
	for _, l := range []struct {
		t    Table
		want map[ownerDay]Counts
		rows *int
	}{{Sources, sources, &rep.Rows}, {Partners, partners, &rep.PartnerRows}} {
		c, err := l.t.check(ctx, client, rep.Since, l.want)
		if err != nil {
			return nil, err
		}
		*l.rows = c.rows
		for _, d := range c.diffs {
			rep.Diffs = append(rep.Diffs, d.Diff)
		}
		if l.t.name == Sources.name {
			rep.Stored, rep.Rebuilt = c.stored, c.rebuilt
		}
		if len(c.diffs) > 0 {
			fixes = append(fixes, func() error { return l.t.fix(ctx, client, dialect, c.diffs) })
		}
	}
	if !apply || len(rep.Diffs) == 0 {
		return rep, nil
	}
	for _, fix := range fixes {
		if err := fix(); err != nil {
			return nil, err
		}
	}
	rep.Applied = true
	return rep, nil
}

// lockOrder lists the tables Rebuild locks against writes, in the order it
// locks them. On PostgreSQL a transaction that writes to more than one of
// them must lock them in the same order, or it can deadlock with Rebuild.
var lockOrder = [...]string{click.Table, conversion.Table, dailystat.Table, partnerday.Table}

// LockOrder returns the tables Rebuild locks, in its order.
func LockOrder() []string { return slices.Clone(lockOrder[:]) }

// ownerDay names a row of either table.
type ownerDay struct {
	owner int
	day   string
}

// checked is what check found in one table.
type checked struct {
	rows            int
	stored, rebuilt Counts // of the days' counts, without partner
	diffs           []diff
}

// diff is a Diff with the stored row's id.
type diff struct {
	Diff
	id int
}

// check compares the stored rows of t from since on with want, the counts
// each should hold, and with the running totals of those, which continue
// from the owner's last row before since.
func (t Table) check(ctx context.Context, client *ent.Client, since string, want map[ownerDay]Counts) (*checked, error) {
	rows, err := t.scan(ctx, client, func(s *entsql.Selector) {
		if since != "" {
			s.Where(entsql.GTE(s.C(dailystat.FieldDay), since))
		}
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	stored := make(map[ownerDay]scanned, len(rows))
	days := make(map[int][]string)
	for _, r := range rows {
		stored[ownerDay{r.Owner, r.Day}] = r
		days[r.Owner] = append(days[r.Owner], r.Day)
	}
	for k := range want {
		if _, ok := stored[k]; !ok {
			days[k.owner] = append(days[k.owner], k.day)
		}
	}
	start := make(map[int]Counts)
	if since != "" {
		before, err := t.before(ctx, client, since)
		if err != nil {
			return nil, err
		}
		for _, r := range before {
			start[r.Owner] = r.Cum
		}
	}

	c := &checked{}
	for _, owner := range slices.Sorted(maps.Keys(days)) {
		ds := days[owner]
		slices.Sort(ds)
		running := start[owner]
		for _, day := range ds {
			k := ownerDay{owner, day}
			d := diff{Diff: Diff{Partner: t.name == Partners.name, Owner: owner, Day: day}}
			if w, ok := want[k]; ok {
				running = running.plus(w)
				d.Rebuilt = Values{Counts: w, Cum: running}
			}
			if s, ok := stored[k]; ok {
				d.id = s.ID
				d.Stored = s.row().Values
			} else {
				d.Missing = true
			}
			c.rows++
			c.stored = c.stored.plus(d.Stored.Counts)
			c.rebuilt = c.rebuilt.plus(d.Rebuilt.Counts)
			if !sameValues(d.Stored, d.Rebuilt) {
				c.diffs = append(c.diffs, d)
			}
		}
	}
	return c, nil
}

// fix makes the rows of t that diffs name hold the rebuilt values.
func (t Table) fix(ctx context.Context, client *ent.Client, dialect string, diffs []diff) error {
	var deletes []int
	var inserts []diff
	for _, d := range diffs {
		switch {
		case d.Missing:
			inserts = append(inserts, d)
		case d.Rebuilt == Values{}:
			deletes = append(deletes, d.id)
		default:
			u := entsql.Dialect(dialect).Update(t.name).Where(entsql.EQ("id", d.id))
			for i, v := range d.Rebuilt.values() {
				u.Set(counterColumns[i], v)
			}
			query, args := u.Query()
			if _, err := client.ExecContext(ctx, query, args...); err != nil {
				return fmt.Errorf("fix %s of %d on %s: %w", t.name, d.Owner, d.Day, err)
			}
		}
	}
	for start := 0; start < len(deletes); start += chunk {
		query, args := entsql.Dialect(dialect).Delete(t.name).
			Where(entsql.InInts("id", deletes[start:min(start+chunk, len(deletes))]...)).Query()
		if _, err := client.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("delete from %s: %w", t.name, err)
		}
	}
	for start := 0; start < len(inserts); start += chunk {
		b := entsql.Dialect(dialect).Insert(t.name).Columns(append(t.keyColumns(), counterColumns...)...)
		for _, d := range inserts[start:min(start+chunk, len(inserts))] {
			b.Values(append(t.keyValues(d.Owner, d.Rebuilt.Counts.PartnerID, d.Day), d.Rebuilt.values()...)...)
		}
		query, args := b.Query()
		if _, err := client.ExecContext(ctx, query, args...); err != nil {
			return fmt.Errorf("insert into %s: %w", t.name, err)
		}
	}
	return nil
}

// sameValues compares the counters of a and b, not their partner.
func sameValues(a, b Values) bool {
	return sameCounts(a.Counts, b.Counts) && sameCounts(a.Cum, b.Cum)
}

// sameCounts compares the counters of a and b, not their partner.
func sameCounts(a, b Counts) bool {
	a.PartnerID, b.PartnerID = 0, 0
	return a == b
}

// fromRaw counts the raw clicks and conversions of every source and day on
// or after since, in the database.
func fromRaw(ctx context.Context, client *ent.Client, since string) (map[ownerDay]Counts, error) {
	counts := make(map[ownerDay]*Counts)
	at := func(source, partner int, day string) *Counts {
		k := ownerDay{source, day}
		c := counts[k]
		if c == nil {
			c = &Counts{PartnerID: partner}
			counts[k] = c
		}
		return c
	}

	var clicks []struct {
		SourceID  int    `json:"source_id"`
		PartnerID int    `json:"partner_id"`
		Day       string `json:"day"`
		Kind      string `json:"kind"`
		Count     int    `json:"count"`
	}
	cq := client.Click.Query()
	if since != "" {
		cq.Where(click.DayGTE(since))
	}
	err := cq.GroupBy(click.FieldSourceID, click.FieldPartnerID, click.FieldDay, click.FieldKind).
		Aggregate(ent.Count()).Scan(ctx, &clicks)
	if err != nil {
		return nil, fmt.Errorf("count raw clicks: %w", err)
	}
	for _, r := range clicks {
		c := at(r.SourceID, r.PartnerID, r.Day)
		switch click.Kind(r.Kind) {
		case click.KindUnique:
			c.Unique += r.Count
		case click.KindReturning:
			c.Returning += r.Count
		case click.KindBot:
			c.Bot += r.Count
		default:
			return nil, fmt.Errorf("count raw clicks: unknown kind %q", r.Kind)
		}
	}

	var conversions []struct {
		SourceID  int    `json:"source_id"`
		PartnerID int    `json:"partner_id"`
		Day       string `json:"day"`
		Count     int    `json:"count"`
	}
	vq := client.Conversion.Query()
	if since != "" {
		vq.Where(conversion.DayGTE(since))
	}
	err = vq.GroupBy(conversion.FieldSourceID, conversion.FieldPartnerID, conversion.FieldDay).
		Aggregate(ent.Count()).Scan(ctx, &conversions)
	if err != nil {
		return nil, fmt.Errorf("count conversions: %w", err)
	}
	for _, r := range conversions {
		at(r.SourceID, r.PartnerID, r.Day).Conversions += r.Count
	}
	want := make(map[ownerDay]Counts, len(counts))
	for k, c := range counts {
		want[k] = *c
	}
	return want, nil
}
