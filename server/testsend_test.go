package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
)

// sendTestWebhook over the API reaches the receiver, answers the attempt
// and logs it; while a slow receiver holds the send, other mutations go on
// (it runs outside the mutation's transaction, which on SQLite would hold
// the one write lock); it must be alone in its document; with an
// Idempotency-Key a retry gets the first answer without sending again.
func TestTestSendOverTheAPI(t *testing.T) {
	s := apitest.New(t, apitest.Options{Env: map[string]string{"REFTRACK_WEBHOOK_ALLOW_PRIVATE": "true"}})
	a, _ := s.TwoPartners(t)
	var hits atomic.Int32 // test sends received
	release := make(chan struct{})
	slow := atomic.Bool{}
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("webhook-id"), "msg_test_") {
			return // an event's delivery (the ref tags below)
		}
		hits.Add(1)
		if slow.Load() {
			<-release
		}
		w.Write([]byte("hello from the receiver"))
	}))
	t.Cleanup(recv.Close)
	var created struct {
		CreateWebhookEndpoint struct{ Endpoint struct{ ID string } }
	}
	s.MustDo(t, a.Token, `mutation($u: String!) { createWebhookEndpoint(input: {url: $u}) { endpoint { id } } }`, map[string]any{"u": recv.URL}, &created)
	ep := created.CreateWebhookEndpoint.Endpoint.ID

	const send = `mutation($id: ID!) { sendTestWebhook(endpointID: $id) { id eventType statusCode ok response } }`
	type attempt struct {
		ID, EventType, Response string
		StatusCode              int
		Ok                      bool
	}
	var out struct{ SendTestWebhook attempt }
	s.MustDo(t, a.Token, send, map[string]any{"id": ep}, &out)
	if got := out.SendTestWebhook; got.EventType != "webhook.test" || got.StatusCode != 200 || !got.Ok || got.Response != "hello from the receiver" || hits.Load() != 1 {
		t.Fatalf("test send: %+v, %d requests", got, hits.Load())
	}
	var log struct {
		Node struct {
			Attempts struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	s.MustDo(t, a.Token, `query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { attempts(first: 10) { edges { node { id } } } } } }`, map[string]any{"id": ep}, &log)
	if e := log.Node.Attempts.Edges; len(e) != 1 || e[0].Node.ID != out.SendTestWebhook.ID {
		t.Fatalf("the log: %+v, want the attempt %s", e, out.SendTestWebhook.ID)
	}

	// A slow receiver holds the send; another mutation goes on meanwhile.
	slow.Store(true)
	done := make(chan *apitest.Response, 1)
	go func() { done <- s.Do(t, a.Token, send, map[string]any{"id": ep}) }()
	apitest.WaitFor(t, 10*time.Second, "the slow send to reach the receiver", func() bool { return hits.Load() == 2 })
	start := time.Now()
	if r := s.Do(t, a.Token, `mutation { createRefTag(input: {name: "During a send"}) { id } }`, nil); len(r.Errors) > 0 {
		t.Fatalf("a mutation during a slow test send: %+v", r.Errors)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Fatalf("a mutation during a slow test send took %v", took)
	}
	close(release)
	if r := <-done; len(r.Errors) > 0 {
		t.Fatalf("the slow test send: %+v", r.Errors)
	}

	// Alone in its document.
	r := s.Do(t, a.Token, `mutation($id: ID!) { createRefTag(input: {name: "Beside"}) { id } sendTestWebhook(endpointID: $id) { id } }`, map[string]any{"id": ep})
	if r.Code() != "BAD_USER_INPUT" || hits.Load() != 2 {
		t.Fatalf("beside another mutation: code %q, %d requests", r.Code(), hits.Load())
	}
	var tags struct{ RefTags struct{ TotalCount int } }
	s.MustDo(t, a.Token, `{ refTags { totalCount } }`, nil, &tags)
	if tags.RefTags.TotalCount != 1 {
		t.Fatalf("%d ref tags, want 1: the refused document created one", tags.RefTags.TotalCount)
	}

	// An idempotency key: the retry is the first answer, sent once.
	post := func() (int, []byte) {
		body, _ := json.Marshal(map[string]any{"query": send, "variables": map[string]any{"id": ep}})
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+a.Token)
		req.Header.Set("Idempotency-Key", "test-send-1")
		resp, err := s.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var buf bytes.Buffer
		buf.ReadFrom(resp.Body)
		return resp.StatusCode, buf.Bytes()
	}
	status1, first := post()
	status2, second := post()
	if status1 != 200 || status2 != 200 || !bytes.Equal(first, second) || hits.Load() != 3 {
		t.Fatalf("with a key: %d %s, then %d %s; %d requests, want 3", status1, first, status2, second, hits.Load())
	}
}
