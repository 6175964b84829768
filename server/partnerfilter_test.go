package server_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
)

// conversionsScene makes partners A and B, each with a referral URL, and
// records signups: two for A, one for B.
func conversionsScene(t *testing.T) (*apitest.Server, apitest.Partner, apitest.Partner, func(ref, addr string)) {
	t.Helper()
	s := apitest.New(t)
	a, b := s.TwoPartners(t)
	for _, p := range []struct{ token, slug string }{{a.Token, "partner-a"}, {b.Token, "partner-b"}} {
		s.MustDo(t, p.token, fmt.Sprintf(`mutation { createReferralURL(input: {slug: %q, redirectURL: "https://example.com/"}) { id } }`, p.slug), nil, nil)
	}
	service := s.ServiceToken(t)
	signup := func(ref, addr string) {
		s.MustDo(t, service, `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"ref": ref, "email": addr}}, nil)
	}
	return s, a, b, signup
}

const conversionsByPartner = `query($p: ID) { conversions(first: 10, partnerID: $p) { totalCount edges { node { customer { email } } } } }`

// conversionEmails runs conversionsByPartner with token and partnerID ("" for
// none): the emails, newest first, and the error code ("" for none).
func conversionEmails(t *testing.T, s *apitest.Server, token, partnerID string) (int, []string, string) {
	t.Helper()
	vars := map[string]any{}
	if partnerID != "" {
		vars["p"] = partnerID
	}
	r := s.Do(t, token, conversionsByPartner, vars)
	if r.Code() != "" {
		if string(r.Data) != "null" && len(r.Data) > 0 {
			t.Errorf("refused with %s, yet data %s", r.Code(), r.Data)
		}
		return 0, nil, r.Code()
	}
	var out struct {
		Conversions struct {
			TotalCount int
			Edges      []struct {
				Node struct{ Customer struct{ Email string } }
			}
		}
	}
	r.Decode(t, &out)
	var emails []string
	for _, e := range out.Conversions.Edges {
		emails = append(emails, e.Node.Customer.Email)
	}
	return out.Conversions.TotalCount, emails, ""
}

func TestAdminListsOnePartnersConversions(t *testing.T) {
	s, a, b, signup := conversionsScene(t)
	signup("partner-a", "one@a.example")
	signup("partner-b", "two@b.example")
	signup("partner-a", "three@a.example")

	cases := []struct {
		name, token, partnerID string
		total                  int
		emails                 []string
		code                   string
	}{
		{"admin, every partner", apitest.AdminToken, "", 3, []string{"three@a.example", "two@b.example", "one@a.example"}, ""},
		{"admin, partner A", apitest.AdminToken, a.ID, 2, []string{"three@a.example", "one@a.example"}, ""},
		{"admin, partner B", apitest.AdminToken, b.ID, 1, []string{"two@b.example"}, ""},
		{"partner A, no partnerID", a.Token, "", 2, []string{"three@a.example", "one@a.example"}, ""},
		{"partner A naming B", a.Token, b.ID, 0, nil, "FORBIDDEN"},
		{"partner A naming itself", a.Token, a.ID, 0, nil, "FORBIDDEN"},
		{"partner B naming A", b.Token, a.ID, 0, nil, "FORBIDDEN"},
		{"admin, not an id", apitest.AdminToken, "not-an-id", 0, nil, "BAD_USER_INPUT"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			total, emails, code := conversionEmails(t, s, tc.token, tc.partnerID)
			if code != tc.code || total != tc.total || !slices.Equal(emails, tc.emails) {
				t.Fatalf("got %d %v %q, want %d %v %q", total, emails, code, tc.total, tc.emails, tc.code)
			}
		})
	}

	// Another partner's customer id is no partner's: nothing.
	var c struct {
		Conversions struct {
			Edges []struct {
				Node struct{ Customer struct{ ID string } }
			}
		}
	}
	s.MustDo(t, b.Token, `{ conversions(first: 1) { edges { node { customer { id } } } } }`, nil, &c)
	if total, emails, code := conversionEmails(t, s, apitest.AdminToken, c.Conversions.Edges[0].Node.Customer.ID); total != 0 || len(emails) != 0 || code != "" {
		t.Fatalf("a customer's id as partnerID: %d %v %q, want nothing", total, emails, code)
	}
}

func TestAdminSubscribesToOnePartnersConversions(t *testing.T) {
	s, a, b, signup := conversionsScene(t)
	sub := func(token, id, partnerID string) *wsClient {
		c := dial(t, s, token)
		c.expect("connection_ack")
		c.send(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{
			"query":     `subscription($p: ID) { conversionAdded(partnerID: $p) { id customer { email } } }`,
			"variables": map[string]any{"p": partnerID},
		}})
		return c
	}
	onlyA := sub(apitest.AdminToken, "1", a.ID)
	// The subscription is registered once the server answered another
	// operation on the same connection after it.
	onlyA.send(map[string]any{"id": "sync", "type": "subscribe", "payload": map[string]any{"query": `{ __typename }`}})
	onlyA.expect("next")
	onlyA.expect("complete")

	signup("partner-b", "two@b.example")
	signup("partner-a", "one@a.example")
	if got := email(t, onlyA.expect("next")); got != "one@a.example" {
		t.Fatalf("the admin watching A got %s first", got)
	}
	if m, err := onlyA.next(300 * time.Millisecond); err == nil {
		t.Fatalf("the admin watching A got another message: %s %s", m.Type, m.Payload)
	}

	// A partner naming any partner, another or itself, is refused.
	for i, tc := range []struct{ name, token, partnerID string }{{"A naming B", a.Token, b.ID}, {"B naming B", b.Token, b.ID}} {
		t.Run(tc.name, func(t *testing.T) {
			c := sub(tc.token, "1", tc.partnerID)
			m := c.expect("next")
			var p struct {
				Data   any
				Errors []struct{ Extensions struct{ Code string } }
			}
			if err := json.Unmarshal(m.Payload, &p); err != nil || p.Data != nil || len(p.Errors) != 1 || p.Errors[0].Extensions.Code != "FORBIDDEN" {
				t.Fatalf("payload %s, want FORBIDDEN and no data", m.Payload)
			}
			c.expect("complete")
			signup("partner-b", fmt.Sprintf("later-%d@b.example", i))
			if m, err := c.next(300 * time.Millisecond); err == nil {
				t.Fatalf("a refused subscription got %s %s", m.Type, m.Payload)
			}
		})
	}
}
