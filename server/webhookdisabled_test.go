package server_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
)

type disabledEvent struct {
	EventID   string
	Type      string
	PartnerID *string
	Payload   struct {
		WebhookEndpoint struct {
			ID, URL        string
			DisabledReason string
		}
		Cause string
	}
}

func disabledEventsOf(t *testing.T, s *apitest.Server, token string) []disabledEvent {
	t.Helper()
	var out struct {
		Events struct {
			Edges []struct{ Node disabledEvent }
		}
	}
	s.MustDo(t, token, `{ events(first: 100, types: [WEBHOOK_ENDPOINT_DISABLED]) { edges { node { eventID type partnerID payload } } } }`, nil, &out)
	var evs []disabledEvent
	for _, e := range out.Events.Edges {
		evs = append(evs, e.Node)
	}
	return evs
}

// Over the API: disabling an endpoint is an event in the events feed, the
// partner's for its own endpoint (B never reads it), a program-wide one
// (partnerID null) for the admin's; the admin's other endpoint receives
// both; WebhookEndpoint.partner names the owner.
func TestDisabledEndpointIsAnEvent(t *testing.T) {
	s := apitest.New(t, apitest.Options{Env: map[string]string{"REFTRACK_WEBHOOK_ALLOW_PRIVATE": "true"}})
	a, b := s.TwoPartners(t)
	ra, rAdmin, rAdmin2 := newHookReceiver(t), newHookReceiver(t), newHookReceiver(t)
	epA := createEndpoint(t, s, a.Token, ra)
	epAdmin := createEndpoint(t, s, apitest.AdminToken, rAdmin)
	createEndpoint(t, s, apitest.AdminToken, rAdmin2)

	disable := `mutation($id: ID!) { disableWebhookEndpoint(id: $id) { id disabledAt disabledReason } }`
	if r := s.Do(t, b.Token, disable, map[string]any{"id": epA}); r.Code() != "NOT_FOUND" {
		t.Fatalf("B disabling A's endpoint: code %q", r.Code())
	}
	if evs := disabledEventsOf(t, s, apitest.AdminToken); len(evs) != 0 {
		t.Fatalf("a refused disable appended %+v", evs)
	}
	s.MustDo(t, a.Token, disable, map[string]any{"id": epA}, nil)
	s.MustDo(t, apitest.AdminToken, disable, map[string]any{"id": epAdmin}, nil)

	all := disabledEventsOf(t, s, apitest.AdminToken)
	if len(all) != 2 {
		t.Fatalf("the admin reads %d webhook_endpoint.disabled events, want 2: %+v", len(all), all)
	}
	ofA, ofAdmin := all[0], all[1]
	if ofA.Type != "WEBHOOK_ENDPOINT_DISABLED" || ofA.PartnerID == nil || *ofA.PartnerID != a.ID ||
		ofA.Payload.WebhookEndpoint.ID != epA || ofA.Payload.WebhookEndpoint.URL != ra.URL ||
		ofA.Payload.Cause != "manual" || ofA.Payload.WebhookEndpoint.DisabledReason != "disabled by hand" {
		t.Fatalf("A's endpoint's event: %+v (A is %s, its endpoint %s)", ofA, a.ID, epA)
	}
	if ofAdmin.PartnerID != nil || ofAdmin.Payload.WebhookEndpoint.ID != epAdmin || ofAdmin.Payload.Cause != "manual" {
		t.Fatalf("the admin's endpoint's event: %+v", ofAdmin)
	}
	if evs := disabledEventsOf(t, s, a.Token); len(evs) != 1 || evs[0].EventID != ofA.EventID {
		t.Fatalf("A reads %+v, want its own one", evs)
	}
	if evs := disabledEventsOf(t, s, b.Token); len(evs) != 0 {
		t.Fatalf("B reads %+v", evs)
	}
	apitest.WaitFor(t, 10*time.Second, "both events at the admin's other endpoint", func() bool { return len(rAdmin2.got()) == 2 })
	if got := rAdmin2.got(); !slices.Contains(got, ofA.EventID) || !slices.Contains(got, ofAdmin.EventID) {
		t.Fatalf("the admin's other endpoint received %v, want %s and %s", got, ofA.EventID, ofAdmin.EventID)
	}

	const owners = `{ webhookEndpoints(first: 10) { edges { node { id partner { id name } } } } }`
	var out struct {
		WebhookEndpoints struct {
			Edges []struct {
				Node struct {
					ID      string
					Partner *struct{ ID, Name string }
				}
			}
		}
	}
	s.MustDo(t, apitest.AdminToken, owners, nil, &out)
	found := 0
	for _, e := range out.WebhookEndpoints.Edges {
		switch n := e.Node; n.ID {
		case epA:
			found++
			if n.Partner == nil || n.Partner.ID != a.ID {
				t.Errorf("A's endpoint's partner: %+v", n.Partner)
			}
		case epAdmin:
			found++
			if n.Partner != nil {
				t.Errorf("a program-wide endpoint's partner: %+v", n.Partner)
			}
		}
	}
	if found != 2 {
		t.Fatalf("the admin lists %+v", out)
	}
	s.MustDo(t, a.Token, owners, nil, &out)
	if len(out.WebhookEndpoints.Edges) != 1 || out.WebhookEndpoints.Edges[0].Node.Partner == nil || out.WebhookEndpoints.Edges[0].Node.Partner.ID != a.ID {
		t.Fatalf("A lists %+v", out)
	}
}

// webhookEventTypes lists what an endpoint can ask for, by the names
// deliveries carry, to the admin and partners; not to the service, which
// registers no endpoints.
func TestWebhookEventTypes(t *testing.T) {
	s := apitest.New(t)
	a, _ := s.TwoPartners(t)
	want := []string{"conversion.created", "customer.tags_changed", "ref_tag.created", "referral_url.updated", "webhook_endpoint.disabled"}
	for _, token := range []string{apitest.AdminToken, a.Token} {
		var out struct{ WebhookEventTypes []string }
		s.MustDo(t, token, `{ webhookEventTypes }`, nil, &out)
		if !slices.Equal(out.WebhookEventTypes, want) {
			t.Fatalf("webhookEventTypes = %v, want %v", out.WebhookEventTypes, want)
		}
	}
	// The schema's EventType enum has one value per type, and no other.
	var enum struct {
		Type struct{ EnumValues []struct{ Name string } } `json:"__type"`
	}
	s.MustDo(t, a.Token, `{ __type(name: "EventType") { enumValues { name } } }`, nil, &enum)
	var values, fromTypes []string
	for _, v := range enum.Type.EnumValues {
		values = append(values, v.Name)
	}
	for _, w := range want {
		fromTypes = append(fromTypes, strings.ToUpper(strings.ReplaceAll(w, ".", "_")))
	}
	if !slices.Equal(values, fromTypes) {
		t.Fatalf("EventType is %v, the event types %v", values, fromTypes)
	}
	if r := s.Do(t, s.ServiceToken(t), `{ webhookEventTypes }`, nil); r.Code() != "FORBIDDEN" {
		t.Fatalf("as the service: code %q, want FORBIDDEN", r.Code())
	}
	if r := s.Do(t, "", `{ webhookEventTypes }`, nil); r.Code() != "UNAUTHENTICATED" {
		t.Fatalf("anonymous: code %q, want UNAUTHENTICATED", r.Code())
	}
}
