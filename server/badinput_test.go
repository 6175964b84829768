package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/store"
)

// rowCounts counts the rows of every table a mutation could change.
func rowCounts(t *testing.T, s *apitest.Server) map[string]int {
	t.Helper()
	ctx := store.System(context.Background())
	db := s.DB
	return map[string]int{
		"partners":      db.Partner.Query().CountX(ctx),
		"tokens":        db.Token.Query().CountX(ctx),
		"referral_urls": db.ReferralURL.Query().CountX(ctx),
		"ref_tags":      db.RefTag.Query().CountX(ctx),
		"sources":       db.Source.Query().CountX(ctx),
		"customers":     db.Customer.Query().CountX(ctx),
		"tags":          db.CustomerTag.Query().CountX(ctx),
		"conversions":   db.Conversion.Query().CountX(ctx),
		"daily_stats":   db.DailyStat.Query().CountX(ctx),
		"tagged":        db.Customer.Query().QueryTags().CountX(ctx),
	}
}

func TestBadInputIsRejectedAndChangesNothing(t *testing.T) {
	w := newWorld(t)
	s := w.s
	const (
		bad          = "BAD_USER_INPUT"
		conflict     = "CONFLICT"
		forbidden    = "FORBIDDEN"
		unauthorized = "UNAUTHENTICATED"
	)
	longRef := strings.Repeat("x", 65)
	cases := []struct {
		name, token, query string
		vars               map[string]any
		code               string
	}{
		{"slug taken", w.b.Token, `mutation { createReferralURL(input: {slug: "partner-a", redirectURL: "https://example.com/"}) { id } }`, nil, conflict},
		{"second referral URL", w.a.Token, `mutation { createReferralURL(input: {slug: "another-one", redirectURL: "https://example.com/"}) { id } }`, nil, conflict},
		{"slug too short", w.a.Token, `mutation { createReferralURL(input: {slug: "ab", redirectURL: "https://example.com/"}) { id } }`, nil, bad},
		{"slug upper case", w.a.Token, `mutation { createReferralURL(input: {slug: "Acme", redirectURL: "https://example.com/"}) { id } }`, nil, bad},
		{"slug with space", w.a.Token, `mutation { createReferralURL(input: {slug: "my shop", redirectURL: "https://example.com/"}) { id } }`, nil, bad},
		{"slug too long", w.a.Token, `mutation($s: String!) { createReferralURL(input: {slug: $s, redirectURL: "https://example.com/"}) { id } }`, map[string]any{"s": strings.Repeat("a", 33)}, bad},
		{"slug reserved", w.a.Token, `mutation { createReferralURL(input: {slug: "graphql", redirectURL: "https://example.com/"}) { id } }`, nil, bad},
		{"redirect to another host", w.a.Token, `mutation { updateReferralURL(input: {redirectURL: "https://evil.example.net/"}) { id } }`, nil, bad},
		{"javascript redirect", w.a.Token, `mutation { updateReferralURL(input: {redirectURL: "javascript:alert(1)"}) { id } }`, nil, bad},
		{"ftp redirect", w.a.Token, `mutation { updateReferralURL(input: {redirectURL: "ftp://example.com/file"}) { id } }`, nil, bad},
		{"relative redirect", w.a.Token, `mutation { updateReferralURL(input: {redirectURL: "/pricing"}) { id } }`, nil, bad},
		{"ref tag name taken, other case", w.a.Token, `mutation { createRefTag(input: {name: "NEWSLETTER"}) { id } }`, nil, conflict},
		{"ref tag name empty", w.a.Token, `mutation { createRefTag(input: {name: "  "}) { id } }`, nil, bad},
		{"customer tag named like a system tag", w.a.Token, `mutation { createCustomerTag(input: {name: "free trial"}) { id } }`, nil, conflict},
		{"customer tag taken", w.a.Token, `mutation { createCustomerTag(input: {name: "vip"}) { id } }`, nil, conflict},
		{"delete system tag", w.a.Token, `mutation($t: ID!) { deleteCustomerTag(id: $t) }`, map[string]any{"t": w.systemTag}, forbidden},
		{"partner email malformed", apitest.AdminToken, `mutation { createPartner(input: {name: "C", email: "not-an-email"}) { token } }`, nil, bad},
		{"partner email taken", apitest.AdminToken, `mutation { createPartner(input: {name: "C", email: "A@A.example"}) { token } }`, nil, conflict},
		{"unknown timezone", apitest.AdminToken, `mutation { createPartner(input: {name: "C", email: "c@c.example", timezone: "Mars/Olympus"}) { token } }`, nil, bad},
		{"partner creates partner", w.a.Token, `mutation { createPartner(input: {name: "C", email: "c@c.example"}) { token } }`, nil, forbidden},
		{"partner creates service token", w.a.Token, `mutation { createServiceToken(name: "x") }`, nil, forbidden},
		{"partner records signup", w.a.Token, `mutation { recordSignup(input: {ref: "partner-a", email: "z@z.example"}) { id } }`, nil, forbidden},
		{"service creates ref tag", w.service, `mutation { createRefTag(input: {name: "X"}) { id } }`, nil, forbidden},
		{"service lists partners", w.service, `{ partners { totalCount } }`, nil, forbidden},
		{"partner lists partners", w.a.Token, `{ partners { totalCount } }`, nil, forbidden},
		{"signup email malformed", w.service, `mutation { recordSignup(input: {ref: "partner-a", email: "z@"}) { id } }`, nil, bad},
		{"signup unattributable", w.service, `mutation { recordSignup(input: {ref: "no-such-ref", email: "z@z.example"}) { id } }`, nil, "NOT_ATTRIBUTED"},
		{"signup without ref or visitor", w.service, `mutation { recordSignup(input: {email: "z@z.example"}) { id } }`, nil, "NOT_ATTRIBUTED"},
		{"signup ref absurdly long", w.service, `mutation($r: String!) { recordSignup(input: {ref: $r, email: "z@z.example"}) { id } }`, map[string]any{"r": longRef}, bad},
		{"signup email reused with another externalID", w.service, `mutation { recordSignup(input: {ref: "partner-a", email: "ext@a.example", externalID: "cus_other"}) { id } }`, nil, conflict},
		{"range from after to", w.a.Token, `{ me { stats(range: {from: "2026-03-10", to: "2026-03-01"}) { totalClicks } } }`, nil, bad},
		{"range over 366 days", w.a.Token, `{ me { stats(range: {from: "2025-01-01", to: "2026-01-02"}) { totalClicks } } }`, nil, bad},
		{"impossible date", w.a.Token, `{ me { stats(range: {from: "2026-02-30", to: "2026-03-01"}) { totalClicks } } }`, nil, bad},
		{"date not a date", w.a.Token, `query($r: DateRange) { me { stats(range: $r) { totalClicks } } }`, map[string]any{"r": map[string]any{"from": "yesterday", "to": "2026-03-01"}}, bad},
		{"first over 100", w.a.Token, `{ refTags(first: 101) { totalCount } }`, nil, bad},
		{"first negative", w.a.Token, `{ customers(first: -1) { totalCount } }`, nil, bad},
		{"no token", "", `{ me { name } }`, nil, unauthorized},
		{"bad token", "rt_not-a-real-token", `{ me { name } }`, nil, unauthorized},
		{"no token for a mutation", "", `mutation { createRefTag(input: {name: "X"}) { id } }`, nil, unauthorized},
		{"partner reads unmatched refs", w.a.Token, `{ unmatchedRefs { totalCount } }`, nil, forbidden},
	}
	s.MustDo(t, w.service, `mutation { recordSignup(input: {ref: "partner-a", email: "ext@a.example", externalID: "cus_9"}) { id } }`, nil, nil)
	before := rowCounts(t, s)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := s.Do(t, c.token, c.query, c.vars)
			if r.Code() != c.code {
				t.Fatalf("code = %q, want %q; errors %+v", r.Code(), c.code, r.Errors)
			}
			if r.Status >= 500 {
				t.Fatalf("status %d", r.Status)
			}
			if msg := r.Errors[0].Message; msg == "" || strings.Contains(msg, "ent:") || strings.Contains(msg, "sql") {
				t.Fatalf("message %q is not for a person", msg)
			}
		})
	}
	after := rowCounts(t, s)
	for table, n := range before {
		if after[table] != n {
			t.Errorf("rejected operations changed %s: %d rows, then %d", table, n, after[table])
		}
	}
}

func TestQueriesAreBounded(t *testing.T) {
	s := apitest.New(t, apitest.Options{Env: map[string]string{"REFTRACK_MAX_DEPTH": "4", "REFTRACK_MAX_COMPLEXITY": "300", "REFTRACK_MAX_BODY_BYTES": "2048"}})
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")
	deep := s.Do(t, p.Token, `{ conversions(first: 1) { edges { node { customer { refTag { name } } } } } }`, nil)
	if deep.Code() != "LIMIT_EXCEEDED" || !strings.Contains(deep.Errors[0].Message, "deep") {
		t.Errorf("deep query: %+v", deep.Errors)
	}
	costly := s.Do(t, p.Token, `{ refTags(first: 100) { edges { node { name code stats { uniqueClicks totalClicks } } } } }`, nil)
	if costly.Code() != "LIMIT_EXCEEDED" || !strings.Contains(costly.Errors[0].Message, "costs more") {
		t.Errorf("costly query: %+v", costly.Errors)
	}
	cheap := s.Do(t, p.Token, `{ refTags(first: 5) { edges { node { name } } } }`, nil)
	if len(cheap.Errors) > 0 {
		t.Errorf("cheap query: %+v", cheap.Errors)
	}
	big := strings.NewReader(`{"query": "{ me { name } }", "pad": "` + strings.Repeat("x", 4096) + `"}`)
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", big)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+p.Token)
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: status %d, want 413", resp.StatusCode)
	}
}
