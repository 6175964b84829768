package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/reftrack/reftrack/ent/dailystat"
	"github.com/reftrack/reftrack/ent/partnerday"
	"github.com/reftrack/reftrack/ent/visit"
)

// A bytewiseColumn is a text column that compares bytewise on PostgreSQL
// (collation "C"): its values are machine-made, so byte order serves, and
// every comparison in an index on it skips the locale's rules. SQLite
// compares bytes already. See docs/decisions/0006-bytewise-collation.md.
type bytewiseColumn struct {
	table, column string
	// onlyEmpty changes the column of an existing database only while its
	// table is empty: the change rebuilds the indexes on it, holding writes
	// to the table meanwhile.
	onlyEmpty bool
}

var bytewiseColumns = []bytewiseColumn{
	// Days are YYYY-MM-DD, so byte order is their order. Rollups are
	// small (one row per owner and active day), so existing ones change too.
	{dailystat.Table, dailystat.FieldDay, false},
	{partnerday.Table, partnerday.FieldDay, false},
	// Visitor ids are opaque. Visits are many: on a table that holds some,
	// the change would hold writes for seconds, so it is left to operators.
	// (Clicks' visitor ids are no longer indexed: decision 0106.)
	{visit.Table, visit.FieldVisitor, true},
}

// bytewise gives the bytewiseColumns the collation "C", once per database.
// ent's migration neither sets a collation per dialect nor changes one
// (the column is the same to it either way), so this does, after it.
func bytewise(ctx context.Context, db *sql.DB) error {
	for _, c := range bytewiseColumns {
		var collation sql.NullString
		err := db.QueryRowContext(ctx, `SELECT collation_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`,
			c.table, c.column).Scan(&collation)
		if err != nil {
			return fmt.Errorf("collation of %s.%s: %w", c.table, c.column, err)
		}
		if collation.String == "C" {
			continue
		}
		if c.onlyEmpty {
			var rows bool
			if err := db.QueryRowContext(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %q)`, c.table)).Scan(&rows); err != nil {
				return fmt.Errorf("collation of %s.%s: %w", c.table, c.column, err)
			}
			if rows {
				continue
			}
		}
		// The type is unchanged, so the table is not rewritten; the
		// indexes on the column are rebuilt.
		_, err = db.ExecContext(ctx, fmt.Sprintf(`ALTER TABLE %q ALTER COLUMN %q TYPE character varying COLLATE "C"`, c.table, c.column))
		if err != nil {
			return fmt.Errorf("collation of %s.%s: %w", c.table, c.column, err)
		}
	}
	return nil
}
