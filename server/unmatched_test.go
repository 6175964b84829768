package server_test

import (
	"context"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent/setting"
	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// TestUnmatchedRefsArePaginated: unmatchedRefs is a connection over the
// counted refs, most clicked first, read a page at a time (issue 17.14).
func TestUnmatchedRefsArePaginated(t *testing.T) {
	s := apitest.New(t)
	for ref, n := range map[string]int{"typo-one": 1, "typo-two": 2, "typo-three": 3} {
		for range n {
			click(t, s, "/t/"+ref+"?to=https://example.com/", "visitor-xxxx")
		}
	}
	type page struct {
		UnmatchedRefs struct {
			TotalCount int
			PageInfo   struct {
				HasNextPage bool
				EndCursor   string
			}
			Edges []struct {
				Node struct {
					Ref    string
					Clicks int
				}
			}
		}
		UnmatchedRefsDropped int
	}
	q := `query($after: Cursor) { unmatchedRefs(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ref clicks } } } unmatchedRefsDropped }`
	var p1, p2 page
	s.MustDo(t, apitest.AdminToken, q, nil, &p1)
	e := p1.UnmatchedRefs.Edges
	if p1.UnmatchedRefs.TotalCount != 3 || len(e) != 2 || e[0].Node.Ref != "typo-three" || e[0].Node.Clicks != 3 ||
		e[1].Node.Ref != "typo-two" || !p1.UnmatchedRefs.PageInfo.HasNextPage || p1.UnmatchedRefsDropped != 0 {
		t.Fatalf("first page = %+v", p1)
	}
	s.MustDo(t, apitest.AdminToken, q, map[string]any{"after": p1.UnmatchedRefs.PageInfo.EndCursor}, &p2)
	e = p2.UnmatchedRefs.Edges
	if len(e) != 1 || e[0].Node.Ref != "typo-one" || e[0].Node.Clicks != 1 || p2.UnmatchedRefs.PageInfo.HasNextPage {
		t.Fatalf("second page = %+v", p2)
	}
}

// TestUnmatchedRefsAreFilledFromEarlierClicks: a database from before the
// counts existed has them filled in from its unmatched clicks, once.
func TestUnmatchedRefsAreFilledFromEarlierClicks(t *testing.T) {
	dsn := storetest.DSN(t)
	ctx := store.System(context.Background())
	db, err := database.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	for i, ref := range []string{"old-a", "old-b", "old-a"} {
		db.UnmatchedClick.Create().SetRef(ref).SetVisitor("visitor-xxxx").SetAt(at.Add(time.Duration(i) * time.Minute)).ExecX(ctx)
	}
	// As before this version: no counts, and not filled yet.
	db.UnmatchedRef.Delete().ExecX(ctx)
	db.Setting.Delete().Where(setting.Key(clicks.UnmatchedRefsKey)).ExecX(ctx)
	db.Close()
	for range 2 { // the second start fills nothing more
		db, err = database.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, u := range db.UnmatchedRef.Query().AllX(ctx) {
			got[u.Ref] = u.Clicks
			if u.Ref == "old-a" && (!u.FirstSeenAt.Equal(at) || !u.LastSeenAt.Equal(at.Add(2*time.Minute))) {
				t.Errorf("old-a seen %v to %v", u.FirstSeenAt, u.LastSeenAt)
			}
		}
		if len(got) != 2 || got["old-a"] != 2 || got["old-b"] != 1 {
			t.Fatalf("filled counts = %v", got)
		}
		db.Close()
	}
}

// TestPruneDropsUnmatchedRefsNotClickedSince: prune deletes the counts of
// refs last clicked before its cutoff, which makes room under the cap.
func TestPruneDropsUnmatchedRefsNotClickedSince(t *testing.T) {
	db := storetest.Open(t)
	ctx := store.System(context.Background())
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	db.UnmatchedRef.Create().SetRef("stale").SetClicks(4).SetFirstSeenAt(now.AddDate(-2, 0, 0)).SetLastSeenAt(now.AddDate(-1, -2, 0)).ExecX(ctx)
	db.UnmatchedRef.Create().SetRef("fresh").SetClicks(2).SetFirstSeenAt(now.AddDate(-2, 0, 0)).SetLastSeenAt(now.AddDate(0, 0, -1)).ExecX(ctx)
	deleted, err := rollup.Prune(ctx, db, 365*24*time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, u := range db.UnmatchedRef.Query().AllX(ctx) {
		left = append(left, u.Ref)
	}
	if len(left) != 1 || left[0] != "fresh" || deleted != 0 {
		t.Fatalf("after prune: %v left, %d clicks deleted", left, deleted)
	}
}
