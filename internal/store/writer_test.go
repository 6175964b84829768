package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/store"
)

// On SQLite every write transaction runs on one connection, which sees no
// other connection's commits and so keeps its page cache: PRAGMA
// data_version, which changes when another connection committed, reads
// the same in all of them. Reads beside them keep their connections too.
func TestSQLiteWritesShareOneConnection(t *testing.T) {
	ctx := context.Background()
	db, err := database.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.SQL.ExecContext(ctx, `CREATE TABLE w (n INTEGER)`); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	versions := map[int64]int{}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			for range 20 {
				err := store.WithTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
					var v int64
					rows, err := tx.QueryContext(ctx, `PRAGMA data_version`)
					if err != nil {
						return err
					}
					for rows.Next() {
						if err := rows.Scan(&v); err != nil {
							return err
						}
					}
					rows.Close()
					mu.Lock()
					versions[v]++
					mu.Unlock()
					_, err = tx.ExecContext(ctx, `INSERT INTO w (n) VALUES (?)`, i)
					return err
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
		wg.Go(func() {
			for range 20 {
				var n int
				if err := db.SQL.QueryRowContext(ctx, `SELECT count(*) FROM w`).Scan(&n); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if len(versions) != 1 {
		t.Errorf("write transactions saw data_version %v: another connection wrote between them", versions)
	}
	if s := db.SQL.Stats(); s.MaxIdleClosed != 0 {
		t.Errorf("%d connections of the pool were closed after a burst of 16 readers", s.MaxIdleClosed)
	}
}
