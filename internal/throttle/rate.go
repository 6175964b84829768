package throttle

import (
	"sync"
	"time"
)

// Rate bounds how often one key (an address, a visitor) may do something:
// token buckets, one per key, in a map emptied when it is full. Emptying
// forgives every key at once, so a flood of new keys wins each key it had
// one burst, never more than the rate over time. Unlike Limiter it counts
// every attempt, and costs no allocation for a known key. Safe for
// concurrent use; call NewRate.
type Rate struct {
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

// NewRate returns a Rate that lets each key do perMinute things a minute,
// burst of them at once, and remembers at most keys keys.
func NewRate(perMinute, burst, keys int) *Rate {
	return &Rate{
		rate:    float64(perMinute) / 60,
		burst:   float64(burst),
		max:     keys,
		buckets: make(map[string]bucket),
	}
}

// Allow takes a token from key's bucket at now and reports whether there
// was one.
func (l *Rate) Allow(key string, now time.Time) bool {
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
func (l *Rate) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
