// Package apitest runs a real Reftrack server for tests: the real HTTP
// handler behind httptest, on a real database of its own (an SQLite file,
// or PostgreSQL with REFTRACK_TEST_POSTGRES), with helpers to call the
// GraphQL API as each kind of viewer.
package apitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/config"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
	"github.com/reftrack/reftrack/server"
)

// AdminToken is the admin token every test server accepts.
const AdminToken = "rt_test-admin-token-0123456789abcdef"

// Server is a running test server.
type Server struct {
	*httptest.Server
	DB     *store.DB
	Config config.Config
	// MetricsURL is where the server's /metrics is served, apart from URL
	// as --metrics-addr serves it.
	MetricsURL string
	queries    atomic.Int64
}

// Options adjust a test server.
type Options struct {
	// Env sets configuration variables, e.g. REFTRACK_ATTRIBUTION_DAYS.
	Env map[string]string
	// DSN overrides the database; default a new SQLite file.
	DSN string
	// Now is the server's clock; default time.Now.
	Now func() time.Time
	// App, when set, is the web app's built files to serve at /.
	App fs.FS
	// Logs, when set, receives the server's log at info level and above,
	// in addition to the test log's warnings.
	Logs io.Writer
}

// New starts a server on a new database (see storetest); it stops when the
// test ends.
func New(t testing.TB, opts ...Options) *Server {
	t.Helper()
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	ctx := context.Background()
	dsn := o.DSN
	if dsn == "" {
		dsn = storetest.DSN(t)
	}
	s := &Server{}
	db, err := database.Open(ctx, dsn, store.WithQueryHook(func() { s.queries.Add(1) }))
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	s.DB = db
	// The listener comes first: the public URL and allowed hosts name it.
	s.Server = httptest.NewUnstartedServer(nil)
	env := map[string]string{
		"REFTRACK_PUBLIC_URL":             "http://" + s.Listener.Addr().String(),
		"REFTRACK_ADMIN_TOKEN":            AdminToken,
		"REFTRACK_DB":                     dsn,
		"REFTRACK_ALLOWED_REDIRECT_HOSTS": "example.com,shop.example.com,localhost,127.0.0.1",
	}
	for k, v := range o.Env {
		env[k] = v
	}
	cfg, err := config.Load(nil, func(k string) string { return env[k] })
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	s.Config = cfg
	var handler slog.Handler = slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn})
	if o.Logs != nil {
		handler = fanout{handler, slog.NewTextHandler(o.Logs, nil)}
	}
	logger := slog.New(handler)
	var sopts []server.Option
	if o.Now != nil {
		sopts = append(sopts, server.WithClock(o.Now))
	}
	if o.App != nil {
		sopts = append(sopts, server.WithWebApp(o.App))
	}
	srv, err := server.New(ctx, cfg, db, logger, sopts...)
	if err != nil {
		t.Fatalf("server: %v", err)
	}
	s.Server.Config.Handler = srv.Handler()
	server.ConfigureHTTP(s.Server.Config, cfg)
	s.Server.Start()
	metrics := httptest.NewServer(srv.MetricsHandler())
	s.MetricsURL = metrics.URL + "/metrics"
	t.Cleanup(func() {
		metrics.Close()
		s.Server.Close()
		srv.Close()
		db.Close()
	})
	return s
}

// Queries returns how many SQL statements the server has run so far.
func (s *Server) Queries() int64 { return s.queries.Load() }

type testWriter struct{ t testing.TB }

// fanout sends each record to two handlers.
type fanout [2]slog.Handler

func (f fanout) Enabled(ctx context.Context, l slog.Level) bool {
	return f[0].Enabled(ctx, l) || f[1].Enabled(ctx, l)
}

func (f fanout) Handle(ctx context.Context, r slog.Record) error {
	for _, h := range f {
		if h.Enabled(ctx, r.Level) {
			h.Handle(ctx, r.Clone()) //nolint:errcheck // test logging
		}
	}
	return nil
}

func (f fanout) WithAttrs(a []slog.Attr) slog.Handler {
	return fanout{f[0].WithAttrs(a), f[1].WithAttrs(a)}
}

func (f fanout) WithGroup(name string) slog.Handler {
	return fanout{f[0].WithGroup(name), f[1].WithGroup(name)}
}

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// Response is a GraphQL response.
type Response struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// Code returns the extensions.code of the first error, or "".
func (r *Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// Decode unmarshals the data into v.
func (r *Response) Decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Data, v); err != nil {
		t.Fatalf("decode %s: %v", r.Data, err)
	}
}

// Do posts a GraphQL operation with token ("" for none).
func (s *Server) Do(t testing.TB, token, query string, vars map[string]any) *Response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := &Response{Status: resp.StatusCode}
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatalf("status %d, body %q: %v", resp.StatusCode, raw, err)
	}
	return out
}

// MustDo is Do failing the test on any GraphQL error, decoding data into v.
func (s *Server) MustDo(t testing.TB, token, query string, vars map[string]any, v any) {
	t.Helper()
	r := s.Do(t, token, query, vars)
	if len(r.Errors) > 0 {
		t.Fatalf("%s: errors %+v", firstLine(query), r.Errors)
	}
	if v != nil {
		r.Decode(t, v)
	}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i > 0 {
		return s[:i]
	}
	return s
}

// Partner is a partner created through the API.
type Partner struct {
	ID    string
	Token string
}

// CreatePartner creates a partner as admin.
func (s *Server) CreatePartner(t testing.TB, name, email, timezone string) Partner {
	t.Helper()
	var out struct {
		CreatePartner struct {
			Partner struct{ ID string }
			Token   string
		}
	}
	s.MustDo(t, AdminToken, `mutation($in: CreatePartnerInput!) { createPartner(input: $in) { partner { id } token } }`,
		map[string]any{"in": map[string]any{"name": name, "email": email, "timezone": timezone}}, &out)
	return Partner{ID: out.CreatePartner.Partner.ID, Token: out.CreatePartner.Token}
}

// TwoPartners creates partners A (a@a.example) and B (b@b.example) in UTC,
// the pair that isolation tests set against each other.
func (s *Server) TwoPartners(t testing.TB) (a, b Partner) {
	t.Helper()
	return s.CreatePartner(t, "A", "a@a.example", "UTC"), s.CreatePartner(t, "B", "b@b.example", "UTC")
}

// ServiceToken creates a service token as admin.
func (s *Server) ServiceToken(t testing.TB) string {
	t.Helper()
	var out struct{ CreateServiceToken string }
	s.MustDo(t, AdminToken, `mutation { createServiceToken(name: "backend") }`, nil, &out)
	return out.CreateServiceToken
}

// NoRedirects is an http.Client that returns redirects instead of following them.
func (s *Server) NoRedirects() *http.Client {
	c := *s.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// Browser is a desktop browser's User-Agent: tests of human clicks send it.
const Browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
