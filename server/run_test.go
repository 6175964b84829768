package server_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reftrack/reftrack/apitest"
	"github.com/reftrack/reftrack/config"
	"github.com/reftrack/reftrack/redirect"
	"github.com/reftrack/reftrack/referral"
	"github.com/reftrack/reftrack/server"
	"github.com/reftrack/reftrack/store"
	"github.com/reftrack/reftrack/storetest"
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
	cfg, err := config.Load([]string{"--addr", addr, "--db", dbPath, "--public-url", "http://" + addr, "--allowed-redirect-hosts", "example.com"}, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	out = &bytes.Buffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	go func() { done <- server.Run(ctx, cfg, logger, out) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not start: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return out, func() error { cancel(); return <-done }
}

func TestShutdownLosesNoAcknowledgedClick(t *testing.T) {
	dbPath := storetest.DSN(t)
	ctx := store.System(context.Background())
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	p := db.Partner.Create().SetName("P").SetEmail("p@p.example").SaveX(ctx)
	if _, err := referral.CreateURL(ctx, db.Client, redirect.NewAllowlist([]string{"example.com"}), p.ID, "acme", "https://example.com/"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	addr := freeAddr(t)
	out, stop := runServer(t, dbPath, addr)
	if !strings.Contains(out.String(), "rt_") {
		t.Fatalf("first start printed no admin token: %q", out.String())
	}

	// Clicks keep coming while the server shuts down.
	var acknowledged atomic.Int64
	var wg sync.WaitGroup
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100_000; i++ {
				req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/r/acme", nil)
				req.Header.Set("User-Agent", apitest.Browser)
				req.AddCookie(&http.Cookie{Name: "rt_vid", Value: fmt.Sprintf("visitor-%02d-%04d", w, i%7)})
				resp, err := client.Do(req)
				if err != nil {
					return // the server has stopped listening
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusFound {
					acknowledged.Add(1)
				}
			}
		}()
	}
	for deadline := time.Now().Add(30 * time.Second); acknowledged.Load() < 200; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d clicks acknowledged in 30s", acknowledged.Load())
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("Run: %v", err)
	}
	wg.Wait()

	db, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var counted int
	for _, s := range db.DailyStat.Query().AllX(ctx) {
		counted += s.UniqueClicks + s.ReturningClicks
	}
	raw := db.Click.Query().CountX(ctx)
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
