package store_test

import (
	"context"
	"testing"

	"github.com/reftrack/reftrack/store"
	"github.com/reftrack/reftrack/storetest"
)

// On PostgreSQL the rollups' days compare bytewise (collation "C"), in a
// new database and in one made before they did, and opening the database
// again leaves them, and their indexes, as they are.
func TestPostgresRollupDaysCompareBytes(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("PostgreSQL only: SQLite compares bytes already; set " + storetest.EnvPostgres)
	}
	ctx := context.Background()
	dsn := storetest.DSN(t)
	open := func() *store.DB {
		t.Helper()
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	// collations returns the collation of each rollup table's day column,
	// and the storage of their (owner, day) indexes, which an ALTER of the
	// column rebuilds.
	collations := func(db *store.DB) (got map[string]string, files map[string]int) {
		t.Helper()
		got, files = map[string]string{}, map[string]int{}
		rows, err := db.SQL.QueryContext(ctx, `SELECT c.table_name, COALESCE(c.collation_name, ''), i.relfilenode
			FROM information_schema.columns c
			JOIN pg_index x ON x.indrelid = c.table_name::regclass AND x.indisunique AND x.indnatts = 2
			JOIN pg_class i ON i.oid = x.indexrelid
			WHERE c.table_name IN ('daily_stats', 'partner_days') AND c.column_name = 'day'`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var table, collation string
			var file int
			if err := rows.Scan(&table, &collation, &file); err != nil {
				t.Fatal(err)
			}
			got[table], files[table] = collation, file
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("found the day columns and (owner, day) indexes of %v, want daily_stats and partner_days", got)
		}
		return got, files
	}

	db := open()
	if got, _ := collations(db); got["daily_stats"] != "C" || got["partner_days"] != "C" {
		t.Fatalf("new database: day collations %v, want C", got)
	}
	// As an older Reftrack made them.
	for _, table := range []string{"daily_stats", "partner_days"} {
		if _, err := db.SQL.ExecContext(ctx, `ALTER TABLE `+table+` ALTER COLUMN day TYPE character varying COLLATE "default"`); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := collations(db); got["daily_stats"] != "" {
		t.Fatalf("after resetting: day collations %v, want the default", got)
	}
	got, files := collations(open())
	if got["daily_stats"] != "C" || got["partner_days"] != "C" {
		t.Fatalf("older database opened: day collations %v, want C", got)
	}
	if again, filesAgain := collations(open()); again["daily_stats"] != "C" || filesAgain["daily_stats"] != files["daily_stats"] || filesAgain["partner_days"] != files["partner_days"] {
		t.Fatalf("opened again: collations %v, index files %v, want C and unchanged %v", again, filesAgain, files)
	}
}
