package signups_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/publicid"
	"github.com/reftrack/reftrack/internal/referral"
	"github.com/reftrack/reftrack/internal/signups"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
	"github.com/reftrack/reftrack/internal/viewer"
)

// BenchmarkRecordSignup measures recordSignup's domain work: one new
// signup through a ref tag, in a transaction of its own, as the mutation
// runs it. Issue 15 holds it within 1.2x of its cost before the event log
// (docs/decisions/0090-event-log-sequence.md).
func BenchmarkRecordSignup(b *testing.B) {
	db, err := database.Open(context.Background(), storetest.DSN(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	sys := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(sys)
	tag, err := referral.CreateTag(sys, db.Client, p.ID, "Newsletter")
	if err != nil {
		b.Fatal(err)
	}
	codec, err := publicid.New(make([]byte, 32))
	if err != nil {
		b.Fatal(err)
	}
	rec := &signups.Recorder{DB: db, Window: time.Hour}
	ctx := publicid.NewContext(viewer.NewContext(context.Background(), &viewer.Viewer{Role: viewer.Service}), codec)
	i := 0
	for b.Loop() {
		i++
		err := store.WithTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
			_, err := rec.Record(ctx, tx.Client(), signups.Input{Ref: tag.Code, Email: fmt.Sprintf("c%d@example.com", i)})
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
