package server_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/config"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
	"github.com/reftrack/reftrack/server"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// runServer starts server.Run in the background; stop it with the returned
// function, which waits for Run to return.
func runServer(t *testing.T, dbPath, addr string) (out *bytes.Buffer, stop func() error) {
	t.Helper()
	return runServerWith(t, []string{"--addr", addr, "--db", dbPath, "--public-url", "http://" + addr, "--allowed-redirect-hosts", "example.com"}, nil, io.Discard)
}

// runServerWith is runServer with any flags and variables (args must set
// --addr), writing the server's log to logs.
func runServerWith(t *testing.T, args []string, env map[string]string, logs io.Writer) (out *bytes.Buffer, stop func() error) {
	t.Helper()
	cfg, err := config.Load(args, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	out = &bytes.Buffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	logger := slog.New(slog.NewTextHandler(logs, nil))
	go func() { done <- server.Run(ctx, cfg, logger, out) }()
	apitest.WaitHealthy(t, cfg.Addr, 10*time.Second)
	return out, func() error { cancel(); return <-done }
}

func TestShutdownLosesNoAcknowledgedClick(t *testing.T) {
	dbPath := storetest.DSN(t)
	apitest.SeedReferralURL(t, dbPath, "acme")

	addr := freeAddr(t)
	out, stop := runServer(t, dbPath, addr)
	if !strings.Contains(out.String(), "rt_") {
		t.Fatalf("first start printed no admin token: %q", out.String())
	}

	// Clicks keep coming while the server shuts down.
	var acknowledged atomic.Int64
	wait := apitest.Hammer("http://"+addr+"/r/acme", 16, 7, &acknowledged)
	apitest.WaitFor(t, 30*time.Second, "200 acknowledged clicks", func() bool { return acknowledged.Load() >= 200 })
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	wait()

	ctx := store.System(context.Background())
	db, err := database.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	counted, raw := apitest.Counted(t, db)
	if int64(counted) < acknowledged.Load() || counted != raw {
		t.Fatalf("%d clicks acknowledged, %d counted in rollups, %d raw", acknowledged.Load(), counted, raw)
	}
	if uniques := db.Visit.Query().CountX(ctx); uniques > 16*7 {
		t.Fatalf("%d unique visits for 112 visitors", uniques)
	}

	// A restart on the same database prints no new admin token.
	out, stop = runServer(t, dbPath, addr)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "rt_") {
		t.Fatalf("restart printed a token again: %q", out.String())
	}
}

// reftrack serve --metrics-addr serves /metrics there, and only there.
func TestRunServesMetricsOnItsOwnAddress(t *testing.T) {
	addr, metricsAddr := freeAddr(t), freeAddr(t)
	_, stop := runServerWith(t, []string{"--addr", addr, "--metrics-addr", metricsAddr, "--db", storetest.DSN(t), "--public-url", "http://" + addr}, nil, io.Discard)
	defer stop()
	resp, err := http.Get("http://" + metricsAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "reftrack_clicks_recorded_total{kind=\"unique\"} 0") {
		t.Fatalf("GET /metrics on --metrics-addr: %s\n%.500s", resp.Status, body)
	}
	if servesMetrics(t, "http://"+addr) {
		t.Fatalf("GET /metrics on --addr answers metrics")
	}
}

// A graceful shutdown stops webhook delivery before the database closes:
// nothing is logged at WARN or above while it stops or after.
func TestShutdownStopsWebhookDeliveryFirst(t *testing.T) {
	addr := freeAddr(t)
	receiver := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer receiver.Close()
	logs := &lockedBuffer{}
	_, stop := runServerWith(t, []string{"--addr", addr, "--db", storetest.DSN(t), "--public-url", "http://" + addr, "--webhook-allow-private"},
		map[string]string{"REFTRACK_ADMIN_TOKEN": apitest.AdminToken}, logs)
	body := `{"query":"mutation($u: String!) { createWebhookEndpoint(input: {url: $u}) { endpoint { id } } }","variables":{"u":"` + receiver.URL + `"}}`
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+apitest.AdminToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(answer), `"endpoint":{"id"`) {
		t.Fatalf("createWebhookEndpoint: %s", answer)
	}
	time.Sleep(100 * time.Millisecond) // the worker steps with an endpoint to serve
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if l := logs.String(); strings.Contains(l, "level=WARN") || strings.Contains(l, "level=ERROR") {
		t.Fatalf("shutdown logged:\n%s", l)
	}
}
