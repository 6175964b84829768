// Package storetest gives each test its own empty database: a new SQLite
// file, or, when REFTRACK_TEST_POSTGRES names a PostgreSQL server, a new
// PostgreSQL database on it that is dropped when the test ends.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/store"
)

// EnvPostgres names the variable holding a PostgreSQL URL, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const EnvPostgres = "REFTRACK_TEST_POSTGRES"

// Postgres reports whether tests run on PostgreSQL.
func Postgres() bool { return os.Getenv(EnvPostgres) != "" }

// DSN returns the address of a new, empty database for t.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		return filepath.Join(t.TempDir(), "reftrack.db")
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	name := "reftrack_test_" + strings.ToLower(rand.Text()[:12])
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("connect to %s: %v", EnvPostgres, err)
	}
	defer admin.Close()
	if _, err := admin.ExecContext(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		if _, err := admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// Open opens a new, empty, migrated database for t, closed when t ends.
func Open(t testing.TB, opts ...store.Option) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), DSN(t), opts...)
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// LocksInOrder checks, on the PostgreSQL database at dsn, that a writer
// takes its locks on tables in their order: write, run while another
// transaction holds the first held of them (in SHARE ROW EXCLUSIVE mode, as
// a rebuild does), must come to wait for the last of those without holding
// any of the rest, which that transaction then takes without waiting. Then
// it lets write finish, and fails t if write fails.
func LocksInOrder(t testing.TB, dsn string, tables []string, held int, write func() error) {
	t.Helper()
	ctx := context.Background()
	control, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer control.Close()
	tx, err := control.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	lock := "LOCK TABLE " + strings.Join(tables[:held], ", ") + " IN SHARE ROW EXCLUSIVE MODE"
	if _, err := tx.ExecContext(ctx, lock); err != nil {
		t.Fatal(err)
	}
	written := make(chan error, 1)
	go func() { written <- write() }()
	waitForLockWait(t, control, tables[held-1])
	rest := "LOCK TABLE " + strings.Join(tables[held:], ", ") + " IN SHARE ROW EXCLUSIVE MODE NOWAIT"
	if _, err := tx.ExecContext(ctx, rest); err != nil {
		t.Errorf("a writer waiting for %s holds a later table: %v", tables[held-1], err)
	}
	tx.Rollback() // lets the writer go on
	select {
	case err := <-written:
		if err != nil {
			t.Fatalf("write once the locks were released: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the write did not finish once the locks were released")
	}
}

// waitForLockWait waits until a session of the PostgreSQL database that db
// connects to waits for a lock on table, and fails t after 10 seconds.
func waitForLockWait(t testing.TB, db *sql.DB, table string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var n int
		err := db.QueryRowContext(context.Background(),
			`SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = CAST($1 AS regclass)
			 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`, table).Scan(&n)
		if err != nil {
			t.Fatalf("read pg_locks: %v", err)
		}
		if n > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no session came to wait for a lock on %s", table)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
