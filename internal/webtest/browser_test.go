package webtest

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/config"
	"github.com/reftrack/reftrack/server"
)

// TestBrowser runs each web/e2e/tests/*.test.mjs as a subtest against one
// server started with --demo (so that screenshots show a real program's
// numbers); each script makes the partners it needs.
func TestBrowser(t *testing.T) {
	dir := e2eDir(t)
	requireTools(t, dir)
	scripts, err := filepath.Glob(filepath.Join(dir, "tests", "*.test.mjs"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no scripts in %s/tests: %v", dir, err)
	}

	srv := start(t)
	shots := t.TempDir()
	if os.Getenv("REFTRACK_SCREENSHOTS") == "1" {
		shots = filepath.Join(dir, "..", "..", "docs", "screenshots")
	}
	// The scripts restart the server through this (POST /restart): a live
	// page must survive it.
	control := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/restart" {
			http.NotFound(w, r)
			return
		}
		if err := srv.restart(); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer control.Close()
	env := append(os.Environ(),
		"REFTRACK_CONTROL_URL="+control.URL,
		"REFTRACK_URL="+srv.url,
		"REFTRACK_ADMIN_TOKEN="+srv.adminToken,
		"REFTRACK_DEMO_PASSWORD="+srv.demoPassword,
		"REFTRACK_SCREENSHOTS="+shots,
	)
	for _, script := range scripts {
		name := strings.TrimSuffix(filepath.Base(script), ".test.mjs")
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, "node", "--test", "--test-reporter=spec", filepath.Join("tests", filepath.Base(script)))
			cmd.Dir = dir
			cmd.Env = env
			cmd.WaitDelay = 10 * time.Second
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("node --test %s: %v\n%s\nserver log:\n%s", filepath.Base(script), err, out, srv.log.tail())
			}
			if testing.Verbose() {
				t.Logf("%s", out)
			}
		})
	}
}

// e2eDir is web/e2e in this checkout.
func e2eDir(t *testing.T) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("no caller")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "web", "e2e")
}

// requireTools skips t, or fails it under REFTRACK_REQUIRE_BROWSER=1, when
// something the scripts need is missing.
func requireTools(t *testing.T, dir string) {
	t.Helper()
	if os.Getenv("REFTRACK_TEST_POSTGRES") != "" {
		// The app sees the same API on both; the suite's other tests cover
		// PostgreSQL (decision 0070).
		t.Skip("the browser tests run on a fresh SQLite database, in the suite's SQLite pass")
	}
	var missing []string
	if _, err := exec.LookPath("node"); err != nil {
		missing = append(missing, "node (apt-get install nodejs npm)")
	}
	for _, pkg := range []string{"playwright-core", "axe-core", "qrcode"} {
		if _, err := os.Stat(filepath.Join(dir, "node_modules", pkg, "package.json")); err != nil {
			missing = append(missing, pkg+" (npm ci in web/e2e)")
		}
	}
	chromium := os.Getenv("REFTRACK_CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if _, err := os.Stat(chromium); err != nil {
		missing = append(missing, chromium+" (apt-get install chromium)")
	}
	if len(missing) == 0 {
		return
	}
	msg := "the browser tests need " + strings.Join(missing, ", ") + "; web/e2e/README.md says how to run them"
	if os.Getenv("REFTRACK_REQUIRE_BROWSER") == "1" {
		t.Fatal(msg + " (REFTRACK_REQUIRE_BROWSER=1)")
	}
	t.Skip(msg)
}

type served struct {
	url, adminToken, demoPassword string
	log                           *logBuffer
	// restart stops the server as SIGTERM does and starts it again on the
	// same address and database, returning once it is healthy.
	restart func() error
}

// start runs server.Run, as `reftrack serve --demo` does, on a fresh
// SQLite file and a real port, until t ends.
func start(t *testing.T) *served {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s := &served{url: "http://" + addr, adminToken: "rt_e2e_admin_" + strings.Repeat("x", 24), log: &logBuffer{}}
	cfg, err := config.Load([]string{
		"--addr", addr, "--db", filepath.Join(t.TempDir(), "reftrack.db"), "--public-url", s.url, "--demo",
		// The webhooks script's receiver listens on loopback.
		"--webhook-allow-private",
	}, func(k string) string {
		if k == "REFTRACK_ADMIN_TOKEN" {
			return s.adminToken
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	out := &logBuffer{}
	run := func() (stop func() error) {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- server.Run(ctx, cfg, slog.New(slog.NewTextHandler(s.log, nil)), out) }()
		return func() error {
			cancel()
			return <-done
		}
	}
	var mu sync.Mutex
	stop := run()
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		if err := stop(); err != nil {
			t.Errorf("server.Run: %v", err)
		}
	})
	apitest.WaitHealthy(t, addr, 2*time.Minute)
	m := regexp.MustCompile(`demo@acme\.example, password (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("--demo printed no password:\n%s", out.String())
	}
	s.demoPassword = m[1]
	s.restart = func() error {
		mu.Lock()
		defer mu.Unlock()
		if err := stop(); err != nil {
			return fmt.Errorf("stop: %w", err)
		}
		stop = run()
		return healthy(s.url, time.Minute)
	}
	return s
}

// healthy waits until url answers /healthz with 200, for at most d.
func healthy(url string, d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s/healthz not healthy after %s: %v", url, d, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// logBuffer is a writer that goroutines share.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// tail is the end of the log, where a failure's cause is.
func (b *logBuffer) tail() string {
	s := b.String()
	if len(s) > 8000 {
		s = "…" + s[len(s)-8000:]
	}
	return s
}
