package rollup

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/click"
	"github.com/reftrack/reftrack/ent/predicate"
	"github.com/reftrack/reftrack/ent/setting"
	"github.com/reftrack/reftrack/ent/unmatchedclick"
	"github.com/reftrack/reftrack/ent/unmatchedref"
	"github.com/reftrack/reftrack/internal/calendar"
	"github.com/reftrack/reftrack/internal/store"
)

// PrunedBeforeKey names the setting that holds the prune horizon: an
// RFC 3339 instant in UTC (with nanoseconds) before which raw clicks may
// have been deleted. Prune only ever moves it forward.
const PrunedBeforeKey = "clicks-pruned-before"

// MinPruneAge is the youngest age Prune accepts: raw clicks of the last day
// are always kept.
const MinPruneAge = 24 * time.Hour

// pruneBatch bounds the rows one prune transaction deletes, so that a big
// prune never holds the write lock for long. Tests lower it.
var pruneBatch = 10_000

// Prune deletes the raw clicks and unmatched clicks recorded before
// now-olderThan, pruneBatch rows per transaction, and returns how many it
// deleted. Rollups keep the counts of the deleted clicks, and visits (the
// unique-visitor keys) are never deleted, so unique counting stays exact.
//
// The horizon is recorded before anything is deleted, so that a Rebuild
// running meanwhile never mistakes pruned clicks for missing ones. When
// Prune fails half-way the horizon is already recorded: run it again to
// finish. A horizon later than the new one is kept.
func Prune(ctx context.Context, db *store.DB, olderThan time.Duration, now time.Time) (deleted int, err error) {
	if olderThan < MinPruneAge {
		return 0, fmt.Errorf("prune: clicks must be at least %v old to be pruned, got %v", MinPruneAge, olderThan)
	}
	cutoff := now.Add(-olderThan).UTC()
	ctx = store.System(ctx)
	if err := recordHorizon(ctx, db, cutoff); err != nil {
		return 0, err
	}
	for _, table := range []struct {
		name   string
		delete func(ctx context.Context, tx *ent.Tx) (int, error)
	}{
		{"clicks", func(ctx context.Context, tx *ent.Tx) (int, error) {
			return tx.Click.Delete().Where(predicate.Click(olderRows(click.Table, click.FieldID, click.FieldAt, cutoff))).Exec(ctx)
		}},
		{"unmatched clicks", func(ctx context.Context, tx *ent.Tx) (int, error) {
			return tx.UnmatchedClick.Delete().Where(predicate.UnmatchedClick(olderRows(unmatchedclick.Table, unmatchedclick.FieldID, unmatchedclick.FieldAt, cutoff))).Exec(ctx)
		}},
	} {
		for {
			var n int
			err := store.WithTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
				var err error
				n, err = table.delete(ctx, tx)
				return err
			})
			if err != nil {
				return deleted, fmt.Errorf("prune %s: %w", table.name, err)
			}
			deleted += n
			if n < pruneBatch {
				break
			}
		}
	}
	// The counts of refs not clicked since go too, which makes room under
	// the cap on distinct values (at most clicks.MaxUnmatchedRefs rows).
	err = store.WithTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
		_, err := tx.UnmatchedRef.Delete().Where(unmatchedref.LastSeenAtLT(cutoff)).Exec(ctx)
		return err
	})
	if err != nil {
		return deleted, fmt.Errorf("prune unmatched refs: %w", err)
	}
	return deleted, nil
}

// olderRows selects at most pruneBatch rows of table recorded before cutoff:
// id IN (SELECT id FROM table WHERE at < cutoff LIMIT n), which the index on
// at serves.
func olderRows(table, id, at string, cutoff time.Time) func(*entsql.Selector) {
	return func(s *entsql.Selector) {
		older := entsql.Select(id).From(entsql.Table(table)).
			Where(entsql.LT(at, cutoff)).Limit(pruneBatch)
		s.Where(entsql.In(s.C(id), older))
	}
}

// horizonLock is the PostgreSQL advisory lock key that serialises updates
// of the prune horizon.
const horizonLock = 0x72656670 // "refp"

// recordHorizon moves the prune horizon forward to cutoff.
func recordHorizon(ctx context.Context, db *store.DB, cutoff time.Time) error {
	return store.WithTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
		if db.Dialect == dialect.Postgres {
			// Concurrent prunes must not move the horizon back (on SQLite,
			// write transactions are serialised already).
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", horizonLock); err != nil {
				return fmt.Errorf("lock prune horizon: %w", err)
			}
		}
		s, err := tx.Setting.Query().Where(setting.Key(PrunedBeforeKey)).Only(ctx)
		if ent.IsNotFound(err) {
			err = tx.Setting.Create().SetKey(PrunedBeforeKey).SetValue(formatHorizon(cutoff)).Exec(ctx)
			if err != nil {
				return fmt.Errorf("record prune horizon: %w", err)
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("read prune horizon: %w", err)
		}
		old, err := parseHorizon(s.Value)
		if err != nil {
			return err
		}
		if !cutoff.After(old) {
			return nil
		}
		if err := tx.Setting.UpdateOne(s).SetValue(formatHorizon(cutoff)).Exec(ctx); err != nil {
			return fmt.Errorf("record prune horizon: %w", err)
		}
		return nil
	})
}

// PrunedBefore returns the prune horizon: raw clicks recorded before it may
// have been deleted. ok is false when clicks were never pruned.
func PrunedBefore(ctx context.Context, client *ent.Client) (horizon time.Time, ok bool, err error) {
	s, err := client.Setting.Query().Where(setting.Key(PrunedBeforeKey)).Only(store.System(ctx))
	if ent.IsNotFound(err) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("read prune horizon: %w", err)
	}
	horizon, err = parseHorizon(s.Value)
	if err != nil {
		return time.Time{}, false, err
	}
	return horizon, true, nil
}

// FirstIntactDay returns the first day, in any partner's timezone, that no
// click recorded before horizon can count on. The horizon's own UTC day
// holds pruned clicks; the next day can too, in timezones east of UTC (up to
// UTC+14); from the day after that, every local day starts after horizon.
func FirstIntactDay(horizon time.Time) string {
	return calendar.Of(horizon.UTC()).AddDays(2).String()
}

func formatHorizon(t time.Time) []byte { return []byte(t.UTC().Format(time.RFC3339Nano)) }

func parseHorizon(v []byte) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, string(v))
	if err != nil {
		return time.Time{}, fmt.Errorf("setting %s holds %q, not an RFC 3339 time", PrunedBeforeKey, v)
	}
	return t.UTC(), nil
}
