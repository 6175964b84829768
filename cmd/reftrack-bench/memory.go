package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// memSample is the server's memory after some number of new visitors.
type memSample struct {
	visitors int
	rss      uint64
	heap     uint64 // HeapInuse + StackInuse after a GC
}

// memory clicks a referral URL once per new visitor, many of them, and
// samples the server's memory along the way: the visits Reftrack keeps in
// memory must be bounded, so memory stays flat however many visitors come.
func (b *bench) memory(ctx context.Context) error {
	o := b.o
	b.logf("restarting Reftrack so this section starts from a fresh process")
	b.rt.stop()
	rt, err := startServer(modeServe, "reftrack", b.db, b.admin, b.tmp)
	if err != nil {
		b.rt = nil
		return err
	}
	b.rt = rt
	b.api = newAPI(rt.url, b.admin)
	p, err := b.api.newPartner(ctx, b.runID, "memory", 0)
	if err != nil {
		return err
	}
	u := rt.url + "/r/" + p.slug
	click := func(client *http.Client, vid string) (bool, string) {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		req.Header.Set("User-Agent", browser)
		req.Header.Set("Cookie", "rt_vid="+vid)
		return do(client, req, http.StatusFound)
	}
	b.header = append(b.header, fmt.Sprintf(
		"memory:    a fresh Reftrack process; %s of closed-loop warm-up on 1,000 returning visitors, then GET /r/<slug> once per NEW visitor (rt_vid=nv-NNNNNNNNN, %s of them) over %d connections; memory sampled after a GC at every quarter.",
		o.warm, thousands(o.newVisitors), o.c))

	// Warm-up: the same path with returning visitors.
	client := newClient(o.c)
	defer client.CloseIdleConnections()
	var wg sync.WaitGroup
	warmEnd := time.Now().Add(max(o.warm, 500*time.Millisecond))
	for w := range o.c {
		wg.Go(func() {
			for i := w; time.Now().Before(warmEnd) && ctx.Err() == nil; i += o.c {
				click(client, visitorID("mw", uint64(i%1000)))
			}
		})
	}
	wg.Wait()
	time.Sleep(500 * time.Millisecond)
	sample := func(n int) (memSample, error) {
		m, err := rt.mem(true)
		if err != nil {
			return memSample{}, err
		}
		rss, err := rt.rss()
		return memSample{visitors: n, rss: rss, heap: m.HeapInuse + m.StackInuse}, err
	}
	first, err := sample(0)
	if err != nil {
		return err
	}
	samples := []memSample{first}

	b.logf("clicking with %s new visitors", thousands(o.newVisitors))
	var (
		seq, done atomic.Int64
		errs      atomic.Int64
		errOnce   sync.Once
		firstErr  string
	)
	start := time.Now()
	for range o.c {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := seq.Add(1) - 1
				if i >= int64(o.newVisitors) {
					return
				}
				if ok, msg := click(client, visitorID("nv", uint64(i))); !ok {
					errs.Add(1)
					errOnce.Do(func() { firstErr = msg })
				}
				done.Add(1)
			}
		})
	}
	quarter := o.newVisitors / 4
	nextMark := quarter
	var sampleErr error
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	lastLog := time.Now()
loop:
	for {
		select {
		case <-finished:
			break loop
		case <-time.After(50 * time.Millisecond):
		}
		if n := int(done.Load()); n >= nextMark && nextMark < o.newVisitors {
			s, err := sample(nextMark)
			if err != nil {
				sampleErr = err
			}
			samples = append(samples, s)
			nextMark += quarter
		}
		if time.Since(lastLog) > 10*time.Second {
			n := done.Load()
			b.logf("  %s/%s new visitors (%.0f req/s)", thousands(int(n)), thousands(o.newVisitors), float64(n)/time.Since(start).Seconds())
			lastLog = time.Now()
		}
	}
	took := time.Since(start)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if sampleErr != nil {
		return sampleErr
	}
	time.Sleep(500 * time.Millisecond)
	last, err := sample(int(done.Load()))
	if err != nil {
		return err
	}
	samples = append(samples, last)

	clicked := int(done.Load())
	errText := ""
	if errs.Load() > 0 {
		errText = fmt.Sprintf(", e.g. %s", firstErr)
	}
	b.rep.add("memory", fmt.Sprintf("new visitors clicked (GET /r/{slug}, c=%d)", o.c),
		fmt.Sprintf("%s in %s (%.0f req/s), errors %d%s", thousands(clicked), took.Round(time.Second), float64(clicked)/took.Seconds(), errs.Load(), errText),
		"0 errors", ptr(errs.Load() == 0))
	var points, rssText, heapText []string
	for _, s := range samples {
		points = append(points, visitorsShort(s.visitors))
		rssText = append(rssText, fmt.Sprintf("%.0f", float64(s.rss)/(1<<20)))
		heapText = append(heapText, fmt.Sprintf("%.0f", float64(s.heap)/(1<<20)))
	}
	at := strings.Join(points, "/")
	b.rep.add("memory", "server VmRSS at "+at+" new visitors", strings.Join(rssText, " / ")+" MiB", "", nil)
	b.rep.add("memory", "server heap+stack after GC at "+at, strings.Join(heapText, " / ")+" MiB", "", nil)

	// Flat means: the second half of the visitors added (next to) nothing.
	// Caches fill first (the click writer's known visits, SQLite's page
	// cache, outside the Go heap), so only the second half is judged, by
	// the slope of a line fitted to its samples: VmRSS moves by a few MiB
	// from one sample to the next as the runtime returns memory to the
	// system (80, 74, 79 MiB at 1, 1.5 and 2 M visitors in one run).
	half := samples[len(samples)/2:]
	if len(half) < 2 || half[len(half)-1].visitors <= half[0].visitors {
		return nil
	}
	heapSlope := slope(half, func(s memSample) float64 { return float64(s.heap) })
	rssSlope := slope(half, func(s memSample) float64 { return float64(s.rss) })
	label := fmt.Sprintf("growth per new visitor from %s to %s visitors (fitted)", visitorsShort(half[0].visitors), visitorsShort(last.visitors))
	target, judge := "<= 10 B (flat)", o.newVisitors >= 1_000_000
	if !judge {
		target = "<= 10 B, judged on runs of 1M+ visitors"
	}
	judged := func(ok bool) *bool {
		if !judge {
			return nil
		}
		return ptr(ok)
	}
	b.rep.add("memory", "heap+stack "+label, fmt.Sprintf("%.1f B", heapSlope), target, judged(heapSlope <= 10))
	b.rep.add("memory", "VmRSS "+label, fmt.Sprintf("%.1f B", rssSlope), target, judged(rssSlope <= 10))
	return nil
}

func visitorsShort(n int) string {
	switch {
	case n >= 1_000_000 && n%10_000 == 0:
		return fmt.Sprintf("%gM", float64(n)/1e6)
	case n >= 1000 && n%100 == 0:
		return fmt.Sprintf("%gk", float64(n)/1e3)
	default:
		return thousands(n)
	}
}

// slope is the least-squares slope of y over the samples' visitors.
func slope(samples []memSample, y func(memSample) float64) float64 {
	var mx, my float64
	for _, s := range samples {
		mx += float64(s.visitors)
		my += y(s)
	}
	n := float64(len(samples))
	mx, my = mx/n, my/n
	var sxy, sxx float64
	for _, s := range samples {
		dx := float64(s.visitors) - mx
		sxy += dx * (y(s) - my)
		sxx += dx * dx
	}
	if sxx == 0 {
		return 0
	}
	return sxy / sxx
}
