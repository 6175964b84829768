package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
)

// sseStream is a subscription over server-sent events.
type sseStream struct {
	events chan string // the data of each event; closed when the stream ends
	cancel context.CancelFunc
}

// subscribeSSE opens conversionSub over server-sent events and waits until
// the server has started the stream.
func subscribeSSE(t *testing.T, s *apitest.Server, token string) *sseStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req := sseRequest(ctx, s, conversionSub)
	req.Header.Set("Authorization", "Bearer "+token)
	return openSSE(t, s.Client(), req, cancel)
}

// sseRequest is a POST of query asking for server-sent events.
func sseRequest(ctx context.Context, s *apitest.Server, query string) *http.Request {
	body, _ := json.Marshal(map[string]any{"query": query})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	return req
}

// openSSE sends req, fails unless it opened an event stream, and reads
// the stream's data lines into the returned sseStream.
func openSSE(t *testing.T, c *http.Client, req *http.Request, cancel context.CancelFunc) *sseStream {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("SSE: status %d, content type %q", resp.StatusCode, ct)
	}
	st := &sseStream{events: make(chan string, 100), cancel: cancel}
	go func() {
		defer close(st.events)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				st.events <- data
			}
		}
	}()
	return st
}

// partnerWithURL creates a partner with the referral URL slug, and returns
// it with a function recording a signup through that URL.
func partnerWithURL(t *testing.T, s *apitest.Server, name, slug string) (apitest.Partner, func(email string)) {
	t.Helper()
	p := s.CreatePartner(t, name, slug+"@partners.example", "UTC")
	s.MustDo(t, p.Token, `mutation($s: String!) { createReferralURL(input: {slug: $s, redirectURL: "https://example.com/"}) { id } }`,
		map[string]any{"s": slug}, nil)
	service := s.ServiceToken(t)
	return p, func(email string) {
		t.Helper()
		s.MustDo(t, service, `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"ref": slug, "email": email}}, nil)
	}
}

// subscribeBoth subscribes token to conversionSub over a websocket and over
// server-sent events, and returns once both are known to be subscribed
// (signup records a conversion they both should see).
func subscribeBoth(t *testing.T, s *apitest.Server, token string, signup func(string)) (*wsClient, *sseStream) {
	t.Helper()
	ws := subscribed(t, s, token)
	sse := subscribeSSE(t, s, token)
	waitSubscribed(t, ws, sse, signup)
	return ws, sse
}

// waitSubscribed returns once both streams are known to be subscribed.
func waitSubscribed(t *testing.T, ws *wsClient, sse *sseStream, signup func(string)) {
	t.Helper()
	// The websocket's subscription is registered once the server answered
	// another operation sent after it.
	ws.send(map[string]any{"id": "sync", "type": "subscribe", "payload": map[string]any{"query": `{ __typename }`}})
	ws.expect("next")
	ws.expect("complete")
	// The event stream may start before its subscription is registered:
	// sign up until one arrives; the websocket gets each of them.
	deadline := time.Now().Add(10 * time.Second)
	for i := 1; ; i++ {
		signup(fmt.Sprintf("warmup%d-%d@example.com", i, time.Now().UnixNano()))
		ws.expect("next")
		select {
		case _, ok := <-sse.events:
			if !ok {
				t.Fatal("the SSE stream ended")
			}
			return
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("the SSE stream got no event")
		}
	}
}

// Issue 17.3: the read and write deadlines that drop stalled clients must
// not cut off websockets and event streams, which live far longer.
func TestStreamsOutliveTheReadAndWriteTimeouts(t *testing.T) {
	const readTimeout = 300 * time.Millisecond
	s := apitest.New(t, apitest.Options{Env: map[string]string{
		"REFTRACK_READ_TIMEOUT": readTimeout.String(), "REFTRACK_WRITE_TIMEOUT": readTimeout.String(),
	}})
	p, signup := partnerWithURL(t, s, "A", "partner-a")
	ws, sse := subscribeBoth(t, s, p.Token, signup)

	time.Sleep(3 * readTimeout)
	signup("late@a.example")
	if got := email(t, ws.expect("next")); got != "late@a.example" {
		t.Errorf("websocket got %s", got)
	}
	select {
	case data, ok := <-sse.events:
		if !ok || !strings.Contains(data, "late@a.example") {
			t.Errorf("SSE got %q (open %v), want late@a.example", data, ok)
		}
	case <-time.After(10 * time.Second):
		t.Error("no event over SSE")
	}
}
