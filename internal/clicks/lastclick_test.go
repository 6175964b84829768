package clicks

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent/visit"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// A visit keeps its visitor's last click on its source that was not a
// bot's, whatever order the clicks arrive in: attribution reads it.
func TestVisitsKeepTheLastClick(t *testing.T) {
	db := storetest.Open(t)
	ctx := store.System(context.Background())
	r, src := newTagRecorder(t, db)
	t0 := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	lastAt := func() time.Time {
		t.Helper()
		v := db.Visit.Query().Where(visit.Visitor("v1"), visit.SourceID(src.ID)).OnlyX(ctx)
		if v.LastAt == nil {
			t.Fatal("the visit has no last click")
		}
		return v.LastAt.UTC()
	}
	click := func(at time.Duration, bot bool) *request {
		return &request{click: Click{Source: src, Ref: "r", Visitor: "v1", At: t0.Add(at), Bot: bot}}
	}
	for _, step := range []struct {
		name  string
		batch []*request
		want  time.Duration
	}{
		{"a new visit, two clicks", []*request{click(0, false), click(time.Second, false)}, time.Second},
		{"a later click", []*request{click(time.Minute, false)}, time.Minute},
		{"an earlier click arriving late", []*request{click(30*time.Second, false)}, time.Minute},
		{"a bot's click", []*request{click(time.Hour, true)}, time.Minute},
		{"clicks out of order in a batch", []*request{click(3*time.Minute, false), click(2*time.Minute, false)}, 3 * time.Minute},
	} {
		if err := r.commit(step.batch); err != nil {
			t.Fatal(err)
		}
		if got := lastAt(); !got.Equal(t0.Add(step.want)) {
			t.Errorf("after %s: last click %v, want %v", step.name, got, t0.Add(step.want))
		}
	}
	// A restart forgets which visits are known: the database still decides.
	r.known = newVisitSet(1 << 10)
	if err := r.commit([]*request{click(4*time.Minute, false)}); err != nil {
		t.Fatal(err)
	}
	if got := lastAt(); !got.Equal(t0.Add(4 * time.Minute)) {
		t.Errorf("after a restart: last click %v, want %v", got, t0.Add(4*time.Minute))
	}
	if n := db.Visit.Query().CountX(ctx); n != 1 {
		t.Errorf("%d visits, want 1", n)
	}
}

// Returning visitors cost a batch the update of their visits' last
// clicks, a statement per chunk as the inserts do; new visitors with one
// click each cost none.
func TestReturningVisitorsStatements(t *testing.T) {
	var statements atomic.Int64
	db := storetest.Open(t, store.WithQueryHook(func() { statements.Add(1) }))
	r, src := newTagRecorder(t, db)
	at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	batch := func(at time.Time) []*request {
		var b []*request
		for i := range 100 {
			b = append(b, &request{click: Click{Source: src, Ref: "r", Visitor: fmt.Sprintf("v%03d", i), At: at}})
		}
		return b
	}
	if err := r.commit(batch(at)); err != nil {
		t.Fatal(err)
	}
	before := statements.Load()
	if err := r.commit(batch(at.Add(time.Second))); err != nil {
		t.Fatal(err)
	}
	// begin; clicks; the visits' last clicks; read the rollups; upsert the
	// source's and the partner's; commit. PostgreSQL also locks the tables
	// and the partner's rollups.
	want := int64(1 + 1 + 1 + 1 + 2 + 1 + 2)
	if !storetest.Postgres() {
		want = 1 + 3 + 3 + 1 + 2 + 1 // 100 rows are chunks of 64, 32 and 4
	}
	if got := statements.Load() - before; got != want {
		t.Errorf("a batch of 100 returning visitors took %d statements, want %d", got, want)
	}
	n := db.Visit.Query().Where(visit.LastAt(at.Add(time.Second))).CountX(store.System(context.Background()))
	if n != 100 {
		t.Errorf("%d visits have the second batch's click as their last, want 100", n)
	}
}

// The update of last clicks finds each visit by its key, not by reading
// the table: on PostgreSQL in the plan a prepared statement keeps
// (generic), made while the visits' statistics are young, as the click
// writer's first batches make it.
func TestLastClickUpdateUsesTheKey(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	var rows [][]any
	for i := range 64 {
		rows = append(rows, []any{fmt.Sprintf("v%d", i), 1, at})
	}
	s := lastClickUpdate.statements(db.Dialect, rows)[0]
	var lines []string
	if storetest.Postgres() {
		conn, err := db.SQL.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		for _, q := range []string{
			`ANALYZE visits`,
			`INSERT INTO visits (source_id, visitor, first_at, last_at) SELECT 1, 'v' || i, now(), now() FROM generate_series(1, 50000) AS i`,
			`SET plan_cache_mode = force_generic_plan`,
			`PREPARE last_clicks AS ` + s.query,
		} {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		r, err := conn.QueryContext(ctx, `EXPLAIN EXECUTE last_clicks('{v1,v2}', '{1,1}', ARRAY[now(), now()])`)
		if err != nil {
			t.Fatal(err)
		}
		for r.Next() {
			var l string
			if err := r.Scan(&l); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, strings.TrimSpace(l))
		}
		r.Close()
		plan := strings.Join(lines, "; ")
		if strings.Contains(plan, "Seq Scan on visits") || !strings.Contains(plan, "Conflict Arbiter Indexes: visit_visitor_source_id") {
			t.Errorf("plan %q, want the visits found by their unique key", plan)
		}
		return
	}
	r, err := db.SQL.QueryContext(ctx, "EXPLAIN QUERY PLAN "+s.query, s.args...)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var id, parent, unused int
		var detail string
		if err := r.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, detail)
	}
	r.Close()
	// An upsert finds each row by its conflict target, which SQLite
	// refuses unless it is a unique key; the plan must not read the table.
	if plan := strings.Join(lines, "; "); strings.Contains(plan, "SCAN visits") {
		t.Errorf("plan %q reads the whole visits table", plan)
	}
}
