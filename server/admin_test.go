package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
)

// TestAdminListsAndRevokesTokens: an admin lists the admin and service
// tokens, revokes one (its requests are refused and its websockets end),
// and cannot lock every admin out by revoking the last admin token
// (issue 17.13).
func TestAdminListsAndRevokesTokens(t *testing.T) {
	s := apitest.New(t)
	s.CreatePartner(t, "A", "a@a.example", "UTC") // its token is not listed
	service := s.ServiceToken(t)
	var made struct{ CreateAdminToken string }
	s.MustDo(t, apitest.AdminToken, `mutation { createAdminToken(name: "ops laptop") }`, nil, &made)
	admin := made.CreateAdminToken

	type apiToken struct {
		ID, Name, Role string
		RevokedAt      *string
	}
	var list struct{ APITokens []apiToken }
	s.MustDo(t, apitest.AdminToken, `{ apiTokens { id name role revokedAt } }`, nil, &list)
	if len(list.APITokens) != 2 || list.APITokens[0].Name != "ops laptop" || list.APITokens[0].Role != "ADMIN" ||
		list.APITokens[1].Name != "backend" || list.APITokens[1].Role != "SERVICE" || list.APITokens[1].RevokedAt != nil {
		t.Fatalf("apiTokens = %+v", list.APITokens)
	}
	adminID, serviceID := list.APITokens[0].ID, list.APITokens[1].ID
	for _, tok := range []string{service, admin} {
		if r := s.Do(t, tok, `{ apiTokens { id } }`, nil); tok == service && r.Code() != "FORBIDDEN" {
			t.Errorf("the service lists tokens: code %q", r.Code())
		}
	}

	// Revoking the service token refuses it at once.
	var revoked struct{ RevokeToken apiToken }
	s.MustDo(t, apitest.AdminToken, `mutation($id: ID!) { revokeToken(id: $id) { id revokedAt } }`, map[string]any{"id": serviceID}, &revoked)
	if revoked.RevokeToken.ID != serviceID || revoked.RevokeToken.RevokedAt == nil {
		t.Fatalf("revokeToken = %+v", revoked.RevokeToken)
	}
	if r := s.Do(t, service, `mutation { recordSignup(input: {ref: "x", email: "z@z.example"}) { id } }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("the revoked service token: code %q", r.Code())
	}

	// The last admin token is not revoked by its own holder...
	ws := subscribed(t, s, admin)
	if r := s.Do(t, admin, `mutation($id: ID!) { revokeToken(id: $id) { id } }`, map[string]any{"id": adminID}); r.Code() != "CONFLICT" {
		t.Fatalf("revoking the last admin token: code %q (%+v), want CONFLICT", r.Code(), r.Errors)
	}
	// ...but once there is another, it is, and its websocket ends.
	s.MustDo(t, admin, `mutation { createAdminToken(name: "spare") }`, nil, nil)
	s.MustDo(t, admin, `mutation($id: ID!) { revokeToken(id: $id) { id } }`, map[string]any{"id": adminID}, nil)
	ws.expectClosed(4403, 5*time.Second)
	if r := s.Do(t, admin, `{ apiTokens { id } }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("the revoked admin token: code %q", r.Code())
	}
	// A partner can do none of it.
	p := s.CreatePartner(t, "B", "b@b.example", "UTC")
	for _, q := range []string{`{ apiTokens { id } }`, `mutation { createAdminToken(name: "x") }`} {
		if r := s.Do(t, p.Token, q, nil); r.Code() != "FORBIDDEN" {
			t.Errorf("%s as a partner: code %q", q, r.Code())
		}
	}
	if r := s.Do(t, p.Token, `mutation($id: ID!) { revokeToken(id: $id) { id } }`, map[string]any{"id": adminID}); r.Code() != "FORBIDDEN" {
		t.Errorf("revokeToken as a partner: code %q", r.Code())
	}
}

// TestDisabledPartnerIsRefusedAndItsLinksStopCounting: an admin disables a
// partner: its token is refused with a reason, its websocket ends, its link
// still redirects but its clicks do not count, and no signup is attributed
// to it; another partner notices nothing; enabling it gives everything
// back (issue 17.13).
func TestDisabledPartnerIsRefusedAndItsLinksStopCounting(t *testing.T) {
	s := apitest.New(t)
	a, _ := partnerWithURL(t, s, "A", "partner-a")
	b, signupB := partnerWithURL(t, s, "B", "partner-b")
	service := s.ServiceToken(t)
	clicks := func() int {
		t.Helper()
		var out struct {
			Node struct{ Stats struct{ TotalClicks int } }
		}
		s.MustDo(t, apitest.AdminToken, `query($id: ID!) { node(id: $id) { ... on Partner { stats { totalClicks } } } }`, map[string]any{"id": a.ID}, &out)
		return out.Node.Stats.TotalClicks
	}
	signup := func(email string) string {
		return s.Do(t, service, `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"ref": "partner-a", "email": email}}).Code()
	}
	if r := click(t, s, "/r/partner-a", "visitor-aaaa"); r.StatusCode != http.StatusFound || clicks() != 1 {
		t.Fatalf("before: status %d, %d clicks", r.StatusCode, clicks())
	}
	ws := subscribed(t, s, a.Token)
	wsB := subscribed(t, s, b.Token)

	if r := s.Do(t, b.Token, `mutation($id: ID!) { disablePartner(id: $id) { id } }`, map[string]any{"id": a.ID}); r.Code() != "FORBIDDEN" {
		t.Fatalf("a partner disables another: code %q", r.Code())
	}
	var out struct {
		DisablePartner struct{ DisabledAt *string }
	}
	s.MustDo(t, apitest.AdminToken, `mutation($id: ID!) { disablePartner(id: $id) { disabledAt } }`, map[string]any{"id": a.ID}, &out)
	if out.DisablePartner.DisabledAt == nil {
		t.Fatal("disabledAt is null after disablePartner")
	}
	ws.expectClosed(4403, 5*time.Second)
	r := s.Do(t, a.Token, `{ me { name } }`, nil)
	if r.Code() != "UNAUTHENTICATED" || !strings.Contains(r.Errors[0].Message, "disabled") {
		t.Fatalf("the disabled partner's token: %+v", r.Errors)
	}
	if r := click(t, s, "/r/partner-a", "visitor-aaab"); r.StatusCode != http.StatusFound || r.Header.Get("Location") == "" {
		t.Fatalf("the disabled partner's link: status %d, location %q", r.StatusCode, r.Header.Get("Location"))
	}
	if n := clicks(); n != 1 {
		t.Fatalf("a disabled partner's link counted: %d clicks, want 1", n)
	}
	if code := signup("while-disabled@example.com"); code != "NOT_ATTRIBUTED" {
		t.Fatalf("a signup through the disabled partner: code %q, want NOT_ATTRIBUTED", code)
	}
	// B noticed nothing.
	signupB("b-customer@example.com")
	if got := email(t, wsB.expect("next")); got != "b-customer@example.com" {
		t.Fatalf("B's websocket got %s", got)
	}

	s.MustDo(t, apitest.AdminToken, `mutation($id: ID!) { enablePartner(id: $id) { id } }`, map[string]any{"id": a.ID}, nil)
	var me struct{ Me struct{ Name string } }
	s.MustDo(t, a.Token, `{ me { name } }`, nil, &me)
	if me.Me.Name != "A" {
		t.Fatalf("me after enablePartner = %+v", me)
	}
	click(t, s, "/r/partner-a", "visitor-aaac")
	if n := clicks(); n != 2 {
		t.Fatalf("after enablePartner: %d clicks, want 2", n)
	}
	if code := signup("after-enabled@example.com"); code != "" {
		t.Fatalf("a signup after enablePartner: code %q", code)
	}
}

// TestDisabledPartnerCannotUseItsBrowserSession: a partner signed in in the
// browser is refused once disabled, and can use its session again once
// enabled (issue 17.13).
func TestDisabledPartnerCannotUseItsBrowserSession(t *testing.T) {
	s := apitest.New(t)
	p, web := s.SignedIn(t, "A", "a@a.example", "correct horse battery staple")
	var me struct{ Me struct{ Name string } }
	web.MustDo(t, `{ me { name } }`, nil, &me)
	s.MustDo(t, apitest.AdminToken, `mutation($id: ID!) { disablePartner(id: $id) { id } }`, map[string]any{"id": p.ID}, nil)
	if r := web.Do(t, `{ me { name } }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("a disabled partner's browser session: code %q, data %s", r.Code(), r.Data)
	}
	s.MustDo(t, apitest.AdminToken, `mutation($id: ID!) { enablePartner(id: $id) { id } }`, map[string]any{"id": p.ID}, nil)
	web.MustDo(t, `{ me { name } }`, nil, &me)
	if me.Me.Name != "A" {
		t.Fatalf("me after enablePartner = %+v", me)
	}
}

// TestAdminEndsTheConfiguredAdminTokensSessions: what the configured admin
// token has open can be ended, on every instance, without waiting for the
// configuration to change (issue 17.13).
func TestAdminEndsTheConfiguredAdminTokensSessions(t *testing.T) {
	s := apitest.New(t)
	var made struct{ CreateAdminToken string }
	s.MustDo(t, apitest.AdminToken, `mutation { createAdminToken(name: "ops") }`, nil, &made)
	configured := subscribed(t, s, apitest.AdminToken)
	stored := subscribed(t, s, made.CreateAdminToken)
	s.MustDo(t, made.CreateAdminToken, `mutation { endConfiguredAdminSessions }`, nil, nil)
	configured.expectClosed(4403, 5*time.Second)
	// The stored token's websocket stays; the configured token still works.
	stored.send(map[string]any{"id": "sync", "type": "subscribe", "payload": map[string]any{"query": `{ __typename }`}})
	stored.expect("next")
	s.MustDo(t, apitest.AdminToken, `{ apiTokens { id } }`, nil, nil)
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")
	if r := s.Do(t, p.Token, `mutation { endConfiguredAdminSessions }`, nil); r.Code() != "FORBIDDEN" {
		t.Errorf("a partner ends the admin's sessions: code %q", r.Code())
	}
}
