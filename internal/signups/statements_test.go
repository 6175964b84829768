package signups_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/click"
	"github.com/reftrack/reftrack/ent/event"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/signups"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
	"github.com/reftrack/reftrack/internal/viewer"
)

// A signup costs a fixed number of statements, whichever way it came: the
// attribution reads its source with the partner and the ref tag or
// referral URL in one statement (three before, a tenth of recordSignup's
// time: decision 0090), and its event's payload holds those rows as ent
// reads them.
func TestRecordSignupStatements(t *testing.T) {
	var statements atomic.Int64
	db, err := database.Open(context.Background(), storetest.DSN(t), store.WithQueryHook(func() { statements.Add(1) }))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sys := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SetTimezone("Europe/Paris").SaveX(sys)
	tag, url := sources(t, sys, db, p.ID)
	now := time.Now().UTC()
	db.Click.Create().SetPartnerID(p.ID).SetSourceID(url.SourceID).SetVisitor("visitor-1234").
		SetAt(now.Add(-time.Minute)).SetDay(now.Format(time.DateOnly)).SetKind(click.KindUnique).ExecX(sys)
	db.Visit.Create().SetSourceID(url.SourceID).SetVisitor("visitor-1234").
		SetFirstAt(now.Add(-time.Minute)).SetLastAt(now.Add(-time.Minute)).ExecX(sys)

	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	rec := &signups.Recorder{DB: db, Window: time.Hour}
	service := viewer.NewContext(context.Background(), &viewer.Viewer{Role: viewer.Service})
	n := 0
	record := func(in signups.Input) (*ent.Conversion, int64) {
		t.Helper()
		before := statements.Load()
		var conv *ent.Conversion
		err := store.WithTx(service, db.Client, func(ctx context.Context, tx *ent.Tx) error {
			var err error
			conv, err = rec.Record(ctx, tx.Client(), in)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return conv, statements.Load() - before
	}
	// The first signups of the day create their days' rollup rows, and the
	// first reads the system tags.
	record(signups.Input{Ref: tag.Code, Email: "warm-1@example.com"})
	record(signups.Input{Ref: url.Slug, Email: "warm-2@example.com"})

	// BEGIN, the customer by email, the source, the customer and its tags,
	// the conversion, the rollups' read and two upserts, the event's
	// sequence and the event, COMMIT; on PostgreSQL also the advisory
	// locks of the email and of the partner's rollups.
	want := int64(12)
	if storetest.Postgres() {
		want = 14
	}
	for _, c := range []struct {
		name string
		in   signups.Input
		// the click's read, and the unknown ref's
		extra int64
	}{
		{"ref tag", signups.Input{Ref: tag.Code}, 0},
		{"referral URL", signups.Input{Ref: url.Slug}, 0},
		{"visitor's click", signups.Input{VisitorID: "visitor-1234"}, 1},
		{"unknown ref, visitor's click", signups.Input{Ref: "nosuchref", VisitorID: "visitor-1234"}, 2},
	} {
		n++
		c.in.Email = fmt.Sprintf("c%d@example.com", n)
		conv, got := record(c.in)
		if got != want+c.extra {
			t.Errorf("%s: recordSignup ran %d statements, want %d", c.name, got, want+c.extra)
		}
		ev := db.Event.Query().Where(event.ConversionID(conv.ID)).OnlyX(sys)
		var payload eventlog.ConversionPayload
		if err := json.Unmarshal([]byte(ev.Payload), &payload); err != nil {
			t.Fatal(err)
		}
		var wantTag *eventlog.RefTag
		var wantURL *eventlog.ReferralURL
		if c.in.Ref == tag.Code {
			wantTag = eventlog.RefTagOf(db.RefTag.GetX(sys, tag.ID))
		} else {
			wantURL = eventlog.ReferralURLOf(db.ReferralURL.GetX(sys, url.ID))
		}
		gotJSON, _ := json.Marshal([]any{payload.Conversion.RefTag, payload.Conversion.ReferralURL})
		wantJSON, _ := json.Marshal([]any{wantTag, wantURL})
		if string(gotJSON) != string(wantJSON) {
			t.Errorf("%s: the event's source %s, want %s", c.name, gotJSON, wantJSON)
		}
		if (conv.RefTagID != nil) != (wantTag != nil) || (conv.ReferralURLID != nil) != (wantURL != nil) || conv.PartnerID != p.ID {
			t.Errorf("%s: conversion %+v", c.name, conv)
		}
		if want := conv.OccurredAt.In(paris).Format(time.DateOnly); conv.Day != want {
			t.Errorf("%s: the conversion's day is %s, want %s in the partner's timezone", c.name, conv.Day, want)
		}
	}
}
