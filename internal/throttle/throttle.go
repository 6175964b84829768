// Package throttle counts failures per key (an account, an address) and
// says when a key has failed too often within a window.
package throttle

import (
	"sync"
	"time"
)

// Limiter allows at most Max failures per key within Window, counted from
// a key's first failure of the window. It lives in memory: each instance
// counts for itself, and a restart forgets.
type Limiter struct {
	max    int
	window time.Duration
	now    func() time.Time

	mu   sync.Mutex
	keys map[string]*entry
}

type entry struct {
	start    time.Time
	failures int
}

// maxKeys bounds the memory a flood of distinct keys can take; past it,
// expired entries are dropped, then the oldest half.
const maxKeys = 100_000

// New returns a limiter of max failures per window.
func New(max int, window time.Duration, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{max: max, window: window, now: now, keys: make(map[string]*entry)}
}

// Wait returns how long key must wait before its next attempt: 0 when it
// may try now.
func (l *Limiter) Wait(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.keys[key]
	if !ok {
		return 0
	}
	end := e.start.Add(l.window)
	now := l.now()
	if !now.Before(end) {
		delete(l.keys, key)
		return 0
	}
	if e.failures < l.max {
		return 0
	}
	return end.Sub(now)
}

// Fail counts a failure of key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	e, ok := l.keys[key]
	if !ok || !now.Before(e.start.Add(l.window)) {
		if len(l.keys) >= maxKeys {
			l.prune(now)
		}
		e = &entry{start: now}
		l.keys[key] = e
	}
	e.failures++
}

// Reset forgets key's failures (after a success).
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	delete(l.keys, key)
	l.mu.Unlock()
}

func (l *Limiter) prune(now time.Time) {
	cutoff := now.Add(-l.window / 2)
	for k, e := range l.keys {
		if !now.Before(e.start.Add(l.window)) || len(l.keys) >= maxKeys && e.start.Before(cutoff) {
			delete(l.keys, k)
		}
	}
}
