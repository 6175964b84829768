package graphqlws

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/gobwas/ws"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/reftrack/reftrack"
)

// Conn is one websocket connection.
type Conn struct {
	t      *Transport
	nc     net.Conn
	r      io.Reader // nc, after any bytes the HTTP server had read ahead
	exec   graphql.GraphExecutor
	ctx    context.Context // the operations' context, set by connection_init
	cancel context.CancelFunc

	wmu      sync.Mutex // one frame at a time
	writeErr error

	mu      sync.Mutex
	inited  bool
	acked   bool
	closing bool
	ending  *closeFrame // set by End: close once the running operations answered
	ops     map[string]*operation

	lastRead  atomic.Int64 // unix nanoseconds of the last frame read
	initTimer *time.Timer
}

type closeFrame struct {
	code   int
	reason string
}

// operation is a running operation, stopped by cancel.
type operation struct {
	cancel       context.CancelFunc
	subscription bool

	// For a subscription whose resolver notifies (Notifier): no goroutine
	// waits on it; one runs while notified values are being sent.
	c         *Conn
	id        string
	ctx       context.Context
	responses graphql.ResponseHandler
	notifies  atomic.Bool
	pending   atomic.Int64 // values notified and not yet sent, +1 during set-up
}

type operationKey struct{}

// Notifier returns the function a subscription's resolver calls after each
// value it sends on its channel and after closing it; ok is false when the
// operation does not run on this transport. Asking for it lets the
// transport keep no goroutine waiting on the channel: an idle subscription
// then costs memory only.
func Notifier(ctx context.Context) (notify func(), ok bool) {
	op, ok := ctx.Value(operationKey{}).(*operation)
	if !ok {
		return nil, false
	}
	op.notifies.Store(true)
	return op.notify, true
}

func (op *operation) notify() {
	if op.pending.Add(1) == 1 {
		go op.c.drain(op)
	}
}

// message is a graphql-transport-ws message.
type message struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

func newConn(ctx context.Context, t *Transport, nc net.Conn, br *bufio.Reader, exec graphql.GraphExecutor) *Conn {
	ctx, cancel := context.WithCancel(ctx)
	c := &Conn{t: t, nc: nc, r: nc, exec: exec, ctx: ctx, cancel: cancel, ops: make(map[string]*operation)}
	if n := br.Buffered(); n > 0 {
		// The client wrote before the handshake answer: keep those bytes,
		// and drop the HTTP server's buffer.
		ahead, _ := br.Peek(n)
		c.r = io.MultiReader(bytes.NewReader(bytes.Clone(ahead)), nc)
	}
	c.lastRead.Store(time.Now().UnixNano())
	return c
}

// serve reads frames until the connection ends, then frees everything the
// connection holds: its operations end with its context.
func (c *Conn) serve() {
	defer func() {
		c.cancel()
		c.drainInput()
		c.nc.Close()
		c.t.remove(c)
	}()
	c.initTimer = time.AfterFunc(c.t.o.InitTimeout, func() {
		c.mu.Lock()
		acked := c.acked
		c.mu.Unlock()
		if !acked {
			c.closeWith(CloseInitTimeout, "connection initialisation timeout")
		}
	})
	defer c.initTimer.Stop()

	state := ws.StateServerSide
	var partial []byte // a fragmented message so far
	for {
		h, err := ws.ReadHeader(c.r)
		if err != nil {
			return // closed by either side
		}
		c.lastRead.Store(time.Now().UnixNano())
		if err := ws.CheckHeader(h, state); err != nil {
			c.closeWith(int(ws.StatusProtocolError), err.Error())
			return
		}
		if h.Length > c.t.o.MaxMessage-int64(len(partial)) {
			c.closeWith(CloseMessageTooBig, fmt.Sprintf("message is larger than %d bytes", c.t.o.MaxMessage))
			return
		}
		payload := make([]byte, h.Length)
		if _, err := io.ReadFull(c.r, payload); err != nil {
			return
		}
		ws.Cipher(payload, h.Mask, 0)
		switch h.OpCode {
		case ws.OpPing:
			c.write(ws.OpPong, payload)
			continue
		case ws.OpPong:
			continue
		case ws.OpClose:
			code, _ := ws.ParseCloseFrameData(payload)
			if code.Empty() {
				code = ws.StatusNormalClosure
			}
			c.closeWith(int(code), "")
			return
		}
		if !h.Fin {
			state = state.Set(ws.StateFragmented)
			partial = append(partial, payload...)
			continue
		}
		if state.Fragmented() {
			state = state.Clear(ws.StateFragmented)
			payload, partial = append(partial, payload...), nil
		}
		// Messages are handled on a goroutine of their own, so that the
		// reader's stack, kept for the connection's life, stays small; the
		// reader waits, so that operations start in the order sent.
		if !waitFor(func() bool { return c.handle(payload) }) {
			return
		}
	}
}

// handle acts on one message; false ends the connection.
func (c *Conn) handle(data []byte) bool {
	var m message
	if err := json.Unmarshal(data, &m); err != nil || m.Type == "" {
		c.closeWith(CloseBadRequest, "invalid message: want a JSON object with a type")
		return false
	}
	switch m.Type {
	case "connection_init":
		c.mu.Lock()
		again := c.inited
		c.inited = true
		c.mu.Unlock()
		if again {
			c.closeWith(CloseTooManyInits, "too many initialisation requests")
			return false
		}
		return c.init(m.Payload)
	case "ping":
		c.send(message{Type: "pong", Payload: m.Payload})
	case "pong":
	case "subscribe":
		c.mu.Lock()
		acked, base := c.acked, c.ctx
		_, dup := c.ops[m.ID]
		full := len(c.ops) >= c.t.o.MaxOperations
		c.mu.Unlock()
		c.mu.Lock()
		ending := c.ending
		c.mu.Unlock()
		switch {
		case ending != nil:
			c.closeWith(ending.code, ending.reason)
			return false
		case !acked:
			c.closeWith(CloseUnauthorized, "unauthorized: send connection_init first")
			return false
		case m.ID == "":
			c.closeWith(CloseBadRequest, "subscribe needs an id")
			return false
		case dup:
			c.closeWith(CloseDuplicateID, truncate("subscriber for "+m.ID+" already exists"))
			return false
		case full:
			msg := fmt.Sprintf("too many operations on one connection (at most %d): complete some first", c.t.o.MaxOperations)
			return c.sendError(base, m.ID, reftrack.Errorf(reftrack.Limit, "%s", msg))
		}
		ready := make(chan struct{})
		go c.run(m.ID, m.Payload, ready)
		<-ready
	case "complete":
		c.mu.Lock()
		op := c.ops[m.ID]
		delete(c.ops, m.ID) // stopped by the client: no complete back
		c.mu.Unlock()
		if op != nil {
			op.cancel()
		}
	default:
		c.closeWith(CloseBadRequest, truncate("unexpected message type "+m.Type))
		return false
	}
	return true
}

// waitFor runs f on a goroutine of its own and returns its result.
func waitFor(f func() bool) bool {
	out := make(chan bool)
	go func() { out <- f() }()
	return <-out
}

// init answers connection_init: Init decides, then connection_ack.
func (c *Conn) init(payload json.RawMessage) bool {
	c.initTimer.Stop()
	var p map[string]any
	if len(payload) > 0 && string(payload) != "null" {
		if err := json.Unmarshal(payload, &p); err != nil {
			c.closeWith(CloseBadRequest, "connection_init payload is not a JSON object")
			return false
		}
	}
	ctx := c.ctx
	if f := c.t.o.Init; f != nil {
		var err error
		if ctx, err = f(ctx, p); err != nil {
			c.closeWith(CloseForbidden, truncate(err.Error()))
			return false
		}
	}
	if f := c.t.o.Conn; f != nil {
		ctx = f(ctx, c)
	}
	c.mu.Lock()
	c.ctx, c.acked = ctx, true
	c.mu.Unlock()
	return c.send(message{Type: "connection_ack"})
}

// run executes one operation. Once the operation is set up (parsed,
// validated and, for a subscription, its resolver called) it closes ready.
// A subscription whose resolver notifies is then served by drain when it
// has values; any other waits on a new goroutine, whose stack holds only
// the wait for the next value.
func (c *Conn) run(id string, payload json.RawMessage, ready chan<- struct{}) {
	setUp := false
	defer func() {
		if !setUp {
			close(ready)
		}
	}()
	c.mu.Lock()
	base := c.ctx
	c.mu.Unlock()
	start := graphql.Now()
	ctx := graphql.StartOperationTrace(base)

	params := &graphql.RawParams{}
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	if err := dec.Decode(params); err != nil || params.Query == "" && params.Extensions == nil {
		c.sendError(ctx, id, reftrack.Errorf(reftrack.Invalid, "subscribe payload must be an object with a query"))
		return
	}
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	rc, errs := c.exec.CreateOperationContext(ctx, params)
	if errs != nil {
		resp := c.exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs)
		c.send(errorMessage(id, resp.Errors...))
		return
	}
	ctx, cancel := context.WithCancel(graphql.WithOperationContext(ctx, rc))
	subscription := rc.Operation != nil && rc.Operation.Operation == ast.Subscription
	op := &operation{cancel: cancel, subscription: subscription, c: c, id: id}
	if subscription {
		op.pending.Store(1) // values notified during set-up wait for it
		ctx = context.WithValue(ctx, operationKey{}, op)
	}
	c.mu.Lock()
	if c.closing || c.ending != nil {
		ending, idle := c.ending, len(c.ops) == 0
		c.mu.Unlock()
		cancel()
		if ending != nil && idle {
			c.CloseWith(ending.code, ending.reason)
		}
		return
	}
	c.ops[id] = op
	c.mu.Unlock()

	var responses graphql.ResponseHandler
	if !c.recovered(ctx, id, rc, func() { responses, ctx = c.exec.DispatchOperation(ctx, rc) }) {
		c.end(id, op, false)
		return
	}
	setUp = true
	close(ready)
	switch {
	case subscription && op.notifies.Load():
		op.ctx, op.responses = ctx, responses
		if op.pending.Add(-1) > 0 {
			c.drain(op)
		}
	case subscription:
		go c.stream(ctx, id, op, responses)
	default:
		c.stream(ctx, id, op, responses)
	}
}

// drain sends the responses of a notifying subscription while values are
// pending, and forgets the subscription once it ends.
func (c *Conn) drain(op *operation) {
	ended := false
	ok := c.recovered(op.ctx, op.id, graphql.GetOperationContext(op.ctx), func() {
		for {
			resp := op.responses(op.ctx)
			if resp == nil || !c.sendResponse(op.id, resp) {
				ended = true
				return
			}
			if op.pending.Add(-1) == 0 {
				return
			}
		}
	})
	if ended || !ok {
		c.end(op.id, op, ok)
	}
}

// stream sends each response of an operation, then complete.
func (c *Conn) stream(ctx context.Context, id string, op *operation, responses graphql.ResponseHandler) {
	ok := c.recovered(ctx, id, graphql.GetOperationContext(ctx), func() {
		for {
			resp := responses(ctx)
			if resp == nil || !c.sendResponse(id, resp) {
				return
			}
		}
	})
	c.end(id, op, ok)
}

func (c *Conn) sendResponse(id string, resp *graphql.Response) bool {
	b, err := json.Marshal(resp)
	if err != nil {
		panic(fmt.Errorf("encode response: %w", err))
	}
	return c.send(message{ID: id, Type: "next", Payload: b})
}

// recovered runs f, turning a panic into an error message for id.
func (c *Conn) recovered(ctx context.Context, id string, rc *graphql.OperationContext, f func()) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			ok = false
			// Presented as the HTTP transports present it: one code for
			// a panic everywhere.
			c.sendError(ctx, id, rc.Recover(ctx, r))
		}
	}()
	f()
	return true
}

// end forgets an operation and, unless it failed or was stopped by the
// client or the connection, tells the client it is complete.
func (c *Conn) end(id string, op *operation, complete bool) {
	op.cancel()
	c.mu.Lock()
	running := c.ops[id] == op // not stopped by the client, nor replaced since
	if running {
		delete(c.ops, id)
	}
	closing := c.closing
	ending, idle := c.ending, len(c.ops) == 0
	c.mu.Unlock()
	if complete && running && !closing {
		c.send(message{ID: id, Type: "complete"})
	}
	if ending != nil && idle {
		c.CloseWith(ending.code, ending.reason)
	}
}

// endGrace bounds how long End waits for operations under way.
const endGrace = 10 * time.Second

// End closes the connection with code and reason once the queries and
// mutations under way have answered (for at most endGrace): its
// subscriptions stop at once, without complete, and any new operation
// closes it at once. Revoking a connection's token ends it so, and the
// mutation that revoked it (rotateToken sent on this connection) still
// gets its answer. Safe from any goroutine.
func (c *Conn) End(code int, reason string) {
	c.mu.Lock()
	if c.closing || c.ending != nil {
		c.mu.Unlock()
		return
	}
	c.ending = &closeFrame{code: code, reason: reason}
	var subs []*operation
	for id, op := range c.ops {
		if op.subscription {
			delete(c.ops, id) // as if the client completed it: no complete back
			subs = append(subs, op)
		}
	}
	idle := len(c.ops) == 0
	c.mu.Unlock()
	for _, op := range subs {
		op.cancel()
	}
	if idle {
		c.CloseWith(code, reason)
		return
	}
	time.AfterFunc(endGrace, func() { c.CloseWith(code, reason) })
}

// sendError sends err as an error message for id, presented (given its
// code) as every error of the API is.
func (c *Conn) sendError(ctx context.Context, id string, err error) bool {
	resp := c.exec.DispatchError(ctx, gqlerror.List{gqlerror.WrapIfUnwrapped(err)})
	return c.send(errorMessage(id, resp.Errors...))
}

func errorMessage(id string, errs ...*gqlerror.Error) message {
	b, err := json.Marshal(errs)
	if err != nil {
		b = []byte(`[{"message":"internal error"}]`)
	}
	return message{ID: id, Type: "error", Payload: b}
}

// send writes one message; false when the connection is unusable.
func (c *Conn) send(m message) bool {
	b, err := json.Marshal(m)
	if err != nil {
		return false
	}
	return c.write(ws.OpText, b) == nil
}

// write sends one frame within the write timeout. A failed write closes
// the connection: the reader then ends and frees it.
func (c *Conn) write(op ws.OpCode, payload []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.writeLocked(op, payload, c.t.o.WriteTimeout)
}

func (c *Conn) writeLocked(op ws.OpCode, payload []byte, timeout time.Duration) error {
	if c.writeErr != nil {
		return c.writeErr
	}
	h := ws.Header{Fin: true, OpCode: op, Length: int64(len(payload))}
	frame := bytes.NewBuffer(make([]byte, 0, ws.HeaderSize(h)+len(payload)))
	if err := ws.WriteHeader(frame, h); err != nil {
		return err
	}
	frame.Write(payload)
	c.nc.SetWriteDeadline(time.Now().Add(timeout)) //nolint:errcheck // a closed conn fails the write below
	if _, err := c.nc.Write(frame.Bytes()); err != nil {
		c.writeErr = err
		c.nc.Close()
		return err
	}
	return nil
}

// keepAlive pings the peer, or closes the connection when the peer has
// been silent for longer than silence. A connection busy writing is alive.
func (c *Conn) keepAlive(now time.Time, silence time.Duration) {
	if now.Sub(time.Unix(0, c.lastRead.Load())) > silence {
		go func() { // the peer is silent: waiting for its close frame is pointless
			if c.markClosing() {
				c.finishClose(CloseGoingAway, "no answer to pings", false)
			}
		}()
		return
	}
	if c.wmu.TryLock() {
		c.writeLocked(ws.OpPing, nil, c.t.o.WriteTimeout) //nolint:errcheck // a failed ping closes the conn
		c.wmu.Unlock()
	}
}

// CloseWith closes the connection with a close code and reason without
// waiting: its operations end at once (none reports complete), then the
// close frame is sent and the socket closed. Safe to call from any
// goroutine, any number of times.
func (c *Conn) CloseWith(code int, reason string) {
	if c.markClosing() {
		go c.finishClose(code, reason, true)
	}
}

func (c *Conn) closeWith(code int, reason string) {
	if c.markClosing() {
		c.finishClose(code, reason, true)
	}
}

// markClosing ends the connection's operations; it reports false when the
// connection was already closing.
func (c *Conn) markClosing() bool {
	c.mu.Lock()
	if c.closing {
		c.mu.Unlock()
		return false
	}
	c.closing = true
	c.mu.Unlock()
	c.cancel()
	return true
}

func (c *Conn) finishClose(code int, reason string, linger bool) {
	c.wmu.Lock()
	c.writeLocked(ws.OpClose, ws.NewCloseFrameBody(ws.StatusCode(code), truncate(reason)), time.Second) //nolint:errcheck // the peer may be gone
	c.wmu.Unlock()
	// A socket closed with unread input is reset, and a reset can discard
	// the close frame before the peer reads it. So stop writing and let the
	// reader end the connection: on the peer's close frame, or after
	// closeWait.
	if cw, ok := c.nc.(interface{ CloseWrite() error }); linger && ok && cw.CloseWrite() == nil {
		c.nc.SetReadDeadline(time.Now().Add(closeWait)) //nolint:errcheck // a closed conn ends the reader anyway
		return
	}
	c.nc.Close()
}

// closeWait bounds how long a closing connection waits for its peer's
// close frame.
const closeWait = time.Second

// drainInput reads and drops what the peer still sends, for at most
// closeWait, so that closing the socket does not reset it (see
// finishClose).
func (c *Conn) drainInput() {
	c.nc.SetReadDeadline(time.Now().Add(closeWait)) //nolint:errcheck // a closed conn fails the read at once
	io.Copy(io.Discard, c.r)                        //nolint:errcheck // ends with the peer's close or the deadline
}

// truncate cuts a close reason to what a close frame holds, without
// splitting a UTF-8 sequence.
func truncate(s string) string {
	if len(s) <= closeReasonMaxLength {
		return s
	}
	s = s[:closeReasonMaxLength]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}
