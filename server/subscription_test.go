package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/reftrack/reftrack/internal/apitest"
)

// wsClient is a graphql-transport-ws client over a real websocket.
type wsClient struct {
	t    *testing.T
	conn *websocket.Conn
}

type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// subscribed dials with token, waits for the acknowledgement and
// subscribes (id "1") to conversionSub.
func subscribed(t *testing.T, s *apitest.Server, token string) *wsClient {
	t.Helper()
	c := dial(t, s, token)
	c.expect("connection_ack")
	c.subscribe("1")
	return c
}

func dial(t *testing.T, s *apitest.Server, token string) *wsClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	url := "ws" + strings.TrimPrefix(s.URL, "http") + "/graphql"
	conn, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { conn.Close(websocket.StatusNormalClosure, "") })
	c := &wsClient{t: t, conn: conn}
	payload := map[string]any{}
	if token != "" {
		payload["Authorization"] = "Bearer " + token
	}
	c.send(map[string]any{"type": "connection_init", "payload": payload})
	return c
}

func (c *wsClient) send(v any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := wsjson.Write(ctx, c.conn, v); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

// next reads the next message other than a ping or pong.
func (c *wsClient) next(timeout time.Duration) (wsMessage, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	for {
		var m wsMessage
		if err := wsjson.Read(ctx, c.conn, &m); err != nil {
			return m, err
		}
		if m.Type != "ping" && m.Type != "pong" {
			return m, nil
		}
	}
}

func (c *wsClient) expect(typ string) wsMessage {
	c.t.Helper()
	m, err := c.next(10 * time.Second)
	if err != nil {
		c.t.Fatalf("waiting for %s: %v", typ, err)
	}
	if m.Type != typ {
		c.t.Fatalf("got %s %s, want %s", m.Type, m.Payload, typ)
	}
	return m
}

const conversionSub = `subscription { conversionAdded { id customer { email } refTag { code } referralURL { slug } } }`

func (c *wsClient) subscribe(id string) {
	c.send(map[string]any{"id": id, "type": "subscribe", "payload": map[string]any{"query": conversionSub}})
}

// email returns the customer email of a next message.
func email(t *testing.T, m wsMessage) string {
	t.Helper()
	var p struct {
		Data struct {
			ConversionAdded struct{ Customer struct{ Email string } }
		}
		Errors []any
	}
	if err := json.Unmarshal(m.Payload, &p); err != nil || len(p.Errors) > 0 {
		t.Fatalf("payload %s: %v", m.Payload, err)
	}
	return p.Data.ConversionAdded.Customer.Email
}

func TestConversionsReachTheirPartnerLive(t *testing.T) {
	s := apitest.New(t)
	a, b := s.TwoPartners(t)
	service := s.ServiceToken(t)
	for _, p := range []struct{ token, slug string }{{a.Token, "partner-a"}, {b.Token, "partner-b"}} {
		s.MustDo(t, p.token, fmt.Sprintf(`mutation { createReferralURL(input: {slug: %q, redirectURL: "https://example.com/"}) { id } }`, p.slug), nil, nil)
	}

	subs := map[string]*wsClient{"a": dial(t, s, a.Token), "b": dial(t, s, b.Token), "admin": dial(t, s, apitest.AdminToken)}
	for _, c := range subs {
		c.expect("connection_ack")
		c.subscribe("1")
	}
	// The subscription is registered once the server answered another
	// operation on the same connection after it.
	for _, c := range subs {
		c.send(map[string]any{"id": "sync", "type": "subscribe", "payload": map[string]any{"query": `{ __typename }`}})
		c.expect("next")
		c.expect("complete")
	}

	signup := func(ref, addr string) {
		s.MustDo(t, service, `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"ref": ref, "email": addr}}, nil)
	}
	signup("partner-a", "one@a.example")
	signup("partner-a", "one@a.example") // the same signup again: no second event
	signup("partner-b", "two@b.example")

	if got := email(t, subs["a"].expect("next")); got != "one@a.example" {
		t.Errorf("A got %s", got)
	}
	if got := email(t, subs["b"].expect("next")); got != "two@b.example" {
		t.Errorf("B got %s first: another partner's conversion leaked", got)
	}
	for _, want := range []string{"one@a.example", "two@b.example"} {
		if got := email(t, subs["admin"].expect("next")); got != want {
			t.Errorf("admin got %s, want %s", got, want)
		}
	}
	// Nothing more for A: the repeated signup published nothing, B's is not A's.
	if m, err := subs["a"].next(300 * time.Millisecond); err == nil {
		t.Errorf("A got another message: %s %s", m.Type, m.Payload)
	}
}

func TestSubscriptionNeedsAPartnerOrAdminToken(t *testing.T) {
	s := apitest.New(t)
	service := s.ServiceToken(t)
	cases := []struct{ name, token, code string }{
		{"service token", service, "FORBIDDEN"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, s, tc.token)
			c.expect("connection_ack")
			c.subscribe("1")
			m := c.expect("next") // gqlgen reports resolver errors as a result, then completes
			if !strings.Contains(string(m.Payload), `"code":"`+tc.code+`"`) {
				t.Fatalf("error payload %s, want %s", m.Payload, tc.code)
			}
		})
	}
	t.Run("bad token", func(t *testing.T) {
		c := dial(t, s, "rt_wrong")
		m, err := c.next(5 * time.Second)
		if err == nil {
			t.Fatalf("a bad token got %s", m.Type)
		}
		if code := websocket.CloseStatus(err); code != 4403 {
			t.Fatalf("closed with %d (%v), want 4403", code, err)
		}
	})
}

// Conversions reach every subscriber of a partner in the order recorded,
// none lost; a subscription the client completes gets nothing more; closed
// connections leave no goroutine behind.
func TestLiveFeedIsCompleteOrderedAndFreed(t *testing.T) {
	s := apitest.New(t)
	a := s.CreatePartner(t, "A", "a@a.example", "UTC")
	service := s.ServiceToken(t)
	s.MustDo(t, a.Token, `mutation { createReferralURL(input: {slug: "partner-a", redirectURL: "https://example.com/"}) { id } }`, nil, nil)
	settle := func() int {
		time.Sleep(100 * time.Millisecond)
		return runtime.NumGoroutine()
	}
	before := settle()

	stays, leaves := dial(t, s, a.Token), dial(t, s, a.Token)
	for _, c := range []*wsClient{stays, leaves} {
		c.expect("connection_ack")
		c.subscribe("1")
		c.send(map[string]any{"id": "sync", "type": "subscribe", "payload": map[string]any{"query": `{ __typename }`}})
		c.expect("next")
		c.expect("complete")
	}
	signup := func(addr string) {
		s.MustDo(t, service, `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"ref": "partner-a", "email": addr}}, nil)
	}
	const n = 40
	for i := range n {
		signup(fmt.Sprintf("c%02d@a.example", i))
	}
	for _, c := range []*wsClient{stays, leaves} {
		for i := range n {
			if got, want := email(t, c.expect("next")), fmt.Sprintf("c%02d@a.example", i); got != want {
				t.Fatalf("conversion %d: got %s, want %s", i, got, want)
			}
		}
	}

	leaves.send(map[string]any{"id": "1", "type": "complete"})
	leaves.send(map[string]any{"id": "sync", "type": "subscribe", "payload": map[string]any{"query": `{ __typename }`}})
	leaves.expect("next")
	leaves.expect("complete")
	signup("late@a.example")
	if got := email(t, stays.expect("next")); got != "late@a.example" {
		t.Fatalf("got %s, want late@a.example", got)
	}
	if m, err := leaves.next(300 * time.Millisecond); err == nil {
		t.Fatalf("a completed subscription got %s %s", m.Type, m.Payload)
	}

	stays.conn.Close(websocket.StatusNormalClosure, "")
	leaves.conn.CloseNow()
	deadline := time.Now().Add(5 * time.Second)
	for settle() > before {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines after the subscribers left, %d before", runtime.NumGoroutine(), before)
		}
	}
}

// Issue 17.9: a connection_init without a token was acknowledged, so an
// anonymous websocket stayed open for ever. It is refused with 4403, like
// a bad token.
func TestAnonymousWebsocketIsRefused(t *testing.T) {
	s := apitest.New(t)
	for name, payload := range map[string]any{
		"no payload":          nil,
		"empty payload":       map[string]any{},
		"empty Authorization": map[string]any{"Authorization": "  "},
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			conn, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.URL, "http")+"/graphql",
				&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
			if err != nil {
				t.Fatal(err)
			}
			defer conn.CloseNow()
			c := &wsClient{t: t, conn: conn}
			init := map[string]any{"type": "connection_init"}
			if payload != nil {
				init["payload"] = payload
			}
			c.send(init)
			m, err := c.next(5 * time.Second)
			if err == nil {
				t.Fatalf("an anonymous connection_init got %s %s", m.Type, m.Payload)
			}
			if code := websocket.CloseStatus(err); code != 4403 {
				t.Fatalf("closed with %d (%v), want 4403", code, err)
			}
		})
	}
}
