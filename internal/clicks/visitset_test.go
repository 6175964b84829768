package clicks

import (
	"fmt"
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
