package server_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/reftrack/reftrack/ent"
	entevent "github.com/reftrack/reftrack/ent/event"
	entpartner "github.com/reftrack/reftrack/ent/partner"
	"github.com/reftrack/reftrack/internal/store"
)

// Deleting a custom tag that customers carry tells each of them: one
// customer.tags_changed per carrier, in customer order, removing the tag;
// none for customers without it, none for another partner's tag of the same
// name, and none when the delete is refused or the tag is carried by nobody.
func TestDeletingATagTellsItsCustomers(t *testing.T) {
	w := newWorld(t) // A's customer x@a.example carries A's VIP
	s := w.s
	signup := `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { customer { id } } }`
	var c struct {
		RecordSignup struct{ Customer struct{ ID string } }
	}
	s.MustDo(t, w.service, signup, map[string]any{"in": map[string]any{"ref": w.aCode, "email": "z@a.example"}}, &c)
	second := c.RecordSignup.Customer.ID
	s.MustDo(t, w.service, signup, map[string]any{"in": map[string]any{"ref": w.aCode, "email": "untagged@a.example"}}, nil)
	addTags := `mutation($c: ID!, $t: [ID!]!) { addCustomerTags(customerID: $c, tagIDs: $t) { id } }`
	s.MustDo(t, w.a.Token, addTags, map[string]any{"c": second, "t": []string{w.aCustomerTag, w.systemTag}}, nil)
	// B has a VIP of its own on its customer, and an unused tag.
	var bTag, bUnused struct{ CreateCustomerTag struct{ ID string } }
	s.MustDo(t, w.b.Token, `mutation { createCustomerTag(input: {name: "VIP"}) { id } }`, nil, &bTag)
	s.MustDo(t, w.b.Token, `mutation { createCustomerTag(input: {name: "Unused"}) { id } }`, nil, &bUnused)
	s.MustDo(t, w.b.Token, addTags, map[string]any{"c": w.bCustomer, "t": []string{bTag.CreateCustomerTag.ID}}, nil)

	del := `mutation($t: ID!) { deleteCustomerTag(id: $t) }`
	before := allEvents(t, w)
	// Refused: B deleting A's tag; nothing carried: B's unused tag.
	if r := s.Do(t, w.b.Token, del, map[string]any{"t": w.aCustomerTag}); r.Code() != "NOT_FOUND" {
		t.Fatalf("B deleting A's tag: code %q, want NOT_FOUND", r.Code())
	}
	s.MustDo(t, w.b.Token, del, map[string]any{"t": bUnused.CreateCustomerTag.ID}, nil)
	if n := len(allEvents(t, w)); n != len(before) {
		t.Fatalf("a refused delete and the delete of an unused tag appended %d events", n-len(before))
	}

	s.MustDo(t, w.a.Token, del, map[string]any{"t": w.aCustomerTag}, nil)
	evs := allEvents(t, w)[len(before):]
	type want struct {
		email string
		tags  []string
	}
	wants := []want{
		{"x@a.example", []string{"New Signup", "Email Not Verified"}},
		{"z@a.example", []string{"New Signup", "Email Not Verified", "Not Interested"}},
	}
	if len(evs) != len(wants) {
		t.Fatalf("deleting A's VIP appended %d events, want %d (one per customer carrying it)", len(evs), len(wants))
	}
	for i, ev := range evs {
		var p struct {
			Customer struct {
				Email string
				Tags  []struct{ Name string }
			}
			Added, Removed []struct{ Name string }
		}
		if err := json.Unmarshal([]byte(ev.Payload), &p); err != nil {
			t.Fatal(err)
		}
		got := names(p.Customer.Tags)
		slices.Sort(got)
		wantTags := slices.Sorted(slices.Values(wants[i].tags))
		if ev.Type != "customer.tags_changed" || ev.PartnerID != partnerDBID(t, w, "a@a.example") || p.Customer.Email != wants[i].email ||
			!slices.Equal(got, wantTags) || len(p.Added) != 0 || !slices.Equal(names(p.Removed), []string{"VIP"}) {
			t.Fatalf("event %d: %s %s, want %s losing VIP, left with %v", i, ev.Type, ev.Payload, wants[i].email, wants[i].tags)
		}
	}
	if evs[1].Seq != evs[0].Seq+1 {
		t.Fatalf("the events are not consecutive: seq %d, %d", evs[0].Seq, evs[1].Seq)
	}

	// Over the API: A reads both, B neither; B's customer keeps B's VIP.
	types := map[string]any{"types": []string{"CUSTOMER_TAGS_CHANGED"}}
	const q = `query($types: [EventType!]) { events(first: 100, types: $types) { edges { node { eventID } } } }`
	var aOut, bOut struct {
		Events struct {
			Edges []struct{ Node struct{ EventID string } }
		}
	}
	s.MustDo(t, w.a.Token, q, types, &aOut)
	s.MustDo(t, w.b.Token, q, types, &bOut)
	seen := func(out []struct{ Node struct{ EventID string } }, id string) bool {
		return slices.ContainsFunc(out, func(e struct{ Node struct{ EventID string } }) bool { return e.Node.EventID == id })
	}
	for _, ev := range evs {
		if !seen(aOut.Events.Edges, ev.PublicID) || seen(bOut.Events.Edges, ev.PublicID) {
			t.Fatalf("event %s: A sees it %v (want true), B %v (want false)", ev.PublicID, seen(aOut.Events.Edges, ev.PublicID), seen(bOut.Events.Edges, ev.PublicID))
		}
	}
	var bc struct {
		Node struct{ Tags []struct{ Name string } }
	}
	s.MustDo(t, w.b.Token, `query($id: ID!) { node(id: $id) { ... on Customer { tags { name } } } }`, map[string]any{"id": w.bCustomer}, &bc)
	if !slices.Contains(names(bc.Node.Tags), "VIP") {
		t.Fatalf("B's customer lost B's VIP: %v", names(bc.Node.Tags))
	}
}

// allEvents is the whole log, in order.
func allEvents(t *testing.T, w *world) []*ent.Event {
	t.Helper()
	evs, err := w.s.DB.Event.Query().Order(ent.Asc(entevent.FieldSeq)).All(store.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// partnerDBID is the database id of the partner with this email.
func partnerDBID(t *testing.T, w *world, email string) int {
	t.Helper()
	id, err := w.s.DB.Partner.Query().Where(entpartner.Email(email)).OnlyID(store.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	return id
}
