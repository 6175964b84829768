package sessions_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent/session"
	"github.com/reftrack/reftrack/internal/partners"
	"github.com/reftrack/reftrack/internal/sessions"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
	"github.com/reftrack/reftrack/internal/viewer"
)

// Sessions and links that can never be used again are deleted; every one
// that still works is kept and still works.
func TestPruneDeletesOnlyWhatCanNeverBeUsed(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	sys := store.System(ctx)
	admin := viewer.NewContext(ctx, &viewer.Viewer{Role: viewer.Admin})
	partner := func(name, email string) int {
		p, _, err := partners.Create(admin, db.Client, partners.Input{Name: name, Email: email, Timezone: "UTC"})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	p, other := partner("Northwind", "nora@northwind.example"), partner("Contoso", "carl@contoso.example")

	t0 := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	pruneAt := t0.Add(sessions.IdleTimeout + 2*time.Hour)
	now := t0
	m := sessions.New(db.Client, func() time.Time { return now })
	begin := func(at time.Time) (string, int) {
		now = at
		plain, s, err := m.Start(ctx, p, "test")
		if err != nil {
			t.Fatal(err)
		}
		return plain, s.ID
	}
	invite := func(at time.Time, partnerID int) string {
		now = at
		plain, _, err := m.Invite(admin, db.Client, partnerID)
		if err != nil {
			t.Fatal(err)
		}
		return plain
	}

	invite(t0, p) // replaced by the next one
	if _, _, err := m.Accept(ctx, invite(t0, p), "a password of 10+"); err != nil {
		t.Fatal(err)
	}
	invite(t0, other) // expires unused
	_, idle := begin(t0)
	_, revoked := begin(t0)
	if err := m.End(ctx, revoked); err != nil {
		t.Fatal(err)
	}
	edgePlain, edge := begin(pruneAt.Add(-sessions.IdleTimeout)) // idle exactly IdleTimeout: still accepted
	livePlain, live := begin(pruneAt.Add(-time.Hour))
	liveLink := invite(pruneAt.Add(-time.Hour), p)

	now = pruneAt
	nSessions, nLinks, err := m.Prune(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if nSessions != 2 || nLinks != 3 {
		t.Fatalf("Prune deleted %d sessions and %d links, want 2 and 3", nSessions, nLinks)
	}
	ids := db.Session.Query().Order(session.ByID()).IDsX(sys)
	if want := []int{edge, live}; !slices.Equal(ids, want) {
		t.Fatalf("sessions left %v, want %v (idle %d and revoked %d deleted)", ids, want, idle, revoked)
	}
	if n := db.Invitation.Query().CountX(sys); n != 1 {
		t.Fatalf("%d links left, want the live one", n)
	}
	// A deleted session counts as revoked for the live connections opened
	// with it.
	gone, err := m.Revoked(ctx, []string{strconv.Itoa(idle), strconv.Itoa(revoked), strconv.Itoa(live)})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{strconv.Itoa(idle), strconv.Itoa(revoked)}; !slices.Equal(gone, want) {
		t.Fatalf("Revoked = %v, want %v", gone, want)
	}
	// What was kept still works.
	for _, plain := range []string{edgePlain, livePlain} {
		if _, err := m.Authenticate(ctx, plain); err != nil {
			t.Fatalf("a kept session no longer signs in: %v", err)
		}
	}
	if _, _, err := m.Accept(ctx, liveLink, "another password"); err != nil {
		t.Fatalf("the kept link no longer works: %v", err)
	}
}
