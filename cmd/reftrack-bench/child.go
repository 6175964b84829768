package main

// Child modes. The bench re-executes itself with one of these hidden first
// arguments, so that each server under test is a process of its own whose
// CPU and memory are measured apart from the load generator's:
//
//	-serve-only  Reftrack itself, through server.Run, configured like
//	             `reftrack serve` from REFTRACK_* variables
//	-bare-only   a bare net/http server answering the same 302 and 204
//	-load-only   bulk-loads clicks through clicks.Recorder, then exits
//
// Both servers also serve a debug endpoint on a second loopback port
// (-debug): /debug/mem (runtime.MemStats, goroutines, CPU time, optionally
// after a GC) and net/http/pprof. It lives here, not in the product.

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/reftrack/reftrack/internal/config"
	"github.com/reftrack/reftrack/server"
)

const (
	modeServe = "-serve-only"
	modeBare  = "-bare-only"
	modeLoad  = "-load-only"
)

// childMode returns the hidden mode args start with, or "".
func childMode(args []string) string {
	if len(args) > 0 {
		switch args[0] {
		case modeServe, modeBare, modeLoad:
			return args[0]
		}
	}
	return ""
}

// childMain runs a child mode and returns the exit code.
func childMain(args []string) int {
	mode := args[0]
	fs := flag.NewFlagSet(mode, flag.ContinueOnError)
	debugAddr := fs.String("debug", "", "loopback address of the debug endpoint")
	addr := fs.String("addr", "", "listen address (bare)")
	var lo loadOptions
	lo.register(fs)
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	raiseOpenFiles()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if *debugAddr != "" {
		if err := startDebug(*debugAddr); err != nil {
			fmt.Fprintf(os.Stderr, "%s: debug endpoint: %v\n", mode, err)
			return 1
		}
	}
	var err error
	switch mode {
	case modeServe:
		err = serveReftrack(ctx)
	case modeBare:
		err = serveBare(ctx, *addr)
	case modeLoad:
		err = loadClicks(ctx, lo, os.Stdout)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", mode, err)
		return 1
	}
	return 0
}

// serveReftrack runs the product exactly as `reftrack serve` does, with its
// configuration in REFTRACK_* variables set by the parent (REFTRACK_DB may
// be an SQLite path or a postgres:// URL: it is passed through untouched).
func serveReftrack(ctx context.Context) error {
	cfg, err := config.Load(nil, os.Getenv)
	if err != nil {
		return fmt.Errorf("config: %w", err)
	}
	return server.Run(ctx, cfg, cfg.Logger(os.Stderr), os.Stderr)
}

// bareDest is where the bare server redirects: the same destination the
// bench gives its referral URLs.
const bareDest = "https://example.com/landing?utm_source=bench"

// serveBare answers GET /r/{slug} with the same 302 Reftrack sends (same
// headers, same Location shape: destination + ref + rt_vid) and POST /t
// with 204, recording nothing.
func serveBare(ctx context.Context, addr string) error {
	dest, _ := url.Parse(bareDest)
	noStore := func(w http.ResponseWriter) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Robots-Tag", "noindex, nofollow")
		h.Set("X-Content-Type-Options", "nosniff")
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /r/{slug}", func(w http.ResponseWriter, r *http.Request) {
		noStore(w)
		vid := ""
		if c, err := r.Cookie("rt_vid"); err == nil {
			vid = c.Value
		}
		q := dest.Query()
		q.Set("ref", r.PathValue("slug"))
		q.Set("rt_vid", vid)
		u := *dest
		u.RawQuery = q.Encode()
		http.Redirect(w, r, u.String(), http.StatusFound)
	})
	mux.HandleFunc("POST /t", func(w http.ResponseWriter, r *http.Request) {
		noStore(w)
		io.Copy(io.Discard, io.LimitReader(r.Body, 4096)) //nolint:errcheck
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok\n") })
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	// The same server settings as server.Run.
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(slog.NewTextHandler(os.Stderr, nil), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// memReport is what /debug/mem answers.
type memReport struct {
	HeapInuse  uint64  `json:"heapInuse"`
	StackInuse uint64  `json:"stackInuse"`
	HeapAlloc  uint64  `json:"heapAlloc"`
	Sys        uint64  `json:"sys"`
	NumGC      uint32  `json:"numGC"`
	Goroutines int     `json:"goroutines"`
	CPUSeconds float64 `json:"cpuSeconds"` // user + system, whole process
}

func startDebug(addr string) error {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/mem", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("gc") != "" {
			runtime.GC()
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		rep := memReport{
			HeapInuse: ms.HeapInuse, StackInuse: ms.StackInuse, HeapAlloc: ms.HeapAlloc,
			Sys: ms.Sys, NumGC: ms.NumGC, Goroutines: runtime.NumGoroutine(), CPUSeconds: selfCPU(),
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(rep) //nolint:errcheck
	})
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	go http.Serve(ln, mux) //nolint:errcheck
	return nil
}

// selfCPU is this process's user + system CPU time in seconds.
func selfCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return tv(ru.Utime) + tv(ru.Stime)
}

func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }

// raiseOpenFiles lifts the soft open-files limit to the hard one: thousands
// of websockets need thousands of descriptors on each side.
func raiseOpenFiles() (cur, hard uint64) {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return 0, 0
	}
	if rl.Cur < rl.Max {
		rl.Cur = rl.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl) //nolint:errcheck
		syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl) //nolint:errcheck
	}
	return uint64(rl.Cur), uint64(rl.Max)
}
