package signups_test

import (
	"context"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/referral"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/signups"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
	"github.com/reftrack/reftrack/internal/viewer"
)

// A signup locks the conversions before the rollups, in Rebuild's order, so
// that the two never deadlock: while the signup waits for the conversions,
// it holds neither rollup table.
func TestSignupLocksInRebuildsOrder(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("the lock order matters on PostgreSQL; SQLite has one writer at a time")
	}
	dsn := storetest.DSN(t)
	db, err := database.Open(context.Background(), dsn)
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

	rec := &signups.Recorder{DB: db, Window: time.Hour}
	service := viewer.NewContext(context.Background(), &viewer.Viewer{Role: viewer.Service})
	const rawTables = 2 // clicks and conversions, then the rollups
	storetest.LocksInOrder(t, dsn, rollup.LockOrder(), rawTables, func() error {
		return store.WithTx(service, db.Client, func(ctx context.Context, tx *ent.Tx) error {
			_, err := rec.Record(ctx, tx.Client(), signups.Input{Ref: tag.Code, Email: "c@example.com"})
			return err
		})
	})
	if n := db.Conversion.Query().CountX(ctx); n != 1 {
		t.Fatalf("%d conversions stored, want 1", n)
	}
}
