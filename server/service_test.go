package server_test

import (
	"slices"
	"testing"
)

// TestServiceTokenSeesOnlySignupsAndTagging: a service token (the company's
// backend) records signups and tags customers, and reads nothing else of
// the partners: not partners, referral URLs, ref tags, partners' own
// customer tags, nor any list (issue 17.5). Every root field and both node
// fields are tried.
func TestServiceTokenSeesOnlySignupsAndTagging(t *testing.T) {
	w := newWorld(t)
	hiddenIDs := map[string]string{"partner": w.a.ID, "referral URL": w.aURL, "ref tag": w.aTag, "customer tag": w.aCustomerTag}
	visible := map[string]string{"customer": w.aCustomer, "conversion": w.aConversion, "system tag": w.systemTag}

	for name, id := range hiddenIDs {
		var out struct{ Node *struct{ ID string } }
		r := w.s.Do(t, w.service, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
		r.Decode(t, &out)
		if out.Node != nil || len(r.Errors) > 0 {
			t.Errorf("node(%s) as service = %s, errors %+v; want null", name, r.Data, r.Errors)
		}
	}
	for name, id := range visible {
		var out struct{ Node *struct{ ID string } }
		w.s.MustDo(t, w.service, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id}, &out)
		if out.Node == nil || out.Node.ID != id {
			t.Errorf("node(%s) as service = %+v, want it", name, out.Node)
		}
	}

	// nodes: the same, in one call, in order.
	var names, ids []string
	for name, id := range hiddenIDs {
		names, ids = append(names, name), append(ids, id)
	}
	for name, id := range visible {
		names, ids = append(names, name), append(ids, id)
	}
	var nodes struct{ Nodes []*struct{ ID string } }
	w.s.MustDo(t, w.service, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids}, &nodes)
	for i, n := range nodes.Nodes {
		_, shown := visible[names[i]]
		if shown != (n != nil) {
			t.Errorf("nodes as service: %s is %+v", names[i], n)
		}
	}

	// A customer it reads shows only the system tags, not the partner's own.
	var cust struct {
		Node struct{ Tags []struct{ Name string } }
	}
	w.s.MustDo(t, w.service, `query($id: ID!) { node(id: $id) { ... on Customer { tags { name } } } }`, map[string]any{"id": w.aCustomer}, &cust)
	for _, tag := range cust.Node.Tags {
		if tag.Name == "VIP" {
			t.Errorf("the service sees partner A's own tag on its customer: %+v", cust.Node.Tags)
		}
	}

	// Root fields: no list of anything but the system tags.
	var tags struct{ CustomerTags []struct{ Name string } }
	w.s.MustDo(t, w.service, `{ customerTags { name } }`, nil, &tags)
	var got []string
	for _, tag := range tags.CustomerTags {
		got = append(got, tag.Name)
	}
	if want := []string{"Email Not Verified", "New Signup", "Free Trial", "Paid Customer", "Not Interested"}; !slices.Equal(got, want) {
		t.Errorf("customerTags as service = %v, want the system tags %v", got, want)
	}
	var me struct{ Me *struct{ ID string } }
	w.s.MustDo(t, w.service, `{ me { id } }`, nil, &me)
	if me.Me != nil {
		t.Errorf("me as service = %+v", me.Me)
	}
	forbidden := map[string]string{
		"partners":             `{ partners { totalCount } }`,
		"refTags":              `{ refTags { totalCount } }`,
		"customers":            `{ customers { totalCount } }`,
		"conversions":          `{ conversions { totalCount } }`,
		"unmatchedRefs":        `{ unmatchedRefs { totalCount } }`,
		"unmatchedRefsDropped": `{ unmatchedRefsDropped }`,
		"apiTokens":            `{ apiTokens { id } }`,
		"slugAvailable":        `{ slugAvailable(slug: "free-slug") { status } }`,
		"partnerLeaderboard":   `{ partnerLeaderboard(range: {from: "2026-01-01", to: "2026-01-31"}) { totalClicks } }`,
		"sessions":             `{ sessions { id } }`,
		"webhookEndpoints":     `{ webhookEndpoints { totalCount } }`,
		"webhookAttempts":      `{ webhookAttempts(eventID: "evt_x") { id } }`,
		"webhookEventTypes":    `{ webhookEventTypes }`,
	}
	for _, q := range forbidden {
		if r := w.s.Do(t, w.service, q, nil); r.Code() != "FORBIDDEN" {
			t.Errorf("%s as service: code %q, data %s; want FORBIDDEN", q, r.Code(), r.Data)
		}
	}
	// Every root field is tried above: a new one must be added here.
	var schema struct {
		Schema struct {
			QueryType struct{ Fields []struct{ Name string } }
		} `json:"__schema"`
	}
	w.s.MustDo(t, w.service, `{ __schema { queryType { fields { name } } } }`, nil, &schema)
	// customer: the service finds any partner's customer by externalID or
	// email, as it reads customers by id (TestServiceKeepsCustomersCurrent).
	var found struct{ Customer *struct{ ID string } }
	w.s.MustDo(t, w.service, `{ customer(email: "y@b.example") { id } }`, nil, &found)
	if found.Customer == nil || found.Customer.ID != w.bCustomer {
		t.Errorf("customer(email) as service = %+v, want B's customer", found.Customer)
	}
	tried := map[string]bool{"node": true, "nodes": true, "me": true, "customerTags": true, "customer": true, "events": true}
	for _, f := range schema.Schema.QueryType.Fields {
		if _, ok := forbidden[f.Name]; !ok && !tried[f.Name] {
			t.Errorf("root field %s is not tried with a service token", f.Name)
		}
	}

	// What it needs still works: tag any partner's customer with a system
	// tag, but not with a partner's own tag.
	var tagged struct {
		AddCustomerTags struct{ Tags []struct{ Name string } }
	}
	w.s.MustDo(t, w.service, `mutation($c: ID!, $t: ID!) { addCustomerTags(customerID: $c, tagIDs: [$t]) { tags { name } } }`,
		map[string]any{"c": w.bCustomer, "t": w.systemTag}, &tagged)
	if len(tagged.AddCustomerTags.Tags) != 3 {
		t.Errorf("B's customer's tags after the service tagged it = %+v", tagged.AddCustomerTags.Tags)
	}
	r := w.s.Do(t, w.service, `mutation($c: ID!, $t: ID!) { addCustomerTags(customerID: $c, tagIDs: [$t]) { id } }`,
		map[string]any{"c": w.aCustomer, "t": w.aCustomerTag})
	if r.Code() != "NOT_FOUND" {
		t.Errorf("the service tags with a partner's own tag: code %q, want NOT_FOUND", r.Code())
	}
}

// TestPartnerCannotSeeAnotherPartnersNodesInNodes: partner B asking nodes
// for A's ids gets nulls, as node answers, and no error that would tell
// them apart from ids that do not exist.
func TestPartnerCannotSeeAnotherPartnersNodesInNodes(t *testing.T) {
	w := newWorld(t)
	ids := []string{w.a.ID, w.aURL, w.aTag, w.aCustomer, w.aConversion, w.aCustomerTag}
	var out struct{ Nodes []*struct{ ID string } }
	r := w.s.Do(t, w.b.Token, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids})
	r.Decode(t, &out)
	if len(r.Errors) > 0 || len(out.Nodes) != len(ids) || slices.ContainsFunc(out.Nodes, func(n *struct{ ID string }) bool { return n != nil }) {
		t.Fatalf("nodes of A's ids as B = %s, errors %+v", r.Data, r.Errors)
	}
	w.s.MustDo(t, w.a.Token, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids}, &out)
	if slices.ContainsFunc(out.Nodes, func(n *struct{ ID string }) bool { return n == nil }) {
		t.Fatalf("A does not see its own nodes: %+v", out.Nodes)
	}
}
