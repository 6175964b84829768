package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// browser is the User-Agent of every simulated click: a desktop browser,
// so no click counts as a bot.
const browser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"

// visitorID is the i-th visitor's rt_vid, a valid visitor id.
func visitorID(prefix string, i uint64) string { return fmt.Sprintf("%s-%09d", prefix, i) }

// beaconBody is the body ref.js sends, with %s for the visitor id.
const beaconBody = `{"ref":"%s","vid":"%%s","url":"https://example.com/landing?ref=%s","referrer":"https://news.example.org/article"}`

// A target is a server under load: the bare one, Reftrack, or another
// build of it (-bins), with what its requests name.
type target struct {
	name string
	c    *child
	bare bool
	path string // the request's path
	ref  string // the beacon's tag code
}

// clickSection is what the redirect and beacon sections differ in.
type clickSection struct {
	name, what string
	want       int
	method     string
	cookie     bool              // the visitor id goes in rt_vid, else in the body
	headers    map[string]string // besides User-Agent
	pool       int               // the random mix's pool
	// setup returns the path and tag code of a Reftrack target.
	setup func(ctx context.Context, a *api) (path, ref string, err error)
}

func (b *bench) redirect(ctx context.Context) error {
	s := clickSection{
		name: "redirect", what: "GET /r/{slug} 302", want: http.StatusFound, method: http.MethodGet, cookie: true,
		pool: b.o.pool,
		setup: func(ctx context.Context, a *api) (string, string, error) {
			p, err := a.newPartner(ctx, b.runID, "redirect", 0)
			if err != nil {
				return "", "", err
			}
			return "/r/" + p.slug, "", nil
		},
	}
	b.header = append(b.header, fmt.Sprintf(
		"redirect:  GET /r/{slug} with User-Agent Chrome and Cookie rt_vid=<visitor id>; Reftrack records, classifies and rolls up every click before its 302, the bare server only writes the same 302 (same headers, Location %s&ref=..&rt_vid=..).",
		bareDest))
	return b.clicks(ctx, s)
}

func (b *bench) beacon(ctx context.Context) error {
	s := clickSection{
		name: "beacon", what: "POST /t 204", want: http.StatusNoContent, method: http.MethodPost,
		headers: map[string]string{"Content-Type": "text/plain;charset=UTF-8"},
		pool:    b.o.beaconPool,
		setup: func(ctx context.Context, a *api) (string, string, error) {
			p, err := a.newPartner(ctx, b.runID, "beacon", 1)
			if err != nil {
				return "", "", err
			}
			return "/t", p.codes[0], nil
		},
	}
	b.header = append(b.header,
		`beacon:    POST /t, Content-Type text/plain, body {"ref":"<tag code>","vid":"<visitor id>","url":..,"referrer":..}, User-Agent Chrome; the bare server reads the body and answers 204.`)
	return b.clicks(ctx, s)
}

// clicks measures a section for each visitor mix.
func (b *bench) clicks(ctx context.Context, s clickSection) error {
	o := b.o
	b.loadHeader()
	targets := []*target{{name: "bare", c: b.bare, bare: true, path: "/t"}}
	if s.name == "redirect" {
		targets[0].path = "/r/bench-redirect-" + b.runID
	}
	if len(b.bins) == 0 || o.binsWithCurrent {
		targets = append(targets, &target{name: "reftrack", c: b.rt})
	}
	for _, bin := range b.bins {
		targets = append(targets, &target{name: bin.name, c: bin.c})
	}
	for _, t := range targets[1:] {
		a := b.api
		if t.c != b.rt {
			a = newAPI(t.c.url, b.admin)
		}
		var err error
		if t.path, t.ref, err = s.setup(ctx, a); err != nil {
			return fmt.Errorf("%s: %w", t.name, err)
		}
	}
	targets[0].ref = targets[1].ref // the same body's length
	for _, m := range mixes(s.pool, o.visitors) {
		if !o.runsMix(m.name) {
			continue
		}
		if err := b.mix(ctx, s, m, targets); err != nil {
			return err
		}
	}
	return nil
}

func (b *bench) loadHeader() {
	if len(b.header) > 0 && strings.HasPrefix(b.header[0], "load:") {
		return
	}
	o := b.o
	var text string
	if wrkPath() != "" {
		text = fmt.Sprintf("load:      closed loop: wrk -t%d -c%d (Debian's wrk, a Lua script per mix making each request's visitor id), %s warm-up + %s measured per run, servers in turn (bare, Reftrack, bare, Reftrack), reporting the MEAN of each server's two runs; errors are wrk's (connect, read, write, timeout, status >= 400). Open loop: the Go generator on a fixed schedule at 0.5 x Reftrack's mean closed-loop rate for %s (after %s), latency from each request's scheduled time (no coordinated omission).",
			o.threads, o.c, time.Duration(wrkSeconds(o.warm))*time.Second, time.Duration(wrkSeconds(o.d))*time.Second, o.d, o.warm)
	} else {
		text = fmt.Sprintf("load:      closed loop (wrk NOT FOUND: the Go generator, which costs about as much CPU as the bare server and compresses the ratios toward 1): %d keep-alive connections, %s warm-up + %s measured per run, servers in turn, MEAN of two runs each; open loop at 0.5 x Reftrack's mean rate, latency from each request's scheduled time.",
			o.c, o.warm, o.d)
	}
	b.header = append([]string{text}, b.header...)
}

// request returns the Go generator's requests for t in mix m.
func (s clickSection) request(t *target, m mix, prefix string) reqMaker {
	vid := m.visitors(prefix)
	u := t.c.url + t.path
	body := fmt.Sprintf(beaconBody, t.ref, t.ref)
	return func(i uint64) *http.Request {
		v := vid(i)
		var req *http.Request
		if s.cookie {
			req, _ = http.NewRequest(s.method, u, nil)
			req.Header.Set("Cookie", "rt_vid="+v)
		} else {
			req, _ = http.NewRequest(s.method, u, strings.NewReader(fmt.Sprintf(body, v)))
		}
		req.Header.Set("User-Agent", browser)
		for k, v := range s.headers {
			req.Header.Set(k, v)
		}
		return req
	}
}

// script writes the wrk script of t in mix m and returns its path.
func (b *bench) script(s clickSection, t *target, m mix, prefix string) (string, error) {
	headers := map[string]string{"User-Agent": browser}
	for k, v := range s.headers {
		headers[k] = v
	}
	body := ""
	if !s.cookie {
		body = fmt.Sprintf(beaconBody, t.ref, t.ref)
	}
	path := filepath.Join(b.tmp, fmt.Sprintf("%s-%s-%s.lua", s.name, m.name, t.name))
	return path, os.WriteFile(path, []byte(luaScript(m, prefix, s.method, t.path, headers, body, s.cookie)), 0o644)
}

// closed runs one closed-loop measurement of t: wrk when installed, else
// the Go generator.
func (b *bench) closed(ctx context.Context, s clickSection, t *target, m mix, prefix, script string) (runResult, error) {
	o := b.o
	if wrkPath() == "" {
		r := closedLoop(ctx, s.request(t, m, prefix), s.want, o.c, o.warm, o.d, t.c.cpu)
		return r, nil
	}
	if o.warm > 0 {
		if _, err := runWrk(ctx, script, t.c.url, o.threads, o.c, o.warm, nil, false, false); err != nil {
			return runResult{}, err
		}
	}
	return runWrk(ctx, script, t.c.url, o.threads, o.c, o.d, t.c, o.perf, !t.bare && strings.HasPrefix(b.db, "postgres"))
}

// mix measures every target turn about in closed loop (bare, Reftrack,
// bare, Reftrack) for mix m, then Reftrack's and the bare server's latency
// in open loop at half Reftrack's mean maximum rate.
func (b *bench) mix(ctx context.Context, s clickSection, m mix, targets []*target) error {
	o := b.o
	prefix := "b" + b.runID + m.name[:1]
	scripts := map[string]string{}
	for _, t := range targets {
		p, err := b.script(s, t, m, prefix)
		if err != nil {
			return err
		}
		scripts[t.name] = p
	}
	row := func(metric string) string { return m.name + ": " + metric }
	results := map[string][]runResult{}
	for turn := 1; turn <= 2; turn++ {
		for _, t := range targets {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			var wg sync.WaitGroup
			if !t.bare && t.c == b.rt && turn == 2 && o.profileDir != "" {
				path := filepath.Join(o.profileDir, s.name+"-"+m.name+"-reftrack.cpu.pprof")
				wg.Go(func() {
					time.Sleep(time.Duration(wrkSeconds(o.warm)) * time.Second)
					if err := t.c.profile(ctx, o.d, path); err != nil {
						b.logf("profile: %v", err)
					} else {
						b.logf("saved CPU profile %s (go tool pprof -top %s)", path, path)
					}
				})
			}
			r, err := b.closed(ctx, s, t, m, prefix, scripts[t.name])
			wg.Wait()
			if err != nil {
				return fmt.Errorf("%s %s: %w", m.name, t.name, err)
			}
			results[t.name] = append(results[t.name], r)
			b.logf("%s %s %s run %d: %.0f req/s, p50 %s p99 %s, errors %d %s; server %s cores = %s CPU/req%s, load generator %s cores, PostgreSQL %s cores",
				s.name, m.name, t.name, turn, r.rps(), ms(r.pct(.5)), ms(r.pct(.99)), r.errs, r.firstErr, cores(r.serverCPU), perReq(r.serverCPU, r.rps()), instrText(r), cores(r.clientCPU), cores(r.dbCPU))
		}
	}
	rate := map[string]float64{}
	errs := 0
	for _, t := range targets {
		rs := results[t.name]
		rate[t.name] = meanRPS(rs)
		b.rep.add(s.name, row(fmt.Sprintf("%s %s, closed loop c=%d", t.name, s.what, o.c)), describeRuns(rs), "", nil)
		for _, r := range rs {
			errs += r.errs
		}
	}
	bare := rate["bare"]
	for _, t := range targets[1:] {
		ratio := rate[t.name] / bare
		b.rep.add(s.name, row(t.name+" / bare"), fmt.Sprintf("%.3f", ratio), ">= 0.50", ptr(ratio >= 0.5))
	}
	var cpu []string
	for _, t := range targets {
		cpu = append(cpu, fmt.Sprintf("%s %s", t.name, cpuPerReqText(results[t.name])))
	}
	b.rep.add(s.name, row("server CPU per request (mean of the runs)"), strings.Join(cpu, "; "), "", nil)
	for _, t := range targets[1:] {
		if pg := dbCPUPerReq(results[t.name]); pg != "" {
			b.rep.add(s.name, row(t.name+": PostgreSQL's CPU per request (every postgres process)"), pg, "", nil)
		}
	}
	b.rep.add(s.name, row("errors in closed loop"), fmt.Sprint(errs), "0", ptr(errs == 0))
	if len(b.bins) > 0 {
		return nil // comparing builds: throughput and CPU only
	}

	half := rate["reftrack"] / 2
	if half < 1 {
		return fmt.Errorf("%s: reftrack rate %.1f req/s is too low for an open-loop run", m.name, half)
	}
	workers := max(4*o.c, 256)
	for _, t := range []*target{targets[1], targets[0]} {
		var wg sync.WaitGroup
		if !t.bare && o.profileDir != "" {
			path := filepath.Join(o.profileDir, s.name+"-"+m.name+"-openloop-reftrack.trace")
			wg.Go(func() {
				time.Sleep(o.warm)
				if err := t.c.trace(ctx, min(o.d, 2*time.Second), path); err != nil {
					b.logf("trace: %v", err)
				}
			})
		}
		r := openLoop(ctx, s.request(t, m, prefix+"o"), s.want, half, o.warm, o.d, workers, t.c.cpu)
		wg.Wait()
		b.logf("%s %s %s open loop at %.0f req/s: achieved %.0f req/s, p50 %s p99 %s max %s, errors %d %s",
			s.name, m.name, t.name, half, r.rps(), ms(r.pct(.5)), ms(r.pct(.99)), ms(r.pct(1)), r.errs, r.firstErr)
		value := fmt.Sprintf("p50 %s, p99 %s, max %s (%.0f req/s done, errors %d; server %s cores = %s CPU/req; Go generator %s cores)",
			ms(r.pct(.5)), ms(r.pct(.99)), ms(r.pct(1)), r.rps(), r.errs, cores(r.serverCPU), perReq(r.serverCPU, r.rps()), cores(r.clientCPU))
		if t.bare {
			b.rep.add(s.name, row("bare latency, open loop at the same rate"), value, "", nil)
		} else {
			p99 := r.pct(.99)
			b.rep.add(s.name, row(fmt.Sprintf("reftrack latency, open loop at 0.5 x max = %.0f req/s", half)), value, "p99 <= 10 ms",
				ptr(p99 <= 10*time.Millisecond && r.n > 0 && r.errs == 0))
		}
	}
	return nil
}

func meanRPS(rs []runResult) float64 {
	sum := 0.0
	for _, r := range rs {
		sum += r.rps()
	}
	return sum / float64(len(rs))
}

func describeRuns(rs []runResult) string {
	var each []string
	lo, hi := rs[0].rps(), rs[0].rps()
	for _, r := range rs {
		each = append(each, fmt.Sprintf("%.0f", r.rps()))
		lo, hi = min(lo, r.rps()), max(hi, r.rps())
	}
	r := rs[len(rs)-1]
	text := fmt.Sprintf("%.0f req/s (runs %s; last run: p50 %s p99 %s, server %s cores, load generator %s cores)",
		meanRPS(rs), strings.Join(each, ", "), ms(r.pct(.5)), ms(r.pct(.99)), cores(r.serverCPU), cores(r.clientCPU))
	if lo > 0 && hi/lo > 1.2 {
		// The same server, the same load: the machine changed under us.
		text += fmt.Sprintf(" UNSTABLE: its runs differ by %.0f%%, the machine's CPU varied", (hi/lo-1)*100)
	}
	return text
}

// cpuPerReqText is the mean server CPU per request of the runs, and the
// instructions per request when perf counted them.
func cpuPerReqText(rs []runResult) string {
	sum, k, ins, ki := 0.0, 0, 0.0, 0
	for _, r := range rs {
		if r.serverCPU >= 0 && r.n > 0 {
			sum += r.serverCPU / r.rps()
			k++
		}
		if r.instr > 0 && r.n > 0 {
			ins += r.instr / float64(r.n+r.errs)
			ki++
		}
	}
	text := "?"
	if k > 0 {
		text = fmt.Sprintf("%.1f µs", sum/float64(k)*1e6)
	}
	if ki > 0 {
		text += fmt.Sprintf(" (%.0f k instructions)", ins/float64(ki)/1e3)
	}
	return text
}

// dbCPUPerReq is PostgreSQL's mean CPU per request over the runs and its
// cores, or "".
func dbCPUPerReq(rs []runResult) string {
	sum, c, k := 0.0, 0.0, 0
	for _, r := range rs {
		if r.dbCPU >= 0 && r.n > 0 {
			sum += r.dbCPU / r.rps()
			c += r.dbCPU
			k++
		}
	}
	if k == 0 {
		return ""
	}
	return fmt.Sprintf("%.1f µs (%s cores)", sum/float64(k)*1e6, cores(c/float64(k)))
}

func instrText(r runResult) string {
	if r.instr <= 0 || r.n == 0 {
		return ""
	}
	return fmt.Sprintf(" (%.0f k instructions/req)", r.instr/float64(r.n+r.errs)/1e3)
}

// perReq is CPU time per request given cores used at rps.
func perReq(cores, rps float64) string {
	if cores < 0 || rps <= 0 {
		return "?"
	}
	return fmt.Sprintf("%.0f µs", cores/rps*1e6)
}
