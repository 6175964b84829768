package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/reftrack/reftrack/ent"
)

// Conn runs statements: an *ent.Tx, or the *ent.Client of one.
type Conn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// Row is a row that a statement returns.
type Row interface {
	Scan(dest ...any) error
}

// A Pipe runs the statements of one transaction in batches. On PostgreSQL
// each batch travels in one round trip (pgx's pipeline mode): a writer
// that needs answers only between batches waits for the database once per
// batch, not once per statement, which on a busy machine is most of a
// small transaction's time. Elsewhere statements run as they are queued,
// in process for SQLite.
type Pipe struct {
	conn Conn // runs statements at once; nil when pipelined

	pg      *pgx.Conn
	batch   *pgx.Batch
	onQuery func()
	onSend  func(statements int)

	err error // the first failure of a statement run at once
}

// Sequential returns a Pipe that runs each statement on c as it is queued.
func Sequential(c Conn) *Pipe { return &Pipe{conn: c} }

// Queue adds a statement to the next batch. When scan is not nil, it is
// called for each row the statement returns, by the time Send returns.
func (p *Pipe) Queue(ctx context.Context, query string, args []any, scan func(Row) error) {
	if p.conn != nil {
		if p.err == nil {
			p.err = runNow(ctx, p.conn, query, args, scan)
		}
		return
	}
	if p.onQuery != nil {
		p.onQuery()
	}
	q := p.batch.Queue(query, args...)
	if scan != nil {
		q.Query(func(rows pgx.Rows) error {
			for rows.Next() {
				if err := scan(rows); err != nil {
					return fmt.Errorf("%s: %w", summary(query), err)
				}
			}
			return rows.Err()
		})
	}
}

func runNow(ctx context.Context, c Conn, query string, args []any, scan func(Row) error) error {
	if scan == nil {
		_, err := c.ExecContext(ctx, query, args...)
		return wrap(query, err)
	}
	rows, err := c.QueryContext(ctx, query, args...)
	if err != nil {
		return wrap(query, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return wrap(query, err)
		}
	}
	return wrap(query, rows.Err())
}

// Send runs the statements queued since the last Send and returns the
// first error of any of them. After an error the transaction is lost.
func (p *Pipe) Send(ctx context.Context) error {
	if p.conn != nil {
		err := p.err
		p.err = nil
		return err
	}
	b := p.batch
	if b.Len() == 0 {
		return nil
	}
	p.batch = &pgx.Batch{}
	if p.onSend != nil {
		p.onSend(b.Len())
	}
	if err := p.pg.SendBatch(ctx, b).Close(); err != nil {
		// pgx names no statement; PostgreSQL's error says what failed.
		return fmt.Errorf("run %d statements: %w", b.Len(), err)
	}
	return nil
}

// InPipe runs fn in a transaction on a Pipe and commits when fn succeeds.
// On PostgreSQL the begin travels with fn's first batch and the commit with
// its last: what fn leaves queued is sent with the commit.
func (db *DB) InPipe(ctx context.Context, fn func(ctx context.Context, p *Pipe) error) error {
	if db.Dialect != dialect.Postgres {
		return WithTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
			p := Sequential(tx)
			if err := fn(ctx, p); err != nil {
				return err
			}
			return p.Send(ctx)
		})
	}
	c, err := db.SQL.Conn(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer c.Close()
	return c.Raw(func(driverConn any) error {
		pg := driverConn.(*stdlib.Conn).Conn()
		p := &Pipe{pg: pg, batch: &pgx.Batch{}, onQuery: db.onQuery, onSend: db.onSend}
		p.Queue(ctx, "BEGIN", nil, nil)
		err := fn(ctx, p)
		if err == nil {
			p.Queue(ctx, "COMMIT", nil, nil)
			err = p.Send(ctx)
		}
		// A failed batch leaves the transaction open, aborted. database/sql
		// would drop a connection left so; roll back to keep it.
		if err != nil && pg.PgConn().TxStatus() != 'I' {
			if _, rerr := pg.Exec(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil {
				err = errors.Join(err, fmt.Errorf("rollback: %w", rerr))
			}
		}
		return err
	})
}

func wrap(query string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", summary(query), err)
}

// summary names a statement in errors: its text up to the first
// parenthesis, as in `INSERT INTO "clicks"`.
func summary(query string) string {
	if i := strings.IndexByte(query, '('); i > 0 {
		query = query[:i]
	}
	if len(query) > 60 {
		query = query[:60]
	}
	return strings.TrimSpace(query)
}
