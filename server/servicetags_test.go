package server_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/reftrack/reftrack/internal/apitest"
)

// The company's backend moves customers through the lifecycle with system
// tags only (decision 0096): naming a partner's own tag, to add it or to
// clear it from a customer that carries it, is NOT_FOUND, as a name that
// does not exist, the message lists the system tags, and the customer and
// the log are left as they were. An admin may name it.
func TestServiceCannotSetOrClearAPartnersOwnTag(t *testing.T) {
	w := newWorld(t) // A's customer x@a.example carries A's VIP
	w.s.MustDo(t, w.service, `mutation { updateCustomer(input: {email: "x@a.example", addTags: ["Free Trial"]}) { id } }`, nil, nil)
	tagsOf := func() []string {
		var out struct{ Customer *lookedUp }
		w.s.MustDo(t, w.a.Token, findCustomer, map[string]any{"e": "x@a.example"}, &out)
		return out.Customer.tagNames()
	}
	before, events := tagsOf(), len(tagEvents(t, w.s))
	if !slices.Contains(before, "VIP") || !slices.Contains(before, "Free Trial") {
		t.Fatalf("the customer's tags: %v", before)
	}
	for _, in := range []map[string]any{
		{"email": "x@a.example", "removeTags": []string{"VIP"}},
		{"email": "x@a.example", "removeTags": []string{"Free Trial", "vip"}},
		{"email": "x@a.example", "addTags": []string{"Paid Customer"}, "removeTags": []string{"VIP"}},
		{"email": "x@a.example", "emailVerified": true, "addTags": []string{"VIP"}},
	} {
		r := w.s.Do(t, w.service, updateCustomer, map[string]any{"in": in})
		if r.Code() != "NOT_FOUND" || len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Message, "system tags only (Email Not Verified, New Signup, Free Trial, Paid Customer, Not Interested)") {
			t.Fatalf("%v: code %q %+v, want NOT_FOUND naming the system tags", in, r.Code(), r.Errors)
		}
		if after := tagsOf(); !slices.Equal(after, before) {
			t.Fatalf("%v changed the customer's tags to %v, were %v", in, after, before)
		}
		if n := len(tagEvents(t, w.s)); n != events {
			t.Fatalf("%v appended %d events", in, n-events)
		}
	}
	// The admin may clear it; the partner then sees it gone.
	w.s.MustDo(t, apitest.AdminToken, updateCustomer,
		map[string]any{"in": map[string]any{"email": "x@a.example", "removeTags": []string{"VIP"}}}, nil)
	if after := tagsOf(); slices.Contains(after, "VIP") || len(tagEvents(t, w.s)) != events+1 {
		t.Fatalf("admin clearing VIP: tags %v, %d events appended", after, len(tagEvents(t, w.s))-events)
	}
}
