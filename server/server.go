// Package server wires Reftrack into one HTTP handler: the GraphQL API
// (HTTP, websockets, server-sent events), the Playground, the click and
// beacon endpoints, and health checks, all on one port.
package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/reftrack/reftrack/internal/fanout"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/reftrack/reftrack"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/graph"
	"github.com/reftrack/reftrack/internal/auth"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/config"
	"github.com/reftrack/reftrack/internal/delivery"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/events"
	"github.com/reftrack/reftrack/internal/graphqlws"
	"github.com/reftrack/reftrack/internal/idempotency"
	"github.com/reftrack/reftrack/internal/live"
	"github.com/reftrack/reftrack/internal/metrics"
	"github.com/reftrack/reftrack/internal/publicid"
	"github.com/reftrack/reftrack/internal/redirect"
	"github.com/reftrack/reftrack/internal/referral"
	"github.com/reftrack/reftrack/internal/secret"
	"github.com/reftrack/reftrack/internal/sessions"
	"github.com/reftrack/reftrack/internal/signin"
	"github.com/reftrack/reftrack/internal/signups"
	"github.com/reftrack/reftrack/internal/stats"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/track"
	"github.com/reftrack/reftrack/internal/viewer"
	"github.com/reftrack/reftrack/internal/webhook"
	"github.com/reftrack/reftrack/web"
)

// Server is a running Reftrack instance on an open database.
type Server struct {
	db       *store.DB
	recorder *clicks.Recorder
	bus      events.Bus
	closeBus func()
	live     *live.Registry
	ws       *graphqlws.Transport
	handler  http.Handler
	logger   *slog.Logger
	metrics  *metrics.Metrics
	// stopPruning ends the periodic deletion of ended sessions.
	stopPruning func()
	// webhooks delivers the event log to webhook endpoints until
	// stopWebhooks, which waits for the attempts in flight.
	webhooks     *delivery.Worker
	stopWebhooks func()
}

// Option adjusts New.
type Option func(*options)

type options struct {
	now func() time.Time
	app fs.FS
}

// WithWebApp serves the built web app from files (its dist directory) at
// / instead of the one built into the binary (web.Files).
func WithWebApp(files fs.FS) Option {
	return func(o *options) { o.app = files }
}

// WithClock makes the server read the time from now: tests use it to click
// at chosen instants.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// New builds the server's handler and starts its click writer. Close it to
// drain the writer and end subscriptions.
func New(ctx context.Context, cfg config.Config, db *store.DB, logger *slog.Logger, opts ...Option) (*Server, error) {
	o := options{now: time.Now, app: web.Files()}
	for _, opt := range opts {
		opt(&o)
	}
	visitorKey, err := secret.Get(ctx, db.Client, "visitor-key")
	if err != nil {
		return nil, err
	}
	idKey, err := secret.Get(ctx, db.Client, "id-key")
	if err != nil {
		return nil, err
	}
	ids, err := publicid.New(idKey)
	if err != nil {
		return nil, err
	}
	m := metrics.New()
	s := &Server{
		db:       db,
		recorder: clicks.NewRecorder(db, clicks.Options{Logger: logger, Linger: cfg.ClickLinger, OnCommit: m.Committed}),
		logger:   logger,
		metrics:  m,
	}
	// Revoking a credential ends the live sessions opened with it: here
	// at once, on other instances through the bus's notifications, and
	// wherever a notification was lost at the next periodic check.
	var announce live.AnnouncerFunc
	s.live = live.New(live.Options{
		CheckInterval: cfg.RevocationCheckInterval,
		Logger:        logger,
		Announcer: live.AnnouncerFunc(func(ctx context.Context, c string) error {
			if announce == nil {
				return nil // one instance: nobody else to tell
			}
			return announce(ctx, c)
		}),
	})
	s.live.Check(live.KindToken, auth.RevokedTokens(db.Client))
	s.live.Check(live.KindPartner, auth.DisabledPartners(db.Client))
	fan := fanout.New(graphqlws.Notifier)
	fan.Logger = logger
	if db.Dialect == dialect.Postgres {
		// Events appended on any instance wake readers on all.
		bus, err := events.NewPostgres(ctx, cfg.DB, db.SQL, events.PostgresOptions{
			Buffer: busBuffer, Logger: logger,
			Revoked:     func(c string) { s.live.Revoked(live.Credential(c)) },
			Reconnected: func() { go s.live.CheckNow(context.Background()); fan.WakeAll() },
		})
		if err != nil {
			s.live.Close()
			s.recorder.Close()
			return nil, err
		}
		s.bus, s.closeBus = bus, bus.Close
		announce = bus.AnnounceRevocation
	} else {
		bus := events.NewLocal(events.LocalOptions{Buffer: busBuffer, Logger: logger})
		s.bus, s.closeBus = bus, bus.Close
	}
	eventlog.OnAppend(db.Client, s.publish)
	hosts := redirect.NewAllowlist(cfg.AllowedRedirectHosts)
	directory := referral.NewDirectory(db.Client)
	authn := auth.New(db.Client, cfg.AdminToken)
	browserSessions := sessions.New(db.Client, o.now)
	s.live.Check(live.KindSession, browserSessions.Revoked)
	s.stopPruning = s.pruneSessions(browserSessions, time.Duration(cfg.EventRetentionDays)*24*time.Hour)
	s.webhooks = delivery.NewWorker(db, webhook.NewClient(cfg.WebhookAllowPrivate), ids, delivery.Options{Logger: logger})
	s.stopWebhooks = s.runWebhooks()
	s.observe(fan)
	resolver := &graph.Resolver{
		Client:       db.Client,
		Hosts:        hosts,
		PublicURL:    cfg.PublicURL,
		Directory:    directory,
		Bus:          s.bus,
		Live:         s.live,
		SessionStore: browserSessions,
		Fanout:       fan,
		Webhooks:     &delivery.Endpoints{DB: db, AllowPrivate: cfg.WebhookAllowPrivate, Now: o.now},
		Deliveries:   s.webhooks,
		Signups: &signups.Recorder{
			Window: time.Duration(cfg.AttributionDays) * 24 * time.Hour,
			Now:    o.now,
			DB:     db,
		},
	}

	mux := http.NewServeMux()
	api := s.graphQL(cfg, resolver, authn, o.now)
	api = s.endStreamsOnRevocation(api)
	api = authn.Middleware(api)
	signIn := signin.New(signin.Options{
		Sessions: browserSessions, Tokens: authn, PublicURL: cfg.PublicURL,
		Live: s.live, Logger: logger, Now: o.now,
	})
	api = signIn.Middleware(api)
	api = ids.Middleware(api)
	api = limitRequest(cfg, api)
	api = cors.New(cors.Options{
		// Only the listed origins; none means same-origin only (an empty
		// AllowedOrigins would mean every origin).
		AllowOriginFunc: func(origin string) bool {
			return slices.Contains(cfg.CORSOrigins, strings.ToLower(origin))
		},
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: []string{"Authorization", "Content-Type", "Accept", idempotency.Header},
		ExposedHeaders: []string{"Idempotent-Replayed"},
		MaxAge:         600,
	}).Handler(api)
	mux.Handle("/graphql", api)
	// The dashboard at /, the Playground (the app's bundled GraphiQL) at
	// /playground; nothing is loaded from another host.
	app := o.app
	if app == nil {
		app = noApp{} // web/dist cleared by hand: each page says so
	}
	mux.Handle("/", appHandler(app, appPolicy(cfg.PublicURL)))
	mux.HandleFunc("GET /healthz", s.healthz)
	signIn.Register(mux)
	track.New(track.Options{
		Code:           graph.Code,
		Sources:        directory,
		Recorder:       s.recorder,
		Hosts:          hosts,
		PublicURL:      cfg.PublicURL,
		VisitorKey:     visitorKey,
		AddressBeacons: cfg.BeaconsPerAddress,
		VisitorBeacons: cfg.BeaconsPerVisitor,
		Logger:         logger,
		Now:            o.now,
	}).Register(mux)
	s.handler = withSecurityHeaders(s.metrics.HTTP(mux))
	return s, nil
}

// busBuffer is how many conversions an audience (all subscribers of one
// partner, or the admins) may fall behind the bus by: its one goroutine
// loads each conversion before handing it to every subscriber.
const busBuffer = 1024

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// MetricsHandler serves /metrics, for a listener apart from Handler's
// (--metrics-addr).
func (s *Server) MetricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metrics.Handler())
	return mux
}

// observe exposes what is read at scrape time.
func (s *Server) observe(fan *fanout.Fanout) {
	m := s.metrics
	m.Clicks(func() (unique, returning, bot, unmatched uint64) {
		c := s.recorder.Recorded()
		return c.Unique, c.Returning, c.Bot, c.Unmatched
	})
	m.Gauge("reftrack_click_queue_length", "Accepted clicks waiting for the writer.",
		func() float64 { return float64(s.recorder.Queued()) })
	m.Counter("reftrack_sqlite_wal_restarts_total", "Times the click writer started the SQLite write-ahead log over (always 0 on PostgreSQL).",
		func() float64 { return float64(s.db.WALRestarts()) })
	m.Counter("reftrack_webhook_attempts_total", "Webhook deliveries attempted by this instance.",
		func() float64 { all, _ := s.webhooks.Attempts(); return float64(all) })
	m.Counter("reftrack_webhook_attempts_failed_total", "Webhook deliveries attempted by this instance that did not get a 2xx.",
		func() float64 { _, failed := s.webhooks.Attempts(); return float64(failed) })
	m.Gauge("reftrack_live_subscribers", "Open conversion subscriptions (websocket and server-sent events).",
		func() float64 { return float64(fan.Subscribers()) })
}

// Close ends every subscription and commits every click already accepted.
// Call it after the HTTP server stopped taking requests.
func (s *Server) Close() {
	s.closeLive()
	s.stopWebhooks()
	s.recorder.Close()
}

// runWebhooks runs the webhook worker until the returned function is
// called, which returns once the attempts in flight are recorded.
func (s *Server) runWebhooks() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.webhooks.Run(ctx)
	}()
	return func() { cancel(); <-done }
}

// closeLive closes every websocket (CloseGoingAway: reconnect elsewhere)
// and ends every subscription.
func (s *Server) closeLive() {
	s.stopPruning()
	s.ws.Close()
	s.closeBus()
	s.live.Close()
}

// Every sign-in adds a session row and every invitation a link row; the
// ended and spent ones are deleted a few minutes after start (not at once,
// so that tests that count statements see none of it) and then hourly.
const (
	firstPrune = 5 * time.Minute
	pruneEvery = time.Hour
)

// pruneSessions deletes ended sessions, spent password links and the
// events older than the retention in the background until the returned
// function is called.
func (s *Server) pruneSessions(m *sessions.Manager, retention time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTimer(firstPrune)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			ended, spent, err := m.Prune(ctx)
			switch {
			case err != nil && ctx.Err() == nil:
				s.logger.Error("prune sessions", "err", err)
			case ended+spent > 0:
				s.logger.Info("deleted ended sessions and spent password links", "sessions", ended, "links", spent)
			}
			if n, err := eventlog.Prune(ctx, s.db.Client, time.Now().Add(-retention)); err != nil && ctx.Err() == nil {
				s.logger.Error("prune events", "err", err)
			} else if n > 0 {
				s.logger.Info("deleted events older than the retention", "events", n)
			}
			if attempts, deliveries, err := delivery.Prune(ctx, s.db.Client, time.Now().Add(-retention)); err != nil && ctx.Err() == nil {
				s.logger.Error("prune the webhook delivery log", "err", err)
			} else if attempts+deliveries > 0 {
				s.logger.Info("deleted the webhook delivery log older than the retention", "attempts", attempts, "deliveries", deliveries)
			}
			keys, err := idempotency.Prune(ctx, s.db.Client, time.Now())
			switch {
			case err != nil && ctx.Err() == nil:
				s.logger.Error("prune idempotency keys", "err", err)
			case keys > 0:
				s.logger.Info("deleted expired idempotency keys", "keys", keys)
			}
			t.Reset(pruneEvery)
		}
	}()
	return func() { cancel(); <-done }
}

// publish wakes the live readers of the log on every instance; one lost
// costs them the time until their next poll.
func (s *Server) publish(ev *ent.Event) {
	s.metrics.EventAppended(ev.Type)
	err := s.bus.Publish(context.Background(), events.Event{ID: int(ev.Seq), PartnerID: ev.PartnerID, OccurredAt: ev.OccurredAt})
	s.webhooks.Wake()
	if err != nil {
		s.logger.Warn("announce an appended event", "seq", ev.Seq, "err", err)
	}
}

func (s *Server) graphQL(cfg config.Config, resolver *graph.Resolver, authn *auth.Authenticator, now func() time.Time) http.Handler {
	srv := handler.New(graph.NewSchema(resolver))
	s.ws = graphqlws.New(graphqlws.Options{
		Init: func(ctx context.Context, p map[string]any) (context.Context, error) {
			// Nothing anonymous lasts: a connection without a token is
			// refused (4403) rather than held open.
			header := transport.InitPayload(p).Authorization()
			if strings.TrimSpace(header) == "" {
				if v := viewer.FromContext(ctx); v != nil && v.SessionID != 0 {
					return ctx, nil // the upgrade came with a session cookie
				}
				return nil, errNoInitToken
			}
			return authn.Context(ctx, header)
		},
		Conn: func(ctx context.Context, c *graphqlws.Conn) context.Context {
			if v := viewer.FromContext(ctx); v != nil {
				closeSession := s.live.Open(auth.Credentials(v), func() { c.End(CloseRevoked, "token revoked") })
				context.AfterFunc(ctx, closeSession) // ctx ends with the connection
			}
			return fanout.WithCloser(ctx, func(reason string) { c.CloseWith(graphqlws.CloseTryAgainLater, reason) })
		},
		MaxMessage:     cfg.MaxBodyBytes,
		OriginPatterns: originPatterns(cfg),
	})
	srv.AddTransport(s.ws)
	srv.AddTransport(transport.SSE{})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(graphQLHTTP{
		keys:   &idempotency.Keys{DB: s.db, Lease: cfg.RequestTimeout + time.Minute, Now: now},
		logger: s.logger,
	})
	queries := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(queries)
	srv.SetParserTokenLimit(cfg.MaxTokens)
	srv.Use(s.metrics.GraphQL())
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(&graph.Limits{Tokens: cfg.MaxTokens, Fragments: cfg.MaxFragments, Depth: cfg.MaxDepth, Complexity: cfg.MaxComplexity, Cache: queries})
	srv.Use(graph.Deadline{Timeout: cfg.RequestTimeout})
	srv.Use(graph.Transactioner{TxOpener: s.db.Client})
	srv.SetErrorPresenter(graph.ErrorPresenter(s.logger))
	srv.SetRecoverFunc(graph.Recover(s.logger))
	srv.AroundRootFields(graph.RequireViewer)
	srv.AroundFields(graph.LimitPages)
	srv.AroundResponses(graph.ResponseLimit{Bytes: cfg.MaxResponseBytes, Errors: maxErrors}.Respond)
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		return next(stats.NewContext(ctx, stats.NewLoader(s.db.Client, now)))
	})
	return srv
}

var errNoInitToken = errors.New(`connection_init needs a token: {"Authorization": "Bearer <token>"}`)

// originPatterns lets websockets from the CORS origins (and the public
// URL's own host) connect.
func originPatterns(cfg config.Config) []string {
	var out []string
	for _, o := range append([]string{cfg.PublicURL}, cfg.CORSOrigins...) {
		if u, err := url.Parse(o); err == nil && u.Host != "" {
			out = append(out, u.Host)
		}
	}
	return out
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if _, err := s.db.Partner.Query().Exist(store.System(ctx)); err != nil {
		s.logger.Error("health check", "err", err)
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "ok")
}

// limitRequest bounds a request's body and, but for long-lived streams
// (websockets, server-sent events), its duration. It reads the body
// first, so that a body too large or too slow (--read-timeout) gets a 4xx
// before any work starts. An event stream gets --write-timeout for each
// event rather than for the whole response.
func limitRequest(cfg config.Config, next http.Handler) http.Handler {
	maxBody := cfg.MaxBodyBytes
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBody {
			writeJSONError(w, http.StatusRequestEntityTooLarge, graph.NewError(reftrack.Limit, fmt.Sprintf("request body is larger than %d bytes (--max-body-bytes)", maxBody)))
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
			var tooLarge *http.MaxBytesError
			var netErr net.Error
			switch {
			case errors.As(err, &tooLarge):
				writeJSONError(w, http.StatusRequestEntityTooLarge, graph.NewError(reftrack.Limit, fmt.Sprintf("request body is larger than %d bytes (--max-body-bytes)", maxBody)))
				return
			case errors.As(err, &netErr) && netErr.Timeout():
				writeJSONError(w, http.StatusRequestTimeout, graph.NewError(reftrack.Limit, "the request body did not arrive in time (--read-timeout)"))
				return
			case err != nil:
				writeJSONError(w, http.StatusBadRequest, graph.NewError(reftrack.Invalid, "the request body could not be read"))
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		switch {
		case isEventStream(r):
			w = &streamWriter{ResponseWriter: w, writeTimeout: cfg.WriteTimeout}
		case !strings.EqualFold(r.Header.Get("Upgrade"), "websocket"):
			ctx, cancel := context.WithTimeout(r.Context(), cfg.RequestTimeout)
			defer cancel()
			r = r.WithContext(ctx)
		}
		next.ServeHTTP(w, r)
	})
}

func writeJSONError(w http.ResponseWriter, status int, err *gqlerror.Error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"errors": gqlerror.List{err}}) //nolint:errcheck // the client may be gone
}

// maxErrors is the most errors a response lists.
const maxErrors = 20
