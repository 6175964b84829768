package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/reftrack/reftrack/ent/setting"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// A transaction on a Pipe commits all or nothing, whichever batch fails,
// and the next transaction works.
func TestInPipeIsAllOrNothing(t *testing.T) {
	db := storetest.Open(t)
	ctx := store.System(context.Background())
	insert := "INSERT INTO settings (key, value) VALUES (?, ?)"
	if db.Dialect == dialect.Postgres {
		insert = "INSERT INTO settings (key, value) VALUES ($1, $2)"
	}
	add := func(p *store.Pipe, key string) { p.Queue(ctx, insert, []any{key, []byte("v")}, nil) }
	errFn := errors.New("fn failed")

	for _, tc := range []struct {
		name    string
		fn      func(ctx context.Context, p *store.Pipe) error
		wantErr string // a part of the error
	}{
		{"fn fails after a batch was sent", func(ctx context.Context, p *store.Pipe) error {
			add(p, "a")
			if err := p.Send(ctx); err != nil {
				return err
			}
			return errFn
		}, "fn failed"},
		{"a statement of the first batch fails", func(ctx context.Context, p *store.Pipe) error {
			add(p, "a")
			p.Queue(ctx, "SELECT no_such_column FROM settings", nil, func(store.Row) error {
				t.Error("scanned a row of a failed statement")
				return nil
			})
			add(p, "b")
			return p.Send(ctx)
		}, "no_such_column"},
		{"a statement sent with the commit fails", func(ctx context.Context, p *store.Pipe) error {
			add(p, "a")
			if err := p.Send(ctx); err != nil {
				return err
			}
			add(p, "b")
			add(p, "b") // the key is unique
			return nil
		}, "settings"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := db.Setting.Query().CountX(ctx)
			err := db.InPipe(ctx, tc.fn)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("InPipe: %v, want an error about %q", err, tc.wantErr)
			}
			if n := db.Setting.Query().CountX(ctx); n != before {
				t.Errorf("%d settings after a failed transaction, want %d", n, before)
			}
			// The next transaction works and sees what it wrote.
			key := "ok " + tc.name
			err = db.InPipe(ctx, func(ctx context.Context, p *store.Pipe) error {
				add(p, key)
				var n int
				p.Queue(ctx, "SELECT count(*) FROM settings", nil, func(r store.Row) error { return r.Scan(&n) })
				if err := p.Send(ctx); err != nil {
					return err
				}
				if n != before+1 {
					t.Errorf("the transaction saw %d settings, want %d", n, before+1)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !db.Setting.Query().Where(setting.Key(key)).ExistX(ctx) {
				t.Errorf("setting %q was not committed", key)
			}
			db.Setting.Delete().Where(setting.Key(key)).ExecX(ctx)
		})
	}
}
