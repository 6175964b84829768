package signups_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/referral"
	"github.com/reftrack/reftrack/rollup"
	"github.com/reftrack/reftrack/signups"
	"github.com/reftrack/reftrack/store"
	"github.com/reftrack/reftrack/storetest"
	"github.com/reftrack/reftrack/viewer"
)

// A signup locks the conversions before the rollups, in Rebuild's order, so
// that the two never deadlock: a transaction holding Rebuild's locks up to
// the conversions, which the signup waits for, can take the rest.
func TestSignupLocksInRebuildsOrder(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("the lock order matters on PostgreSQL; SQLite has one writer at a time")
	}
	dsn := storetest.DSN(t)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(ctx)
	tag, err := referral.CreateTag(ctx, db.Client, p.ID, "Newsletter")
	if err != nil {
		t.Fatal(err)
	}

	control, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer control.Close()
	rebuild, err := control.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rebuild.Rollback()
	tables := rollup.LockOrder()
	const conversions = 2 // tables[:2]: the raw tables, clicks and conversions
	if _, err := rebuild.ExecContext(ctx, fmt.Sprintf("LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE", strings.Join(tables[:conversions], ", "))); err != nil {
		t.Fatal(err)
	}

	rec := &signups.Recorder{DB: db, Window: time.Hour}
	service := viewer.NewContext(context.Background(), &viewer.Viewer{Role: viewer.Service})
	recorded := make(chan error, 1)
	go func() {
		recorded <- store.WithTx(service, db.Client, func(ctx context.Context, tx *ent.Tx) error {
			_, err := rec.Record(ctx, tx.Client(), signups.Input{Ref: tag.Code, Email: "c@example.com"})
			return err
		})
	}()
	storetest.WaitForLockWait(t, control, tables[conversions-1])

	rest := fmt.Sprintf("LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE NOWAIT", strings.Join(tables[conversions:], ", "))
	if _, err := rebuild.ExecContext(ctx, rest); err != nil {
		t.Fatalf("a signup waiting for %s holds a later table: %v", tables[conversions-1], err)
	}
	if err := rebuild.Commit(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-recorded:
		if err != nil {
			t.Fatalf("signup after the locks were released: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the signup was not recorded once the locks were released")
	}
	if n := db.Conversion.Query().CountX(ctx); n != 1 {
		t.Fatalf("%d conversions stored, want 1", n)
	}
}
