// Package fanout delivers the event log to live subscribers: each audience
// (role and partner) shares one bus subscription, which only wakes it, and
// one read of each new event (and its conversion) from the log through the
// privacy rules; the log, not the bus, is the truth. A subscriber with a
// cursor first reads what it missed from the log itself, then joins its
// audience, without a gap or a duplicate at the switch. A subscriber that
// falls behind is dropped. It knows no transport: the server tells it how
// to wake one up (a Notifier) and how to close a dropped one's connection
// (WithCloser).
package fanout

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"entgo.io/contrib/entgql"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/auth"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/events"
	"github.com/reftrack/reftrack/internal/viewer"
)

// Fanout fans the log out to subscribers. Subscribers who see the same
// events (the same role and partner) share an audience: one bus
// subscription, one goroutine, and one read of each page of new events
// through the privacy rules with their viewer, which is what keeps
// partners apart. A live subscriber costs a small buffered channel; 5,000
// subscribers of one partner cost one or two queries per wake-up.
type Fanout struct {
	notifier Notifier
	// Poll is how often an audience reads the log without being woken: the
	// backstop for a wake-up lost with a PostgreSQL listener's connection.
	Poll time.Duration
	// Logger reports failed reads of the log; slog.Default when nil.
	Logger *slog.Logger

	mu          sync.Mutex
	groups      map[audience]*feedGroup
	subscribers int // members of every group, catching up or live; f.mu
}

// Subscribers returns how many subscriptions are open.
func (f *Fanout) Subscribers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.subscribers
}

// Notifier returns the function a subscription's transport wants called
// after each value sent on the subscription's channel and after its close,
// when it has one (graphqlws.Notifier): then no goroutine waits on an idle
// subscriber.
type Notifier func(ctx context.Context) (notify func(), ok bool)

// New returns a Fanout; notifier may be nil.
func New(notifier Notifier) *Fanout {
	return &Fanout{notifier: notifier, Poll: 5 * time.Second, groups: make(map[audience]*feedGroup)}
}

// audience is who events are read for.
type audience struct {
	role    viewer.Role
	partner int
}

type feedGroup struct {
	cancel  context.CancelFunc // ends the group's bus subscription and goroutine
	wake    chan struct{}      // capacity 1: a read of the log is due
	pos     int64              // the last sequence read and handed out; f.mu
	members map[*member]struct{}
	pending int // members catching up from the log; f.mu
	convs   int // members, live or catching up, who want conversions; f.mu
}

// member is one subscription. Until it is live, its catch-up goroutine
// alone sends on its channel and moves pos; once live, the group does,
// under f.mu.
type member struct {
	ctx         context.Context
	types       []eventlog.Type // wanted; all when empty
	only        int             // an admin's one partner; 0 for all the audience sees
	events      chan *ent.Event // one of events and conversions is set
	conversions chan *ent.Conversion
	pos         int64       // the last sequence handed out (or passed over)
	notify      func()      // tells the transport after each send and the close; may be nil
	stop        func() bool // unregisters the end-of-ctx callback, once live
}

// memberBuffer is how many events a live subscriber may fall behind by
// before it is dropped.
const memberBuffer = 64

// page is how many events one read of the log takes.
const page = 100

// Conversions streams the conversions the viewer may see until ctx ends:
// those after the cursor first, when one is given, then new ones. An admin
// may name one partner (partnerID, see auth.PartnerFilter): it shares the
// admin's audience and is handed that partner's only.
func (f *Fanout) Conversions(ctx context.Context, client *ent.Client, bus events.Bus, after *entgql.Cursor[int], partnerID *int) (<-chan *ent.Conversion, error) {
	v, err := auth.RequireRole(ctx, viewer.Partner, viewer.Admin)
	if err != nil {
		return nil, err
	}
	only, err := auth.PartnerFilter(v, partnerID)
	if err != nil {
		return nil, err
	}
	m := &member{ctx: ctx, types: []eventlog.Type{eventlog.ConversionCreated}, only: only, conversions: make(chan *ent.Conversion, memberBuffer)}
	if err := f.subscribe(ctx, v, client, bus, after, m); err != nil {
		if ctx.Err() != nil {
			// Ended while subscribing (signed out, revoked): the transport
			// says why, not a cancelled read.
			close(m.conversions)
			return m.conversions, nil
		}
		return nil, err
	}
	return m.conversions, nil
}

// Events streams the events of the given types (all when none) the viewer
// may read until ctx ends: those after the cursor first, when one is
// given, then new ones.
func (f *Fanout) Events(ctx context.Context, client *ent.Client, bus events.Bus, after *entgql.Cursor[int], types []eventlog.Type) (<-chan *ent.Event, error) {
	v, err := auth.Require(ctx)
	if err != nil {
		return nil, err
	}
	m := &member{ctx: ctx, types: types, events: make(chan *ent.Event, memberBuffer)}
	if err := f.subscribe(ctx, v, client, bus, after, m); err != nil {
		if ctx.Err() != nil {
			close(m.events)
			return m.events, nil
		}
		return nil, err
	}
	return m.events, nil
}

func (f *Fanout) subscribe(ctx context.Context, v *viewer.Viewer, client *ent.Client, bus events.Bus, after *entgql.Cursor[int], m *member) error {
	var from int64
	if after != nil {
		seq, err := eventlog.SeqOf(after)
		if err != nil {
			return err
		}
		if err := eventlog.Resumable(ctx, client, seq); err != nil {
			return err
		}
		from = seq
	}
	// A new audience starts at the head of the log, read before it exists
	// so that f.mu is never held over a query.
	head, err := eventlog.Head(ctx, client)
	if err != nil {
		return err
	}
	if f.notifier != nil {
		m.notify, _ = f.notifier(ctx)
	}
	aud := audience{role: v.Role, partner: v.PartnerID}
	f.mu.Lock()
	defer f.mu.Unlock()
	g := f.groups[aud]
	if g == nil {
		if g, err = f.start(aud, v, client, bus, head); err != nil {
			return err
		}
	}
	f.subscribers++
	if m.conversions != nil {
		g.convs++
	}
	if after == nil {
		m.pos = g.pos
		f.join(aud, g, m)
		return nil
	}
	m.pos = from
	g.pending++
	go f.catchUp(aud, g, m, client)
	return nil
}

// join makes m a live member of g; f.mu is held.
func (f *Fanout) join(aud audience, g *feedGroup, m *member) {
	g.members[m] = struct{}{}
	m.stop = context.AfterFunc(m.ctx, func() { f.leave(aud, g, m, false) })
}

// start subscribes a new audience to the bus; f.mu is held.
func (f *Fanout) start(aud audience, v *viewer.Viewer, client *ent.Client, bus events.Bus, head int64) (*feedGroup, error) {
	var filter events.Filter
	if partnerID, ok := v.Partner(); ok {
		filter = func(e events.Event) bool { return e.PartnerID == partnerID }
	}
	ctx, cancel := context.WithCancel(viewer.NewContext(context.Background(), &viewer.Viewer{Role: v.Role, PartnerID: v.PartnerID}))
	sub, err := bus.Subscribe(ctx, filter)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("subscribe to events: %w", err)
	}
	g := &feedGroup{cancel: cancel, wake: make(chan struct{}, 1), pos: head, members: make(map[*member]struct{})}
	f.groups[aud] = g
	go func() {
		// Wake-ups only: this never falls behind the bus.
		for range sub.C() {
			g.poke()
		}
	}()
	go f.run(ctx, aud, g, sub, client)
	return g, nil
}

func (g *feedGroup) poke() {
	select {
	case g.wake <- struct{}{}:
	default:
	}
}

// WakeAll makes every audience read the log now: after a PostgreSQL
// listener reconnected, since wake-ups sent meanwhile were lost.
func (f *Fanout) WakeAll() {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, g := range f.groups {
		g.poke()
	}
}

// run reads the log for g whenever it is woken or the poll interval
// passes, until the group ends or the bus shuts down.
func (f *Fanout) run(ctx context.Context, aud audience, g *feedGroup, sub *events.Subscription, client *ent.Client) {
	poll := time.NewTicker(f.Poll)
	defer poll.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-sub.Done():
			if errors.Is(sub.Err(), events.ErrClosed) {
				f.end(aud, g)
				return
			}
		case <-g.wake:
		case <-poll.C:
		}
		if err := f.read(ctx, aud, g, client); err != nil && ctx.Err() == nil {
			f.logger().Warn("read the event log for live subscribers; retrying at the next wake-up", "err", err)
		}
	}
}

func (f *Fanout) logger() *slog.Logger {
	if f.Logger != nil {
		return f.Logger
	}
	return slog.Default()
}

// read hands every event after g.pos to g's live members, a page at a time.
func (f *Fanout) read(ctx context.Context, aud audience, g *feedGroup, client *ent.Client) error {
	for {
		f.mu.Lock()
		pos, wantConvs := g.pos, g.convs > 0
		f.mu.Unlock()
		evs, err := eventlog.After(ctx, client, pos, page, nil)
		if err != nil || len(evs) == 0 {
			return err
		}
		var convs []*ent.Conversion
		if wantConvs {
			if convs, err = eventlog.Conversions(ctx, client, evs); err != nil {
				return err
			}
		}
		f.mu.Lock()
		if !wantConvs && g.convs > 0 {
			// A conversion subscriber came while the page was read.
			f.mu.Unlock()
			if convs, err = eventlog.Conversions(ctx, client, evs); err != nil {
				return err
			}
			f.mu.Lock()
		}
		slow := f.deliver(g, evs, convs)
		f.mu.Unlock()
		for _, m := range slow {
			f.leave(aud, g, m, true)
		}
		if len(evs) < page {
			return nil
		}
	}
}

// deliver hands evs to g's live members without blocking and returns those
// whose buffer was full; f.mu is held.
func (f *Fanout) deliver(g *feedGroup, evs []*ent.Event, convs []*ent.Conversion) []*member {
	var slow []*member
	for _, ev := range evs {
		var conv *ent.Conversion
		if i := slices.IndexFunc(convs, func(c *ent.Conversion) bool { return c.Edges.Event == ev }); i >= 0 {
			conv = convs[i]
		}
		for m := range g.members {
			if ev.Seq <= m.pos || slices.Contains(slow, m) {
				continue
			}
			m.pos = ev.Seq
			if !m.wants(ev) || (m.conversions != nil && conv == nil) {
				continue
			}
			if !m.offer(ev, conv) {
				slow = append(slow, m)
			}
		}
		g.pos = ev.Seq
	}
	return slow
}

func (m *member) wants(ev *ent.Event) bool {
	if m.only != 0 && ev.PartnerID != m.only {
		return false
	}
	return len(m.types) == 0 || slices.Contains(m.types, eventlog.Type(ev.Type))
}

// offer sends without blocking; false when the buffer is full.
func (m *member) offer(ev *ent.Event, conv *ent.Conversion) bool {
	if m.conversions != nil {
		select {
		case m.conversions <- conv:
		default:
			return false
		}
	} else {
		select {
		case m.events <- ev:
		default:
			return false
		}
	}
	m.notified()
	return true
}

// put sends, waiting for room until the subscription ends.
func (m *member) put(ev *ent.Event, conv *ent.Conversion) bool {
	if m.conversions != nil {
		select {
		case m.conversions <- conv:
		case <-m.ctx.Done():
			return false
		}
	} else {
		select {
		case m.events <- ev:
		case <-m.ctx.Done():
			return false
		}
	}
	m.notified()
	return true
}

// catchUp sends m what the log holds after its cursor, read with its own
// viewer, then makes it live once it has read as far as its audience.
// Until then it alone sends to m; a slow reader only slows itself.
func (f *Fanout) catchUp(aud audience, g *feedGroup, m *member, client *ent.Client) {
	for {
		evs, err := eventlog.After(m.ctx, client, m.pos, page, nil)
		var convs []*ent.Conversion
		if err == nil && m.conversions != nil {
			convs, err = eventlog.Conversions(m.ctx, client, evs)
		}
		if err != nil {
			if m.ctx.Err() == nil {
				f.logger().Warn("read the event log for a subscriber catching up", "err", err)
			}
			f.abandon(aud, g, m)
			return
		}
		for _, ev := range evs {
			if m.wants(ev) {
				var conv *ent.Conversion
				if m.conversions != nil {
					i := slices.IndexFunc(convs, func(c *ent.Conversion) bool { return c.Edges.Event == ev })
					if i < 0 {
						m.pos = ev.Seq
						continue
					}
					conv = convs[i]
				}
				if !m.put(ev, conv) {
					f.abandon(aud, g, m)
					return
				}
			}
			m.pos = ev.Seq
		}
		if len(evs) == page {
			continue
		}
		f.mu.Lock()
		if g.pos <= m.pos && m.ctx.Err() == nil {
			// Every event after m.pos is still to come from the group,
			// which hands a member only those above its pos.
			g.pending--
			f.join(aud, g, m)
			f.mu.Unlock()
			return
		}
		f.mu.Unlock()
		if m.ctx.Err() != nil {
			f.abandon(aud, g, m)
			return
		}
	}
}

// abandon ends a member that is still catching up.
func (f *Fanout) abandon(aud audience, g *feedGroup, m *member) {
	f.mu.Lock()
	g.pending--
	f.forget(aud, g, m)
	f.mu.Unlock()
	m.close()
}

// forget counts m out of g and ends g when nobody is left; f.mu is held.
func (f *Fanout) forget(aud audience, g *feedGroup, m *member) {
	f.subscribers--
	if m.conversions != nil {
		g.convs--
	}
	if len(g.members) == 0 && g.pending == 0 {
		if f.groups[aud] == g {
			delete(f.groups, aud)
		}
		g.cancel()
	}
}

// leave removes a live m from g and closes its channel, once; the last
// member to leave ends the group. A slow member's connection is closed
// first, so that its transport reports the drop rather than a normal end.
func (f *Fanout) leave(aud audience, g *feedGroup, m *member, slow bool) {
	f.mu.Lock()
	if _, ok := g.members[m]; !ok {
		f.mu.Unlock()
		return
	}
	delete(g.members, m)
	f.forget(aud, g, m)
	f.mu.Unlock()
	m.stop()
	if slow {
		dropSlow(m.ctx)
	}
	m.close()
}

// end ends every live member of g: the bus shut down. Members catching up
// end when their context does.
func (f *Fanout) end(aud audience, g *feedGroup) {
	f.mu.Lock()
	members := slices.Collect(maps.Keys(g.members))
	f.mu.Unlock()
	for _, m := range members {
		f.leave(aud, g, m, false)
	}
}

func (m *member) close() {
	if m.conversions != nil {
		close(m.conversions)
	} else {
		close(m.events)
	}
	m.notified()
}

func (m *member) notified() {
	if m.notify != nil {
		m.notify()
	}
}

// Closer closes the connection a subscription runs on, with reason.
type Closer func(reason string)

type closerKey struct{}

// WithCloser returns ctx carrying the closer of its connection: a dropped
// subscriber's connection is closed with it, so that the client learns it
// fell behind (on a websocket, close code 1013) and resubscribes with its
// last cursor, losing nothing. On transports without one (server-sent
// events) the stream just ends.
func WithCloser(ctx context.Context, f Closer) context.Context {
	return context.WithValue(ctx, closerKey{}, f)
}

func dropSlow(ctx context.Context) {
	if f, ok := ctx.Value(closerKey{}).(Closer); ok {
		f("subscriber fell behind: resubscribe with the cursor of the last event received")
	}
}
