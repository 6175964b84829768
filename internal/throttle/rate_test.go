package throttle

import (
	"fmt"
	"testing"
	"time"
)

func TestRateBurstThenRate(t *testing.T) {
	l := NewRate(60, 3, 100) // one a second, three at once
	now := time.Unix(1_800_000_000, 0)
	for i := 0; i < 3; i++ {
		if !l.Allow("a", now) {
			t.Fatalf("call %d of the burst refused", i+1)
		}
	}
	if l.Allow("a", now) {
		t.Fatal("a fourth call at once was allowed")
	}
	if !l.Allow("b", now) {
		t.Fatal("another key was refused")
	}
	if l.Allow("a", now.Add(900*time.Millisecond)) {
		t.Fatal("allowed before a token was back")
	}
	if !l.Allow("a", now.Add(1100*time.Millisecond)) {
		t.Fatal("refused after a second")
	}
	if !l.Allow("a", now.Add(time.Hour)) || !l.Allow("a", now.Add(time.Hour)) || !l.Allow("a", now.Add(time.Hour)) || l.Allow("a", now.Add(time.Hour)) {
		t.Fatal("a long pause must refill the burst and no more")
	}
}

func TestRateMemoryIsBounded(t *testing.T) {
	l := NewRate(60, 1, 1000)
	now := time.Unix(1_800_000_000, 0)
	for i := 0; i < 100_000; i++ {
		l.Allow(fmt.Sprint("k", i), now)
		if l.Len() > 1000 {
			t.Fatalf("%d keys remembered, want at most 1000", l.Len())
		}
	}
}

func BenchmarkRateAllow(b *testing.B) {
	l := NewRate(60, 10, 100_000)
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = fmt.Sprint("192.0.2.", i)
	}
	now := time.Unix(1_800_000_000, 0)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		l.Allow(keys[i&1023], now)
	}
}
