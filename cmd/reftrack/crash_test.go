package main

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// After kill -9 under load and a restart on the same database, every click
// that got its 302 is counted, and the rollups equal a rebuild from the raw
// clicks.
func TestKilledUnderLoadLosesNoAcknowledgedClick(t *testing.T) {
	bin := builtBinary(t)
	dsn := storetest.DSN(t)
	apitest.SeedReferralURL(t, dsn, "acme")

	addr := freeAddr(t)
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve", "--addr", addr, "--db", dsn, "--allowed-redirect-hosts", "example.com", "--log-level", "warn")
		cmd.Env = append(os.Environ(), "REFTRACK_ADMIN_TOKEN=rt_crash-test-admin-token-0123456789")
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { cmd.Process.Kill() }) // no-op once it exited
		apitest.WaitHealthy(t, addr, 20*time.Second)
		return cmd
	}

	server := start()
	var acknowledged atomic.Int64
	wait := apitest.Hammer("http://"+addr+"/r/acme", 32, 500, &acknowledged)
	apitest.WaitFor(t, 30*time.Second, "2000 acknowledged clicks", func() bool { return acknowledged.Load() >= 2000 })
	if err := server.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	server.Wait()
	wait()

	// A restart on the same database, then a clean stop.
	server = start()
	server.Process.Signal(syscall.SIGTERM)
	if err := server.Wait(); err != nil {
		t.Fatalf("graceful stop after restart: %v", err)
	}

	ctx := store.System(context.Background())
	db, err := database.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	counted, _ := apitest.Counted(t, db)
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

var build struct {
	once sync.Once
	bin  string
	out  []byte
	err  error
}

// builtBinary is this command built once for the tests that kill it, in a
// folder TestMain removes.
func builtBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and kills the real binary")
	}
	build.once.Do(func() {
		build.bin = filepath.Join(buildDir, "reftrack")
		build.out, build.err = exec.Command("go", "build", "-o", build.bin, ".").CombinedOutput()
	})
	if build.err != nil {
		t.Fatalf("go build: %v\n%s", build.err, build.out)
	}
	return build.bin
}

var buildDir string

func TestMain(m *testing.M) {
	var err error
	if buildDir, err = os.MkdirTemp("", "reftrack-test-bin"); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(buildDir)
	os.Exit(code)
}

// freeAddr returns a loopback address with a port that was free a moment
// ago, for a process the test starts and restarts on it.
func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
