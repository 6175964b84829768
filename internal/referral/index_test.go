package referral_test

import (
	"context"
	"strings"
	"testing"

	"github.com/reftrack/reftrack/internal/storetest"
)

// A source's ref tag and referral URL are found by an index on source_id
// (the directory on a cache miss, attribution): ent's Unique on the edge's
// field made none, and each lookup read the whole table.
func TestSourceLookupsUseAnIndex(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	for _, table := range []string{"ref_tags", "referral_urls"} {
		if storetest.Postgres() {
			var n int
			err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM pg_indexes WHERE tablename = $1 AND indexdef LIKE '%UNIQUE%(source_id)'`, table).Scan(&n)
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Errorf("%s has no unique index on source_id", table)
			}
			continue
		}
		rows, err := db.SQL.QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT id FROM `+table+` WHERE source_id = 1`)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if p := strings.Join(plan, "; "); !strings.Contains(p, "INDEX") || strings.Contains(p, "SCAN") {
			t.Errorf("%s by source_id: plan %q, want a search of an index", table, p)
		}
	}
}
