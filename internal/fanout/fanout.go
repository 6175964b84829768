// Package fanout delivers conversions to live subscribers: each audience
// (role and partner) shares one bus subscription and one load of each
// conversion through the privacy rules, and a subscriber that falls behind
// is dropped. It knows no transport: the server tells it how to wake one up
// (a Notifier) and how to close a dropped one's connection (WithCloser).
package fanout

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/auth"
	"github.com/reftrack/reftrack/internal/events"
	"github.com/reftrack/reftrack/internal/viewer"
)

// Fanout fans conversions out to subscribers. Subscribers who see the same
// conversions (the same role and partner) share an audience: one bus
// subscription, one goroutine, and one load of each conversion through the
// privacy rules with their viewer, which is what keeps partners apart.
// A subscriber costs a small buffered channel; 5,000 subscribers of one
// partner cost one query per conversion.
type Fanout struct {
	notifier Notifier

	mu          sync.Mutex
	groups      map[audience]*feedGroup
	subscribers int // members of every group; f.mu
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
	return &Fanout{notifier: notifier, groups: make(map[audience]*feedGroup)}
}

// audience is who a conversion is loaded for.
type audience struct {
	role    viewer.Role
	partner int
}

type feedGroup struct {
	cancel  context.CancelFunc // ends the group's bus subscription
	members map[*feedMember]struct{}
}

type feedMember struct {
	ctx    context.Context
	ch     chan *ent.Conversion
	notify func()      // tells the transport after each send and the close; may be nil
	stop   func() bool // unregisters the end-of-ctx callback
}

// memberBuffer is how many conversions a subscriber may fall behind by
// before it is dropped.
const memberBuffer = 64

// Conversions streams the conversions the viewer may see until ctx ends.
func (f *Fanout) Conversions(ctx context.Context, client *ent.Client, bus events.Bus) (<-chan *ent.Conversion, error) {
	v, err := auth.RequireRole(ctx, viewer.Partner, viewer.Admin)
	if err != nil {
		return nil, err
	}
	aud := audience{role: v.Role, partner: v.PartnerID}
	m := &feedMember{ctx: ctx, ch: make(chan *ent.Conversion, memberBuffer)}
	if f.notifier != nil {
		m.notify, _ = f.notifier(ctx)
	}
	f.mu.Lock()
	g := f.groups[aud]
	if g == nil {
		if g, err = f.start(aud, v, client, bus); err != nil {
			f.mu.Unlock()
			return nil, err
		}
	}
	g.members[m] = struct{}{}
	f.subscribers++
	m.stop = context.AfterFunc(ctx, func() { f.leave(aud, g, m, false) })
	f.mu.Unlock()
	return m.ch, nil
}

// start subscribes a new audience to the bus; f.mu is held.
func (f *Fanout) start(aud audience, v *viewer.Viewer, client *ent.Client, bus events.Bus) (*feedGroup, error) {
	var filter events.Filter
	if partnerID, ok := v.Partner(); ok {
		filter = func(c events.Conversion) bool { return c.PartnerID == partnerID }
	}
	ctx, cancel := context.WithCancel(viewer.NewContext(context.Background(), &viewer.Viewer{Role: v.Role, PartnerID: v.PartnerID}))
	sub, err := bus.Subscribe(ctx, filter)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("subscribe to conversions: %w", err)
	}
	g := &feedGroup{cancel: cancel, members: make(map[*feedMember]struct{})}
	f.groups[aud] = g
	go f.deliver(ctx, aud, g, sub, client)
	return g, nil
}

// deliver loads each conversion once and hands it to every member without
// blocking; a member whose buffer is full is dropped.
func (f *Fanout) deliver(ctx context.Context, aud audience, g *feedGroup, sub *events.Subscription, client *ent.Client) {
	var slow []*feedMember
	for ev := range sub.C() {
		conv, err := client.Conversion.Get(ctx, ev.ID)
		if err != nil {
			continue // not visible to this audience, or gone
		}
		f.mu.Lock()
		for m := range g.members {
			select {
			case m.ch <- conv:
				m.notified()
			default:
				slow = append(slow, m)
			}
		}
		f.mu.Unlock()
		for _, m := range slow {
			f.leave(aud, g, m, true)
		}
		slow = slow[:0]
	}
	// The bus ended the subscription: it shut down, or the whole audience
	// fell behind. Members end with it; left ones are already gone.
	f.mu.Lock()
	members := make([]*feedMember, 0, len(g.members))
	for m := range g.members {
		members = append(members, m)
	}
	f.mu.Unlock()
	dropped := errors.Is(sub.Err(), events.ErrSlowSubscriber)
	for _, m := range members {
		f.leave(aud, g, m, dropped)
	}
}

// leave removes m from g and closes its channel, once; the last member to
// leave ends the group. A slow member's connection is closed first, so that
// its transport reports the drop rather than a normal end.
func (f *Fanout) leave(aud audience, g *feedGroup, m *feedMember, slow bool) {
	f.mu.Lock()
	if _, ok := g.members[m]; !ok {
		f.mu.Unlock()
		return
	}
	delete(g.members, m)
	f.subscribers--
	if len(g.members) == 0 {
		if f.groups[aud] == g {
			delete(f.groups, aud)
		}
		g.cancel()
	}
	f.mu.Unlock()
	m.stop()
	if slow {
		dropSlow(m.ctx)
	}
	close(m.ch)
	m.notified()
}

func (m *feedMember) notified() {
	if m.notify != nil {
		m.notify()
	}
}

// Closer closes the connection a subscription runs on, with reason.
type Closer func(reason string)

type closerKey struct{}

// WithCloser returns ctx carrying the closer of its connection: a dropped
// subscriber's connection is closed with it, so that the client learns it
// fell behind (on a websocket, close code 1013). On transports without one
// (server-sent events) the stream just ends.
func WithCloser(ctx context.Context, f Closer) context.Context {
	return context.WithValue(ctx, closerKey{}, f)
}

func dropSlow(ctx context.Context) {
	if f, ok := ctx.Value(closerKey{}).(Closer); ok {
		f("subscriber fell behind: reconnect and resubscribe")
	}
}
