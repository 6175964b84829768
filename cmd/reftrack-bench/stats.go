package main

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The dashboard's two queries.
const (
	tagsQuery  = `query($r: DateRange!) { refTags(first: 100) { edges { node { name code stats(range: $r) { uniqueClicks returningClicks totalClicks conversions conversionRate } } } } }`
	dailyQuery = `query($r: DateRange!) { me { stats(range: $r) { daily { date uniqueClicks returningClicks totalClicks conversions } } } }`
)

// Sizes of the stats section's partner and of its loaded clicks.
const (
	statsTags     = 100
	statsLoadDays = 120
	statsDays     = 90
	loadWorkers   = 4096
	loadBatch     = 4096
)

type latencies struct {
	p50, p99 time.Duration
}

func (b *bench) stats(ctx context.Context) error {
	b.logf("creating a partner with a referral URL and %d ref tags, and a control partner like it that gets no clicks", statsTags)
	p, err := b.api.newPartner(ctx, b.runID, "stats", statsTags)
	if err != nil {
		return err
	}
	control, err := b.api.newPartner(ctx, b.runID, "control", statsTags)
	if err != nil {
		return err
	}
	today := time.Now().UTC()
	vars := map[string]any{"r": map[string]any{
		"from": today.AddDate(0, 0, -(statsDays - 1)).Format(time.DateOnly),
		"to":   today.Format(time.DateOnly),
	}}
	visitors := max(b.o.clicks/4, 1)
	b.header = append(b.header, fmt.Sprintf(
		"stats:     one partner (UTC) with a referral URL and %d ref tags; %d sequential POST /graphql with its token per query and size, after 10 unmeasured, range = the last %d days: (a) %s (b) %s. A control partner like it, which never gets a click, is asked the same in turn with each request (partner, control, partner, ...): the control's latency at the same moment is the empty-database baseline without the machine's drift between stages.",
		statsTags, b.o.statsReqs, statsDays, oneLine(tagsQuery), oneLine(dailyQuery)),
		fmt.Sprintf("           Clicks are loaded through the product's write path, clicks.Recorder.Record (visits, raw clicks, rollups; group commit) from %d goroutines with MaxBatch %d, in a loader child process on the same database while the server stays up, idle, in two steps (the oldest N/10, then the rest; the queries are measured after each); visitors = clicks/4, each with a home source (the referral URL for 1 in 6) clicked 9 times in 10; times uniform over the last %d days and recorded in time order, as clicks arrive (the i-th of the N clicks at a random time in the i-th of N equal slots).",
			loadWorkers, loadBatch, statsLoadDays))

	// measure times query for the partner and the control in turn.
	measure := func(query string) (partner, ctl latencies, err error) {
		for range 10 {
			for _, token := range []string{p.token, control.token} {
				if err := b.api.do(ctx, token, query, vars, nil); err != nil {
					return partner, ctl, err
				}
			}
		}
		lat := [2][]time.Duration{}
		for range b.o.statsReqs {
			for i, token := range []string{p.token, control.token} {
				d, err := b.api.timed(ctx, token, query, vars, nil)
				if err != nil {
					return partner, ctl, err
				}
				lat[i] = append(lat[i], d)
			}
		}
		for i := range lat {
			slices.Sort(lat[i])
		}
		return latencies{percentile(lat[0], .5), percentile(lat[0], .99)}, latencies{percentile(lat[1], .5), percentile(lat[1], .99)}, nil
	}
	// pair is the tags table (a) and the daily series (b), each for the
	// partner and for the control.
	type pair struct{ a, b, ctlA, ctlB latencies }
	measureBoth := func(clicks int) (pair, error) {
		var r pair
		var err error
		if r.a, r.ctlA, err = measure(tagsQuery); err != nil {
			return r, fmt.Errorf("tags table at %d clicks: %w", clicks, err)
		}
		if r.b, r.ctlB, err = measure(dailyQuery); err != nil {
			return r, fmt.Errorf("daily series at %d clicks: %w", clicks, err)
		}
		b.logf("%s clicks: tags p50 %s p99 %s (control %s); daily p50 %s p99 %s (control %s)",
			thousands(clicks), ms(r.a.p50), ms(r.a.p99), ms(r.ctlA.p50), ms(r.b.p50), ms(r.b.p99), ms(r.ctlB.p50))
		return r, nil
	}
	zero, err := measureBoth(0)
	if err != nil {
		return err
	}

	// The clicks are loaded in time order in two steps, the oldest N/10
	// then the rest, with the queries measured after each: whether latency
	// follows N or only the number of rollup rows (sources x days) shows
	// between the two.
	refs := strings.Join(append([]string{p.slug}, p.codes...), ",")
	var loadTook time.Duration
	loaded := 0
	end := time.Now()
	start := end.Add(-statsLoadDays * 24 * time.Hour)
	load := func(n int, seed uint64, from, to time.Time) error {
		if n <= 0 {
			return nil
		}
		lo := loadOptions{db: b.db, refs: refs, clicks: n, from: from, to: to, visitors: visitors, workers: loadWorkers, batch: loadBatch, seed: seed}
		b.logf("loading %s clicks through clicks.Recorder in a loader process (the server keeps running, idle)", thousands(n))
		t := time.Now()
		res, err := runLoader(ctx, lo)
		if err != nil {
			return err
		}
		loadTook += time.Since(t)
		loaded += res.Clicks
		b.logf("loaded %s clicks in %s", thousands(res.Clicks), time.Since(t).Round(100*time.Millisecond))
		return nil
	}
	tenth := b.o.clicks / 10
	split := start.Add(time.Duration(float64(end.Sub(start)) * float64(tenth) / float64(max(b.o.clicks, 1))))
	if err := load(tenth, 1, start, split); err != nil {
		return err
	}
	mid, err := measureBoth(loaded)
	if err != nil {
		return err
	}
	if err := load(b.o.clicks-tenth, 2, split, end); err != nil {
		return err
	}
	loadedText := "nothing loaded"
	if loaded > 0 {
		loadedText = fmt.Sprintf("%s clicks in %s (%.0f clicks/s), %s visitors, %d sources, %d days",
			thousands(loaded), loadTook.Round(100*time.Millisecond), float64(loaded)/loadTook.Seconds(), thousands(visitors), len(p.codes)+1, statsLoadDays)
	}
	b.rep.add("stats", "clicks loaded", loadedText, "", nil)

	// What the partner's series now counts, as a check that the load landed.
	var daily struct {
		Me struct {
			Stats struct {
				Daily []struct{ UniqueClicks, ReturningClicks, TotalClicks int }
			}
		}
	}
	if err := b.api.do(ctx, p.token, dailyQuery, vars, &daily); err != nil {
		return err
	}
	var uniq, ret, total int
	for _, d := range daily.Me.Stats.Daily {
		uniq += d.UniqueClicks
		ret += d.ReturningClicks
		total += d.TotalClicks
	}
	b.rep.add("stats", fmt.Sprintf("clicks in the %d-day series after loading", statsDays),
		fmt.Sprintf("%s total (%s unique, %s returning) over %d days; about %d/%d of those loaded expected",
			thousands(total), thousands(uniq), thousands(ret), len(daily.Me.Stats.Daily), statsDays, statsLoadDays),
		"", nil)

	full, err := measureBoth(loaded)
	if err != nil {
		return err
	}
	if b.o.profileDir != "" {
		// A CPU profile of the server answering the tags table, back to back.
		path := filepath.Join(b.o.profileDir, "stats-tags-reftrack.cpu.pprof")
		pctx, cancel := context.WithCancel(ctx)
		done := make(chan error, 1)
		go func() { done <- b.rt.profile(ctx, 5*time.Second, path) }()
		go func() {
			for pctx.Err() == nil {
				b.api.do(pctx, p.token, tagsQuery, vars, nil) //nolint:errcheck
			}
		}()
		err := <-done
		cancel()
		if err != nil {
			b.logf("profile: %v", err)
		} else {
			b.logf("saved CPU profile %s", path)
		}
	}

	n := thousands(b.o.clicks)
	for _, q := range []struct {
		name           string
		zero, mid, big latencies
		ctl            latencies // the control's, at the same moment as big
	}{
		{"(a) tags table, 100 tags x 90-day stats", zero.a, mid.a, full.a, full.ctlA},
		{"(b) me 90-day daily series", zero.b, mid.b, full.b, full.ctlB},
	} {
		b.rep.add("stats", q.name+" at 0 clicks", fmt.Sprintf("p50 %s, p99 %s", ms(q.zero.p50), ms(q.zero.p99)), "", nil)
		if tenth > 0 {
			b.rep.add("stats", q.name+" at "+thousands(tenth)+" clicks", fmt.Sprintf("p50 %s, p99 %s", ms(q.mid.p50), ms(q.mid.p99)), "", nil)
		}
		b.rep.add("stats", q.name+" at "+n+" clicks", fmt.Sprintf("p50 %s, p99 %s", ms(q.big.p50), ms(q.big.p99)), "", nil)
		ratio := float64(q.big.p50) / float64(q.zero.p50)
		value := fmt.Sprintf("%.2f", ratio)
		if tenth > 0 {
			value += fmt.Sprintf(" (p50(%s)/p50(%s): %.2f)", n, thousands(tenth), float64(q.big.p50)/float64(q.mid.p50))
		}
		b.rep.add("stats", q.name+" p50("+n+")/p50(0)", value, "<= 1.5", ptr(ratio <= 1.5))
		b.rep.add("stats", q.name+" at "+n+" clicks / control without clicks, in turn",
			fmt.Sprintf("p50 %s / %s = %.2f", ms(q.big.p50), ms(q.ctl.p50), float64(q.big.p50)/float64(q.ctl.p50)), "", nil)
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
