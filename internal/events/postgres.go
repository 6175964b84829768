package events

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Channel is the PostgreSQL notification channel of appended events (its
// name is older than the event log).
const Channel = "reftrack_conversions"

// RevocationChannel carries revoked credentials (see internal/live)
// between instances, on the same listening connection.
const RevocationChannel = "reftrack_revocations"

// Postgres is a Bus for several instances on one PostgreSQL database:
// events travel through NOTIFY, and each instance LISTENs on one dedicated
// connection and hands what arrives to its in-process subscribers. An
// instance that loses its listening connection reconnects and says so in
// its log and calls PostgresOptions.Reconnected: wake-ups sent while it was
// away are lost, and its readers read the log then.
type Postgres struct {
	local  *Local
	db     *sql.DB
	logger *slog.Logger
	opts   PostgresOptions
	cancel context.CancelFunc
	done   chan struct{}
	closed sync.Once
}

// PostgresOptions configure NewPostgres.
type PostgresOptions struct {
	Buffer int           // per subscriber, as LocalOptions.Buffer
	Retry  time.Duration // wait between reconnection attempts; default 1s
	Logger *slog.Logger
	// Revoked, if set, receives each credential announced by
	// AnnounceRevocation on any instance, this one included.
	Revoked func(credential string)
	// Reconnected, if set, is called after the listener reconnected:
	// announcements made while it was away are lost.
	Reconnected func()
}

// NewPostgres connects the listener to dsn and returns once it listens, so
// that no event published after it returns is missed. db publishes.
func NewPostgres(ctx context.Context, dsn string, db *sql.DB, opts PostgresOptions) (*Postgres, error) {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Retry <= 0 {
		opts.Retry = time.Second
	}
	conn, err := listen(ctx, dsn)
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancel(context.Background())
	p := &Postgres{
		local:  NewLocal(LocalOptions{Buffer: opts.Buffer, Logger: opts.Logger}),
		db:     db,
		logger: opts.Logger,
		opts:   opts,
		cancel: cancel,
		done:   make(chan struct{}),
	}
	go p.run(runCtx, dsn, conn, opts.Retry)
	return p, nil
}

func listen(ctx context.Context, dsn string) (*pgx.Conn, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("connect event listener: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+Channel+"; LISTEN "+RevocationChannel); err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("listen for events: %w", err)
	}
	return conn, nil
}

type notification struct {
	ID         int       `json:"id"`
	PartnerID  int       `json:"partner_id"`
	OccurredAt time.Time `json:"occurred_at"`
}

// run delivers notifications until ctx ends, reconnecting as needed.
func (p *Postgres) run(ctx context.Context, dsn string, conn *pgx.Conn, retry time.Duration) {
	defer close(p.done)
	for {
		err := p.deliver(ctx, conn)
		conn.Close(context.Background())
		if ctx.Err() != nil {
			return
		}
		p.logger.Warn("lost the event listener connection; reconnecting", "err", err)
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(retry):
			}
			if conn, err = listen(ctx, dsn); err == nil {
				break
			}
			p.logger.Warn("event listener could not reconnect; retrying", "err", err)
		}
		p.logger.Info("event listener reconnected")
		if p.opts.Reconnected != nil {
			p.opts.Reconnected()
		}
	}
}

func (p *Postgres) deliver(ctx context.Context, conn *pgx.Conn) error {
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if n.Channel == RevocationChannel {
			if p.opts.Revoked != nil {
				p.opts.Revoked(n.Payload)
			}
			continue
		}
		var m notification
		if err := json.Unmarshal([]byte(n.Payload), &m); err != nil {
			p.logger.Warn("malformed event notification", "payload", n.Payload, "err", err)
			continue
		}
		p.local.Publish(ctx, Event{ID: m.ID, PartnerID: m.PartnerID, OccurredAt: m.OccurredAt}) //nolint:errcheck // closed only after run ends
	}
}

// Publish notifies every instance, this one included.
func (p *Postgres) Publish(ctx context.Context, c Event) error {
	payload, err := json.Marshal(notification{ID: c.ID, PartnerID: c.PartnerID, OccurredAt: c.OccurredAt})
	if err != nil {
		return err
	}
	if _, err := p.db.ExecContext(ctx, "SELECT pg_notify($1, $2)", Channel, string(payload)); err != nil {
		return fmt.Errorf("notify event: %w", err)
	}
	return nil
}

// AnnounceRevocation tells every instance, this one included, that a
// credential was revoked.
func (p *Postgres) AnnounceRevocation(ctx context.Context, credential string) error {
	if _, err := p.db.ExecContext(ctx, "SELECT pg_notify($1, $2)", RevocationChannel, credential); err != nil {
		return fmt.Errorf("notify revocation: %w", err)
	}
	return nil
}

// Subscribe subscribes to the events of every instance.
func (p *Postgres) Subscribe(ctx context.Context, filter Filter) (*Subscription, error) {
	return p.local.Subscribe(ctx, filter)
}

// Subscribers returns the number of subscriptions on this instance.
func (p *Postgres) Subscribers() int { return p.local.Subscribers() }

// Close stops listening and ends every subscription with ErrClosed.
func (p *Postgres) Close() {
	p.closed.Do(func() {
		p.cancel()
		<-p.done
		p.local.Close()
	})
}
