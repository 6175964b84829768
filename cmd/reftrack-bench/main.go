// Command reftrack-bench measures Reftrack under load: click and beacon
// throughput against a bare net/http server, latency at half the maximum
// rate, dashboard stats at 0 and at N stored clicks, live conversion fan-out
// to thousands of websocket subscribers, and memory under a long run of new
// visitors. It starts the servers itself, each in a process of its own (the
// bench re-executes itself in a hidden child mode), on a temporary SQLite
// database unless -db names another, drives them over loopback and prints
// one table.
//
//	go run ./cmd/reftrack-bench [flags]
//	go run ./cmd/reftrack-bench -quick           # a smoke run in seconds
//	go run ./cmd/reftrack-bench -only redirect,beacon -d 30s
//
// The exit code is 0 whenever the measurements could be taken, targets met
// or not: a missed target is marked MISSED in the table. It is 1 when a
// section failed (an ERROR row) and 2 for bad flags.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"
)

func main() {
	args := os.Args[1:]
	if childMode(args) != "" {
		os.Exit(childMain(args))
	}
	os.Exit(run(args, os.Stdout, os.Stderr))
}

// sections, in the order they run.
var allSections = []string{"redirect", "beacon", "stats", "fanout", "webhooks", "memory"}

type options struct {
	c          int
	d          time.Duration
	warm       time.Duration
	clicks     int
	subs       int
	signups    int
	db         string
	only       []string
	quick      bool
	visitors   int // visitors in rotation in the cached mix
	pool       int // the redirect's random mix draws from this many visitors
	beaconPool int // the beacon's
	mixes      []string
	threads    int  // wrk's threads
	perf       bool // count the servers' instructions with perf stat
	bins       []binOption
	// binsWithCurrent measures this build's Reftrack beside the -bins.
	binsWithCurrent bool
	newVisitors     int // distinct new visitors of the memory section
	statsReqs       int
	// The webhooks section: conversions per round, receivers, signups
	// per second, rounds (A and B each), the clicks' mix, and how long
	// deliveries may take after the last signup before they count lost.
	hookConversions, hookEndpoints, hookRounds int
	hookRate                                   float64
	hookMix                                    string
	hookGrace                                  time.Duration
	profileDir                                 string
	keep                                       bool
	args                                       []string
}

func (o options) runs(section string) bool { return slices.Contains(o.only, section) }

func (o options) runsMix(name string) bool { return slices.Contains(o.mixes, name) }

// binOption is another build of Reftrack to measure (-bins).
type binOption struct{ name, path string }

// bin is such a build, running.
type bin struct {
	name string
	c    *child
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	var only string
	fs := flag.NewFlagSet("reftrack-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.c, "c", 64, "concurrent keep-alive connections of the closed-loop runs")
	fs.DurationVar(&o.d, "d", 10*time.Second, "measured duration of each load run")
	fs.DurationVar(&o.warm, "warmup", 2*time.Second, "warm-up before each load run")
	fs.IntVar(&o.clicks, "clicks", 1_000_000, "clicks stored for the stats section")
	fs.IntVar(&o.subs, "subs", 5000, "websocket subscribers of the fanout section")
	fs.IntVar(&o.signups, "signups", 20, "signups recorded (one every 200ms) in the fanout section")
	fs.StringVar(&o.db, "db", "", "database: an SQLite file path or a postgres:// URL (default: a new SQLite file in a temporary directory)")
	fs.StringVar(&only, "only", strings.Join(allSections, ","), "comma-separated sections to run: "+strings.Join(allSections, ","))
	fs.BoolVar(&o.quick, "quick", false, "tiny sizes for a smoke run: 1s durations, 10k clicks, 200 subscribers")
	fs.IntVar(&o.visitors, "visitors", 100_000, "visitors in rotation in the cached mix of the redirect and beacon sections")
	fs.IntVar(&o.pool, "pool", 200_000, "visitors the redirect's random mix draws from")
	fs.IntVar(&o.beaconPool, "beacon-pool", 500_000, "visitors the beacon's random mix draws from")
	var mixList, bins string
	fs.StringVar(&mixList, "mixes", "one,new,random,cached", "visitor mixes of the redirect and beacon sections: one (one visitor on every request), new (every request a new visitor), random (random over -pool), cached (a fixed rotation of -visitors)")
	fs.IntVar(&o.threads, "threads", 2, "wrk's threads")
	fs.BoolVar(&o.perf, "perf", false, "count each server's instructions per request with perf stat (linux-perf)")
	fs.StringVar(&bins, "bins", "", "compare other builds of Reftrack instead of this one in the redirect and beacon sections: name=path,... of `reftrack` binaries, each on an SQLite database of its own, measured in turn with the bare server (throughput and CPU only)")
	fs.BoolVar(&o.binsWithCurrent, "bins-with-current", false, "with -bins, measure this build's Reftrack too")
	fs.IntVar(&o.newVisitors, "memory-visitors", 2_000_000, "distinct new visitors clicking in the memory section")
	fs.IntVar(&o.hookConversions, "webhook-conversions", 10_000, "conversions recorded per round of the webhooks section")
	fs.IntVar(&o.hookEndpoints, "webhook-endpoints", 10, "local receivers registered as webhook endpoints")
	fs.Float64Var(&o.hookRate, "webhook-rate", 250, "recordSignup calls per second in the webhooks section")
	fs.IntVar(&o.hookRounds, "webhook-rounds", 2, "rounds of the webhooks section, each without endpoints (A) then delivering (B)")
	fs.StringVar(&o.hookMix, "webhook-mix", "one", "visitor mix of the clicks during the webhooks section")
	fs.DurationVar(&o.hookGrace, "webhook-grace", time.Minute, "how long deliveries may take after the last signup before they count as lost")
	fs.IntVar(&o.statsReqs, "stats-requests", 200, "sequential requests per stats query and size")
	fs.StringVar(&o.profileDir, "profile", "", "directory to save Reftrack profiles to: CPU and allocations during the second measured redirect and beacon runs and the stats queries, an execution trace of 2s of their open-loop runs, heap and goroutines with all subscribers (fanout)")
	fs.BoolVar(&o.keep, "keep", false, "keep the temporary directory (database, server logs)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./cmd/reftrack-bench [flags]\n\nStarts Reftrack and a bare net/http server in processes of their own, drives them over loopback and prints one table.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if o.quick {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		quick := func(name string, apply func()) {
			if !set[name] {
				apply()
			}
		}
		quick("d", func() { o.d = time.Second })
		quick("warmup", func() { o.warm = 300 * time.Millisecond })
		quick("clicks", func() { o.clicks = 10_000 })
		quick("subs", func() { o.subs = 200 })
		quick("signups", func() { o.signups = 5 })
		quick("visitors", func() { o.visitors = 10_000 })
		quick("pool", func() { o.pool = 20_000 })
		quick("beacon-pool", func() { o.beaconPool = 50_000 })
		quick("memory-visitors", func() { o.newVisitors = 20_000 })
		quick("stats-requests", func() { o.statsReqs = 20 })
		quick("webhook-conversions", func() { o.hookConversions = 200 })
		quick("webhook-endpoints", func() { o.hookEndpoints = 3 })
		quick("webhook-rate", func() { o.hookRate = 100 })
		quick("webhook-rounds", func() { o.hookRounds = 1 })
		quick("webhook-grace", func() { o.hookGrace = 20 * time.Second })
	}
	for _, m := range strings.Split(mixList, ",") {
		m = strings.TrimSpace(m)
		if !slices.Contains([]string{"one", "new", "random", "cached"}, m) {
			return o, fmt.Errorf("-mixes: unknown mix %q (mixes: one,new,random,cached)", m)
		}
		o.mixes = append(o.mixes, m)
	}
	if bins != "" {
		for _, nb := range strings.Split(bins, ",") {
			name, path, ok := strings.Cut(nb, "=")
			if !ok || name == "" || path == "" || name == "bare" || name == "reftrack" {
				return o, fmt.Errorf("-bins: %q is not name=path (names other than bare and reftrack)", nb)
			}
			o.bins = append(o.bins, binOption{name, path})
		}
	}
	for _, s := range strings.Split(only, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !slices.Contains(allSections, s) {
			return o, fmt.Errorf("-only: unknown section %q (sections: %s)", s, strings.Join(allSections, ","))
		}
		o.only = append(o.only, s)
	}
	switch {
	case len(o.only) == 0:
		return o, errors.New("-only names no section")
	case !slices.Contains([]string{"one", "new", "random", "cached"}, o.hookMix):
		return o, fmt.Errorf("-webhook-mix: unknown mix %q (mixes: one,new,random,cached)", o.hookMix)
	case o.hookConversions < 1 || o.hookEndpoints < 1 || o.hookRounds < 1 || o.hookRate <= 0 || o.hookGrace <= 0:
		return o, errors.New("-webhook-conversions, -webhook-endpoints, -webhook-rounds, -webhook-rate and -webhook-grace must be positive")
	case o.c < 1 || o.d <= 0 || o.warm < 0:
		return o, errors.New("-c and -d must be positive")
	case o.clicks < 0 || o.subs < 1 || o.signups < 1 || o.visitors < 1 || o.newVisitors < 4 || o.statsReqs < 1 || o.pool < 1 || o.beaconPool < 1 || o.threads < 1:
		return o, errors.New("-clicks, -subs, -signups, -visitors, -pool, -beacon-pool, -threads, -memory-visitors and -stats-requests must be positive")
	}
	// As config does: the store knows PostgreSQL by a lower-case scheme.
	if scheme, rest, ok := strings.Cut(o.db, "://"); ok {
		if l := strings.ToLower(scheme); l == "postgres" || l == "postgresql" {
			o.db = l + "://" + rest
		}
	}
	o.args = args
	return o, nil
}

// bench is one run of the benchmark.
type bench struct {
	o           options
	rep         *report
	log         io.Writer
	tmp         string
	db          string
	admin       string
	runID       string // suffix making this run's partners and slugs unique
	rt          *child // Reftrack
	bare        *child // the bare net/http server
	bins        []bin  // other builds (-bins)
	api         *api
	header      []string // what was run, for the header
	cpuCheck    string
	cpuCheckEnd string
	revision    string
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "%s  "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "reftrack-bench: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	started := time.Now()
	raiseOpenFiles()

	b := &bench{o: o, rep: &report{}, log: stderr, admin: "rt_bench-" + randHex(16), runID: randHex(3)}
	b.revision = revision()
	b.cpuCheck = cpuCheck()
	b.logf("CPU check: %s x one goroutine's work with %d goroutines", b.cpuCheck, runtime.GOMAXPROCS(0))
	b.tmp, err = os.MkdirTemp("", "reftrack-bench-*")
	if err != nil {
		fmt.Fprintf(stderr, "reftrack-bench: %v\n", err)
		return 1
	}
	if o.keep {
		defer fmt.Fprintf(stderr, "kept %s\n", b.tmp)
	} else {
		defer os.RemoveAll(b.tmp)
	}
	b.db = o.db
	if b.db == "" {
		b.db = filepath.Join(b.tmp, "reftrack.db")
	}
	if o.profileDir != "" {
		if err := os.MkdirAll(o.profileDir, 0o755); err != nil {
			fmt.Fprintf(stderr, "reftrack-bench: %v\n", err)
			return 1
		}
	}

	b.logf("starting Reftrack (server.Run) in a child process on %s", dbLabel(b.db))
	b.rt, err = startServer(modeServe, "reftrack", b.db, b.admin, b.tmp)
	if err != nil {
		fmt.Fprintf(stderr, "reftrack-bench: %v\n", err)
		return 1
	}
	defer func() { b.rt.stop() }()
	if o.runs("redirect") || o.runs("beacon") {
		b.bare, err = startServer(modeBare, "bare", "", "", b.tmp)
		if err != nil {
			fmt.Fprintf(stderr, "reftrack-bench: %v\n", err)
			return 1
		}
		defer b.bare.stop()
		for _, bo := range o.bins {
			c, err := startBinary(bo.path, bo.name, filepath.Join(b.tmp, bo.name+".db"), b.admin, b.tmp)
			if err != nil {
				fmt.Fprintf(stderr, "reftrack-bench: %s: %v\n", bo.name, err)
				return 1
			}
			defer c.stop()
			b.bins = append(b.bins, bin{bo.name, c})
			b.header = append(b.header, fmt.Sprintf("build %s: %s (reftrack serve, SQLite %s)", bo.name, bo.path, filepath.Join(b.tmp, bo.name+".db")))
		}
	}
	b.api = newAPI(b.rt.url, b.admin)

	sections := map[string]func(context.Context) error{
		"redirect": b.redirect,
		"beacon":   b.beacon,
		"stats":    b.stats,
		"fanout":   b.fanout,
		"webhooks": b.webhooks,
		"memory":   b.memory,
	}
	failed := false
	for _, name := range allSections {
		if !o.runs(name) || ctx.Err() != nil {
			continue
		}
		b.logf("== %s", name)
		t := time.Now()
		if err := sections[name](ctx); err != nil {
			b.rep.add(name, "ERROR", err.Error(), "", nil)
			failed = true
			b.logf("%s failed: %v", name, err)
			if b.rt != nil {
				b.logf("Reftrack's log ends with:\n%s", tail(b.rt.logPath))
			}
		}
		b.logf("== %s done in %s", name, time.Since(t).Round(time.Second))
	}
	if ctx.Err() != nil {
		b.rep.add("-", "ERROR", "interrupted", "", nil)
	}
	b.cpuCheckEnd = cpuCheck()
	b.print(stdout, time.Since(started))
	if failed || ctx.Err() != nil {
		return 1 // a section could not be measured; a missed target is still exit 0
	}
	return 0
}

func randHex(n int) string {
	p := make([]byte, n)
	rand.Read(p)
	return hex.EncodeToString(p)
}

// dbLabel names the database without any password.
func dbLabel(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return "PostgreSQL (" + redactURL(dsn) + ")"
	}
	return "SQLite file " + dsn
}
