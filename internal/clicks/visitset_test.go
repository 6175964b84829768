package clicks

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// However many visitors come, the cache holds at most its size.
func TestVisitSetStaysBounded(t *testing.T) {
	const size = 1000
	s := newVisitSet(size)
	for i := range 50 * size {
		s.add(visitKey{source: i % 7, visitor: fmt.Sprintf("visitor-%08d", i)})
		if n := s.len(); n > size {
			t.Fatalf("after %d visitors the cache holds %d, more than %d", i+1, n, size)
		}
	}
	// Recent visits are still known; the oldest are forgotten.
	last := visitKey{source: (50*size - 1) % 7, visitor: fmt.Sprintf("visitor-%08d", 50*size-1)}
	if !s.has(last) {
		t.Fatal("the latest visit was forgotten")
	}
	if s.has(visitKey{source: 0, visitor: "visitor-00000000"}) {
		t.Fatal("the first visit is still cached")
	}
}

// Under random returning visitors, as the bench's random mix sends them,
// a pool of visitors smaller than the cache stays cached: after the first
// visit of each, the database is asked again about few of them. The bench's
// pool is 200,000 against a cache of 262,144.
func TestVisitSetKeepsARandomPool(t *testing.T) {
	const size, pool = 1 << 12, 3 << 10 // 4,096 and 3,072
	s := newVisitSet(size)
	rng := rand.New(rand.NewPCG(1, 2))
	misses := 0
	for i := range 40 * pool {
		k := visitKey{source: 1, visitor: fmt.Sprintf("p%06d", rng.IntN(pool))}
		if !s.has(k) {
			s.add(k) // as commit does once the database has it
			if i >= 10*pool {
				misses++
			}
		}
	}
	rate := float64(misses) / (30 * pool)
	t.Logf("%.2f%% of returning visits missed the cache", 100*rate)
	if rate > 0.02 {
		t.Fatalf("%.1f%% of returning visits missed the cache", 100*rate)
	}
}
