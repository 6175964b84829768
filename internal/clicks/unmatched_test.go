package clicks

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent/unmatchedref"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// TestUnmatchedRefsAreCountedAndBounded: the click writer counts unmatched
// clicks per ref in its batch, and past the cap on distinct refs counts new
// ones together, so that nobody can grow what unmatchedRefs reads without
// end (issue 17.14).
func TestUnmatchedRefsAreCountedAndBounded(t *testing.T) {
	defer func(n int) { unmatchedCap = n }(unmatchedCap)
	unmatchedCap = 5
	db := storetest.Open(t)
	ctx := store.System(context.Background())
	r, src := newTagRecorder(t, db)
	at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	batch := func(refs ...string) {
		t.Helper()
		var b []*request
		for i, ref := range refs {
			c := Click{Ref: ref, Visitor: fmt.Sprintf("v%d", i), At: at.Add(time.Duration(i) * time.Second)}
			if ref == "r" {
				c.Source = src
			}
			b = append(b, &request{click: c})
		}
		if err := r.commit(b); err != nil {
			t.Fatal(err)
		}
		at = at.Add(time.Minute)
	}
	counts := func() map[string]int {
		m := map[string]int{}
		for _, u := range db.UnmatchedRef.Query().AllX(ctx) {
			m[u.Ref] = u.Clicks
		}
		return m
	}

	batch("typo-a", "r", "typo-a", "typo-b", "typo-a")
	if got := counts(); len(got) != 2 || got["typo-a"] != 3 || got["typo-b"] != 1 {
		t.Fatalf("after one batch: %v", got)
	}
	first := db.UnmatchedRef.Query().Where(unmatchedref.Ref("typo-a")).OnlyX(ctx)
	// Two known refs, under the cap of 5: the batch's three new ones are
	// counted alone (a batch may pass the cap by its own new refs).
	batch("typo-a", "typo-c", "typo-d", "typo-e", "typo-a")
	if got := counts(); len(got) != 5 || got["typo-a"] != 5 || got["typo-e"] != 1 {
		t.Fatalf("after two batches: %v", got)
	}
	// At the cap: new refs are counted together under "", known ones alone.
	batch("typo-f", "typo-g", "typo-f", "typo-a", "typo-b")
	got := counts()
	if len(got) != 6 || got[""] != 3 || got["typo-a"] != 6 || got["typo-b"] != 2 || got["typo-f"] != 0 {
		t.Fatalf("past the cap: %v", got)
	}
	if n, err := Dropped(ctx, db.Client); err != nil || n != 3 {
		t.Fatalf("Dropped = %d, %v; want 3", n, err)
	}
	if n := UnmatchedQuery(db.Client).CountX(ctx); n != 5 {
		t.Fatalf("UnmatchedQuery counts %d refs, want 5", n)
	}
	last := db.UnmatchedRef.Query().Where(unmatchedref.Ref("typo-a")).OnlyX(ctx)
	if !last.FirstSeenAt.Equal(first.FirstSeenAt) || !last.LastSeenAt.After(first.LastSeenAt) {
		t.Fatalf("typo-a seen first %v then %v, last %v then %v", first.FirstSeenAt, last.FirstSeenAt, first.LastSeenAt, last.LastSeenAt)
	}
}
