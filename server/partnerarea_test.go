package server_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
)

func TestSlugAvailable(t *testing.T) {
	s := apitest.New(t)
	a, b := s.TwoPartners(t)
	s.MustDo(t, a.Token, `mutation { createReferralURL(input: {slug: "acme", redirectURL: "https://example.com/"}) { id } }`, nil, nil)
	var tag struct{ CreateRefTag struct{ Code string } }
	s.MustDo(t, a.Token, `mutation { createRefTag(input: {name: "Facebook"}) { code } }`, nil, &tag)
	q := `query($s: String!) { slugAvailable(slug: $s) { slug status reason } }`
	for _, c := range []struct{ slug, status string }{
		{"acme", "TAKEN"},                // A's referral URL, asked by B
		{tag.CreateRefTag.Code, "TAKEN"}, // A's tag code: one namespace
		{"free-slug", "AVAILABLE"},
		{"Acme", "INVALID"},
		{"ab", "INVALID"},
		{"admin", "INVALID"},
	} {
		var out struct {
			SlugAvailable struct {
				Slug, Status string
				Reason       *string
			}
		}
		s.MustDo(t, b.Token, q, map[string]any{"s": c.slug}, &out)
		got := out.SlugAvailable
		if got.Status != c.status || got.Slug != c.slug || (got.Reason == nil) != (c.status == "AVAILABLE") {
			t.Errorf("%q: %+v, want %s", c.slug, got, c.status)
		}
	}
	service := s.ServiceToken(t)
	for _, token := range []string{"", service} {
		if r := s.Do(t, token, q, map[string]any{"s": "x-y-z"}); r.Code() == "" {
			t.Errorf("slugAvailable with token %q answered", token)
		}
	}
}

type rankingJSON struct {
	PartnerLeaderboard []struct {
		Partner                                                 struct{ Name string }
		UniqueClicks, ReturningClicks, TotalClicks, Conversions int
		ConversionRate                                          float64
	}
}

func TestPartnerLeaderboard(t *testing.T) {
	s := apitest.New(t)
	service := s.ServiceToken(t)
	add := func(name string, clicks, signups int) apitest.Partner {
		p := s.CreatePartner(t, name, name+"@example.com", "UTC")
		slug := "p-" + name
		s.MustDo(t, p.Token, fmt.Sprintf(`mutation { createReferralURL(input: {slug: %q, redirectURL: "https://example.com/"}) { id } }`, slug), nil, nil)
		for i := range clicks {
			click(t, s, "/r/"+slug, fmt.Sprintf("%s-visitor-%d", name, i))
		}
		click(t, s, "/r/"+slug, name+"-visitor-0") // one returning click each
		for i := range signups {
			s.MustDo(t, service, fmt.Sprintf(`mutation { recordSignup(input: {ref: %q, email: "%s-%d@example.com"}) { id } }`, slug, name, i), nil, nil)
		}
		return p
	}
	a := add("alpha", 4, 1)
	add("bravo", 2, 2)
	today := time.Now().UTC().Format(time.DateOnly)
	q := func(order string) string {
		return fmt.Sprintf(`{ partnerLeaderboard(range: {from: %q, to: %q}%s) { partner { name } uniqueClicks returningClicks totalClicks conversions conversionRate } }`, today, today, order)
	}
	var out rankingJSON
	s.MustDo(t, apitest.AdminToken, q(""), nil, &out)
	r := out.PartnerLeaderboard
	if len(r) != 2 || r[0].Partner.Name != "bravo" || r[0].Conversions != 2 || r[0].UniqueClicks != 2 || r[0].ReturningClicks != 1 || r[0].TotalClicks != 3 || r[0].ConversionRate != 1 ||
		r[1].Partner.Name != "alpha" || r[1].UniqueClicks != 4 || r[1].ConversionRate != 0.25 {
		t.Fatalf("by conversions: %+v", r)
	}
	for order, first := range map[string]string{
		"UNIQUE_CLICKS": "alpha", "TOTAL_CLICKS": "alpha", "CONVERSION_RATE": "bravo", "NAME": "bravo",
	} {
		s.MustDo(t, apitest.AdminToken, q(fmt.Sprintf(", orderBy: {field: %s}", order)), nil, &out)
		if out.PartnerLeaderboard[0].Partner.Name != first {
			t.Errorf("by %s desc: %s first, want %s", order, out.PartnerLeaderboard[0].Partner.Name, first)
		}
	}
	s.MustDo(t, apitest.AdminToken, q(", orderBy: {field: UNIQUE_CLICKS, direction: ASC}, first: 1"), nil, &out)
	if len(out.PartnerLeaderboard) != 1 || out.PartnerLeaderboard[0].Partner.Name != "bravo" {
		t.Fatalf("ascending, first 1: %+v", out.PartnerLeaderboard)
	}
	// Admins only.
	if r := s.Do(t, a.Token, q(""), nil); r.Code() != "FORBIDDEN" {
		t.Fatalf("partner asking for the leaderboard: %+v", r.Errors)
	}
	if r := s.Do(t, apitest.AdminToken, `{ partnerLeaderboard(range: {from: "2025-01-01", to: "2026-06-01"}) { conversions } }`, nil); r.Code() != "BAD_USER_INPUT" {
		t.Fatalf("a range over 366 days: %+v", r.Errors)
	}
	// Statements do not grow with partners.
	few := statements(t, s, apitest.AdminToken, q(""))
	for i := range 10 {
		add(fmt.Sprintf("more%d", i), 1, 0)
	}
	if many := statements(t, s, apitest.AdminToken, q("")); many != few {
		t.Fatalf("leaderboard: %d statements for 2 partners, %d for 12", few, many)
	}
}

func TestMeShowsSettings(t *testing.T) {
	s := apitest.New(t)
	p := s.CreatePartner(t, "K", "k@k.example", "Asia/Kolkata")
	var out struct {
		Me struct {
			Timezone    string
			HasPassword bool
		}
	}
	s.MustDo(t, p.Token, `{ me { timezone hasPassword } }`, nil, &out)
	if out.Me.Timezone != "Asia/Kolkata" || out.Me.HasPassword {
		t.Fatalf("me: %+v", out.Me)
	}
}
