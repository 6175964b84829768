package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// wrk is Debian's package (`apt-get install wrk`): an event loop in C with
// Lua scripting that costs the machine far less than the server it loads,
// so the closed-loop rates are the servers' and not the generator's (a Go
// client took a core of the two and held the bare handler to half of
// wrk's rate). It has no pacing; the open-loop runs use the Go generator
// at half the rate, where its cost is small (decision 0100).
func wrkPath() string {
	p, err := exec.LookPath("wrk")
	if err != nil {
		return ""
	}
	return p
}

// wrkSeconds is d in whole seconds, at least one: wrk takes no less.
func wrkSeconds(d time.Duration) int { return max(int(math.Ceil(d.Seconds())), 1) }

// runWrk runs wrk with script against url for d with conns connections on
// threads threads and returns what its script's done() printed, the
// server's CPU over the run, wrk's own CPU, and, when perf is set, the
// server's instructions counted by perf stat over the run.
func runWrk(ctx context.Context, script, url string, threads, conns int, d time.Duration, srv *child, perf, pg bool) (runResult, error) {
	secs := wrkSeconds(d)
	cmd := exec.CommandContext(ctx, wrkPath(), "-t", strconv.Itoa(threads), "-c", strconv.Itoa(conns),
		"-d", fmt.Sprintf("%ds", secs), "--timeout", "10s", "-s", script, url, "--", strconv.Itoa(threads))
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	var perfCmd *exec.Cmd
	var perfOut bytes.Buffer
	if perf && srv != nil {
		// Counted over the whole wrk run, a few ms of start-up included.
		perfCmd = exec.CommandContext(ctx, "perf", "stat", "-x", ",", "-e", "instructions", "-p", strconv.Itoa(srv.pid()), "--", "sleep", strconv.Itoa(secs))
		perfCmd.Stderr = &perfOut
		if err := perfCmd.Start(); err != nil {
			perfCmd = nil
		}
	}
	var s0, pg0 float64 = -1, -1
	if srv != nil {
		s0 = srv.cpu()
	}
	if pg {
		pg0 = postgresCPU()
	}
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		return runResult{}, fmt.Errorf("wrk: %v: %s", err, strings.TrimSpace(errb.String()+out.String()))
	}
	el := time.Since(t0).Seconds()
	r := runResult{serverCPU: -1, instr: -1, dbCPU: -1}
	if pg0 >= 0 {
		if pg1 := postgresCPU(); pg1 >= 0 {
			r.dbCPU = (pg1 - pg0) / el
		}
	}
	if srv != nil && s0 >= 0 {
		if s1 := srv.cpu(); s1 >= 0 {
			r.serverCPU = (s1 - s0) / el
		}
	}
	if ps := cmd.ProcessState; ps != nil {
		if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
			r.clientCPU = (tv(ru.Utime) + tv(ru.Stime)) / el
		}
	}
	if perfCmd != nil {
		perfCmd.Wait() //nolint:errcheck // a failed count is reported as unknown
		r.instr = parsePerfInstructions(perfOut.String())
	}
	if err := parseWrk(out.String(), &r); err != nil {
		return r, fmt.Errorf("wrk: %v; output:\n%s%s", err, out.String(), errb.String())
	}
	return r, nil
}

// parseWrk reads the RESULT line of the bench's wrk scripts into r.
func parseWrk(out string, r *runResult) error {
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "RESULT ")
		if !ok {
			continue
		}
		v := map[string]int64{}
		for _, f := range strings.Fields(line) {
			k, val, _ := strings.Cut(f, "=")
			n, err := strconv.ParseInt(val, 10, 64)
			if err != nil {
				return fmt.Errorf("RESULT field %q: %v", f, err)
			}
			v[k] = n
		}
		errs := v["connect"] + v["read"] + v["write"] + v["status"] + v["timeout"]
		r.n = int(v["requests"] - v["status"])
		r.errs = int(errs)
		if errs > 0 {
			r.firstErr = fmt.Sprintf("wrk errors: connect %d, read %d, write %d, status >= 400 %d, timeout %d", v["connect"], v["read"], v["write"], v["status"], v["timeout"])
		}
		r.window = time.Duration(v["duration_us"]) * time.Microsecond
		r.pcts = map[float64]time.Duration{
			.5:  time.Duration(v["p50_us"]) * time.Microsecond,
			.99: time.Duration(v["p99_us"]) * time.Microsecond,
			1:   time.Duration(v["max_us"]) * time.Microsecond,
		}
		if r.window <= 0 {
			return fmt.Errorf("no duration in %q", line)
		}
		return nil
	}
	return fmt.Errorf("no RESULT line")
}

// parsePerfInstructions reads the count of perf stat -x, -e instructions;
// -1 when perf could not count (no perf, or perf_event_paranoid).
func parsePerfInstructions(out string) float64 {
	for _, line := range strings.Split(out, "\n") {
		f := strings.Split(line, ",")
		if len(f) > 2 && strings.HasPrefix(f[2], "instructions") {
			if n, err := strconv.ParseFloat(f[0], 64); err == nil {
				return n
			}
		}
	}
	return -1
}
