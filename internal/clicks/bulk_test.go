package clicks

import (
	"context"
	"strings"
	"testing"

	entdialect "entgo.io/ent/dialect"

	"github.com/reftrack/reftrack/internal/storetest"
)

// On SQLite the click path inserts with OR IGNORE, which spares SQLite its
// statement journal (decision 0101) and would silently drop a row that broke
// a constraint. It relies on the clicks tables having no unique key but
// their rowid and no NULL in any row: a unique index added later must come
// with another way, and this test says so.
func TestClickInsertsIgnoreNothing(t *testing.T) {
	db := storetest.Open(t)
	if db.Dialect != entdialect.SQLite {
		t.Skip("SQLite's statements")
	}
	for _, in := range []*bulk{clickInsert, unmatchedInsert} {
		if q := in.text(entdialect.SQLite, 2); !strings.HasPrefix(q, "INSERT OR IGNORE INTO") {
			t.Errorf("%s: %s", in.table, q)
		}
		rows, err := db.SQL.QueryContext(context.Background(), `SELECT name FROM pragma_index_list(?) WHERE "unique" AND origin <> 'pk'`, in.table)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name string
			rows.Scan(&name) //nolint:errcheck
			t.Errorf("%s has the unique index %s: OR IGNORE would drop the clicks it refuses", in.table, name)
		}
		rows.Close()
		for _, c := range in.columns {
			var notNull int
			err := db.SQL.QueryRowContext(context.Background(), `SELECT "notnull" FROM pragma_table_info(?) WHERE name = ?`, in.table, c).Scan(&notNull)
			if err != nil || notNull != 1 {
				t.Errorf("%s.%s: not null %d, %v", in.table, c, notNull, err)
			}
		}
	}
}
