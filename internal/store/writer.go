package store

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// writerDriver sends SQLite's write transactions to one connection of
// their own and everything else to the pool. In WAL mode a connection
// drops its page cache when it finds that another connection wrote since
// its last transaction; the one writer connection sees only its own
// writes, so its cache stays (decision 0105). Write transactions are one
// at a time anyway (writeSlot).
type writerDriver struct {
	*entsql.Driver                // the pool: statements outside transactions, read-only transactions
	write          *entsql.Driver // one connection, kept open
	slot           *writeSlot
}

func newWriterDriver(c *sqliteConnector) *writerDriver {
	read := sql.OpenDB(c)
	// A new SQLite connection parses the schema, prepares every statement
	// again and starts with an empty page cache: keep them between bursts
	// (database/sql's default keeps 2).
	read.SetMaxIdleConns(sqliteIdleConns)
	read.SetConnMaxIdleTime(5 * time.Minute)
	write := sql.OpenDB(c)
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	return &writerDriver{Driver: entsql.OpenDB(dialect.SQLite, read), write: entsql.OpenDB(dialect.SQLite, write), slot: &writeSlot{}}
}

func (d *writerDriver) Tx(ctx context.Context) (dialect.Tx, error) { return d.BeginTx(ctx, nil) }

// BeginTx takes the write slot before the connection: database/sql hands
// a freed connection to a random waiter, the slot in order.
func (d *writerDriver) BeginTx(ctx context.Context, opts *sql.TxOptions) (dialect.Tx, error) {
	if opts != nil && opts.ReadOnly {
		return d.Driver.BeginTx(ctx, opts)
	}
	if err := d.slot.acquire(ctx); err != nil {
		return nil, err
	}
	tx, err := d.write.BeginTx(ctx, opts)
	if err != nil {
		d.slot.release()
		return nil, err
	}
	return &slotTx{Tx: tx.(*entsql.Tx), slot: d.slot}, nil
}

// slotTx lets the next write transaction in once it ends.
type slotTx struct {
	*entsql.Tx // with its ExecContext and QueryContext, which ent's transactions use
	slot       *writeSlot
	once       sync.Once
}

func (t *slotTx) Commit() error {
	defer t.once.Do(t.slot.release)
	return t.Tx.Commit()
}

func (t *slotTx) Rollback() error {
	defer t.once.Do(t.slot.release)
	return t.Tx.Rollback()
}

func (d *writerDriver) Close() error {
	return errors.Join(d.write.Close(), d.Driver.Close())
}
