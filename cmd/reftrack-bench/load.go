package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// reqMaker builds the i-th request of a run.
type reqMaker func(i uint64) *http.Request

// runResult is one load run's outcome over its measured window.
type runResult struct {
	n         int             // requests completed with the wanted status
	errs      int             // other statuses and transport errors
	firstErr  string          // a sample of what went wrong
	window    time.Duration   // the measured window
	lat       []time.Duration // sorted latencies of the counted requests
	serverCPU float64         // server cores used over the window, -1 unknown
	clientCPU float64         // load generator cores used over the window
	// wrk's runs: its percentiles instead of lat, and the server's
	// instructions counted by perf (-perf), -1 unknown.
	pcts  map[float64]time.Duration
	instr float64
	dbCPU float64 // PostgreSQL's cores over a wrk run, -1 unknown
}

func (r runResult) rps() float64 { return float64(r.n) / r.window.Seconds() }

func (r runResult) pct(p float64) time.Duration {
	if d, ok := r.pcts[p]; ok {
		return d
	}
	return percentile(r.lat, p)
}

// percentile of sorted durations (nearest rank); 0 when empty.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// newClient is a keep-alive client for conns connections to one host that
// never follows redirects.
func newClient(conns int) *http.Client {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
		ForceAttemptHTTP2:   false,
	}
	return &http.Client{
		Transport:     tr,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// do sends one request and drains the answer; ok when the status is want.
func do(client *http.Client, req *http.Request, want int) (bool, string) {
	resp, err := client.Do(req)
	if err != nil {
		return false, err.Error()
	}
	io.Copy(io.Discard, resp.Body) //nolint:errcheck
	resp.Body.Close()
	if resp.StatusCode != want {
		return false, fmt.Sprintf("status %d", resp.StatusCode)
	}
	return true, ""
}

// collector gathers the results of many goroutines.
type collector struct {
	mu       sync.Mutex
	lat      []time.Duration
	n, errs  int
	firstErr string
}

func (c *collector) add(lat []time.Duration, errs int, firstErr string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lat = append(c.lat, lat...)
	c.n += len(lat)
	c.errs += errs
	if c.firstErr == "" {
		c.firstErr = firstErr
	}
}

// cpuWindow samples server and client CPU time at the start and end of the
// measured window.
type cpuWindow struct {
	serverCPU func() float64
	s0, c0    float64
	t0        time.Time
}

func startCPU(serverCPU func() float64) *cpuWindow {
	w := &cpuWindow{serverCPU: serverCPU, t0: time.Now(), c0: selfCPU(), s0: -1}
	if serverCPU != nil {
		w.s0 = serverCPU()
	}
	return w
}

func (w *cpuWindow) end() (server, client float64) {
	el := time.Since(w.t0).Seconds()
	client = (selfCPU() - w.c0) / el
	server = -1
	if w.serverCPU != nil && w.s0 >= 0 {
		if s1 := w.serverCPU(); s1 >= 0 {
			server = (s1 - w.s0) / el
		}
	}
	return server, client
}

// tally is one worker's results: the latencies of answered requests, and
// the failures with the first one's message.
type tally struct {
	lat      []time.Duration
	errs     int
	firstErr string
}

func (t *tally) record(ok bool, el time.Duration, msg string) {
	if ok {
		t.lat = append(t.lat, el)
		return
	}
	t.errs++
	if t.firstErr == "" {
		t.firstErr = msg
	}
}

// closedLoop runs conns workers, each sending its next request as soon as
// the previous one is answered, for warm+d; requests sent during the last
// d are counted.
func closedLoop(ctx context.Context, mk reqMaker, want, conns int, warm, d time.Duration, serverCPU func() float64) runResult {
	client := newClient(conns)
	defer client.CloseIdleConnections()
	var seq atomic.Uint64
	start := time.Now()
	measure := start.Add(warm)
	end := measure.Add(d)
	var col collector
	var wg sync.WaitGroup
	for range conns {
		wg.Go(func() {
			var w tally
			for ctx.Err() == nil {
				t := time.Now()
				if !t.Before(end) {
					break
				}
				ok, msg := do(client, mk(seq.Add(1)-1), want)
				el := time.Since(t)
				if t.Before(measure) {
					continue
				}
				w.record(ok, el, msg)
			}
			col.add(w.lat, w.errs, w.firstErr)
		})
	}
	var cpu *cpuWindow
	time.Sleep(time.Until(measure))
	cpu = startCPU(serverCPU)
	time.Sleep(time.Until(end))
	sc, cc := cpu.end()
	wg.Wait()
	slices.Sort(col.lat)
	return runResult{n: col.n, errs: col.errs, firstErr: col.firstErr, window: d, lat: col.lat, serverCPU: sc, clientCPU: cc}
}

// openLoop sends rate requests per second on a fixed schedule for warm+d,
// whatever the answers' pace, and measures each request's latency from the
// time it was scheduled, not sent, so that a server stall counts for every
// request it delayed (no coordinated omission). Requests scheduled during
// the last d are counted.
func openLoop(ctx context.Context, mk reqMaker, want int, rate float64, warm, d time.Duration, workers int, serverCPU func() float64) runResult {
	client := newClient(workers)
	defer client.CloseIdleConnections()
	interval := time.Duration(float64(time.Second) / rate)
	start := time.Now().Add(10 * time.Millisecond)
	measure := start.Add(warm)
	end := measure.Add(d)
	type job struct {
		i        uint64
		intended time.Time
	}
	jobs := make(chan job, 1<<16)
	var col collector
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var w tally
			for j := range jobs {
				ok, msg := do(client, mk(j.i), want)
				el := time.Since(j.intended)
				if j.intended.Before(measure) {
					continue
				}
				w.record(ok, el, msg)
			}
			col.add(w.lat, w.errs, w.firstErr)
		})
	}
	var cpu *cpuWindow
	for i := uint64(0); ctx.Err() == nil; i++ {
		at := start.Add(time.Duration(i) * interval)
		if !at.Before(end) {
			break
		}
		if cpu == nil && !at.Before(measure) {
			time.Sleep(time.Until(at))
			cpu = startCPU(serverCPU)
		}
		if wait := time.Until(at); wait > 0 {
			time.Sleep(wait)
		}
		jobs <- job{i, at}
	}
	close(jobs)
	wg.Wait()
	var sc, cc float64 = -1, 0
	if cpu != nil {
		sc, cc = cpu.end()
	}
	slices.Sort(col.lat)
	return runResult{n: col.n, errs: col.errs, firstErr: col.firstErr, window: d, lat: col.lat, serverCPU: sc, clientCPU: cc}
}
