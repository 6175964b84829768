package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/reftrack/reftrack/redirect"
	"github.com/reftrack/reftrack/referral"
	"github.com/reftrack/reftrack/rollup"
	"github.com/reftrack/reftrack/store"
	"github.com/reftrack/reftrack/storetest"
)

// After kill -9 under load and a restart on the same database, every click
// that got its 302 is counted, and the rollups equal a rebuild from the raw
// clicks.
func TestKilledUnderLoadLosesNoAcknowledgedClick(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real binary")
	}
	bin := filepath.Join(t.TempDir(), "reftrack")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dsn := storetest.DSN(t)
	ctx := store.System(context.Background())
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := db.Partner.Create().SetName("P").SetEmail("p@p.example").SaveX(ctx)
	if _, err := referral.CreateURL(ctx, db.Client, redirect.NewAllowlist([]string{"example.com"}), p.ID, "acme", "https://example.com/"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve", "--addr", addr, "--db", dsn, "--allowed-redirect-hosts", "example.com", "--log-level", "warn")
		cmd.Env = append(os.Environ(), "REFTRACK_ADMIN_TOKEN=rt_crash-test-admin-token-0123456789")
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
				resp.Body.Close()
				return cmd
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatal("the server did not start")
			}
		}
	}

	server := start()
	var acknowledged atomic.Int64
	var wg sync.WaitGroup
	client := &http.Client{
		Timeout:       5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	for w := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100_000; i++ {
				req, _ := http.NewRequest(http.MethodGet, "http://"+addr+"/r/acme", nil)
				req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0")
				req.AddCookie(&http.Cookie{Name: "rt_vid", Value: fmt.Sprintf("visitor-%02d-%05d", w, i%500)})
				resp, err := client.Do(req)
				if err != nil {
					return // killed
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusFound {
					acknowledged.Add(1)
				}
			}
		}()
	}
	for deadline := time.Now().Add(30 * time.Second); acknowledged.Load() < 2000; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d clicks acknowledged", acknowledged.Load())
		}
	}
	if err := server.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	server.Wait()
	wg.Wait()

	// A restart on the same database, then a clean stop.
	server = start()
	server.Process.Signal(syscall.SIGTERM)
	if err := server.Wait(); err != nil {
		t.Fatalf("graceful stop after restart: %v", err)
	}

	db, err = store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var counted int
	for _, s := range db.DailyStat.Query().AllX(ctx) {
		counted += s.UniqueClicks + s.ReturningClicks
	}
	if int64(counted) < acknowledged.Load() {
		t.Fatalf("%d clicks acknowledged before kill -9, only %d counted", acknowledged.Load(), counted)
	}
	report, err := rollup.Rebuild(ctx, db, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Diffs) > 0 {
		t.Fatalf("rollups differ from a rebuild after kill -9: %+v", report.Diffs)
	}
	t.Logf("%d acknowledged, %d counted (the rest were committed but not yet answered)", acknowledged.Load(), counted)
}
