package demo_test

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent/click"
	"github.com/reftrack/reftrack/ent/reftag"
	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/calendar"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/demo"
	"github.com/reftrack/reftrack/internal/stats"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// filled opens a fresh database and fills it with the demo program.
func filled(t *testing.T) (*store.DB, string) {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, storetest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var out bytes.Buffer
	began := time.Now()
	if err := demo.Fill(ctx, db, "http://localhost:8080", &out); err != nil {
		t.Fatalf("Fill: %v\n%s", err, out.String())
	}
	t.Logf("Fill took %v", time.Since(began))
	return db, out.String()
}

// served fills a real server's database with the demo program and returns
// what Fill printed.
func served(t *testing.T) (*apitest.Server, string) {
	t.Helper()
	s := apitest.New(t)
	var out bytes.Buffer
	if err := demo.Fill(context.Background(), s.DB, s.URL, &out); err != nil {
		t.Fatal(err)
	}
	return s, out.String()
}

func TestFill(t *testing.T) {
	ctx := context.Background()
	db, out := filled(t)
	sys := store.System(ctx)

	ps, err := db.Partner.Query().All(sys)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 {
		t.Fatalf("partners = %d, want 1", len(ps))
	}
	p := ps[0]
	u, err := p.QueryReferralURL().Only(sys)
	if err != nil {
		t.Fatalf("referral URL: %v", err)
	}
	if u.Slug != "acme" || u.RedirectURL != "http://localhost:8080/?welcome=1" {
		t.Errorf("referral URL = %s -> %s", u.Slug, u.RedirectURL)
	}
	if n, err := db.RefTag.Query().Where(reftag.PartnerID(p.ID)).Count(sys); err != nil || n != 3 {
		t.Errorf("ref tags = %d, %v; want 3", n, err)
	}

	loc, err := calendar.LoadLocation(p.Timezone)
	if err != nil {
		t.Fatal(err)
	}
	m, err := stats.ForPartners(sys, db.Client, []int{p.ID}, calendar.LastDays(time.Now(), loc, 30), true)
	if err != nil {
		t.Fatal(err)
	}
	s := m[p.ID]
	t.Logf("stats: unique %d, returning %d, bot %d, conversions %d, rate %.3f",
		s.UniqueClicks, s.ReturningClicks, s.BotClicks, s.Conversions, s.ConversionRate)
	if s.UniqueClicks == 0 || s.ReturningClicks == 0 || s.BotClicks == 0 {
		t.Errorf("want unique, returning and bot clicks, got %+v", s)
	}
	if s.TotalClicks != s.UniqueClicks+s.ReturningClicks {
		t.Errorf("totalClicks %d != unique %d + returning %d", s.TotalClicks, s.UniqueClicks, s.ReturningClicks)
	}
	convs, err := db.Conversion.Query().Count(sys)
	if err != nil {
		t.Fatal(err)
	}
	if convs == 0 || s.Conversions != convs {
		t.Errorf("stats conversions = %d, conversions stored = %d", s.Conversions, convs)
	}

	counted, err := db.Click.Query().Where(click.KindNEQ(click.KindBot)).Count(sys)
	if err != nil {
		t.Fatal(err)
	}
	bots, err := db.Click.Query().Where(click.KindEQ(click.KindBot)).Count(sys)
	if err != nil {
		t.Fatal(err)
	}
	rollups, err := db.DailyStat.Query().All(sys)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, r := range rollups {
		sum += r.UniqueClicks + r.ReturningClicks
	}
	if sum != counted || s.TotalClicks != counted {
		t.Errorf("rollups sum to %d, stats total %d, raw non-bot clicks %d", sum, s.TotalClicks, counted)
	}
	if s.BotClicks != bots {
		t.Errorf("stats bot clicks %d, raw bot clicks %d", s.BotClicks, bots)
	}

	text := out
	t.Logf("output:\n%s", text)
	tok := regexp.MustCompile(`rt_[A-Za-z0-9]+`).FindString(text)
	if tok == "" || !strings.Contains(text, `"Bearer `+tok+`"`) {
		t.Errorf("output lacks the token in an Authorization header")
	}
	if !strings.Contains(text, "http://localhost:8080/r/acme") {
		t.Errorf("output lacks the referral URL")
	}

	// A second Fill leaves a database with partners alone.
	var again bytes.Buffer
	if err := demo.Fill(ctx, db, "http://localhost:8080", &again); err != nil {
		t.Fatalf("second Fill: %v", err)
	}
	if !strings.Contains(again.String(), "already has partners") {
		t.Errorf("second Fill said %q", again.String())
	}
	if n, err := db.Partner.Query().Count(sys); err != nil || n != 1 {
		t.Errorf("partners after second Fill = %d, %v; want 1", n, err)
	}
	if n, err := db.Click.Query().Count(sys); err != nil || n != counted+bots {
		t.Errorf("clicks after second Fill = %d, %v; want %d", n, err, counted+bots)
	}
}
