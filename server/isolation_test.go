package server_test

import (
	"testing"

	"github.com/reftrack/reftrack/internal/apitest"
)

// world is two partners with data of their own.
type world struct {
	s            *apitest.Server
	a, b         apitest.Partner
	service      string
	aTag, aCode  string
	aURL         string
	aCustomer    string
	aConversion  string
	aCustomerTag string
	bCustomer    string
	systemTag    string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	return newWorldOn(t, apitest.New(t))
}

// newWorldOn fills s as newWorld does.
func newWorldOn(t *testing.T, s *apitest.Server) *world {
	t.Helper()
	w := &world{s: s, service: s.ServiceToken(t)}
	w.a = s.CreatePartner(t, "A", "a@a.example", "UTC")
	w.b = s.CreatePartner(t, "B", "b@b.example", "UTC")
	var out struct {
		CreateReferralURL struct{ ID string }
		CreateRefTag      struct{ ID, Code string }
		CreateCustomerTag struct{ ID string }
	}
	s.MustDo(t, w.a.Token, `mutation {
		createReferralURL(input: {slug: "partner-a", redirectURL: "https://example.com/"}) { id }
		createRefTag(input: {name: "Newsletter"}) { id code }
		createCustomerTag(input: {name: "VIP"}) { id }
	}`, nil, &out)
	w.aURL, w.aTag, w.aCode, w.aCustomerTag = out.CreateReferralURL.ID, out.CreateRefTag.ID, out.CreateRefTag.Code, out.CreateCustomerTag.ID
	var b struct{ CreateReferralURL struct{ ID string } }
	s.MustDo(t, w.b.Token, `mutation { createReferralURL(input: {slug: "partner-b", redirectURL: "https://example.com/"}) { id } }`, nil, &b)

	signup := `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { id customer { id } } }`
	var conv struct {
		RecordSignup struct {
			ID       string
			Customer struct{ ID string }
		}
	}
	s.MustDo(t, w.service, signup, map[string]any{"in": map[string]any{"ref": w.aCode, "email": "x@a.example"}}, &conv)
	w.aConversion, w.aCustomer = conv.RecordSignup.ID, conv.RecordSignup.Customer.ID
	s.MustDo(t, w.service, signup, map[string]any{"in": map[string]any{"ref": "partner-b", "email": "y@b.example"}}, &conv)
	w.bCustomer = conv.RecordSignup.Customer.ID
	s.MustDo(t, w.a.Token, `mutation($c: ID!, $t: [ID!]!) { addCustomerTags(customerID: $c, tagIDs: $t) { id } }`,
		map[string]any{"c": w.aCustomer, "t": []string{w.aCustomerTag}}, nil)

	var tags struct{ CustomerTags []struct{ ID, Name string } }
	s.MustDo(t, w.b.Token, `{ customerTags { id name } }`, nil, &tags)
	for _, tag := range tags.CustomerTags {
		if tag.Name == "Not Interested" {
			w.systemTag = tag.ID
		}
	}
	return w
}

func TestPartnerCannotSeeAnotherPartnersNodes(t *testing.T) {
	w := newWorld(t)
	for name, id := range map[string]string{
		"partner": w.a.ID, "referral URL": w.aURL, "ref tag": w.aTag, "customer": w.aCustomer,
		"conversion": w.aConversion, "customer tag": w.aCustomerTag,
	} {
		t.Run(name, func(t *testing.T) {
			var out struct{ Node *struct{ ID string } }
			w.s.MustDo(t, w.b.Token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id}, &out)
			if out.Node != nil {
				t.Fatalf("partner B sees A's %s", name)
			}
			// The owner does see it, so the test can fail.
			w.s.MustDo(t, w.a.Token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id}, &out)
			if out.Node == nil {
				t.Fatalf("partner A does not see its own %s", name)
			}
		})
	}
}

func TestPartnerListsOnlyItsOwnData(t *testing.T) {
	w := newWorld(t)
	var out struct {
		RefTags      struct{ TotalCount int }
		ByCode       struct{ TotalCount int } `json:"byCode"`
		Customers    struct{ TotalCount int }
		Tagged       struct{ TotalCount int } `json:"tagged"`
		Conversions  struct{ TotalCount int }
		CustomerTags []struct{ Name string }
		Me           struct{ Name string }
	}
	q := `query($code: String!, $tag: ID!) {
		refTags { totalCount }
		byCode: refTags(where: {code: $code}) { totalCount }
		customers { totalCount }
		tagged: customers(tagIDs: [$tag]) { totalCount }
		conversions { totalCount }
		customerTags { name }
		me { name }
	}`
	vars := map[string]any{"code": w.aCode, "tag": w.aCustomerTag}
	w.s.MustDo(t, w.b.Token, q, vars, &out)
	if out.RefTags.TotalCount != 0 || out.ByCode.TotalCount != 0 || out.Customers.TotalCount != 1 ||
		out.Tagged.TotalCount != 0 || out.Conversions.TotalCount != 1 || len(out.CustomerTags) != 5 || out.Me.Name != "B" {
		t.Fatalf("partner B lists %+v", out)
	}
	w.s.MustDo(t, w.a.Token, q, vars, &out)
	if out.RefTags.TotalCount != 1 || out.ByCode.TotalCount != 1 || out.Customers.TotalCount != 1 ||
		out.Tagged.TotalCount != 1 || out.Conversions.TotalCount != 1 || len(out.CustomerTags) != 6 || out.Me.Name != "A" {
		t.Fatalf("partner A lists %+v", out)
	}
}

func TestPartnerCannotTouchAnotherPartnersData(t *testing.T) {
	w := newWorld(t)
	cases := []struct {
		name, query string
		vars        map[string]any
	}{
		{"rename A's ref tag", `mutation($id: ID!) { updateRefTag(input: {id: $id, name: "Mine"}) { id } }`, map[string]any{"id": w.aTag}},
		{"tag A's customer", `mutation($c: ID!, $t: ID!) { addCustomerTags(customerID: $c, tagIDs: [$t]) { id } }`, map[string]any{"c": w.aCustomer, "t": w.systemTag}},
		{"untag A's customer", `mutation($c: ID!, $t: ID!) { removeCustomerTags(customerID: $c, tagIDs: [$t]) { id } }`, map[string]any{"c": w.aCustomer, "t": w.aCustomerTag}},
		{"put A's tag on own customer", `mutation($c: ID!, $t: ID!) { addCustomerTags(customerID: $c, tagIDs: [$t]) { id } }`, map[string]any{"c": w.bCustomer, "t": w.aCustomerTag}},
		{"delete A's customer tag", `mutation($t: ID!) { deleteCustomerTag(id: $t) }`, map[string]any{"t": w.aCustomerTag}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := w.s.Do(t, w.b.Token, c.query, c.vars)
			if r.Code() != "NOT_FOUND" {
				t.Fatalf("code = %q (%+v), want NOT_FOUND", r.Code(), r.Errors)
			}
		})
	}
	// Nothing changed for A.
	var out struct {
		Node struct {
			Name string
		}
		Customers struct {
			Edges []struct {
				Node struct{ Tags []struct{ ID string } }
			}
		}
	}
	w.s.MustDo(t, w.a.Token, `query($id: ID!) { node(id: $id) { ... on RefTag { name } } customers { edges { node { tags { id } } } } }`, map[string]any{"id": w.aTag}, &out)
	if out.Node.Name != "Newsletter" {
		t.Fatalf("A's tag is now named %q", out.Node.Name)
	}
	var ids []string
	for _, tag := range out.Customers.Edges[0].Node.Tags {
		ids = append(ids, tag.ID)
	}
	if len(ids) != 3 || !contains(ids, w.aCustomerTag) || contains(ids, w.systemTag) {
		t.Fatalf("A's customer's tags = %v", ids)
	}
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
