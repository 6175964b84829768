package clicks

// visitSet is a bounded set of visits known to be stored. It keeps two
// generations: when the current one is full it becomes the previous one and
// the oldest is dropped, so memory stays flat however many visitors come.
// Forgetting a visit is harmless: the database still knows it.
type visitSet struct {
	limit         int
	current, prev map[visitKey]struct{}
}

func newVisitSet(size int) *visitSet {
	limit := max(size/2, 1)
	return &visitSet{limit: limit, current: make(map[visitKey]struct{}, 64)}
}

func (s *visitSet) has(k visitKey) bool {
	if _, ok := s.current[k]; ok {
		return true
	}
	if _, ok := s.prev[k]; ok {
		s.add(k) // keep what is still in use
		return true
	}
	return false
}

func (s *visitSet) add(k visitKey) {
	if len(s.current) >= s.limit {
		s.prev, s.current = s.current, make(map[visitKey]struct{}, 64)
	}
	s.current[k] = struct{}{}
}

func (s *visitSet) len() int { return len(s.current) + len(s.prev) }
