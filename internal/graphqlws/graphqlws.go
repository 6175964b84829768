// Package graphqlws serves GraphQL operations, subscriptions above all,
// over websockets with the graphql-transport-ws protocol, as a gqlgen
// transport. It is built for many idle subscribers: a connection costs one
// goroutine blocked in a read, one per active subscription, and no buffers
// between messages. Keep-alive pings for all connections come from one
// goroutine.
package graphqlws

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/gobwas/ws"
)

// Subprotocol is the only websocket subprotocol served.
const Subprotocol = "graphql-transport-ws"

// Close codes of graphql-transport-ws and RFC 6455 that clients act on.
const (
	CloseNormal          = 1000
	CloseGoingAway       = 1001 // the server is shutting down: reconnect to another instance
	CloseMessageTooBig   = 1009
	CloseTryAgainLater   = 1013 // dropped for falling behind: reconnect and resubscribe
	CloseBadRequest      = 4400 // a malformed or unexpected message
	CloseUnauthorized    = 4401 // subscribe before connection_ack
	CloseForbidden       = 4403 // connection_init refused, or the token it gave revoked since (Conn.End)
	CloseInitTimeout     = 4408
	CloseDuplicateID     = 4409
	CloseTooManyInits    = 4429
	CloseInternal        = 4500
	closeReasonMaxLength = 123 // RFC 6455: the reason fits a 125-byte control frame
)

// InitFunc checks a connection_init payload and returns the context the
// connection's operations run in; an error refuses the connection (4403).
type InitFunc func(ctx context.Context, payload map[string]any) (context.Context, error)

// Options configure a Transport. Zero values take the defaults.
type Options struct {
	Init           InitFunc
	InitTimeout    time.Duration // wait for connection_init; default 10s
	PingInterval   time.Duration // server pings; a peer silent for two intervals is closed; default 25s
	WriteTimeout   time.Duration // one message to a peer; default 10s
	MaxMessage     int64         // largest message a client may send; default 64 KiB
	MaxOperations  int           // operations running at once on one connection; default 100
	OriginPatterns []string      // hosts (path.Match patterns) allowed in Origin besides the request's own
	// Conn, if set, returns the context operations on a connection run in,
	// given the connection: it lets resolvers close their own connection.
	Conn func(ctx context.Context, c *Conn) context.Context
}

// Transport is a gqlgen transport for websockets. Close it on shutdown.
type Transport struct {
	o      Options
	mu     sync.Mutex
	conns  map[*Conn]struct{}
	closed bool
	stop   chan struct{}
	done   chan struct{}
}

var _ graphql.Transport = (*Transport)(nil)

// New returns a Transport and starts its pinger.
func New(o Options) *Transport {
	if o.InitTimeout <= 0 {
		o.InitTimeout = 10 * time.Second
	}
	if o.PingInterval <= 0 {
		o.PingInterval = 25 * time.Second
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 10 * time.Second
	}
	if o.MaxMessage <= 0 {
		o.MaxMessage = 64 << 10
	}
	if o.MaxOperations <= 0 {
		o.MaxOperations = 100
	}
	t := &Transport{o: o, conns: make(map[*Conn]struct{}), stop: make(chan struct{}), done: make(chan struct{})}
	go t.pinger()
	return t
}

// Supports reports whether r asks for a websocket.
func (t *Transport) Supports(r *http.Request) bool {
	return r.Method == http.MethodGet && strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

// Do upgrades the request and serves the connection from a goroutine of
// its own, so that the HTTP server's goroutine and buffers are released.
func (t *Transport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	if err := t.checkOrigin(r); err != nil {
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	if !offers(r, Subprotocol) {
		http.Error(w, "websocket: use the "+Subprotocol+" subprotocol (Sec-WebSocket-Protocol)", http.StatusBadRequest)
		return
	}
	up := ws.HTTPUpgrader{
		Timeout:  t.o.WriteTimeout,
		Protocol: func(p string) bool { return p == Subprotocol },
	}
	nc, rw, _, err := up.Upgrade(r, w)
	if err != nil {
		// The upgrader has answered with the reason (400, 426).
		if nc != nil {
			nc.Close()
		}
		return
	}
	// The request's context ends when this handler returns.
	ctx := context.WithoutCancel(r.Context())
	c := newConn(ctx, t, nc, rw.Reader, exec)
	if !t.add(c) {
		c.closeWith(CloseGoingAway, "server is shutting down")
		return
	}
	go c.serve()
}

// Connections returns the number of open connections.
func (t *Transport) Connections() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.conns)
}

// Close closes every connection with CloseGoingAway, refuses new ones and
// stops the pinger. It returns once every close frame is written (or its
// write timed out); it does not wait for peers to answer.
func (t *Transport) Close() {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return
	}
	t.closed = true
	conns := make([]*Conn, 0, len(t.conns))
	for c := range t.conns {
		conns = append(conns, c)
	}
	t.mu.Unlock()
	close(t.stop)
	<-t.done
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Go(func() { c.closeWith(CloseGoingAway, "server is shutting down") })
	}
	wg.Wait()
}

func (t *Transport) add(c *Conn) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return false
	}
	t.conns[c] = struct{}{}
	return true
}

func (t *Transport) remove(c *Conn) {
	t.mu.Lock()
	delete(t.conns, c)
	t.mu.Unlock()
}

// pinger pings every connection each interval and closes those that were
// silent for two: one goroutine and one timer for all connections.
func (t *Transport) pinger() {
	defer close(t.done)
	tick := time.NewTicker(t.o.PingInterval)
	defer tick.Stop()
	for {
		select {
		case <-t.stop:
			return
		case now := <-tick.C:
			t.mu.Lock()
			conns := slices.Collect(maps.Keys(t.conns))
			t.mu.Unlock()
			for _, c := range conns {
				c.keepAlive(now, 2*t.o.PingInterval)
			}
		}
	}
}

// checkOrigin lets browsers connect from the request's own host or from an
// allowed pattern; clients that send no Origin are not browsers.
func (t *Transport) checkOrigin(r *http.Request) error {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return nil
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return fmt.Errorf("websocket: Origin %q is not a URL with a host", origin)
	}
	if strings.EqualFold(u.Host, r.Host) {
		return nil
	}
	for _, p := range t.o.OriginPatterns {
		if ok, _ := path.Match(strings.ToLower(p), strings.ToLower(u.Host)); ok {
			return nil
		}
	}
	return fmt.Errorf("websocket: Origin %q is not allowed", origin)
}

// offers reports whether r lists protocol in Sec-WebSocket-Protocol.
func offers(r *http.Request, protocol string) bool {
	for _, h := range r.Header.Values("Sec-WebSocket-Protocol") {
		for _, p := range strings.Split(h, ",") {
			if strings.TrimSpace(p) == protocol {
				return true
			}
		}
	}
	return false
}
