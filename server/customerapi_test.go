package server_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/reftrack/reftrack/ent"
	entevent "github.com/reftrack/reftrack/ent/event"
	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/store"
)

const (
	findCustomer   = `query($x: String, $e: String) { customer(externalID: $x, email: $e) { id email externalID emailVerified tags { name } } }`
	updateCustomer = `mutation($in: UpdateCustomerInput!) { updateCustomer(input: $in) { id emailVerified tags { name } } }`
)

type lookedUp struct {
	ID            string
	Email         string
	ExternalID    *string
	EmailVerified bool
	Tags          []struct{ Name string }
}

func (c *lookedUp) tagNames() []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, t := range c.Tags {
		out = append(out, t.Name)
	}
	return out
}

// signupWithExternalID reports a signup through partner A's tag, with an
// external id and an unverified email.
func signupWithExternalID(t *testing.T, w *world, externalID, email string) {
	t.Helper()
	w.s.MustDo(t, w.service, `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"ref": w.aCode, "email": email, "externalID": externalID, "emailVerified": false}}, nil)
}

// tagEvents returns the payloads of the customer.tags_changed events in
// the log, in order.
func tagEvents(t *testing.T, s *apitest.Server) []tagsChanged {
	t.Helper()
	evs, err := s.DB.Event.Query().Where(entevent.Type("customer.tags_changed")).
		Order(ent.Asc(entevent.FieldSeq)).All(store.System(context.Background()))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]tagsChanged, len(evs))
	for i, e := range evs {
		if err := json.Unmarshal([]byte(e.Payload), &out[i]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

type tagsChanged struct {
	Customer struct {
		ExternalID    *string
		EmailVerified bool
		Tags          []struct{ Name string }
	}
	Added, Removed []struct{ Name string }
}

func names(tags []struct{ Name string }) []string {
	out := []string{}
	for _, t := range tags {
		out = append(out, t.Name)
	}
	return out
}

func lookup(t *testing.T, s *apitest.Server, token string, vars map[string]any) *lookedUp {
	t.Helper()
	var out struct{ Customer *lookedUp }
	s.MustDo(t, token, findCustomer, vars, &out)
	return out.Customer
}

// TestServiceKeepsCustomersCurrent: the company's backend finds a customer
// by its own id or by email, marks the email verified and moves it through
// the lifecycle by tag names, without learning Reftrack's ids.
func TestServiceKeepsCustomersCurrent(t *testing.T) {
	w := newWorld(t)
	signupWithExternalID(t, w, "cus_42", "Ann@A.example")

	c := lookup(t, w.s, w.service, map[string]any{"x": "cus_42"})
	if c == nil || c.Email != "ann@a.example" || c.EmailVerified ||
		!slices.Equal(c.tagNames(), []string{"Email Not Verified", "New Signup"}) {
		t.Fatalf("customer(externalID) as service = %+v", c)
	}
	if byEmail := lookup(t, w.s, w.service, map[string]any{"e": " ANN@a.example "}); byEmail == nil || byEmail.ID != c.ID {
		t.Fatalf("customer(email) as service = %+v, want %s", byEmail, c.ID)
	}
	if none := lookup(t, w.s, w.service, map[string]any{"x": "cus_missing"}); none != nil {
		t.Fatalf("customer(unknown externalID) = %+v, want null", none)
	}

	// Each step that changes something appends one customer.tags_changed
	// with what it added and removed.
	steps := []struct {
		in             map[string]any
		verified       bool
		tags           []string
		added, removed []string // nil: no event
	}{
		{map[string]any{"externalID": "cus_42", "emailVerified": true}, true, []string{"New Signup"}, []string{}, []string{"Email Not Verified"}},
		{map[string]any{"externalID": "cus_42", "addTags": []string{"free trial"}}, true, []string{"New Signup", "Free Trial"}, []string{"Free Trial"}, []string{}},
		// The same again changes nothing.
		{map[string]any{"externalID": "cus_42", "addTags": []string{"Free Trial"}, "emailVerified": true}, true, []string{"New Signup", "Free Trial"}, nil, nil},
		{map[string]any{"email": "ann@a.example", "addTags": []string{"Paid Customer"}, "removeTags": []string{"Free Trial", "New Signup"}}, true, []string{"Paid Customer"},
			[]string{"Paid Customer"}, []string{"New Signup", "Free Trial"}},
		{map[string]any{"externalID": "cus_42", "emailVerified": false}, false, []string{"Email Not Verified", "Paid Customer"}, []string{"Email Not Verified"}, []string{}},
	}
	for i, s := range steps {
		before := len(tagEvents(t, w.s))
		var out struct{ UpdateCustomer lookedUp }
		w.s.MustDo(t, w.service, updateCustomer, map[string]any{"in": s.in}, &out)
		if out.UpdateCustomer.ID != c.ID || out.UpdateCustomer.EmailVerified != s.verified || !slices.Equal(out.UpdateCustomer.tagNames(), s.tags) {
			t.Fatalf("step %d %v: %+v, want verified %v tags %v", i, s.in, out.UpdateCustomer, s.verified, s.tags)
		}
		evs := tagEvents(t, w.s)[before:]
		if s.added == nil {
			if len(evs) != 0 {
				t.Fatalf("step %d changed nothing but appended %+v", i, evs)
			}
			continue
		}
		if len(evs) != 1 {
			t.Fatalf("step %d appended %d events, want 1", i, len(evs))
		}
		e := evs[0]
		if *e.Customer.ExternalID != "cus_42" || e.Customer.EmailVerified != s.verified || !slices.Equal(names(e.Customer.Tags), s.tags) ||
			!slices.Equal(names(e.Added), s.added) || !slices.Equal(names(e.Removed), s.removed) {
			t.Fatalf("step %d event %+v, want tags %v added %v removed %v", i, e, s.tags, s.added, s.removed)
		}
	}
	// The partner sees the same, with its own tags.
	if got := lookup(t, w.s, w.a.Token, map[string]any{"x": "cus_42"}); got == nil || !slices.Equal(got.tagNames(), []string{"Email Not Verified", "Paid Customer"}) {
		t.Fatalf("customer(externalID) as A = %+v", got)
	}
}

// TestUpdateCustomerRefusalsChangeNothing: every refused updateCustomer
// answers its code and leaves the customer as it was.
func TestUpdateCustomerRefusalsChangeNothing(t *testing.T) {
	w := newWorld(t)
	signupWithExternalID(t, w, "cus_7", "bo@a.example")
	before := lookup(t, w.s, apitest.AdminToken, map[string]any{"x": "cus_7"})
	events := len(tagEvents(t, w.s))

	for _, tc := range []struct {
		name, token string
		in          map[string]any
		code        string
	}{
		{"no key", w.service, map[string]any{"emailVerified": true}, "BAD_USER_INPUT"},
		{"both keys", w.service, map[string]any{"externalID": "cus_7", "email": "bo@a.example", "emailVerified": true}, "BAD_USER_INPUT"},
		{"bad email", w.service, map[string]any{"email": "not an email", "emailVerified": true}, "BAD_USER_INPUT"},
		{"nothing to change", w.service, map[string]any{"externalID": "cus_7"}, "BAD_USER_INPUT"},
		{"add and remove", w.service, map[string]any{"externalID": "cus_7", "addTags": []string{"Free Trial"}, "removeTags": []string{"free trial"}}, "BAD_USER_INPUT"},
		{"verified and its tag", w.service, map[string]any{"externalID": "cus_7", "emailVerified": true, "addTags": []string{"Email Not Verified"}}, "BAD_USER_INPUT"},
		{"empty tag name", w.service, map[string]any{"externalID": "cus_7", "addTags": []string{" "}}, "BAD_USER_INPUT"},
		{"unknown customer", w.service, map[string]any{"externalID": "cus_8", "emailVerified": true}, "NOT_FOUND"},
		{"unknown tag, after a good change", w.service, map[string]any{"externalID": "cus_7", "emailVerified": true, "addTags": []string{"Free Trial", "Gold"}}, "NOT_FOUND"},
		// The partner's own tags are the partner's: the service cannot see them.
		{"partner's own tag", w.service, map[string]any{"externalID": "cus_7", "addTags": []string{"VIP"}}, "NOT_FOUND"},
		{"partner token", w.a.Token, map[string]any{"externalID": "cus_7", "emailVerified": true}, "FORBIDDEN"},
		{"other partner's token", w.b.Token, map[string]any{"externalID": "cus_7", "emailVerified": true}, "FORBIDDEN"},
		{"no token", "", map[string]any{"externalID": "cus_7", "emailVerified": true}, "UNAUTHENTICATED"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := w.s.Do(t, tc.token, updateCustomer, map[string]any{"in": tc.in})
			if r.Code() != tc.code {
				t.Fatalf("code %q (%+v), want %s", r.Code(), r.Errors, tc.code)
			}
			after := lookup(t, w.s, apitest.AdminToken, map[string]any{"x": "cus_7"})
			if after.EmailVerified != before.EmailVerified || !slices.Equal(after.tagNames(), before.tagNames()) {
				t.Fatalf("customer changed by a refused request: %+v, was %+v", after, before)
			}
			if n := len(tagEvents(t, w.s)); n != events {
				t.Fatalf("a refused request appended %d events", n-events)
			}
		})
	}

	// An admin may name the partner's own tags.
	var out struct{ UpdateCustomer lookedUp }
	w.s.MustDo(t, apitest.AdminToken, updateCustomer, map[string]any{"in": map[string]any{"externalID": "cus_7", "addTags": []string{"vip"}}}, &out)
	if !slices.Contains(out.UpdateCustomer.tagNames(), "VIP") {
		t.Fatalf("admin adding A's own tag: %+v", out.UpdateCustomer)
	}
}

// TestCustomerLookupIsolation: a partner finds only its own customers by
// externalID or email; another partner's answer null, as unknown ones do.
func TestCustomerLookupIsolation(t *testing.T) {
	w := newWorld(t)
	signupWithExternalID(t, w, "cus_a", "cy@a.example")
	for _, vars := range []map[string]any{{"x": "cus_a"}, {"e": "cy@a.example"}, {"e": "x@a.example"}} {
		if c := lookup(t, w.s, w.b.Token, vars); c != nil {
			t.Errorf("customer(%v) as B = %+v, want null", vars, c)
		}
		if c := lookup(t, w.s, w.a.Token, vars); c == nil {
			t.Errorf("customer(%v) as A = null, want A's customer", vars)
		}
	}
	// B's own customer, by email, for B; not for A.
	if c := lookup(t, w.s, w.b.Token, map[string]any{"e": "y@b.example"}); c == nil || c.ID != w.bCustomer {
		t.Errorf("customer(B's email) as B = %+v", c)
	}
	if c := lookup(t, w.s, w.a.Token, map[string]any{"e": "y@b.example"}); c != nil {
		t.Errorf("customer(B's email) as A = %+v, want null", c)
	}
	// The service sees a customer's system tags only.
	if c := lookup(t, w.s, w.service, map[string]any{"e": "x@a.example"}); c == nil || slices.Contains(c.tagNames(), "VIP") {
		t.Errorf("customer as service = %+v, want it without A's own tag", c)
	}
	if r := w.s.Do(t, w.b.Token, findCustomer, map[string]any{"x": "cus_a", "e": "cy@a.example"}); r.Code() != "BAD_USER_INPUT" {
		t.Errorf("both keys: code %q", r.Code())
	}
}
