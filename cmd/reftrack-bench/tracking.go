package main

import (
	"context"
	"fmt"
	"net/http"
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

func (b *bench) redirect(ctx context.Context) error {
	p, err := b.api.newPartner(ctx, b.runID, "redirect", 0)
	if err != nil {
		return err
	}
	path := "/r/" + p.slug
	visitors := uint64(b.o.visitors)
	mk := func(base string) reqMaker {
		u := base + path
		return func(i uint64) *http.Request {
			req, _ := http.NewRequest(http.MethodGet, u, nil)
			req.Header.Set("User-Agent", browser)
			req.Header.Set("Cookie", "rt_vid="+visitorID("rv", i%visitors))
			return req
		}
	}
	b.header = append(b.header, fmt.Sprintf(
		"redirect:  GET %s with User-Agent Chrome and Cookie rt_vid=rv-NNNNNNNNN (%s visitors in rotation); Reftrack records, classifies and rolls up every click before its 302, the bare server only writes the same 302 (same headers, Location %s&ref=..&rt_vid=..).",
		path, thousands(b.o.visitors), bareDest))
	return b.compare(ctx, "redirect", "GET /r/{slug} 302", http.StatusFound, mk)
}

func (b *bench) beacon(ctx context.Context) error {
	p, err := b.api.newPartner(ctx, b.runID, "beacon", 1)
	if err != nil {
		return err
	}
	ref := p.codes[0]
	visitors := uint64(b.o.visitors)
	mk := func(base string) reqMaker {
		u := base + "/t"
		return func(i uint64) *http.Request {
			body := fmt.Sprintf(`{"ref":%q,"vid":%q,"url":"https://example.com/landing?ref=%s","referrer":"https://news.example.org/article"}`,
				ref, visitorID("bv", i%visitors), ref)
			req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
			req.Header.Set("Content-Type", "text/plain;charset=UTF-8")
			req.Header.Set("User-Agent", browser)
			return req
		}
	}
	b.header = append(b.header, fmt.Sprintf(
		`beacon:    POST /t, Content-Type text/plain, body {"ref":"<tag code>","vid":"bv-NNNNNNNNN","url":..,"referrer":..} (%s visitors in rotation), User-Agent Chrome; the bare server reads the body and answers 204.`,
		thousands(b.o.visitors)))
	return b.compare(ctx, "beacon", "POST /t 204", http.StatusNoContent, mk)
}

// compare measures the bare server and Reftrack turn about (bare, Reftrack,
// bare, Reftrack) in closed loop, then Reftrack's and the bare server's
// latency in open loop at half Reftrack's mean maximum rate.
func (b *bench) compare(ctx context.Context, section, what string, want int, mk func(base string) reqMaker) error {
	o := b.o
	if len(b.header) == 0 || !strings.HasPrefix(b.header[0], "load:") {
		b.header = append([]string{fmt.Sprintf(
			"load:      closed loop: %d keep-alive connections (http.Transport, MaxIdleConnsPerHost %d, redirects not followed), each sending its next request when the previous is answered, %s warm-up + %s measured per run, servers in turn bare, Reftrack, bare, Reftrack, reporting the MEAN of each server's two runs; open loop: a fixed schedule at 0.5 x Reftrack's mean closed-loop rate for %s (after %s), latency measured from each request's scheduled time (no coordinated omission). Any other status or transport error counts as an error.",
			o.c, o.c, o.warm, o.d, o.d, o.warm)}, b.header...)
	}
	targets := []struct {
		name string
		c    *child
	}{{"bare", b.bare}, {"reftrack", b.rt}}
	results := map[string][]runResult{}
	for turn := 1; turn <= 2; turn++ {
		for _, t := range targets {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			var wg sync.WaitGroup
			if t.name == "reftrack" && turn == 2 && o.profileDir != "" {
				profiles := []struct {
					what, file, read string
					save             func(context.Context, time.Duration, string) error
				}{
					{"CPU profile", "cpu", "go tool pprof -top", t.c.profile},
					{"allocation profile", "allocs", "go tool pprof -sample_index=alloc_space -top", t.c.allocsProfile},
				}
				for _, p := range profiles {
					path := filepath.Join(o.profileDir, section+"-reftrack."+p.file+".pprof")
					wg.Go(func() {
						time.Sleep(o.warm)
						if err := p.save(ctx, o.d, path); err != nil {
							b.logf("profile: %v", err)
						} else {
							b.logf("saved %s %s (%s %s)", p.what, path, p.read, path)
						}
					})
				}
			}
			r := closedLoop(ctx, mk(t.c.url), want, o.c, o.warm, o.d, t.c.cpu)
			wg.Wait()
			results[t.name] = append(results[t.name], r)
			b.logf("%s %s run %d: %.0f req/s, p50 %s p99 %s, errors %d %s; server %s cores, bench %s cores",
				section, t.name, turn, r.rps(), ms(r.pct(.5)), ms(r.pct(.99)), r.errs, r.firstErr, cores(r.serverCPU), cores(r.clientCPU))
		}
	}
	mean := func(rs []runResult) (rps float64, errs, n int, firstErr string) {
		for _, r := range rs {
			rps += r.rps() / float64(len(rs))
			errs += r.errs
			n += r.n
			if firstErr == "" {
				firstErr = r.firstErr
			}
		}
		return
	}
	describe := func(rs []runResult) string {
		rps, _, _, _ := mean(rs)
		var each []string
		for _, r := range rs {
			each = append(each, fmt.Sprintf("%.0f", r.rps()))
		}
		r := rs[len(rs)-1]
		text := fmt.Sprintf("%.0f req/s (runs %s; last run: p50 %s p99 %s, server %s cores = %s CPU/req, bench %s cores)",
			rps, strings.Join(each, ", "), ms(r.pct(.5)), ms(r.pct(.99)), cores(r.serverCPU), perReq(r.serverCPU, r.rps()), cores(r.clientCPU))
		lo, hi := rs[0].rps(), rs[0].rps()
		for _, r := range rs {
			lo, hi = min(lo, r.rps()), max(hi, r.rps())
		}
		if lo > 0 && hi/lo > 1.2 {
			// The same server, the same load: the machine changed under us.
			text += fmt.Sprintf(" UNSTABLE: its runs differ by %.0f%%, the machine's CPU varied", (hi/lo-1)*100)
		}
		return text
	}
	bareRPS, bareErrs, bareN, bareErr := mean(results["bare"])
	rtRPS, rtErrs, rtN, rtErr := mean(results["reftrack"])
	b.rep.add(section, fmt.Sprintf("bare %s, closed loop c=%d", what, o.c), describe(results["bare"]), "", nil)
	b.rep.add(section, fmt.Sprintf("reftrack %s, closed loop c=%d", what, o.c), describe(results["reftrack"]), "", nil)
	ratio := rtRPS / bareRPS
	b.rep.add(section, "throughput reftrack / bare", fmt.Sprintf("%.3f", ratio), ">= 0.50", ptr(ratio >= 0.5))
	// CPU per request depends far less than req/s on how much CPU the load
	// generator leaves to the server, so it tells the servers' own costs
	// apart even on a small or shared machine.
	cpuPerReq := func(rs []runResult) float64 {
		sum, k := 0.0, 0
		for _, r := range rs {
			if r.serverCPU >= 0 && r.n > 0 {
				sum += r.serverCPU / r.rps()
				k++
			}
		}
		if k == 0 {
			return -1
		}
		return sum / float64(k)
	}
	if bc, rc := cpuPerReq(results["bare"]), cpuPerReq(results["reftrack"]); bc > 0 && rc > 0 {
		b.rep.add(section, "server CPU per request (mean of the runs)",
			fmt.Sprintf("reftrack %.0f µs, bare %.0f µs: bare/reftrack = %.2f, the throughput ratio were each server CPU-bound on the same cores", rc*1e6, bc*1e6, bc/rc),
			"", nil)
	}
	errText := fmt.Sprintf("bare %d of %s, reftrack %d of %s", bareErrs, thousands(bareN+bareErrs), rtErrs, thousands(rtN+rtErrs))
	if e := bareErr + rtErr; e != "" {
		errText += " (e.g. " + e + ")"
	}
	b.rep.add(section, fmt.Sprintf("errors (not %d) in closed loop", want), errText, "0", ptr(bareErrs+rtErrs == 0))

	rate := rtRPS / 2
	if rate < 1 {
		return fmt.Errorf("reftrack rate %.1f req/s is too low for an open-loop run", rate)
	}
	workers := max(4*o.c, 256)
	for _, t := range []struct {
		name string
		c    *child
	}{{"reftrack", b.rt}, {"bare", b.bare}} {
		var wg sync.WaitGroup
		if t.name == "reftrack" && o.profileDir != "" {
			path := filepath.Join(o.profileDir, section+"-openloop-reftrack.trace")
			wg.Go(func() {
				time.Sleep(o.warm)
				if err := t.c.trace(ctx, min(o.d, 2*time.Second), path); err != nil {
					b.logf("trace: %v", err)
				} else {
					b.logf("saved execution trace %s (go tool trace %s)", path, path)
				}
			})
		}
		r := openLoop(ctx, mk(t.c.url), want, rate, o.warm, o.d, workers, t.c.cpu)
		wg.Wait()
		b.logf("%s %s open loop at %.0f req/s: achieved %.0f req/s, p50 %s p99 %s max %s, errors %d %s",
			section, t.name, rate, r.rps(), ms(r.pct(.5)), ms(r.pct(.99)), ms(r.pct(1)), r.errs, r.firstErr)
		value := fmt.Sprintf("p50 %s, p99 %s, max %s (%.0f req/s done, errors %d; server %s cores)",
			ms(r.pct(.5)), ms(r.pct(.99)), ms(r.pct(1)), r.rps(), r.errs, cores(r.serverCPU))
		if t.name == "reftrack" {
			p99 := r.pct(.99)
			b.rep.add(section, fmt.Sprintf("reftrack latency, open loop at 0.5 x max = %.0f req/s", rate), value, "p99 <= 10 ms",
				ptr(p99 <= 10*time.Millisecond && r.n > 0 && r.errs == 0))
		} else {
			b.rep.add(section, "bare latency, open loop at the same rate", value, "", nil)
		}
	}
	return nil
}

// perReq is CPU time per request given cores used at rps.
func perReq(cores, rps float64) string {
	if cores < 0 || rps <= 0 {
		return "?"
	}
	return fmt.Sprintf("%.0f µs", cores/rps*1e6)
}
