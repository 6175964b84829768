package events

import (
	"context"
	"log/slog"
	"sync"
)

// LocalOptions tune a Local. Zero values take the defaults.
type LocalOptions struct {
	Buffer int // events buffered per subscriber before it is dropped; default 64
	Logger *slog.Logger
}

// Local is the in-process Bus. Publish does a filter check and a non-blocking
// send per subscriber; no goroutine runs per subscriber.
//
// Events from one goroutine's sequential Publish calls reach each subscriber
// in that order; concurrent Publish calls have no defined relative order.
type Local struct {
	opts LocalOptions

	mu     sync.Mutex
	subs   []*Subscription // unordered; Subscription.idx is the position
	closed bool

	snapshots sync.Pool // *[]*Subscription, reused by Publish
}

var _ Bus = (*Local)(nil)

// NewLocal returns a Local ready to use. Close it to end all subscriptions.
func NewLocal(opts LocalOptions) *Local {
	if opts.Buffer <= 0 {
		opts.Buffer = 64
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Local{opts: opts}
}

// Publish sends c to every subscriber whose filter accepts it, without
// blocking. A subscriber whose buffer is full is dropped with
// ErrSlowSubscriber. ctx is used only for logging.
func (l *Local) Publish(ctx context.Context, c Event) error {
	// Copy the subscriber list so that filters and sends run without l.mu:
	// subscribers come and go freely while we deliver.
	snap := l.snapshot()
	if snap == nil {
		return ErrClosed
	}
	dropped := 0
	for _, s := range *snap {
		if s.wants(c) && !s.send(c) {
			s.end(ErrSlowSubscriber)
			dropped++
		}
	}
	clear(*snap)
	*snap = (*snap)[:0]
	l.snapshots.Put(snap)
	if dropped > 0 {
		l.opts.Logger.WarnContext(ctx, "events: dropped slow subscribers",
			"dropped", dropped, "event", c.ID, "buffer", l.opts.Buffer)
	}
	return nil
}

// snapshot returns a copy of the subscriber list, or nil once l is closed.
func (l *Local) snapshot() *[]*Subscription {
	snap, _ := l.snapshots.Get().(*[]*Subscription)
	if snap == nil {
		snap = new([]*Subscription)
	}
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		l.snapshots.Put(snap)
		return nil
	}
	*snap = append((*snap)[:0], l.subs...)
	l.mu.Unlock()
	return snap
}

// Subscribe starts a subscription; see Bus. It ends, and is freed, when ctx
// ends. It returns ctx.Err() if ctx has already ended and ErrClosed after
// Close.
func (l *Local) Subscribe(ctx context.Context, filter Filter) (*Subscription, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := &Subscription{
		ch:     make(chan Event, l.opts.Buffer),
		over:   make(chan struct{}),
		filter: filter,
		local:  l,
		idx:    -1,
	}
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return nil, ErrClosed
	}
	s.idx = len(l.subs)
	l.subs = append(l.subs, s)
	l.mu.Unlock()

	// AfterFunc starts no goroutine until ctx ends (for the standard contexts),
	// and the one it starts then exits after s.end.
	stop := context.AfterFunc(ctx, func() { s.end(nil) })
	s.mu.Lock()
	s.stop = stop
	ended := s.done
	s.mu.Unlock()
	if ended { // ended before stop was set, so end could not call it
		stop()
	}
	return s, nil
}

// remove unlinks s from l, if it is still linked.
func (l *Local) remove(s *Subscription) {
	l.mu.Lock()
	defer l.mu.Unlock()
	i := s.idx
	if i < 0 || i >= len(l.subs) || l.subs[i] != s {
		return
	}
	last := len(l.subs) - 1
	l.subs[i] = l.subs[last]
	l.subs[i].idx = i
	l.subs[last] = nil
	l.subs = l.subs[:last]
	s.idx = -1
	// Give memory back after a burst of subscribers leaves.
	if c := cap(l.subs); c > 256 && len(l.subs) < c/4 {
		l.subs = append([]*Subscription(nil), l.subs...)
	}
}

// Subscribers returns the number of live subscriptions.
func (l *Local) Subscribers() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.subs)
}

// Close ends every subscription with ErrClosed; later Publish and Subscribe
// calls return ErrClosed. It is safe to call more than once.
func (l *Local) Close() {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return
	}
	l.closed = true
	subs := l.subs
	l.subs = nil
	for _, s := range subs {
		s.idx = -1
	}
	l.mu.Unlock()
	for _, s := range subs {
		s.end(ErrClosed)
	}
}
