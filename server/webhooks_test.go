package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/reftrack/reftrack/internal/apitest"
)

// hookReceiver is a real HTTP endpoint that keeps the webhook-id of every
// delivery the Standard Webhooks library verified with its secret.
type hookReceiver struct {
	*httptest.Server
	mu     sync.Mutex
	secret string
	ids    []string
	bad    int
}

func newHookReceiver(t *testing.T) *hookReceiver {
	r := &hookReceiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		wh, err := standardwebhooks.NewWebhook(r.secret)
		if err != nil || wh.Verify(body, req.Header) != nil {
			r.bad++
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		r.ids = append(r.ids, req.Header.Get("webhook-id"))
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *hookReceiver) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.ids)
}

type endpointOut struct {
	CreateWebhookEndpoint struct {
		Endpoint struct{ ID string }
		Secret   string
	}
}

func createEndpoint(t *testing.T, s *apitest.Server, token string, r *hookReceiver) string {
	t.Helper()
	var out endpointOut
	s.MustDo(t, token, `mutation($u: String!) { createWebhookEndpoint(input: {url: $u, description: "d"}) { endpoint { id } secret } }`,
		map[string]any{"u": r.URL}, &out)
	r.mu.Lock()
	r.secret = out.CreateWebhookEndpoint.Secret
	r.mu.Unlock()
	return out.CreateWebhookEndpoint.Endpoint.ID
}

// Over the API: each partner's endpoint receives its own events only, the
// admin's every partner's, all verified by the specification's library; a
// partner can neither see nor touch another's endpoint or its log.
func TestWebhooksOverTheAPI(t *testing.T) {
	s := apitest.New(t, apitest.Options{Env: map[string]string{"REFTRACK_WEBHOOK_ALLOW_PRIVATE": "true"}})
	a, b := s.TwoPartners(t)
	ra, rb, radmin := newHookReceiver(t), newHookReceiver(t), newHookReceiver(t)
	epA := createEndpoint(t, s, a.Token, ra)
	createEndpoint(t, s, b.Token, rb)
	createEndpoint(t, s, apitest.AdminToken, radmin)

	s.MustDo(t, a.Token, `mutation { createRefTag(input: {name: "Newsletter"}) { id } }`, nil, nil)
	s.MustDo(t, a.Token, `mutation { createRefTag(input: {name: "Podcast"}) { id } }`, nil, nil)
	apitest.WaitFor(t, 10*time.Second, "A's two events at A's and the admin's endpoints", func() bool {
		return len(ra.got()) == 2 && len(radmin.got()) == 2
	})
	time.Sleep(300 * time.Millisecond) // a worker's poll: B's endpoint would have had them by now
	if got := rb.got(); len(got) != 0 {
		t.Fatalf("B's endpoint received A's events %v", got)
	}
	if ra.bad+rb.bad+radmin.bad != 0 {
		t.Fatalf("deliveries refused by the library: %d", ra.bad+rb.bad+radmin.bad)
	}
	evt := ra.got()[0]

	var list struct {
		WebhookEndpoints struct {
			Edges []struct{ Node struct{ ID, URL string } }
		}
	}
	s.MustDo(t, b.Token, `{ webhookEndpoints { edges { node { id url } } } }`, nil, &list)
	if n := len(list.WebhookEndpoints.Edges); n != 1 {
		t.Fatalf("B lists %d endpoints", n)
	}
	for _, q := range []string{
		`mutation($id: ID!) { updateWebhookEndpoint(input: {id: $id, url: "http://127.0.0.1:1/x"}) { id } }`,
		`mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`,
		`mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`,
		`mutation($id: ID!) { disableWebhookEndpoint(id: $id) { id } }`,
		`mutation($id: ID!) { sendTestWebhook(endpointID: $id) { id } }`,
		`mutation($id: ID!) { resendFailedWebhooks(endpointID: $id, since: "2020-01-01T00:00:00Z") }`,
		`query($id: ID!) { node(id: $id) { id } }`,
	} {
		resp := s.Do(t, b.Token, q, map[string]any{"id": epA})
		if code := resp.Code(); code != "NOT_FOUND" && !(q[0] == 'q' && code == "") {
			t.Errorf("B: %s: code %q", q, code)
		}
	}
	var log struct {
		WebhookAttempts []struct {
			EventID    string
			StatusCode int
			Ok         bool
		}
	}
	s.MustDo(t, b.Token, `query($e: String!) { webhookAttempts(eventID: $e) { eventID statusCode ok } }`, map[string]any{"e": evt}, &log)
	if len(log.WebhookAttempts) != 0 {
		t.Fatalf("B reads the log of A's event: %+v", log)
	}
	s.MustDo(t, a.Token, `query($e: String!) { webhookAttempts(eventID: $e) { eventID statusCode ok } }`, map[string]any{"e": evt}, &log)
	if len(log.WebhookAttempts) != 1 || !log.WebhookAttempts[0].Ok || log.WebhookAttempts[0].StatusCode != 200 {
		t.Fatalf("A's log of its event: %+v", log)
	}
	var one struct {
		Node struct {
			URL      string
			Attempts struct{ TotalCount int }
		}
	}
	s.MustDo(t, a.Token, `query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { url attempts { totalCount } } } }`, map[string]any{"id": epA}, &one)
	if one.Node.URL != ra.URL || one.Node.Attempts.TotalCount != 2 {
		t.Fatalf("A's endpoint after B's tries: %+v", one)
	}
	if len(ra.got()) != 2 {
		t.Fatalf("A's endpoint got %d deliveries (a test send from B?)", len(ra.got()))
	}
}
