package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// child is a server under test running in a process of its own.
type child struct {
	name    string
	cmd     *exec.Cmd
	url     string // http://127.0.0.1:port
	debug   string // http://127.0.0.1:port of the debug endpoint
	logPath string
	exited  chan struct{}
	waitErr error
}

// freeAddr returns a loopback address with a port free right now.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// childEnv is the parent's environment without any REFTRACK_ setting (a
// developer's own REFTRACK_DB must not leak into the bench), plus extra.
func childEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "REFTRACK_") {
			env = append(env, kv)
		}
	}
	return append(env, extra...)
}

// startServer starts the Reftrack child (mode serve) or the bare one and
// waits until it answers /healthz.
func startServer(mode, name, db, adminToken, logDir string) (*child, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return startExe(exe, mode, name, db, adminToken, logDir)
}

// startBinary starts another build of Reftrack (`reftrack serve`, -bins),
// configured like the Reftrack child; it has no debug endpoint, and its
// CPU time is read from /proc.
func startBinary(exe, name, db, adminToken, logDir string) (*child, error) {
	return startExe(exe, "serve", name, db, adminToken, logDir)
}

func startExe(exe, mode, name, db, adminToken, logDir string) (*child, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	debugAddr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	args := []string{mode, "-debug", debugAddr}
	if mode == "serve" {
		args, debugAddr = []string{mode}, ""
	}
	var env []string
	if mode == modeBare {
		args = append(args, "-addr", addr)
		env = childEnv()
	} else {
		env = childEnv(
			"REFTRACK_ADDR="+addr,
			"REFTRACK_DB="+db,
			"REFTRACK_PUBLIC_URL=http://"+addr,
			"REFTRACK_ADMIN_TOKEN="+adminToken,
			"REFTRACK_ALLOWED_REDIRECT_HOSTS=example.com,localhost,127.0.0.1",
			"REFTRACK_LOG_LEVEL=warn",
			// The webhooks section's receivers are on loopback, over http.
			"REFTRACK_WEBHOOK_ALLOW_PRIVATE=true",
			// One load generator is one address: lift the beacon limits,
			// which still run their lookups.
			"REFTRACK_BEACONS_PER_ADDRESS=100000000",
			"REFTRACK_BEACONS_PER_VISITOR=100000000",
		)
	}
	logPath := filepath.Join(logDir, name+".log")
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = env
	cmd.Stdout = logf
	cmd.Stderr = logf
	setPdeathsig(cmd)
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, err
	}
	c := &child{name: name, cmd: cmd, url: "http://" + addr, logPath: logPath, exited: make(chan struct{})}
	if debugAddr != "" {
		c.debug = "http://" + debugAddr
	}
	go func() {
		c.waitErr = cmd.Wait()
		logf.Close()
		close(c.exited)
	}()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		select {
		case <-c.exited:
			return nil, fmt.Errorf("%s exited before it was ready (%v); log %s:\n%s", name, c.waitErr, logPath, tail(logPath))
		default:
		}
		resp, err := http.Get(c.url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				if c.debug == "" {
					return c, nil
				}
				if _, err := c.mem(false); err == nil {
					return c, nil
				}
			}
		}
		if time.Now().After(deadline) {
			c.stop()
			return nil, fmt.Errorf("%s not ready after 2 minutes; log %s:\n%s", name, logPath, tail(logPath))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop ends the child gracefully (SIGTERM), or kills it after 60s.
func (c *child) stop() {
	if c == nil {
		return
	}
	c.cmd.Process.Signal(syscall.SIGTERM) //nolint:errcheck
	select {
	case <-c.exited:
	case <-time.After(60 * time.Second):
		c.cmd.Process.Kill() //nolint:errcheck
		<-c.exited
	}
}

func (c *child) pid() int { return c.cmd.Process.Pid }

// mem reads the child's runtime memory statistics, after a GC when gc.
func (c *child) mem(gc bool) (memReport, error) {
	u := c.debug + "/debug/mem"
	if gc {
		u += "?gc=1"
	}
	var m memReport
	resp, err := http.Get(u)
	if err != nil {
		return m, err
	}
	defer resp.Body.Close()
	err = json.NewDecoder(resp.Body).Decode(&m)
	return m, err
}

// rss is the child's resident set size in bytes, from /proc.
func (c *child) rss() (uint64, error) { return vmRSS(c.pid()) }

func vmRSS(pid int) (uint64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			f := strings.Fields(v) // "123456 kB"
			if len(f) >= 1 {
				n, err := strconv.ParseUint(f[0], 10, 64)
				return n * 1024, err
			}
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
}

// cpu is the child's CPU time in seconds, or -1 when unknown.
func (c *child) cpu() float64 {
	if c.debug == "" {
		return procCPU(c.pid())
	}
	m, err := c.mem(false)
	if err != nil {
		return -1
	}
	return m.CPUSeconds
}

// profile saves a CPU profile of the next d to path.
func (c *child) profile(ctx context.Context, d time.Duration, path string) error {
	return c.save(ctx, fmt.Sprintf("/debug/pprof/profile?seconds=%d", max(int(d.Seconds()), 1)), path)
}

// allocsProfile saves the allocations made over the next d to path.
func (c *child) allocsProfile(ctx context.Context, d time.Duration, path string) error {
	return c.save(ctx, fmt.Sprintf("/debug/pprof/allocs?seconds=%d", max(int(d.Seconds()), 1)), path)
}

// trace saves an execution trace of the next d to path.
func (c *child) trace(ctx context.Context, d time.Duration, path string) error {
	return c.save(ctx, fmt.Sprintf("/debug/pprof/trace?seconds=%g", d.Seconds()), path)
}

// heapProfile saves a heap profile (after a GC) to path.
func (c *child) heapProfile(path string) error {
	return c.save(context.Background(), "/debug/pprof/heap?gc=1", path)
}

// goroutineProfile saves the goroutines' stacks, grouped, as text to path.
func (c *child) goroutineProfile(path string) error {
	return c.save(context.Background(), "/debug/pprof/goroutine?debug=1", path)
}

// save writes what endpoint of the child's debug port answers to path.
func (c *child) save(ctx context.Context, endpoint, path string) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.debug+endpoint, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// runLoader runs the -load-only child to completion; its progress goes to
// the parent's stderr.
func runLoader(ctx context.Context, o loadOptions) (loadResult, error) {
	var res loadResult
	exe, err := os.Executable()
	if err != nil {
		return res, err
	}
	args := []string{modeLoad, "-load-refs", o.refs,
		"-load-clicks", strconv.Itoa(o.clicks),
		"-load-from", o.from.Format(time.RFC3339Nano), "-load-to", o.to.Format(time.RFC3339Nano),
		"-load-visitors", strconv.Itoa(o.visitors), "-load-workers", strconv.Itoa(o.workers),
		"-load-batch", strconv.Itoa(o.batch), "-load-seed", strconv.FormatUint(o.seed, 10)}
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = childEnv("REFTRACK_DB=" + o.db) // not an argument: a URL may hold a password
	cmd.Stderr = os.Stderr
	setPdeathsig(cmd)
	out, err := cmd.Output()
	if err != nil {
		return res, fmt.Errorf("loader: %w", err)
	}
	if err := json.Unmarshal(bytes.TrimSpace(out), &res); err != nil {
		return res, fmt.Errorf("loader output %q: %w", out, err)
	}
	return res, nil
}

// tail returns the last lines of a log file.
func tail(path string) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > 20 {
		lines = lines[len(lines)-20:]
	}
	return strings.Join(lines, "\n")
}

// procCPU is a process's user + system CPU time in seconds from
// /proc/<pid>/stat, or -1.
func procCPU(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return -1
	}
	// The fields after the command's closing parenthesis: state is the
	// first, utime and stime the 12th and 13th.
	i := bytes.LastIndexByte(b, ')')
	f := strings.Fields(string(b[i+1:]))
	if i < 0 || len(f) < 13 {
		return -1
	}
	ut, err1 := strconv.ParseFloat(f[11], 64)
	st, err2 := strconv.ParseFloat(f[12], 64)
	if err1 != nil || err2 != nil {
		return -1
	}
	return (ut + st) / clockTicks
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat's times: 100 on
// every Linux port Go supports.
const clockTicks = 100

// postgresCPU is the CPU time in seconds of every process named postgres
// on this machine (the server's backends and helpers), or -1 when there
// is none. Other clients of the same server count too.
func postgresCPU() float64 {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	sum, found := 0.0, false
	for _, d := range dirs {
		b, err := os.ReadFile(d + "/comm")
		if err != nil || strings.TrimSpace(string(b)) != "postgres" {
			continue
		}
		pid, err := strconv.Atoi(filepath.Base(d))
		if err != nil {
			continue
		}
		if c := procCPU(pid); c >= 0 {
			sum += c
			found = true
		}
	}
	if !found {
		return -1
	}
	return sum
}
