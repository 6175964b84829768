package store_test

import (
	"context"
	"maps"
	"testing"

	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// On PostgreSQL the rollups' days and the visitor ids compare bytewise
// (collation "C") in a new database. In one made before they did, the days
// change on open, and the visitor ids only where their table is still
// empty: on a table of visits the change would hold clicks for seconds.
// Opening the database again leaves the columns, and their indexes, as
// they are.
func TestPostgresColumnsCompareBytes(t *testing.T) {
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
	columns := []string{"daily_stats.day", "partner_days.day", "visits.visitor"}
	// collations returns the collation of each column, and the storage of
	// the index on it, which an ALTER of the column rebuilds.
	collations := func(db *store.DB) (got map[string]string, files map[string]int) {
		t.Helper()
		got, files = map[string]string{}, map[string]int{}
		rows, err := db.SQL.QueryContext(ctx, `SELECT c.table_name || '.' || c.column_name, COALESCE(c.collation_name, ''), i.relfilenode
			FROM information_schema.columns c
			JOIN pg_index x ON x.indrelid = c.table_name::regclass AND CAST(c.ordinal_position AS int2) = ANY (CAST(x.indkey AS int2[]))
			JOIN pg_class i ON i.oid = x.indexrelid
			WHERE c.table_schema = current_schema() AND c.table_name || '.' || c.column_name = ANY ($1)`, columns)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var column, collation string
			var file int
			if err := rows.Scan(&column, &collation, &file); err != nil {
				t.Fatal(err)
			}
			got[column], files[column] = collation, file
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(columns) {
			t.Fatalf("found the indexed columns %v, want %v", got, columns)
		}
		return got, files
	}
	all := func(collation string) map[string]string {
		m := map[string]string{}
		for _, c := range columns {
			m[c] = collation
		}
		return m
	}

	db := open()
	if got, _ := collations(db); !maps.Equal(got, all("C")) {
		t.Fatalf("new database: collations %v, want C", got)
	}
	// As an older Reftrack made them, with a visit stored.
	for _, c := range []string{"daily_stats", "partner_days"} {
		if _, err := db.SQL.ExecContext(ctx, `ALTER TABLE `+c+` ALTER COLUMN day TYPE character varying COLLATE "default"`); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.SQL.ExecContext(ctx, `ALTER TABLE visits ALTER COLUMN visitor TYPE character varying COLLATE "default"`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL.ExecContext(ctx, `INSERT INTO visits (source_id, visitor, first_at, last_at) VALUES (1, 'v', now(), now())`); err != nil {
		t.Fatal(err)
	}
	if got, _ := collations(db); !maps.Equal(got, all("")) {
		t.Fatalf("after resetting: collations %v, want the default", got)
	}
	got, files := collations(open())
	want := all("C")
	want["visits.visitor"] = ""
	if !maps.Equal(got, want) {
		t.Fatalf("older database opened: collations %v, want %v", got, want)
	}
	if again, filesAgain := collations(open()); !maps.Equal(again, want) || !maps.Equal(filesAgain, files) {
		t.Fatalf("opened again: collations %v, index files %v, want %v and unchanged %v", again, filesAgain, want, files)
	}
}
