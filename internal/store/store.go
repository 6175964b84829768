// Package store opens Reftrack's database (an SQLite file by default, or
// PostgreSQL), migrates its schema, runs the upgrades it is given and gives
// transactions and the locks they take.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/mattn/go-sqlite3"      // registers "sqlite3"

	"github.com/reftrack/reftrack/ent"
	entmigrate "github.com/reftrack/reftrack/ent/migrate"
	"github.com/reftrack/reftrack/ent/privacy"
	_ "github.com/reftrack/reftrack/ent/runtime" // hooks and privacy policies
	"github.com/reftrack/reftrack/ent/setting"
)

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// SQLiteDSN turns a file path into a DSN with the pragmas Reftrack relies on:
// foreign keys, WAL, a busy timeout and immediate write transactions; and a
// cache of 64 prepared statements per connection, without which go-sqlite3
// prepares every statement again (16% of the CPU of a click, profiled).
func SQLiteDSN(path string) string {
	if strings.HasPrefix(path, "file:") {
		return path
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_fk=1&_journal_mode=WAL&_busy_timeout=5000&_txlock=immediate&_synchronous=NORMAL&_cache_size=-65536&_stmt_cache_size=64"
}

// sqliteConnector opens go-sqlite3 connections with automatic WAL
// checkpoints turned off (a checkpoint inside a commit stalls every click
// waiting for that commit, so walKeeper does them in the background) and
// the write-ahead log cut back to walLimit bytes whenever it starts over.
type sqliteConnector struct {
	dsn      string
	walLimit int64
	driver   sqlite3.SQLiteDriver
}

func (c *sqliteConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.open(ctx)
	if err != nil {
		return nil, err
	}
	sc := conn.(*sqlite3.SQLiteConn)
	pragmas := fmt.Sprintf("PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=%d", c.walLimit)
	if _, err := sc.Exec(pragmas, nil); err != nil {
		sc.Close()
		return nil, err
	}
	return sc, nil
}

// open opens a connection, retrying for up to the busy timeout while the
// database is locked: instances starting at once on a new file race to
// switch it to WAL, and SQLite refuses the losers without waiting.
func (c *sqliteConnector) open(ctx context.Context) (driver.Conn, error) {
	deadline := time.Now().Add(5 * time.Second)
	for {
		conn, err := c.driver.Open(c.dsn)
		if err == nil || !Transient(err) || time.Now().After(deadline) {
			return conn, err
		}
		select {
		case <-time.After(20 * time.Millisecond):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (c *sqliteConnector) Driver() driver.Driver { return &c.driver }

// DB is an open database: its ent client and the SQL dialect it speaks.
type DB struct {
	*ent.Client
	Dialect string
	SQL     *sql.DB // the pool under Client, for what ent does not do (NOTIFY)

	wal *walKeeper // SQLite only

	onQuery func()               // see WithQueryHook
	onSend  func(statements int) // see WithSendHook
}

// Close stops the background work and closes the database.
func (db *DB) Close() error {
	if db.wal != nil {
		db.wal.stop()
	}
	err := db.Client.Close()
	if db.wal != nil {
		db.wal.release() // after the connections: see dbFile
	}
	return err
}

// Option adjusts Open.
type Option func(*options)

// sqliteIdleConns is how many SQLite connections the pool keeps between
// bursts (database/sql's default is 2).
const sqliteIdleConns = 32

// walPageSize is SQLite's page size, which Reftrack does not change.
const walPageSize = 4096

type options struct {
	onQuery  func()
	onSend   func(int)
	walLimit int
	upgrades []Upgrade
}

// WithWALLimit sets the size, in pages of 4 KiB, past which the SQLite
// write-ahead log is started over (default 4096, 16 MB). Clicks wait a few
// milliseconds while it starts over; a larger log starts over less often,
// and takes longer to read back after a crash (see walKeeper).
func WithWALLimit(pages int) Option {
	return func(o *options) { o.walLimit = pages }
}

// WithQueryHook calls f for every SQL statement the client runs or a Pipe
// queues: tests count statements with it, so that an N+1 regression fails.
func WithQueryHook(f func()) Option {
	return func(o *options) { o.onQuery = f }
}

// WithSendHook calls f for every batch of statements a Pipe sends to
// PostgreSQL in one round trip, with their number: tests count round trips
// with it.
func WithSendHook(f func(statements int)) Option {
	return func(o *options) { o.onSend = f }
}

// Open connects to dsn, migrates the schema and seeds the system tags.
func Open(ctx context.Context, dsn string, opts ...Option) (*DB, error) {
	o := options{walLimit: 4096}
	for _, opt := range opts {
		opt(&o)
	}
	var drv *entsql.Driver
	var w *writerDriver // SQLite only
	if IsPostgres(dsn) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		db.SetMaxOpenConns(32)
		// database/sql keeps 2 idle connections by default and closes the
		// rest after a burst; a new PostgreSQL connection costs a backend
		// process and its prepared statements. Keep them until idle a while.
		db.SetMaxIdleConns(32)
		db.SetConnMaxIdleTime(5 * time.Minute)
		drv = entsql.OpenDB(dialect.Postgres, db)
	} else {
		w = newWriterDriver(&sqliteConnector{dsn: SQLiteDSN(dsn), walLimit: int64(o.walLimit) * walPageSize})
		drv = w.Driver
	}
	if err := drv.DB().PingContext(ctx); err != nil {
		if w != nil {
			w.Close()
		} else {
			drv.Close()
		}
		if !IsPostgres(dsn) {
			err = explainOpen(dsn, err)
		}
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	var d dialect.Driver = drv
	if w != nil {
		d = w
	}
	if o.onQuery != nil {
		d = dialect.DebugWithContext(d, func(context.Context, ...any) { o.onQuery() })
	}
	client := ent.NewClient(ent.Driver(d))
	if err := migrate(ctx, client, drv, o.upgrades); err != nil {
		client.Close()
		return nil, err
	}
	out := &DB{Client: client, Dialect: drv.Dialect(), SQL: drv.DB(), onQuery: o.onQuery, onSend: o.onSend}
	if out.Dialect == dialect.SQLite {
		wal, err := keepWAL(ctx, drv.DB(), 100*time.Millisecond, int64(o.walLimit)*walPageSize)
		if err != nil {
			client.Close()
			return nil, err
		}
		out.wal = wal
	}
	return out, nil
}

// migrationLock is the PostgreSQL advisory lock key that serialises
// migrations of instances starting at once.
const migrationLock = 0x72656674 // "reft"

// migrations serialises migrations within one process: ent's migration
// writes to its package-level table definitions, so two at once race.
var migrations sync.Mutex

func migrate(ctx context.Context, client *ent.Client, drv *entsql.Driver, upgrades []Upgrade) error {
	migrations.Lock()
	defer migrations.Unlock()
	if drv.Dialect() == dialect.Postgres {
		conn, err := drv.DB().Conn(ctx)
		if err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLock); err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLock) //nolint:errcheck
	}
	// On SQLite nothing serialises processes migrating one new file at once;
	// the migration is idempotent, so one that lost the race runs again and
	// finds everything in place. Indexes that left the schema are dropped.
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = client.Schema.Create(ctx, entmigrate.WithDropIndex(true)); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("migrate schema: %w", err)
	}
	if drv.Dialect() == dialect.Postgres {
		if err := bytewise(ctx, drv.DB()); err != nil {
			return err
		}
	}
	for _, u := range upgrades {
		if err := u.Run(System(ctx), client, drv.Dialect()); err != nil {
			return fmt.Errorf("upgrade %s: %w", u.Name, err)
		}
	}
	return nil
}

// Upgrade is a step that brings a database's data up to the version of the
// code after its schema was migrated: a one-time backfill recorded in a
// setting, or a seed. Each runs under the migration's serialisation (the
// advisory lock on PostgreSQL), so instances starting at once run it once;
// each must be idempotent. The packages whose data they touch provide them;
// internal/database lists them in order.
type Upgrade struct {
	Name string
	Run  func(ctx context.Context, client *ent.Client, dialect string) error
}

// Once runs fill, in one transaction with the setting key that records it,
// unless that setting says it ran already: the shape of a one-time
// upgrade. Under the migration's serialisation, instances starting at once
// run it once.
func Once(ctx context.Context, client *ent.Client, key string, fill func(ctx context.Context, tx *ent.Tx) error) error {
	return WithTx(ctx, client, func(ctx context.Context, tx *ent.Tx) error {
		done, err := tx.Setting.Query().Where(setting.Key(key)).Exist(ctx)
		if err != nil || done {
			return err
		}
		if err := fill(ctx, tx); err != nil {
			return err
		}
		return tx.Setting.Create().SetKey(key).SetValue([]byte(time.Now().UTC().Format(time.RFC3339))).Exec(ctx)
	})
}

// WithUpgrades runs the upgrades, in order, after every migration.
func WithUpgrades(u ...Upgrade) Option {
	return func(o *options) { o.upgrades = append(o.upgrades, u...) }
}

// System returns ctx allowed past every privacy rule: for Reftrack's own
// work (recording clicks, authenticating tokens, migrations), never for a
// request's data access.
func System(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// WithTx runs fn in a transaction, passing a context that carries the
// transaction's client (ent.FromContext), and commits when fn succeeds.
func WithTx(ctx context.Context, client *ent.Client, fn func(ctx context.Context, tx *ent.Tx) error) error {
	tx, err := client.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	txCtx := ent.NewTxContext(ent.NewContext(ctx, tx.Client()), tx)
	if err := fn(txCtx, tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			err = errors.Join(err, fmt.Errorf("rollback: %w", rerr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// AfterCommit runs fn once the transaction in ctx commits, or at once when
// ctx carries none. Events must never announce what may still roll back.
func AfterCommit(ctx context.Context, fn func()) {
	tx := ent.TxFromContext(ctx)
	if tx == nil {
		fn()
		return
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			if err := next.Commit(ctx, tx); err != nil {
				return err
			}
			fn()
			return nil
		})
	})
}

// Transient reports whether err is a failure that the same transaction may
// not meet again: a deadlock or serialization failure on PostgreSQL, a busy
// database on SQLite.
func Transient(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "40P01" || pgErr.Code == "40001"
	}
	var sqliteErr sqlite3.Error
	if errors.As(err, &sqliteErr) {
		return sqliteErr.Code == sqlite3.ErrBusy || sqliteErr.Code == sqlite3.ErrLocked
	}
	return false
}

// LockKeys serialises, until the end of the transaction that client runs
// in, every caller locking one of the same keys: on PostgreSQL with
// transaction-scoped advisory locks, taken in sorted order so that callers
// never deadlock. On SQLite writers are serialised already and it does
// nothing.
func (db *DB) LockKeys(ctx context.Context, client *ent.Client, keys ...string) error {
	if db.Dialect != dialect.Postgres {
		return nil
	}
	keys = slices.Compact(slices.Sorted(slices.Values(keys)))
	for _, k := range keys {
		if _, err := client.ExecContext(ctx, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", k); err != nil {
			return fmt.Errorf("lock %q: %w", k, err)
		}
	}
	return nil
}

// walKeeper keeps the SQLite write-ahead log bounded and its checkpoints
// off the click path. Invariants:
//   - it runs passive checkpoints every interval, which never block the
//     writer: frequent ones copy little, so commits beside them barely
//     notice;
//   - a passive checkpoint never finishes under a steady load, so the log
//     would grow without end: the click writer itself starts the log over
//     between two batches when the log file is past its limit (RestartWAL),
//     judged by the file's size, which journal_size_limit keeps honest;
//   - after each passive checkpoint that copied pages it flushes the
//     database file, so that a restart flushes only its own pages;
//   - one checkpoint runs at a time (mu).
//
// The story and the measurements: docs/decisions/0004-sqlite-wal-keeper.md.
type walKeeper struct {
	db     *sql.DB
	path   string  // the log file; "" for a database without one
	file   *dbFile // the database file; nil for a database without one
	limit  int64   // bytes
	cancel context.CancelFunc
	done   chan struct{}
	// mu runs one checkpoint at a time: SQLite refuses a checkpoint while
	// another runs, without calling the busy handler, so a restart meeting
	// a passive one would fail silently.
	mu       sync.Mutex
	restarts atomic.Uint64
}

func keepWAL(ctx context.Context, db *sql.DB, interval time.Duration, limit int64) (*walKeeper, error) {
	var file string
	if err := db.QueryRowContext(ctx, "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file); err != nil {
		return nil, fmt.Errorf("find the database file: %w", err)
	}
	k := &walKeeper{db: db, limit: limit, done: make(chan struct{})}
	if file != "" {
		k.path = file + "-wal"
		f, err := openDBFile(file)
		if err != nil {
			return nil, err
		}
		k.file = f
	}
	loopCtx, cancel := context.WithCancel(context.Background())
	k.cancel = cancel
	go func() {
		defer close(k.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		synced := 0 // frames of the log copied when the file was last flushed
		for {
			select {
			case <-loopCtx.Done():
				return
			case <-t.C:
				if k.over() {
					continue // the writer starts the log over next
				}
				if copied := k.checkpoint(loopCtx, "PASSIVE"); copied > 0 && copied != synced && k.file != nil {
					k.file.flush() //nolint:errcheck // see dbFile.flush
					synced = copied
				}
			}
		}
	}()
	return k, nil
}

// checkpoint runs one checkpoint and returns the number of frames of the
// log copied into the database so far, or -1. An error is retried next
// time.
func (k *walKeeper) checkpoint(ctx context.Context, mode string) int {
	k.mu.Lock()
	defer k.mu.Unlock()
	var busy, frames, copied int
	if err := k.db.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&busy, &frames, &copied); err != nil {
		return -1
	}
	return copied
}

// over reports whether the log file is past its limit.
func (k *walKeeper) over() bool {
	if k.path == "" {
		return false
	}
	fi, err := os.Stat(k.path)
	return err == nil && fi.Size() > k.limit
}

func (k *walKeeper) stop() {
	k.cancel()
	<-k.done
	k.checkpoint(context.Background(), "TRUNCATE")
}

// release gives back the database file once its connections are closed.
func (k *walKeeper) release() {
	if k.file != nil {
		k.file.release()
	}
}

// RestartWAL starts the SQLite write-ahead log over when it has grown past
// its limit. The click writer calls it between batches,
// when it holds no transaction; it is a no-op on PostgreSQL and while the
// log is small (one stat of the file).
func (db *DB) RestartWAL(ctx context.Context) {
	if db.wal == nil || !db.wal.over() {
		return
	}
	db.wal.checkpoint(ctx, "RESTART")
	db.wal.restarts.Add(1)
}

// WALRestarts returns how many times the write-ahead log was started over
// (RestartWAL found it past its limit); 0 on PostgreSQL.
func (db *DB) WALRestarts() uint64 {
	if db.wal == nil {
		return 0
	}
	return db.wal.restarts.Load()
}
