package clicks

import "hash/maphash"

// visitSet is a bounded set of visits known to be stored. It keeps two
// generations: when the current one is full it becomes the previous one and
// the oldest is dropped, so memory stays flat however many visitors come.
// Forgetting a visit is harmless: the database still knows it.
//
// It holds 128-bit seeded hashes of the visits, not their visitor strings:
// half the memory (14 MB instead of 25 MB for 262,144 visits), and a map
// without pointers, which the garbage collector does not scan. A new visit
// whose hash equalled a cached one would count as returning; with a random
// seed per process, the chance is about 10^-33 per visit.
type visitSet struct {
	limit         int
	seeds         [2]maphash.Seed
	current, prev map[visitHash]struct{}
}

type visitHash [2]uint64

func newVisitSet(size int) *visitSet {
	limit := max(size/2, 1)
	return &visitSet{
		limit:   limit,
		seeds:   [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()},
		current: make(map[visitHash]struct{}, 64),
	}
}

func (s *visitSet) hash(k visitKey) visitHash {
	return visitHash{maphash.Comparable(s.seeds[0], k), maphash.Comparable(s.seeds[1], k)}
}

func (s *visitSet) has(k visitKey) bool {
	h := s.hash(k)
	if _, ok := s.current[h]; ok {
		return true
	}
	if _, ok := s.prev[h]; ok {
		s.put(h) // keep what is still in use
		return true
	}
	return false
}

func (s *visitSet) add(k visitKey) { s.put(s.hash(k)) }

func (s *visitSet) put(h visitHash) {
	if len(s.current) >= s.limit {
		s.prev, s.current = s.current, make(map[visitHash]struct{}, 64)
	}
	s.current[h] = struct{}{}
}

func (s *visitSet) len() int { return len(s.current) + len(s.prev) }
