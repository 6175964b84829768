package rollup

import (
	"context"
	"fmt"
	"sort"
	"time"

	"entgo.io/ent/dialect"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/click"
	"github.com/reftrack/reftrack/ent/conversion"
	"github.com/reftrack/reftrack/ent/dailystat"
	"github.com/reftrack/reftrack/store"
)

// Report is what Rebuild found: every rollup row whose stored counts differ
// from the counts rebuilt from raw clicks and conversions.
type Report struct {
	// PrunedBefore is the prune horizon, zero when clicks were never pruned.
	PrunedBefore time.Time
	// Since is the first day checked, "" for every day. Earlier days may
	// hold pruned clicks: their rows are neither checked nor changed.
	Since string
	// Rows is the number of rollup rows checked: the stored ones and those
	// that should exist but do not.
	Rows int
	// Stored and Rebuilt are the totals over the rows checked (PartnerID
	// is unset).
	Stored, Rebuilt Counts
	// Diffs lists the rows that differ, by source then day.
	Diffs []Diff
	// Applied reports that the stored rows were fixed.
	Applied bool
}

// Diff is one rollup row whose stored counts are not the rebuilt ones.
type Diff struct {
	Key
	// Stored is the row as stored, all zero when Missing.
	Stored Counts
	// Rebuilt is the row as it should be, all zero when it should not exist.
	Rebuilt Counts
	// Missing reports that no row is stored.
	Missing bool
}

// Rebuild recomputes what every rollup row should hold from the raw clicks,
// grouped by source, day and kind, and the conversions, grouped by source
// and day, and compares that with the stored rows. Rows of days before
// FirstIntactDay of the prune horizon are left out: their raw clicks are
// gone on purpose.
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
				stmt = fmt.Sprintf("LOCK TABLE %s, %s, %s IN SHARE ROW EXCLUSIVE MODE",
					click.Table, conversion.Table, dailystat.Table)
			}
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("rebuild rollups: %w", err)
			}
		}
		var err error
		rep, err = rebuild(ctx, tx.Client(), apply)
		return err
	})
	if err != nil {
		return nil, err
	}
	return rep, nil
}

func rebuild(ctx context.Context, client *ent.Client, apply bool) (*Report, error) {
	rep := &Report{}
	horizon, pruned, err := PrunedBefore(ctx, client)
	if err != nil {
		return nil, err
	}
	if pruned {
		rep.PrunedBefore = horizon
		rep.Since = FirstIntactDay(horizon)
	}
	want, err := fromRaw(ctx, client, rep.Since)
	if err != nil {
		return nil, err
	}
	stored, err := storedRows(ctx, client, rep.Since)
	if err != nil {
		return nil, err
	}

	type update struct {
		id int
		Diff
	}
	var updates []update
	var inserts []Diff
	var deletes []int
	compare := func(k Key, s *ent.DailyStat, w *Counts) {
		rep.Rows++
		var d Diff
		d.Key = k
		if s != nil {
			d.Stored = Counts{PartnerID: s.PartnerID, Unique: s.UniqueClicks, Returning: s.ReturningClicks, Bot: s.BotClicks, Conversions: s.Conversions}
		} else {
			d.Missing = true
		}
		if w != nil {
			d.Rebuilt = *w
		}
		rep.Stored = plus(rep.Stored, d.Stored)
		rep.Rebuilt = plus(rep.Rebuilt, d.Rebuilt)
		if sameCounts(d.Stored, d.Rebuilt) {
			return
		}
		rep.Diffs = append(rep.Diffs, d)
		switch {
		case d.Missing:
			inserts = append(inserts, d)
		case sameCounts(d.Rebuilt, Counts{}):
			deletes = append(deletes, s.ID)
		default:
			updates = append(updates, update{s.ID, d})
		}
	}
	for k, s := range stored {
		compare(k, s, want[k])
	}
	for k, w := range want {
		if stored[k] == nil {
			compare(k, nil, w)
		}
	}
	sort.Slice(rep.Diffs, func(i, j int) bool { return keyLess(rep.Diffs[i].Key, rep.Diffs[j].Key) })
	if !apply || len(rep.Diffs) == 0 {
		return rep, nil
	}

	for _, d := range updates {
		err := client.DailyStat.UpdateOneID(d.id).
			SetUniqueClicks(d.Rebuilt.Unique).SetReturningClicks(d.Rebuilt.Returning).
			SetBotClicks(d.Rebuilt.Bot).SetConversions(d.Rebuilt.Conversions).
			Exec(ctx)
		if err != nil {
			return nil, fmt.Errorf("fix rollup of source %d on %s: %w", d.SourceID, d.Day, err)
		}
	}
	for start := 0; start < len(deletes); start += chunk {
		ids := deletes[start:min(start+chunk, len(deletes))]
		if _, err := client.DailyStat.Delete().Where(dailystat.IDIn(ids...)).Exec(ctx); err != nil {
			return nil, fmt.Errorf("delete rollups: %w", err)
		}
	}
	for start := 0; start < len(inserts); start += chunk {
		builders := make([]*ent.DailyStatCreate, 0, chunk)
		for _, d := range inserts[start:min(start+chunk, len(inserts))] {
			c := d.Rebuilt
			builders = append(builders, client.DailyStat.Create().
				SetSourceID(d.SourceID).SetPartnerID(c.PartnerID).SetDay(d.Day).
				SetUniqueClicks(c.Unique).SetReturningClicks(c.Returning).
				SetBotClicks(c.Bot).SetConversions(c.Conversions))
		}
		if err := client.DailyStat.CreateBulk(builders...).Exec(ctx); err != nil {
			return nil, fmt.Errorf("insert rollups: %w", err)
		}
	}
	rep.Applied = true
	return rep, nil
}

// chunk bounds the rows of one statement, well under SQLite's variable limit.
const chunk = 500

// fromRaw counts the raw clicks and conversions of every source and day on
// or after since, in the database.
func fromRaw(ctx context.Context, client *ent.Client, since string) (map[Key]*Counts, error) {
	want := make(map[Key]*Counts)
	at := func(source, partner int, day string) *Counts {
		return Deltas(want).At(Key{SourceID: source, Day: day}, partner)
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
	return want, nil
}

// storedRows reads the rollup rows of days on or after since.
func storedRows(ctx context.Context, client *ent.Client, since string) (map[Key]*ent.DailyStat, error) {
	q := client.DailyStat.Query()
	if since != "" {
		q.Where(dailystat.DayGTE(since))
	}
	rows, err := q.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read rollups: %w", err)
	}
	stored := make(map[Key]*ent.DailyStat, len(rows))
	for _, r := range rows {
		stored[Key{SourceID: r.SourceID, Day: r.Day}] = r
	}
	return stored, nil
}

// sameCounts compares the counters of a and b, not their partner.
func sameCounts(a, b Counts) bool {
	return a.Unique == b.Unique && a.Returning == b.Returning && a.Bot == b.Bot && a.Conversions == b.Conversions
}

func plus(a, b Counts) Counts {
	return Counts{
		Unique:      a.Unique + b.Unique,
		Returning:   a.Returning + b.Returning,
		Bot:         a.Bot + b.Bot,
		Conversions: a.Conversions + b.Conversions,
	}
}

func keyLess(a, b Key) bool {
	if a.SourceID != b.SourceID {
		return a.SourceID < b.SourceID
	}
	return a.Day < b.Day
}
