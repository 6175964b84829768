package signups_test

import (
	"context"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/click"
	"github.com/reftrack/reftrack/ent/setting"
	"github.com/reftrack/reftrack/ent/visit"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/signups"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
	"github.com/reftrack/reftrack/internal/viewer"
)

// A database from before visits kept their last click has them filled in
// from the raw clicks at the first start (bots' clicks left out, a visit
// whose clicks were pruned given its first), and attribution then credits
// the source of the visitor's last click.
func TestAttributionAfterLastClicksAreFilled(t *testing.T) {
	dsn := storetest.DSN(t)
	sys := store.System(context.Background())
	db, err := database.Open(sys, dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(sys)
	tag, url := sources(t, sys, db, p.ID)
	now := time.Now().UTC().Truncate(time.Second)
	day := func(d int) time.Time { return now.AddDate(0, 0, -d) }
	clickAt := func(source int, visitor string, at time.Time, kind click.Kind) {
		db.Click.Create().SetPartnerID(p.ID).SetSourceID(source).SetVisitor(visitor).
			SetAt(at).SetDay(at.Format(time.DateOnly)).SetKind(kind).ExecX(sys)
	}
	// As before this version: visits without their last click. The
	// visitor came through the tag, then the URL, then the tag again; a
	// bot's click on the URL since does not count.
	db.Visit.Create().SetSourceID(tag.SourceID).SetVisitor("visitor-1").SetFirstAt(day(60)).ExecX(sys)
	db.Visit.Create().SetSourceID(url.SourceID).SetVisitor("visitor-1").SetFirstAt(day(10)).ExecX(sys)
	clickAt(tag.SourceID, "visitor-1", day(60), click.KindUnique)
	clickAt(url.SourceID, "visitor-1", day(10), click.KindUnique)
	clickAt(tag.SourceID, "visitor-1", day(1), click.KindReturning)
	clickAt(url.SourceID, "visitor-1", now.Add(-time.Hour), click.KindBot)
	// Another visitor's clicks were pruned.
	db.Visit.Create().SetSourceID(url.SourceID).SetVisitor("visitor-2").SetFirstAt(day(5)).ExecX(sys)
	db.Setting.Delete().Where(setting.Key(clicks.LastClicksKey)).ExecX(sys)
	db.Close()

	db, err = database.Open(sys, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		visitor string
		source  int
		want    time.Time
	}{
		{"visitor-1", tag.SourceID, day(1)},
		{"visitor-1", url.SourceID, day(10)},
		{"visitor-2", url.SourceID, day(5)},
	} {
		v := db.Visit.Query().Where(visit.Visitor(c.visitor), visit.SourceID(c.source)).OnlyX(sys)
		if v.LastAt == nil || !v.LastAt.Equal(c.want) {
			t.Errorf("%s on source %d: last click %v, want %v", c.visitor, c.source, v.LastAt, c.want)
		}
	}

	rec := &signups.Recorder{DB: db, Window: 90 * 24 * time.Hour}
	service := viewer.NewContext(context.Background(), &viewer.Viewer{Role: viewer.Service})
	for _, c := range []struct {
		visitor string
		wantTag bool
	}{{"visitor-1", true}, {"visitor-2", false}} {
		var conv *ent.Conversion
		err := store.WithTx(service, db.Client, func(ctx context.Context, tx *ent.Tx) error {
			conv, err = rec.Record(ctx, tx.Client(), signups.Input{VisitorID: c.visitor, Email: c.visitor + "@example.com"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := conv.RefTagID != nil; got != c.wantTag {
			t.Errorf("%s: credited to the ref tag: %v, want %v", c.visitor, got, c.wantTag)
		}
	}
}
