package throttle

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := New(3, 15*time.Minute, func() time.Time { return now })
	for i := range 3 {
		if w := l.Wait("a"); w != 0 {
			t.Fatalf("attempt %d: wait %v", i+1, w)
		}
		l.Fail("a")
	}
	if w := l.Wait("a"); w != 15*time.Minute {
		t.Fatalf("after 3 failures: wait %v, want 15m", w)
	}
	if w := l.Wait("b"); w != 0 {
		t.Fatalf("another key waits %v", w)
	}
	now = now.Add(10 * time.Minute)
	if w := l.Wait("a"); w != 5*time.Minute {
		t.Fatalf("10 minutes later: wait %v, want 5m", w)
	}
	now = now.Add(5 * time.Minute)
	if w := l.Wait("a"); w != 0 {
		t.Fatalf("after the window: wait %v", w)
	}
	l.Fail("b")
	l.Fail("b")
	l.Fail("b")
	l.Reset("b")
	if w := l.Wait("b"); w != 0 {
		t.Fatalf("after reset: wait %v", w)
	}
}
