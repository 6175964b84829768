package server_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
)

// statements returns how many SQL statements one GraphQL operation ran.
func statements(t *testing.T, s *apitest.Server, token, query string) int64 {
	t.Helper()
	before := s.Queries()
	s.MustDo(t, token, query, nil, nil)
	return s.Queries() - before
}

func createTags(t *testing.T, s *apitest.Server, token string, from, to int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("mutation {")
	for i := from; i < to; i++ {
		fmt.Fprintf(&b, " t%d: createRefTag(input: {name: \"Tag %d\"}) { id }", i, i)
	}
	b.WriteString(" }")
	s.MustDo(t, token, b.String(), nil, nil)
}

// The dashboard's tag table must cost the same number of statements for 1
// tag as for 100: no query per tag.
func TestTagTableStatementsDoNotGrowWithTags(t *testing.T) {
	s := apitest.New(t)
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")
	table := `{ refTags(first: 100) { totalCount edges { node { name code stats { uniqueClicks returningClicks totalClicks conversions conversionRate daily { date totalClicks } } } } } }`

	createTags(t, s, p.Token, 0, 1)
	one := statements(t, s, p.Token, table)
	createTags(t, s, p.Token, 1, 100)
	hundred := statements(t, s, p.Token, table)
	if one != hundred {
		t.Fatalf("tag table: %d statements for 1 tag, %d for 100", one, hundred)
	}
	if hundred > 6 {
		t.Fatalf("tag table: %d statements, want at most 6 (token, count, page, timezone, rollups)", hundred)
	}
}

func TestCustomerListStatementsDoNotGrowWithCustomers(t *testing.T) {
	s := apitest.New(t)
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")
	service := s.ServiceToken(t)
	s.MustDo(t, p.Token, `mutation { createReferralURL(input: {slug: "acme", redirectURL: "https://example.com/"}) { id } }`, nil, nil)
	list := `{ customers(first: 100) { edges { node { email name tags { name system } referralURL { slug } refTag { code } } } } }`
	signup := func(i int) {
		s.MustDo(t, service, fmt.Sprintf(`mutation { recordSignup(input: {ref: "acme", email: "c%d@example.com"}) { id } }`, i), nil, nil)
	}
	signup(0)
	one := statements(t, s, p.Token, list)
	for i := 1; i < 30; i++ {
		signup(i)
	}
	many := statements(t, s, p.Token, list)
	if one != many {
		t.Fatalf("customer list: %d statements for 1 customer, %d for 30", one, many)
	}
}

func TestListsOfPartnersAndConversionsDoNotGrow(t *testing.T) {
	s := apitest.New(t)
	service := s.ServiceToken(t)
	const partnerList = `{ partners(first: 100) { totalCount edges { node { name email referralURL { slug url } stats { totalClicks conversions } } } } }`
	const conversionList = `{ conversions(first: 100) { edges { node { occurredAt customer { email } refTag { name } referralURL { slug } } } } }`
	add := func(i int) {
		p := s.CreatePartner(t, fmt.Sprintf("P%d", i), fmt.Sprintf("p%d@example.com", i), "UTC")
		slug := fmt.Sprintf("partner-%d", i)
		s.MustDo(t, p.Token, fmt.Sprintf(`mutation { createReferralURL(input: {slug: %q, redirectURL: "https://example.com/"}) { id } }`, slug), nil, nil)
		s.MustDo(t, service, fmt.Sprintf(`mutation { recordSignup(input: {ref: %q, email: "c%d@example.com"}) { id } }`, slug, i), nil, nil)
	}
	add(0)
	onePartners := statements(t, s, apitest.AdminToken, partnerList)
	oneConversions := statements(t, s, apitest.AdminToken, conversionList)
	for i := 1; i < 20; i++ {
		add(i)
	}
	if n := statements(t, s, apitest.AdminToken, partnerList); n != onePartners {
		t.Errorf("partner list: %d statements for 1 partner, %d for 20", onePartners, n)
	}
	if n := statements(t, s, apitest.AdminToken, conversionList); n != oneConversions {
		t.Errorf("conversion list: %d statements for 1 conversion, %d for 20", oneConversions, n)
	}
}

// The admin's webhook list names each endpoint's partner: as many
// statements for endpoints of 2 partners as of 6 (the partners are one
// query, not one each).
func TestWebhookEndpointListLoadsPartnersOnce(t *testing.T) {
	s := apitest.New(t, apitest.Options{Env: map[string]string{"REFTRACK_WEBHOOK_ALLOW_PRIVATE": "true"}})
	const list = `{ webhookEndpoints(first: 50) { edges { node { url partner { id name } } } } }`
	add := func(from, to int) {
		for i := from; i < to; i++ {
			p := s.CreatePartner(t, fmt.Sprintf("P%d", i), fmt.Sprintf("p%d@example.com", i), "UTC")
			s.MustDo(t, p.Token, `mutation($u: String!) { createWebhookEndpoint(input: {url: $u}) { endpoint { id } } }`,
				map[string]any{"u": fmt.Sprintf("http://127.0.0.1:9/%d", i)}, nil)
		}
	}
	// The delivery worker's own statements may fall in a measurement: the
	// fewest of a few runs is the query's.
	fewest := func() int64 {
		n := statements(t, s, apitest.AdminToken, list)
		for range 4 {
			time.Sleep(20 * time.Millisecond)
			n = min(n, statements(t, s, apitest.AdminToken, list))
		}
		return n
	}
	add(0, 2)
	few := fewest()
	add(2, 6)
	var out struct {
		WebhookEndpoints struct {
			Edges []struct {
				Node struct {
					Partner struct{ Name string }
				}
			}
		}
	}
	many := fewest()
	s.MustDo(t, apitest.AdminToken, list, nil, &out)
	if len(out.WebhookEndpoints.Edges) != 6 || out.WebhookEndpoints.Edges[5].Node.Partner.Name != "P5" {
		t.Fatalf("endpoints: %+v", out.WebhookEndpoints.Edges)
	}
	if many != few {
		t.Fatalf("webhookEndpoints with partners: %d statements for 2 endpoints, %d for 6", few, many)
	}
}
