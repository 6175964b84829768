package server_test

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/reftrack/reftrack/internal/apitest"
)

type eventNode struct {
	ID, EventID, Type, Cursor, PartnerID, OccurredAt string
	Sequence                                         int
	Payload                                          json.RawMessage
}

type eventPage struct {
	Events struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage bool
			EndCursor   *string
		}
		Edges []struct {
			Cursor string
			Node   eventNode
		}
	}
}

const eventsQuery = `query($after: Cursor, $first: Int, $types: [EventType!]) {
	events(after: $after, first: $first, types: $types) {
		totalCount
		pageInfo { hasNextPage endCursor }
		edges { cursor node { id eventID type sequence cursor partnerID occurredAt payload } }
	}
}`

func events(t *testing.T, s *apitest.Server, token string, vars map[string]any) eventPage {
	t.Helper()
	var out eventPage
	s.MustDo(t, token, eventsQuery, vars, &out)
	return out
}

func (p eventPage) types() []string {
	var out []string
	for _, e := range p.Events.Edges {
		out = append(out, e.Node.Type)
	}
	return out
}

// Each caller reads its own events: a partner its own, the service the
// conversions and tag changes of every partner, an admin everything; an
// event of A is not B's to read by id, by cursor or in a list.
func TestEventsAreEachPartnersOwn(t *testing.T) {
	w := newWorld(t)
	a := events(t, w.s, w.a.Token, nil)
	if got, want := a.types(), []string{"REF_TAG_CREATED", "CONVERSION_CREATED", "CUSTOMER_TAGS_CHANGED"}; !slices.Equal(got, want) || a.Events.TotalCount != 3 {
		t.Fatalf("A's events: %v (total %d), want %v", got, a.Events.TotalCount, want)
	}
	for i, e := range a.Events.Edges {
		if e.Node.PartnerID != w.a.ID || e.Cursor != e.Node.Cursor || len(e.Node.EventID) != 26 || e.Node.EventID[:4] != "evt_" ||
			(i > 0 && e.Node.Sequence <= a.Events.Edges[i-1].Node.Sequence) {
			t.Fatalf("A's event %d: %+v", i, e)
		}
	}
	// The payload is what the API shows: public ids.
	var conv struct {
		Conversion struct {
			ID       string
			Customer struct{ ID, Email string }
			RefTag   struct{ ID, Name string }
		}
	}
	if err := json.Unmarshal(a.Events.Edges[1].Node.Payload, &conv); err != nil {
		t.Fatal(err)
	}
	if c := conv.Conversion; c.ID != w.aConversion || c.Customer.ID != w.aCustomer || c.Customer.Email != "x@a.example" || c.RefTag.ID != w.aTag {
		t.Fatalf("conversion.created payload %s, want conversion %s, customer %s, tag %s", a.Events.Edges[1].Node.Payload, w.aConversion, w.aCustomer, w.aTag)
	}

	b := events(t, w.s, w.b.Token, nil)
	if got := b.types(); !slices.Equal(got, []string{"CONVERSION_CREATED"}) || b.Events.Edges[0].Node.PartnerID != w.b.ID {
		t.Fatalf("B's events: %v", got)
	}
	service := events(t, w.s, w.service, nil)
	if got, want := service.types(), []string{"CONVERSION_CREATED", "CONVERSION_CREATED", "CUSTOMER_TAGS_CHANGED"}; !slices.Equal(got, want) {
		t.Fatalf("the service's events: %v, want %v", got, want)
	}
	admin := events(t, w.s, apitest.AdminToken, nil)
	if admin.Events.TotalCount != 4 {
		t.Fatalf("the admin reads %d events, want 4", admin.Events.TotalCount)
	}
	for i, e := range admin.Events.Edges {
		if e.Node.Sequence != admin.Events.Edges[0].Node.Sequence+i {
			t.Fatalf("the admin's feed has a hole at %d: %v", i, admin.Events.Edges)
		}
	}

	// A's event, by id, is not B's to read; A reads it, so this can fail.
	aEvent := a.Events.Edges[0].Node
	for token, want := range map[string]bool{w.b.Token: false, w.a.Token: true, w.service: false} {
		var out struct{ Node *struct{ ID string } }
		w.s.MustDo(t, token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": aEvent.ID}, &out)
		if (out.Node != nil) != want {
			t.Errorf("node(A's ref_tag.created event): %+v, want visible %v", out.Node, want)
		}
	}
	// A's cursor in B's hands pages B's own events.
	after := events(t, w.s, w.b.Token, map[string]any{"after": aEvent.Cursor})
	if got := after.types(); !slices.Equal(got, []string{"CONVERSION_CREATED"}) || after.Events.Edges[0].Node.PartnerID != w.b.ID {
		t.Fatalf("B's events after A's cursor: %v", got)
	}
	// Types filter.
	only := events(t, w.s, w.a.Token, map[string]any{"types": []string{"CUSTOMER_TAGS_CHANGED", "REF_TAG_CREATED"}})
	if got := only.types(); !slices.Equal(got, []string{"REF_TAG_CREATED", "CUSTOMER_TAGS_CHANGED"}) {
		t.Fatalf("A's events of two types: %v", got)
	}
	// Paging: two, then the rest, nothing twice.
	first := events(t, w.s, w.a.Token, map[string]any{"first": 2})
	rest := events(t, w.s, w.a.Token, map[string]any{"after": *first.Events.PageInfo.EndCursor})
	if !first.Events.PageInfo.HasNextPage || !slices.Equal(append(first.types(), rest.types()...), a.types()) || rest.Events.PageInfo.HasNextPage {
		t.Fatalf("paged: %v then %v", first.types(), rest.types())
	}
	// A cursor of another list is refused.
	var convs struct {
		Conversions struct{ Edges []struct{ Cursor string } }
	}
	w.s.MustDo(t, w.a.Token, `{ conversions { edges { cursor } } }`, nil, &convs)
	if r := w.s.Do(t, w.a.Token, eventsQuery, map[string]any{"after": convs.Conversions.Edges[0].Cursor}); r.Code() != "BAD_USER_INPUT" {
		t.Fatalf("events after a conversions cursor: code %q, data %s", r.Code(), r.Data)
	}
	// A refused mutation appends nothing.
	if r := w.s.Do(t, w.a.Token, `mutation { createRefTag(input: {name: "Newsletter"}) { id } }`, nil); r.Code() != "CONFLICT" {
		t.Fatalf("a second tag of the same name: %q", r.Code())
	}
	if n := events(t, w.s, w.a.Token, nil).Events.TotalCount; n != 3 {
		t.Fatalf("A has %d events after a refused mutation, want 3", n)
	}
}

// A page of events costs the same statements for 1 event as for 50.
func TestEventListStatementsDoNotGrowWithEvents(t *testing.T) {
	s := apitest.New(t)
	p := s.CreatePartner(t, "P", "p@p.example", "UTC")
	createTags(t, s, p.Token, 0, 1)
	const list = `{ events(first: 100) { totalCount edges { cursor node { id eventID type sequence cursor partnerID occurredAt payload } } } }`
	one := statements(t, s, p.Token, list)
	createTags(t, s, p.Token, 1, 50)
	if many := statements(t, s, p.Token, list); many != one {
		t.Fatalf("the event list ran %d statements for 50 events, %d for 1", many, one)
	}
}
