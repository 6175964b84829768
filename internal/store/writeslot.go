package store

import (
	"context"
	"sync"
)

// writeSlot admits one SQLite write transaction at a time, in the process.
// SQLite's own busy handler polls with growing sleeps: while the click
// writer commits batch after batch, another writer (a signup, a rebuild)
// would keep missing the moment between two batches and fail with
// "database is locked" after the busy timeout. Waiters are served in
// order, except that the click writer, when it waits, goes next after any
// other transaction, and another waiter next after the click writer: a
// click batch waits for at most one other transaction, whatever queues
// behind it, and no one waits forever (decision 0105).
type writeSlot struct {
	mu     sync.Mutex
	held   bool
	urgent bool // the holder is the click writer
	first  []chan struct{}
	others []chan struct{}
}

type firstKey struct{}

// First marks ctx as the click writer's: its write transactions take the
// SQLite write slot before other waiting ones.
func First(ctx context.Context) context.Context { return context.WithValue(ctx, firstKey{}, true) }

func isFirst(ctx context.Context) bool { v, _ := ctx.Value(firstKey{}).(bool); return v }

// acquire waits for the slot until ctx ends.
func (s *writeSlot) acquire(ctx context.Context) error {
	urgent := isFirst(ctx)
	s.mu.Lock()
	if !s.held {
		s.held, s.urgent = true, urgent
		s.mu.Unlock()
		return nil
	}
	turn := make(chan struct{})
	if urgent {
		s.first = append(s.first, turn)
	} else {
		s.others = append(s.others, turn)
	}
	s.mu.Unlock()
	select {
	case <-turn:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		if s.remove(turn) {
			s.mu.Unlock()
			return ctx.Err()
		}
		s.mu.Unlock()
		// Handed over meanwhile: pass it on.
		s.release()
		return ctx.Err()
	}
}

// remove takes turn out of the queues, reporting whether it was there.
func (s *writeSlot) remove(turn chan struct{}) bool {
	for _, q := range []*[]chan struct{}{&s.first, &s.others} {
		for i, t := range *q {
			if t == turn {
				*q = append((*q)[:i], (*q)[i+1:]...)
				return true
			}
		}
	}
	return false
}

// release hands the slot to the next waiter, or frees it.
func (s *writeSlot) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case len(s.first) > 0 && (!s.urgent || len(s.others) == 0):
		s.urgent = true
		close(s.first[0])
		s.first = s.first[1:]
	case len(s.others) > 0:
		s.urgent = false
		close(s.others[0])
		s.others = s.others[1:]
	default:
		s.held = false
	}
}
