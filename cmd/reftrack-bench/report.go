package main

import (
	"bufio"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"
)

type row struct{ section, metric, value, target, ok string }

// report is the table being built.
type report struct{ rows []row }

// add appends a row; met nil means the row has no target.
func (r *report) add(section, metric, value, target string, met *bool) {
	ok := "-"
	if met != nil {
		ok = "ok"
		if !*met {
			ok = "MISSED"
		}
	}
	if target == "" {
		target = "-"
	}
	r.rows = append(r.rows, row{section, metric, value, target, ok})
}

func ptr(b bool) *bool { return &b }

func (b *bench) print(w io.Writer, took time.Duration) {
	fmt.Fprintln(w, "Reftrack benchmark (cmd/reftrack-bench)")
	fmt.Fprintf(w, "  machine:   %s, %d logical CPUs (GOMAXPROCS %d), %s RAM, %s\n", cpuModel(), runtime.NumCPU(), runtime.GOMAXPROCS(0), memTotal(), kernel())
	n := runtime.GOMAXPROCS(0)
	fmt.Fprintf(w, "  CPU check: %d spinning goroutines did %s x the work of one at the start, %s at the end (twice 250ms each; %d = %d full cores).\n", n, b.cpuCheck, b.cpuCheckEnd, n, n)
	fmt.Fprintf(w, "             Servers and load generator share these CPUs; on a shared or throttled VM this varies, and req/s with it.\n")
	fmt.Fprintf(w, "  software:  %s %s/%s; open-files limit %s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, nofile())
	if ks := pageoutKdamonds("/sys/kernel/mm/damon/admin/kdamonds"); len(ks) > 0 {
		fmt.Fprintf(w, "  reclaim:   the kernel drops idle page cache on its own (DAMON pageout, kdamond %s on): a commit that appends to a\n", strings.Join(ks, ", "))
		fmt.Fprintf(w, "             dropped page of SQLite's log reads it back first, which shows in the latency tail (README, Performance).\n")
	}
	fmt.Fprintf(w, "  code:      %s\n", b.revision)
	fmt.Fprintf(w, "  database:  %s\n", dbLabel(b.db))
	fmt.Fprintf(w, "  processes: Reftrack (server.Run, REFTRACK_* config, log level warn) and a bare net/http server each run in a child\n")
	fmt.Fprintf(w, "             process of this binary; the load generator is this process, on the same machine and CPUs, over loopback.\n")
	fmt.Fprintf(w, "             Server memory: VmRSS from /proc/<pid>/status, and HeapInuse+StackInuse/goroutines from a debug port of the child.\n")
	for _, h := range b.header {
		fmt.Fprintf(w, "  %s\n", h)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SECTION\tMETRIC\tVALUE\tTARGET\tOK")
	for _, r := range b.rep.rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.section, r.metric, r.value, r.target, r.ok)
	}
	tw.Flush()
	fmt.Fprintln(w)
	missed := 0
	for _, r := range b.rep.rows {
		if r.ok == "MISSED" || r.metric == "ERROR" {
			missed++
		}
	}
	if missed > 0 {
		fmt.Fprintf(w, "%d row(s) MISSED their target or failed.\n", missed)
	} else {
		fmt.Fprintln(w, "Every target was met.")
	}
	fmt.Fprintf(w, "command: go run ./cmd/reftrack-bench%s\n", quoteArgs(b.o.args))
	fmt.Fprintf(w, "took:    %s\n", took.Round(time.Second))
}

func quoteArgs(args []string) string {
	var sb strings.Builder
	for _, a := range args {
		if strings.HasPrefix(a, "postgres://") || strings.HasPrefix(a, "postgresql://") || strings.Contains(a, "=postgres") {
			if i := strings.Index(a, "postgres"); i >= 0 {
				a = a[:i] + redactURL(a[i:])
			}
		}
		sb.WriteByte(' ')
		if a == "" || strings.ContainsAny(a, " \t\"'$&;|<>()*?") {
			a = strconv.Quote(a)
		}
		sb.WriteString(a)
	}
	return sb.String()
}

// redactURL hides a URL's password.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	return u.Redacted()
}

func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			if f := strings.Fields(v); len(f) > 0 {
				if kb, err := strconv.ParseFloat(f[0], 64); err == nil {
					return fmt.Sprintf("%.1f GiB", kb/(1<<20))
				}
			}
		}
	}
	return "unknown"
}

// pageoutKdamonds returns the DAMON monitors under dir (the kernel's sysfs
// admin directory) that are on and run a pageout scheme: proactive reclaim,
// which some VMs run to hand memory back to their host.
func pageoutKdamonds(dir string) []string {
	states, _ := filepath.Glob(filepath.Join(dir, "*", "state"))
	var on []string
	for _, state := range states {
		b, err := os.ReadFile(state)
		if err != nil || strings.TrimSpace(string(b)) != "on" {
			continue
		}
		k := filepath.Dir(state)
		actions, _ := filepath.Glob(filepath.Join(k, "contexts", "*", "schemes", "*", "action"))
		for _, a := range actions {
			if b, err := os.ReadFile(a); err == nil && strings.TrimSpace(string(b)) == "pageout" {
				on = append(on, filepath.Base(k))
				break
			}
		}
	}
	return on
}

func kernel() string {
	b, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return "unknown kernel"
	}
	return "Linux " + strings.TrimSpace(string(b))
}

func nofile() string {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return "unknown"
	}
	return fmt.Sprintf("%d (hard %d)", rl.Cur, rl.Max)
}

func ms(d time.Duration) string {
	switch {
	case d >= 100*time.Millisecond:
		return fmt.Sprintf("%.0f ms", float64(d)/1e6)
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/1e6)
	default:
		return fmt.Sprintf("%.2f ms", float64(d)/1e6)
	}
}

func mib(n float64) string { return fmt.Sprintf("%.1f MiB", n/(1<<20)) }

// thousands formats n with thin separators: 1,000,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

func cores(c float64) string {
	if c < 0 {
		return "?"
	}
	return fmt.Sprintf("%.2f", c)
}

// cpuCheck measures how much parallel compute the machine really gives:
// the work NumCPU spinning goroutines do, relative to one. A shared or
// throttled VM may give much less than its logical CPU count.
func cpuCheck() string {
	work := func(n int, d time.Duration) float64 {
		var total atomic.Int64
		var wg sync.WaitGroup
		end := time.Now().Add(d)
		for range n {
			wg.Go(func() {
				c := int64(0)
				for time.Now().Before(end) {
					for j := 0; j < 10000; j++ {
						c++
					}
				}
				total.Add(c)
			})
		}
		wg.Wait()
		return float64(total.Load())
	}
	n := runtime.GOMAXPROCS(0)
	var ratios []string
	for range 2 {
		one := work(1, 250*time.Millisecond)
		all := work(n, 250*time.Millisecond)
		ratios = append(ratios, fmt.Sprintf("%.2f", all/one))
	}
	return strings.Join(ratios, ", ")
}
