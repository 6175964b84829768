package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// The webhooks section measures issue 15's delivery target: conversions
// recorded through the API (recordSignup with a service token, as the
// company's backend reports them) at a steady rate, delivered to local HTTP
// receivers registered as program-wide endpoints. It reports the time from
// each conversion to its receipt at each endpoint, the deliveries lost, and
// the click path's wrk throughput while signups are recorded without any
// endpoint (A) and while they are delivered (B), turn about: A, B, A, B.
// A's signups run at the same rate as B's, so the ratio B / A is what
// delivery costs the click path, not what signups cost it.

// receipt is one webhook a receiver took.
type receipt struct {
	endpoint   int
	conversion string    // data.conversion.id
	event      time.Time // the body's timestamp: the event's time
	at         time.Time
}

// hooks are the local receivers of the section.
type hooks struct {
	mu       sync.Mutex
	got      []receipt
	distinct map[[2]string]bool // endpoint and conversion
	bad      int                // bodies that were not a conversion.created message
	srvs     []*httptest.Server
}

func newHooks(n int) *hooks {
	h := &hooks{distinct: map[[2]string]bool{}}
	for i := range n {
		h.srvs = append(h.srvs, httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			at := time.Now()
			body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			var m struct {
				Type      string    `json:"type"`
				Timestamp time.Time `json:"timestamp"`
				Data      struct {
					Conversion struct {
						ID string `json:"id"`
					} `json:"conversion"`
				} `json:"data"`
			}
			err := json.Unmarshal(body, &m)
			h.mu.Lock()
			if err != nil || m.Type != "conversion.created" || m.Data.Conversion.ID == "" || r.Header.Get("webhook-signature") == "" {
				h.bad++
			} else {
				h.got = append(h.got, receipt{i, m.Data.Conversion.ID, m.Timestamp, at})
				h.distinct[[2]string{fmt.Sprint(i), m.Data.Conversion.ID}] = true
			}
			h.mu.Unlock()
			w.WriteHeader(http.StatusNoContent)
		})))
	}
	return h
}

func (h *hooks) close() {
	for _, s := range h.srvs {
		s.Close()
	}
}

// take returns the receipts so far and forgets them.
func (h *hooks) take() ([]receipt, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	got, bad := h.got, h.bad
	h.got, h.bad, h.distinct = nil, 0, map[[2]string]bool{}
	return got, bad
}

// count is how many endpoint and conversion pairs were received.
func (h *hooks) count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.distinct)
}

// signupRun is a stream of recordSignup calls.
type signupRun struct {
	mu       sync.Mutex
	answered map[string]time.Time // conversion id → when its answer came
	lat      []time.Duration      // recordSignup's own latency
	errs     int
	firstErr string
	took     time.Duration
	cores    float64 // this process's CPU over the clicks' run: senders, and receivers in B
	open     struct {
		rate float64
		r    runResult
	}
}

// signups records n signups with ref at rate per second, each sent at its
// scheduled time by one of a pool of senders (late ones at once: an open
// loop while the server keeps up).
func (b *bench) signups(ctx context.Context, a *api, token, ref, tag string, n int, rate float64) *signupRun {
	s := &signupRun{answered: make(map[string]time.Time, n)}
	next := make(chan int)
	var wg sync.WaitGroup
	for range 32 {
		wg.Go(func() {
			for i := range next {
				var out struct{ RecordSignup struct{ ID string } }
				t0 := time.Now()
				err := a.do(ctx, token, `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { id } }`,
					map[string]any{"in": map[string]any{"ref": ref, "email": fmt.Sprintf("wh-%s-%s-%d@bench.example", b.runID, tag, i)}}, &out)
				t1 := time.Now()
				s.mu.Lock()
				if err != nil {
					s.errs++
					if s.firstErr == "" {
						s.firstErr = err.Error()
					}
				} else {
					s.answered[out.RecordSignup.ID] = t1
					s.lat = append(s.lat, t1.Sub(t0))
				}
				s.mu.Unlock()
			}
		})
	}
	start := time.Now()
	for i := range n {
		if d := time.Until(start.Add(time.Duration(float64(i) / rate * float64(time.Second)))); d > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(d):
			}
		}
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	s.took = time.Since(start)
	return s
}

// loadavg is /proc/loadavg's first three fields, or "?".
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func (b *bench) webhooks(ctx context.Context) error {
	o := b.o
	p, err := b.api.newPartner(ctx, b.runID, "webhooks", 0)
	if err != nil {
		return err
	}
	service, err := b.api.serviceToken(ctx)
	if err != nil {
		return err
	}
	a := &api{url: b.rt.url, admin: b.admin, client: newClient(64)}
	h := newHooks(o.hookEndpoints)
	defer h.close()

	var m mix
	for _, mm := range mixes(o.pool, o.visitors) {
		if mm.name == o.hookMix {
			m = mm
		}
	}
	b.loadHeader()
	s := clickSection{name: "webhooks", what: "GET /r/{slug} 302", want: http.StatusFound, method: http.MethodGet, cookie: true, pool: o.pool}
	t := &target{name: "reftrack", c: b.rt, path: "/r/" + p.slug}
	prefix := "b" + b.runID + "w" + m.name[:1]
	script, err := b.script(s, t, m, prefix)
	if err != nil {
		return err
	}
	clickRun := time.Duration(wrkSeconds(o.warm)+wrkSeconds(o.d)) * time.Second
	b.header = append(b.header, fmt.Sprintf(
		"webhooks:  %s conversions per round: recordSignup (service token, ref = a referral URL) at %.0f/s from 32 senders, delivered by Reftrack's worker to %d local HTTP receivers (httptest, this process) registered as admin endpoints; latency = receipt - the body's timestamp (the event's time, taken as recordSignup starts: before its commit), and receipt - recordSignup's answer (after its commit). Clicks: wrk as above on GET /r/{slug}, mix %s, during A (the same signups, no endpoint) and B (delivering), turn about A B A B, then the Go generator at a fixed half of A's rate while the signups go on; lost = conversions answered but not received by an endpoint %s after the last signup.",
		thousands(o.hookConversions), o.hookRate, o.hookEndpoints, m.name, o.hookGrace))

	var rateA, rateB []float64
	for round := 1; round <= o.hookRounds; round++ {
		// A: signups at the same rate, no endpoint.
		nA := max(int(o.hookRate*(2*clickRun+time.Second).Seconds()), 1)
		runA, rA, err := b.signupsWithClicks(ctx, a, service, p.slug, fmt.Sprintf("a%d", round), nA, s, t, m, prefix, script,
			func(r runResult) float64 { return r.rps() / 2 })
		if err != nil {
			return err
		}
		loadA := loadavg()
		b.logf("webhooks round %d A (no endpoint): %d signups in %s, errors %d; clicks %.0f req/s; load average %s",
			round, len(runA.answered), runA.took.Round(time.Millisecond), runA.errs, rA.rps(), loadA)
		rateA = append(rateA, rA.rps())

		// B: endpoints registered, the same rate, o.hookConversions signups.
		var ids []string
		for i, srv := range h.srvs {
			var out struct {
				CreateWebhookEndpoint struct{ Endpoint struct{ ID string } }
			}
			err := a.do(ctx, b.admin, `mutation($in: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $in) { endpoint { id } } }`,
				map[string]any{"in": map[string]any{"url": srv.URL, "description": fmt.Sprintf("bench %d", i)}}, &out)
			if err != nil {
				return fmt.Errorf("createWebhookEndpoint: %w", err)
			}
			ids = append(ids, out.CreateWebhookEndpoint.Endpoint.ID)
		}
		h.take()
		runB, rB, err := b.signupsWithClicks(ctx, a, service, p.slug, fmt.Sprintf("b%d", round), o.hookConversions, s, t, m, prefix, script,
			func(runResult) float64 { return runA.open.rate })
		if err != nil {
			return err
		}
		want := len(runB.answered) * o.hookEndpoints
		deadline := time.Now().Add(o.hookGrace)
		for h.count() < want && time.Now().Before(deadline) && ctx.Err() == nil {
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(200 * time.Millisecond) // a duplicate, if any, would show
		got, bad := h.take()
		loadB := loadavg()
		b.logf("webhooks round %d B: %d signups in %s, errors %d; clicks %.0f req/s; %d of %d deliveries received; load average %s",
			round, len(runB.answered), runB.took.Round(time.Millisecond), runB.errs, rB.rps(), len(got), want, loadB)
		rateB = append(rateB, rB.rps())
		for _, id := range ids {
			if err := a.do(ctx, b.admin, `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`, map[string]any{"id": id}, nil); err != nil {
				return fmt.Errorf("deleteWebhookEndpoint: %w", err)
			}
		}

		// Latency and loss of round B.
		seen := map[[2]string]bool{}
		var fromEvent, fromAnswer []time.Duration
		dup, unknown := 0, 0
		for _, r := range got {
			key := [2]string{fmt.Sprint(r.endpoint), r.conversion}
			answered, ok := runB.answered[r.conversion]
			switch {
			case !ok:
				unknown++
			case seen[key]:
				dup++
			default:
				seen[key] = true
				fromEvent = append(fromEvent, r.at.Sub(r.event))
				fromAnswer = append(fromAnswer, r.at.Sub(answered))
			}
		}
		lost := want - len(seen)
		slices.Sort(fromEvent)
		slices.Sort(fromAnswer)
		slices.Sort(runB.lat)
		row := func(metric string) string { return fmt.Sprintf("round %d: %s", round, metric) }
		b.rep.add("webhooks", row("conversions recorded (B)"),
			fmt.Sprintf("%s in %s = %.0f/s (asked %.0f/s); recordSignup p50 %s, p99 %s; errors %d %s",
				thousands(len(runB.answered)), runB.took.Round(100*time.Millisecond), float64(len(runB.answered))/runB.took.Seconds(),
				o.hookRate, ms(percentile(runB.lat, .5)), ms(percentile(runB.lat, .99)), runB.errs, runB.firstErr),
			"0 errors", ptr(runB.errs == 0))
		b.rep.add("webhooks", row(fmt.Sprintf("commit -> delivery, %d endpoints", o.hookEndpoints)),
			fmt.Sprintf("p50 %s, p99 %s, max %s over %s deliveries (from the event's time); from recordSignup's answer: p50 %s, p99 %s",
				ms(percentile(fromEvent, .5)), ms(percentile(fromEvent, .99)), ms(percentile(fromEvent, 1)), thousands(len(fromEvent)),
				ms(percentile(fromAnswer, .5)), ms(percentile(fromAnswer, .99))),
			"p99 <= 1 s", ptr(len(fromEvent) > 0 && percentile(fromEvent, .99) <= time.Second))
		b.rep.add("webhooks", row(fmt.Sprintf("deliveries lost (%s grace)", o.hookGrace)),
			fmt.Sprintf("%d of %s (%d delivered twice, %d unknown, %d malformed)", lost, thousands(want), dup, unknown, bad),
			"0", ptr(lost == 0 && unknown == 0 && bad == 0 && want > 0))
		if ra, rb := runA.open, runB.open; ra.rate > 0 {
			b.rep.add("webhooks", row(fmt.Sprintf("clicks at a fixed %.0f req/s (half of A's): A | B", ra.rate)),
				fmt.Sprintf("%.0f | %.0f req/s done, p50 %s | %s, p99 %s | %s, errors %d | %d", ra.r.rps(), rb.r.rps(),
					ms(ra.r.pct(.5)), ms(rb.r.pct(.5)), ms(ra.r.pct(.99)), ms(rb.r.pct(.99)), ra.r.errs, rb.r.errs), "", nil)
		}
		b.rep.add("webhooks", row("clicks: A (signups, no endpoint) | B (signups, delivering)"),
			fmt.Sprintf("%.0f | %.0f req/s (wrk p99 %s | %s; errors %d | %d; server %s | %s cores; wrk %s | %s cores; this process, senders and receivers, %s | %s cores; load average after: %s | %s)",
				rA.rps(), rB.rps(), ms(rA.pct(.99)), ms(rB.pct(.99)), rA.errs, rB.errs, cores(rA.serverCPU), cores(rB.serverCPU),
				cores(rA.clientCPU), cores(rB.clientCPU), cores(runA.cores), cores(runB.cores), loadA, loadB), "", nil)
	}
	mean := func(v []float64) float64 {
		s := 0.0
		for _, x := range v {
			s += x
		}
		return s / float64(len(v))
	}
	ratio := mean(rateB) / mean(rateA)
	b.rep.add("webhooks", "clicks while delivering / without (mean of rounds)",
		fmt.Sprintf("%.3f (%.0f / %.0f req/s)", ratio, mean(rateB), mean(rateA)), ">= 0.95", ptr(ratio >= 0.95))
	return nil
}

// signupsWithClicks records n signups at the section's rate while wrk
// loads the click path for one warm-up and one measured run, started with
// the signups.
// run.cores is this process's CPU (the signup senders, and the receivers
// in B) over wrk's run. Then, while the signups go on, the Go generator
// sends clicks at the fixed rate that open returns (the clicks at a rate
// the machine has CPU to spare for), into run.open.
func (b *bench) signupsWithClicks(ctx context.Context, a *api, token, ref, tag string, n int, s clickSection, t *target, m mix, prefix, script string,
	open func(closed runResult) float64) (*signupRun, runResult, error) {
	var run *signupRun
	var wg sync.WaitGroup
	wg.Go(func() { run = b.signups(ctx, a, token, ref, tag, n, b.o.hookRate) })
	t0, c0 := time.Now(), selfCPU()
	r, err := b.closed(ctx, s, t, m, prefix, script)
	self := (selfCPU() - c0) / time.Since(t0).Seconds()
	var rate float64
	var fixed runResult
	if err == nil {
		if rate = open(r); rate >= 1 {
			fixed = openLoop(ctx, s.request(t, m, prefix+"o"+tag), s.want, rate, b.o.warm, b.o.d, max(4*b.o.c, 256), t.c.cpu)
		}
	}
	wg.Wait()
	if err != nil {
		return nil, r, fmt.Errorf("wrk: %w", err)
	}
	run.cores = self
	run.open.rate, run.open.r = rate, fixed
	return run, r, nil
}
