package clicks

import (
	"context"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// A batch locks the clicks table before the rollups, in Rebuild's order.
// pgx prepares the statements of a batch that its connection has not seen
// before it runs any, and preparing an INSERT or UPDATE already locks its
// table: a batch whose click insert was prepared before but whose rollup
// upsert was not (a new shape, here two sources at once) would hold the
// rollups while it waits for the clicks. A Rebuild that locked the clicks
// meanwhile would wait for the rollups, and PostgreSQL would kill one.
func TestBatchLocksInRebuildsOrder(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("the lock order matters on PostgreSQL; SQLite has one writer at a time")
	}
	dsn := storetest.DSN(t)
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// One connection, so that the batches below share its prepared statements.
	db.SQL.SetMaxOpenConns(1)
	r, a := newTagRecorder(t, db)
	ctx := store.System(context.Background())
	s := db.Source.Create().SetRef("b").SetKind("ref_tag").SetPartnerID(a.PartnerID).SaveX(ctx)
	b := &Source{ID: s.ID, PartnerID: a.PartnerID, Ref: "b", Location: time.UTC}
	at := time.Now()
	for _, src := range []*Source{a, b} {
		if err := r.commit([]*request{{click: Click{Source: src, Ref: src.Ref, Visitor: "v0", At: at}}}); err != nil {
			t.Fatal(err)
		}
	}

	storetest.LocksInOrder(t, dsn, rollup.LockOrder(), 1, func() error {
		return r.commit([]*request{
			{click: Click{Source: a, Ref: a.Ref, Visitor: "v1", At: at}},
			{click: Click{Source: b, Ref: b.Ref, Visitor: "v1", At: at}},
		})
	})
	if n := db.Click.Query().CountX(ctx); n != 4 {
		t.Fatalf("%d clicks stored, want 4", n)
	}
}
