// Package ratelimit bounds how often one key (an address, a visitor) may do
// something, in memory of a fixed size: token buckets in a map that is
// emptied when it is full. Emptying forgives every key at once, so an
// attacker who fills the map with new keys gains one burst per key it
// already had, never more than the per-key rate over time.
package ratelimit

import (
	"sync"
	"time"
)

// Limiter is a set of token buckets, one per key. Its zero value is not
// usable; call New. It is safe for concurrent use.
type Limiter struct {
	rate  float64 // tokens a second
	burst float64
	max   int // keys kept before the map is emptied

	mu      sync.Mutex
	buckets map[string]bucket
}

type bucket struct {
	tokens float64
	at     time.Time
}

// New returns a Limiter that lets each key do perMinute things a minute,
// burst of them at once, and remembers at most maxKeys keys.
func New(perMinute, burst, maxKeys int) *Limiter {
	return &Limiter{
		rate:    float64(perMinute) / 60,
		burst:   float64(burst),
		max:     maxKeys,
		buckets: make(map[string]bucket),
	}
}

// Allow takes a token from key's bucket at now and reports whether there
// was one.
func (l *Limiter) Allow(key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		if len(l.buckets) >= l.max {
			clear(l.buckets)
		}
		b = bucket{tokens: l.burst, at: now}
	} else if d := now.Sub(b.at); d > 0 {
		b.tokens = min(l.burst, b.tokens+d.Seconds()*l.rate)
		b.at = now
	}
	if b.tokens < 1 {
		l.buckets[key] = b
		return false
	}
	b.tokens--
	l.buckets[key] = b
	return true
}

// Len returns the number of keys remembered.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
