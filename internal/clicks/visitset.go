package clicks

import "hash/maphash"

// visitSet is a bounded set of visits known to be stored. When it is full a
// new visit takes the place of one picked at random, so memory stays flat
// however many visitors come, and a pool of returning visitors smaller than
// the set stays in it whatever order they come back in. (Two generations,
// the set before, kept only half of it for visitors returning in no order:
// 20% of a pool of three quarters of the set missed; decision 0102.)
// Forgetting a visit is harmless: the database still knows it.
//
// It holds 128-bit seeded hashes of the visits, not their visitor strings:
// half the memory (14 MB instead of 25 MB for 262,144 visits), and a map
// without pointers, which the garbage collector does not scan. A new visit
// whose hash equalled a cached one would count as returning; with a random
// seed per process, the chance is about 10^-33 per visit.
type visitSet struct {
	limit int
	seeds [2]maphash.Seed
	m     map[visitHash]struct{}
}

type visitHash [2]uint64

func newVisitSet(size int) *visitSet {
	return &visitSet{
		limit: max(size, 1),
		seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()},
		m:     make(map[visitHash]struct{}, 64),
	}
}

func (s *visitSet) hash(k visitKey) visitHash {
	return visitHash{maphash.Comparable(s.seeds[0], k), maphash.Comparable(s.seeds[1], k)}
}

func (s *visitSet) has(k visitKey) bool {
	_, ok := s.m[s.hash(k)]
	return ok
}

func (s *visitSet) add(k visitKey) {
	h := s.hash(k)
	if _, ok := s.m[h]; ok {
		return
	}
	if len(s.m) >= s.limit {
		for old := range s.m { // a map's iteration starts at a random place
			delete(s.m, old)
			break
		}
	}
	s.m[h] = struct{}{}
}

func (s *visitSet) len() int { return len(s.m) }
