// Package events announces, from the code that appends to the event log
// (internal/eventlog) to its live readers (internal/fanout), that the log
// has new events: a wake-up, not the events themselves.
//
// Bus is the one publish/subscribe interface; Local implements it in
// process, Postgres across instances. Announcements hold ids only: a reader
// reads the log through the database with its own privacy context, so
// nothing here leaks data across viewers, and the log, not the bus, is the
// truth: an announcement lost costs a reader only the time until its next
// poll. Delivery never slows the publisher: a subscriber that falls behind
// is dropped.
package events

import (
	"context"
	"errors"
	"sync"
	"time"
)

// Event announces an event appended to the log, once committed.
type Event struct {
	ID         int // the event's sequence in the log
	PartnerID  int
	OccurredAt time.Time
}

// Filter reports whether a subscriber wants c. A nil Filter wants everything.
// Filters run on the publisher's goroutine for every event, so they must be
// fast and must not block.
type Filter func(c Event) bool

// Errors reported by Bus implementations and Subscription.Err.
var (
	// ErrClosed: the bus was shut down.
	ErrClosed = errors.New("events: bus closed")
	// ErrSlowSubscriber: the subscriber's buffer was full, so it was dropped.
	ErrSlowSubscriber = errors.New("events: subscriber too slow, dropped")
)

// Bus publishes conversion events to subscribers.
type Bus interface {
	// Publish sends c to every current subscriber whose filter accepts it.
	// Call it after the conversion is committed. It returns ErrClosed after
	// the bus is shut down; a dropped subscriber is not an error.
	Publish(ctx context.Context, c Event) error
	// Subscribe starts a subscription that receives the matching events
	// published after it returns, in publish order, until ctx ends, the
	// subscription is closed, it falls behind, or the bus shuts down.
	Subscribe(ctx context.Context, filter Filter) (*Subscription, error)
}

// Subscription is one subscriber's stream of events.
type Subscription struct {
	ch     chan Event
	filter Filter
	local  *Local
	idx    int // position in local.subs, -1 when not there; guarded by local.mu

	mu   sync.Mutex    // orders sends against the end of the subscription
	done bool          // no more sends; guarded by mu
	err  error         // why it ended; written before ch is closed
	stop func() bool   // unregisters the ctx callback; guarded by mu
	over chan struct{} // closed when the subscription ends
}

// Done returns a channel closed as soon as the subscription ends, even
// while events are still buffered: a reader busy elsewhere selects on it to
// learn at once that it was dropped.
func (s *Subscription) Done() <-chan struct{} { return s.over }

// C returns the channel of events. It is closed when the subscription ends;
// events already buffered can still be received after that.
func (s *Subscription) C() <-chan Event { return s.ch }

// Err reports why the subscription ended: nil if its ctx ended or Close was
// called (or it has not ended), ErrSlowSubscriber if it fell behind, ErrClosed
// if the bus shut down. It is final once C is closed.
func (s *Subscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Close ends the subscription and frees it. It is safe to call more than once
// and concurrently with everything else.
func (s *Subscription) Close() { s.end(nil) }

// wants reports whether the subscriber wants c.
func (s *Subscription) wants(c Event) bool {
	return s.filter == nil || s.filter(c)
}

// send delivers c without blocking. It reports false when the buffer is full.
// Sending to an ended subscription is a no-op that reports true.
func (s *Subscription) send(c Event) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return true
	}
	select {
	case s.ch <- c:
		return true
	default:
		return false
	}
}

// end ends the subscription with err, once. It never blocks on the reader.
func (s *Subscription) end(err error) {
	s.mu.Lock()
	if s.done {
		s.mu.Unlock()
		return
	}
	s.done = true
	s.err = err
	stop := s.stop
	s.mu.Unlock()
	// No send can happen now. Unlink before closing ch, so a reader that sees
	// ch closed also sees the subscriber gone.
	s.local.remove(s)
	close(s.ch)
	close(s.over)
	if stop != nil {
		stop()
	}
}
