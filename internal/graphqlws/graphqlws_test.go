package graphqlws_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/testserver"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/reftrack/reftrack/graph"
	"github.com/reftrack/reftrack/internal/graphqlws"
)

// server is gqlgen's test executor (Query.name, Subscription.name) behind
// the transport, on a real HTTP server.
type server struct {
	*testserver.TestServer
	tr  *graphqlws.Transport
	url string
}

func newServer(t *testing.T, o graphqlws.Options) *server {
	t.Helper()
	ts := testserver.New()
	tr := graphqlws.New(o)
	ts.AddTransport(tr)
	ts.SetErrorPresenter(graph.ErrorPresenter(slog.New(slog.DiscardHandler)))
	hs := httptest.NewServer(ts)
	t.Cleanup(func() { tr.Close(); hs.Close() })
	return &server{TestServer: ts, tr: tr, url: "ws" + strings.TrimPrefix(hs.URL, "http")}
}

type msg struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

type client struct {
	t    *testing.T
	conn *websocket.Conn
}

func (s *server) dial(t *testing.T) *client {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, s.url, &websocket.DialOptions{Subprotocols: []string{graphqlws.Subprotocol}})
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { conn.CloseNow() })
	return &client{t: t, conn: conn}
}

func (c *client) send(m any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := wsjson.Write(ctx, c.conn, m); err != nil {
		c.t.Fatalf("write: %v", err)
	}
}

func (c *client) read(timeout time.Duration) (msg, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var m msg
	err := wsjson.Read(ctx, c.conn, &m)
	return m, err
}

func (c *client) expect(typ string) msg {
	c.t.Helper()
	m, err := c.read(5 * time.Second)
	if err != nil {
		c.t.Fatalf("waiting for %s: %v", typ, err)
	}
	if m.Type != typ {
		c.t.Fatalf("got %s %s, want %s", m.Type, m.Payload, typ)
	}
	return m
}

// expectClose reads until the server closes and returns the close code.
func (c *client) expectClose() websocket.StatusCode {
	c.t.Helper()
	for {
		m, err := c.read(5 * time.Second)
		if err != nil {
			code := websocket.CloseStatus(err)
			if code == -1 {
				c.t.Fatalf("connection ended without a close frame: %v", err)
			}
			return code
		}
		if m.Type != "ping" && m.Type != "pong" {
			c.t.Logf("before the close: %s %s", m.Type, m.Payload)
		}
	}
}

func (c *client) init() {
	c.t.Helper()
	c.send(msg{Type: "connection_init"})
	c.expect("connection_ack")
}

func subscribe(id, query string) msg {
	return msg{ID: id, Type: "subscribe", Payload: json.RawMessage(`{"query":` + quote(query) + `}`)}
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

func TestHandshakeRefusals(t *testing.T) {
	s := newServer(t, graphqlws.Options{OriginPatterns: []string{"*.allowed.example"}})
	httpURL := "http" + strings.TrimPrefix(s.url, "ws")
	cases := []struct {
		name    string
		headers map[string]string
		status  int
	}{
		{"no subprotocol", map[string]string{}, http.StatusBadRequest},
		{"another subprotocol", map[string]string{"Sec-WebSocket-Protocol": "graphql-ws"}, http.StatusBadRequest},
		{"foreign origin", map[string]string{"Sec-WebSocket-Protocol": graphqlws.Subprotocol, "Origin": "https://evil.example"}, http.StatusForbidden},
		{"origin without host", map[string]string{"Sec-WebSocket-Protocol": graphqlws.Subprotocol, "Origin": "null"}, http.StatusForbidden},
		{"old websocket version", map[string]string{"Sec-WebSocket-Protocol": graphqlws.Subprotocol, "Sec-WebSocket-Version": "8"}, http.StatusUpgradeRequired},
		{"bad key", map[string]string{"Sec-WebSocket-Protocol": graphqlws.Subprotocol, "Sec-WebSocket-Key": "short"}, http.StatusBadRequest},
		{"allowed origin", map[string]string{"Sec-WebSocket-Protocol": graphqlws.Subprotocol, "Origin": "https://app.allowed.example"}, http.StatusSwitchingProtocols},
		{"same origin", map[string]string{"Sec-WebSocket-Protocol": graphqlws.Subprotocol, "Origin": httpURL}, http.StatusSwitchingProtocols},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, httpURL, nil)
			req.Header.Set("Connection", "Upgrade")
			req.Header.Set("Upgrade", "websocket")
			req.Header.Set("Sec-WebSocket-Version", "13")
			req.Header.Set("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tc.status)
			}
			if tc.status == http.StatusSwitchingProtocols && resp.Header.Get("Sec-WebSocket-Protocol") != graphqlws.Subprotocol {
				t.Fatalf("subprotocol %q", resp.Header.Get("Sec-WebSocket-Protocol"))
			}
		})
	}
}

func TestProtocolErrorsCloseWithTheirCode(t *testing.T) {
	refuse := func(ctx context.Context, p map[string]any) (context.Context, error) {
		if p["token"] != "good" {
			return ctx, errors.New("invalid token")
		}
		return ctx, nil
	}
	cases := []struct {
		name string
		send []any
		code websocket.StatusCode
	}{
		{"no connection_init in time", nil, graphqlws.CloseInitTimeout},
		{"subscribe before connection_init", []any{subscribe("1", "{ name }")}, graphqlws.CloseUnauthorized},
		{"connection_init refused", []any{msg{Type: "connection_init", Payload: json.RawMessage(`{"token":"bad"}`)}}, graphqlws.CloseForbidden},
		{"connection_init twice", []any{msg{Type: "connection_init", Payload: json.RawMessage(`{"token":"good"}`)}, msg{Type: "connection_init"}}, graphqlws.CloseTooManyInits},
		{"not JSON", []any{"{"}, graphqlws.CloseBadRequest},
		{"no type", []any{map[string]any{"id": "1"}}, graphqlws.CloseBadRequest},
		{"unknown type", []any{msg{Type: "start"}}, graphqlws.CloseBadRequest},
		{"init payload not an object", []any{msg{Type: "connection_init", Payload: json.RawMessage(`[1]`)}}, graphqlws.CloseBadRequest},
		{"subscribe without id", []any{msg{Type: "connection_init", Payload: json.RawMessage(`{"token":"good"}`)}, subscribe("", "{ name }")}, graphqlws.CloseBadRequest},
		{"same id twice", []any{msg{Type: "connection_init", Payload: json.RawMessage(`{"token":"good"}`)}, subscribe("1", "subscription { name }"), subscribe("1", "subscription { name }")}, graphqlws.CloseDuplicateID},
		{"message too big", []any{msg{Type: "connection_init", Payload: json.RawMessage(`{"token":"` + strings.Repeat("x", 2000) + `"}`)}}, graphqlws.CloseMessageTooBig},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newServer(t, graphqlws.Options{Init: refuse, InitTimeout: 200 * time.Millisecond, MaxMessage: 1024})
			c := s.dial(t)
			for _, m := range tc.send {
				if raw, ok := m.(string); ok {
					ctx, cancel := context.WithTimeout(context.Background(), time.Second)
					c.conn.Write(ctx, websocket.MessageText, []byte(raw))
					cancel()
					continue
				}
				c.send(m)
			}
			if code := c.expectClose(); code != tc.code {
				t.Fatalf("closed with %d, want %d", code, tc.code)
			}
			waitFor(t, "the connection to be freed", func() bool { return s.tr.Connections() == 0 })
		})
	}
}

func TestOperations(t *testing.T) {
	s := newServer(t, graphqlws.Options{})
	c := s.dial(t)
	c.init()

	c.send(subscribe("q", "{ name }"))
	if m := c.expect("next"); m.ID != "q" || !strings.Contains(string(m.Payload), `"name":"test"`) {
		t.Fatalf("query result %s %s", m.ID, m.Payload)
	}
	c.expect("complete")

	// A query that does not validate gets an error message, no complete,
	// and the connection stays usable.
	c.send(subscribe("bad", "{ nope }"))
	m := c.expect("error")
	if m.ID != "bad" || !strings.Contains(string(m.Payload), "GRAPHQL_VALIDATION_FAILED") {
		t.Fatalf("validation error %s %s", m.ID, m.Payload)
	}
	c.send(msg{Type: "ping", Payload: json.RawMessage(`{"n":1}`)})
	if m := c.expect("pong"); string(m.Payload) != `{"n":1}` {
		t.Fatalf("pong payload %s", m.Payload)
	}

	// A subscription: events, then the server ends it.
	c.send(subscribe("s", "subscription { name }"))
	c.send(msg{Type: "ping"}) // answered after the subscription is set up
	c.expect("pong")
	for range 3 {
		s.SendNextSubscriptionMessage()
		if m := c.expect("next"); m.ID != "s" {
			t.Fatalf("event for %q", m.ID)
		}
	}
	s.SendCompleteSubscriptionMessage()
	if m := c.expect("complete"); m.ID != "s" {
		t.Fatalf("complete for %q", m.ID)
	}

	// The client ends one: no complete back, and its id is free again.
	c.send(subscribe("s", "subscription { name }"))
	c.send(msg{Type: "complete", ID: "s"})
	c.send(subscribe("s", "subscription { name }"))
	c.send(msg{Type: "ping"})
	c.expect("pong")
	s.SendNextSubscriptionMessage()
	if m := c.expect("next"); m.ID != "s" {
		t.Fatalf("event for %q", m.ID)
	}
}

// A message may arrive in fragments, and the client may send before it
// reads the handshake answer.
func TestFragmentsAndEarlyWrites(t *testing.T) {
	s := newServer(t, graphqlws.Options{})
	init := []byte(`{"type":"connection_init","payload":{}}`)
	var early bytes.Buffer
	for _, f := range []ws.Frame{
		ws.NewFrame(ws.OpText, false, init[:10]),
		ws.NewFrame(ws.OpPing, true, nil), // a control frame between fragments
		ws.NewFrame(ws.OpContinuation, false, init[10:20]),
		ws.NewFrame(ws.OpContinuation, true, init[20:]),
	} {
		if err := ws.WriteFrame(&early, ws.MaskFrameInPlace(f)); err != nil {
			t.Fatal(err)
		}
	}
	// The frames go out with the upgrade request, in one write.
	conn := s.rawDial(t, early.Bytes())
	for {
		data, op, err := wsutil.ReadServerData(conn)
		if err != nil {
			t.Fatal(err)
		}
		if op == ws.OpText {
			if !strings.Contains(string(data), "connection_ack") {
				t.Fatalf("got %s, want connection_ack", data)
			}
			return
		}
	}
}

func TestUnmaskedFramesAreRefused(t *testing.T) {
	s := newServer(t, graphqlws.Options{})
	conn := s.rawDial(t, nil)
	if err := ws.WriteFrame(conn, ws.NewTextFrame([]byte(`{"type":"connection_init"}`))); err != nil {
		t.Fatal(err)
	}
	f, err := ws.ReadFrame(conn)
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := ws.ParseCloseFrameData(f.Payload); f.Header.OpCode != ws.OpClose || code != ws.StatusProtocolError {
		t.Fatalf("got frame %v %d, want close %d", f.Header.OpCode, code, ws.StatusProtocolError)
	}
}

// The server pings; a client that answers stays, a silent one is closed
// after two intervals.
func TestKeepAlive(t *testing.T) {
	s := newServer(t, graphqlws.Options{PingInterval: 50 * time.Millisecond})
	live := s.dial(t)
	live.init()
	s.rawDial(t, nil) // never reads, so never answers a ping
	waitFor(t, "two connections", func() bool { return s.tr.Connections() == 2 })
	// live reads, and so answers pings, for ten intervals.
	read := make(chan error, 1)
	go func() { _, err := live.read(5 * time.Second); read <- err }()
	time.Sleep(500 * time.Millisecond)
	if n := s.tr.Connections(); n != 1 {
		t.Fatalf("%d connections after the silent client's timeout, want 1", n)
	}
	select {
	case err := <-read:
		t.Fatalf("the answering client's read ended: %v", err)
	default:
	}
}

// Close sends CloseGoingAway to every client and refuses new ones.
func TestCloseGoesAway(t *testing.T) {
	s := newServer(t, graphqlws.Options{})
	c := s.dial(t)
	c.init()
	c.send(subscribe("s", "subscription { name }"))
	c.send(msg{Type: "ping"})
	c.expect("pong")
	s.tr.Close()
	if code := c.expectClose(); code != graphqlws.CloseGoingAway {
		t.Fatalf("closed with %d, want %d", code, graphqlws.CloseGoingAway)
	}
	late := s.dial(t)
	if code := late.expectClose(); code != graphqlws.CloseGoingAway {
		t.Fatalf("a new connection closed with %d, want %d", code, graphqlws.CloseGoingAway)
	}
}

// Disconnecting frees every goroutine a connection and its subscriptions
// held.
func TestDisconnectFreesEverything(t *testing.T) {
	s := newServer(t, graphqlws.Options{})
	warm := s.dial(t) // let the HTTP server's own goroutines start
	warm.init()
	warm.conn.Close(websocket.StatusNormalClosure, "")
	waitFor(t, "the warm-up connection to go", func() bool { return s.tr.Connections() == 0 })
	before := runtime.NumGoroutine()

	var clients []*client
	for i := range 50 {
		c := s.dial(t)
		c.init()
		c.send(subscribe("a", "subscription { name }"))
		c.send(subscribe("b", "subscription { name }"))
		if i%2 == 0 {
			c.send(msg{Type: "complete", ID: "b"})
		}
		c.send(msg{Type: "ping"})
		c.expect("pong")
		clients = append(clients, c)
	}
	if n := runtime.NumGoroutine() - before; n < 50 {
		t.Fatalf("only %d more goroutines with 50 connections: are the subscriptions running?", n)
	}
	for i, c := range clients {
		if i%2 == 0 {
			c.conn.Close(websocket.StatusNormalClosure, "")
		} else {
			c.conn.CloseNow() // no close frame: the socket just goes
		}
	}
	waitFor(t, "every connection to be freed", func() bool { return s.tr.Connections() == 0 })
	waitFor(t, "goroutines back to where they were", func() bool { return runtime.NumGoroutine() <= before })
}

// rawDial opens a websocket by hand, sending early right after the upgrade
// request, and returns it once the server has answered 101.
func (s *server) rawDial(t *testing.T, early []byte) io.ReadWriter {
	t.Helper()
	u, _ := url.Parse(s.url)
	nc, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	nc.SetDeadline(time.Now().Add(10 * time.Second))
	req := "GET / HTTP/1.1\r\nHost: " + u.Host + "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
		"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
		"Sec-WebSocket-Protocol: " + graphqlws.Subprotocol + "\r\n\r\n"
	if _, err := nc.Write(append([]byte(req), early...)); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(nc)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		t.Fatalf("upgrade answered %s", resp.Status)
	}
	return struct {
		io.Reader
		io.Writer
	}{br, nc}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited 5s for %s", what)
		}
	}
}

// feedSchema is an executable schema whose one subscription field is fed
// by the test, notifying the transport as graph's conversion feed does.
type feedSchema struct {
	feeds chan feed
}

type feed struct {
	ch     chan int
	notify func()
}

func (f *feedSchema) executable() *graphql.ExecutableSchemaMock {
	schema := gqlparser.MustLoadSchema(&ast.Source{Input: `type Query { n: Int! } type Subscription { n: Int! }`})
	return &graphql.ExecutableSchemaMock{
		SchemaFunc: func() *ast.Schema { return schema },
		ComplexityFunc: func(context.Context, string, string, int, map[string]any) (int, bool) {
			return 1, true
		},
		ExecFunc: func(ctx context.Context) graphql.ResponseHandler {
			if graphql.GetOperationContext(ctx).Operation.Operation != ast.Subscription {
				return graphql.OneShot(&graphql.Response{Data: []byte(`{"n":0}`)})
			}
			ch := make(chan int, 4096)
			notify, ok := graphqlws.Notifier(ctx)
			if !ok {
				panic("no notifier on graphqlws")
			}
			f.feeds <- feed{ch, notify}
			return func(ctx context.Context) *graphql.Response {
				select {
				case n, ok := <-ch:
					if !ok {
						return nil
					}
					return &graphql.Response{Data: []byte(fmt.Sprintf(`{"n":%d}`, n))}
				case <-ctx.Done():
					return nil
				}
			}
		},
	}
}

// newFeedServer serves a feedSchema through the transport.
func newFeedServer(t *testing.T, o graphqlws.Options) (*server, *feedSchema) {
	f := &feedSchema{feeds: make(chan feed, 1)}
	tr := graphqlws.New(o)
	srv := handler.New(f.executable())
	srv.AddTransport(tr)
	srv.SetErrorPresenter(graph.ErrorPresenter(slog.New(slog.DiscardHandler)))
	hs := httptest.NewServer(srv)
	t.Cleanup(func() { tr.Close(); hs.Close() })
	return &server{tr: tr, url: "ws" + strings.TrimPrefix(hs.URL, "http")}, f
}

// A notifying subscription gets every value in order however fast they
// come, and complete when its channel closes.
func TestNotifyingSubscription(t *testing.T) {
	s, f := newFeedServer(t, graphqlws.Options{})
	c := s.dial(t)
	c.init()
	c.send(subscribe("s", "subscription { n }"))
	fd := <-f.feeds

	const n = 2000
	go func() {
		for i := range n {
			fd.ch <- i
			fd.notify()
		}
		close(fd.ch)
		fd.notify()
	}()
	for i := range n {
		m := c.expect("next")
		if want := fmt.Sprintf(`{"data":{"n":%d}}`, i); string(m.Payload) != want {
			t.Fatalf("value %d: got %s, want %s", i, m.Payload, want)
		}
	}
	if m := c.expect("complete"); m.ID != "s" {
		t.Fatalf("complete for %q", m.ID)
	}
}

// handedConns returns options whose Conn hook hands each new connection
// to the channel, so that a test can act on it from the server side.
func handedConns() (chan *graphqlws.Conn, graphqlws.Options) {
	conns := make(chan *graphqlws.Conn, 1)
	return conns, graphqlws.Options{Conn: func(ctx context.Context, c *graphqlws.Conn) context.Context {
		conns <- c
		return ctx
	}}
}

// A connection closed from the server side (as the feed drops a subscriber
// that fell behind) ends its operations without a complete: the client
// sees only the close code.
func TestCloseWithEndsOperationsWithoutComplete(t *testing.T) {
	conns, opts := handedConns()
	s, f := newFeedServer(t, opts)
	c := s.dial(t)
	c.init()
	conn := <-conns
	c.send(subscribe("s", "subscription { n }"))
	fd := <-f.feeds

	conn.CloseWith(graphqlws.CloseTryAgainLater, "fell behind")
	close(fd.ch)
	fd.notify()
	m, err := c.read(5 * time.Second)
	if err == nil {
		t.Fatalf("got %s %s before the close", m.Type, m.Payload)
	}
	if code := websocket.CloseStatus(err); code != graphqlws.CloseTryAgainLater {
		t.Fatalf("closed with %d (%v), want %d", code, err, graphqlws.CloseTryAgainLater)
	}
}

// A connection runs a bounded number of operations at once; one more gets
// an error, and the connection stays usable.
func TestOperationsPerConnectionAreBounded(t *testing.T) {
	s := newServer(t, graphqlws.Options{MaxOperations: 3})
	c := s.dial(t)
	c.init()
	for _, id := range []string{"a", "b", "c"} {
		c.send(subscribe(id, "subscription { name }"))
	}
	c.send(subscribe("d", "subscription { name }"))
	if m := c.expect("error"); m.ID != "d" || !strings.Contains(string(m.Payload), `"code":"LIMIT_EXCEEDED"`) {
		t.Fatalf("got %s %s", m.ID, m.Payload)
	}
	c.send(msg{Type: "complete", ID: "a"})
	c.send(subscribe("d", "subscription { name }"))
	c.send(msg{Type: "ping"})
	c.expect("pong")
}

// Issue 18.4: a panic leaves a websocket with the code it has over HTTP
// (it was INTERNAL here, INTERNAL_SERVER_ERROR there).
func TestPanicHasTheSameCodeAsOverHTTP(t *testing.T) {
	schema := gqlparser.MustLoadSchema(&ast.Source{Input: `type Query { n: Int! } type Subscription { n: Int! }`})
	exec := &graphql.ExecutableSchemaMock{
		SchemaFunc: func() *ast.Schema { return schema },
		ComplexityFunc: func(context.Context, string, string, int, map[string]any) (int, bool) {
			return 1, true
		},
		ExecFunc: func(ctx context.Context) graphql.ResponseHandler {
			return func(ctx context.Context) *graphql.Response { panic("boom") }
		},
	}
	logger := slog.New(slog.DiscardHandler)
	tr := graphqlws.New(graphqlws.Options{})
	srv := handler.New(exec)
	srv.AddTransport(tr)
	srv.AddTransport(transport.POST{})
	srv.SetErrorPresenter(graph.ErrorPresenter(logger))
	srv.SetRecoverFunc(graph.Recover(logger))
	hs := httptest.NewServer(srv)
	t.Cleanup(func() { tr.Close(); hs.Close() })

	resp, err := http.Post(hs.URL, "application/json", strings.NewReader(`{"query": "{ n }"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var overHTTP struct {
		Errors []struct{ Extensions map[string]any }
	}
	if err := json.NewDecoder(resp.Body).Decode(&overHTTP); err != nil || len(overHTTP.Errors) == 0 {
		t.Fatalf("HTTP: %v %+v", err, overHTTP)
	}

	s := &server{tr: tr, url: "ws" + strings.TrimPrefix(hs.URL, "http")}
	c := s.dial(t)
	c.init()
	c.send(subscribe("s", "subscription { n }"))
	m := c.expect("error")
	var overWS []struct{ Extensions map[string]any }
	if err := json.Unmarshal(m.Payload, &overWS); err != nil || len(overWS) == 0 {
		t.Fatalf("websocket: %s", m.Payload)
	}
	want := graph.CodeInternal
	if got := overHTTP.Errors[0].Extensions["code"]; got != want {
		t.Errorf("HTTP: code %v, want %s", got, want)
	}
	if got := overWS[0].Extensions["code"]; got != want {
		t.Errorf("websocket: code %v, want %s", got, want)
	}
}

// End stops the subscriptions at once, without complete, and closes with
// its code: how a revoked token's connection ends.
func TestEndStopsSubscriptionsAndCloses(t *testing.T) {
	conns, opts := handedConns()
	s := newServer(t, opts)
	c := s.dial(t)
	c.init()
	conn := <-conns
	c.send(subscribe("s", "subscription { name }"))
	c.send(msg{Type: "ping"}) // answered after the subscription is set up
	c.expect("pong")

	conn.End(graphqlws.CloseForbidden, "token revoked")
	m, err := c.read(5 * time.Second)
	if err == nil {
		t.Fatalf("got %s %s before the close", m.Type, m.Payload)
	}
	if code := websocket.CloseStatus(err); code != graphqlws.CloseForbidden {
		t.Fatalf("closed with %d (%v), want %d", code, err, graphqlws.CloseForbidden)
	}
}
