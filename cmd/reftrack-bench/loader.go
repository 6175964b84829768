package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/referral"
)

// loadOptions are the flags of the -load-only child.
type loadOptions struct {
	db       string
	refs     string // comma-separated: the referral URL's slug first, then tag codes
	clicks   int
	from, to time.Time // the clicks are spread over [from, to), in time order
	visitors int
	workers  int
	batch    int
	seed     uint64
}

func (o *loadOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.db, "load-db", "", "database (SQLite path or postgres:// URL)")
	fs.StringVar(&o.refs, "load-refs", "", "comma-separated refs to click")
	fs.IntVar(&o.clicks, "load-clicks", 0, "clicks to record")
	fs.Func("load-from", "RFC 3339 time of the first click (default: 120 days before -load-to)", parseTime(&o.from))
	fs.Func("load-to", "RFC 3339 time the clicks end before (default: now)", parseTime(&o.to))
	fs.IntVar(&o.visitors, "load-visitors", 0, "distinct visitors")
	fs.IntVar(&o.workers, "load-workers", 4096, "concurrent Record calls")
	fs.IntVar(&o.batch, "load-batch", 4096, "clicks.Options.MaxBatch")
	fs.Uint64Var(&o.seed, "load-seed", 1, "random seed")
}

// loadResult is what the loader prints on stdout, as one JSON line.
type loadResult struct {
	Clicks  int     `json:"clicks"`
	Seconds float64 `json:"seconds"`
	Sources int     `json:"sources"`
}

func parseTime(t *time.Time) func(string) error {
	return func(s string) (err error) {
		*t, err = time.Parse(time.RFC3339Nano, s)
		return err
	}
}

// loadClicks records o.clicks clicks through the product's own write path,
// clicks.Recorder (group commit: visits, raw clicks, rollups), as fast as it
// goes: many goroutines keep the writer's batches full. Sources are looked
// up through referral.Directory as the click handlers do; every visitor has
// a home source it clicks 9 times out of 10, so clicks are a mix of unique
// and returning. Clicks arrive in time order, as they would: the i-th click
// is at a random time within the i-th of o.clicks equal slots of
// [o.from, o.to), so they are uniform over it.
func loadClicks(ctx context.Context, o loadOptions, out io.Writer) error {
	dsn := o.db
	if dsn == "" {
		dsn = os.Getenv("REFTRACK_DB")
	}
	db, err := database.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	dir := referral.NewDirectory(db.Client)
	var sources []*clicks.Source
	for _, ref := range strings.Split(o.refs, ",") {
		src, err := dir.Lookup(ctx, ref)
		if err != nil {
			return err
		}
		if src == nil {
			return fmt.Errorf("ref %q names no source", ref)
		}
		sources = append(sources, src)
	}
	if len(sources) == 0 || o.clicks <= 0 {
		return fmt.Errorf("nothing to load")
	}
	visitors := max(o.visitors, 1)
	// The referral URL (first) is the home of about a sixth of the visitors.
	homes := len(sources) + len(sources)/5

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	rec := clicks.NewRecorder(db, clicks.Options{MaxBatch: o.batch, Queue: 4 * o.batch, Logger: logger})
	if o.to.IsZero() {
		o.to = time.Now()
	}
	if o.from.IsZero() {
		o.from = o.to.Add(-120 * 24 * time.Hour)
	}
	slot := float64(o.to.Sub(o.from)) / float64(o.clicks)
	var (
		next     atomic.Int64
		done     atomic.Int64
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	start := time.Now()
	stopProgress := make(chan struct{})
	go func() {
		t := time.NewTicker(5 * time.Second)
		defer t.Stop()
		for {
			select {
			case <-stopProgress:
				return
			case <-t.C:
				n := done.Load()
				fmt.Fprintf(os.Stderr, "  loaded %d/%d clicks (%.0f clicks/s)\n", n, o.clicks, float64(n)/time.Since(start).Seconds())
			}
		}
	}()
	for w := range o.workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), o.seed))
			for {
				i := next.Add(1) - 1
				if i >= int64(o.clicks) || ctx.Err() != nil {
					return
				}
				v := rng.IntN(visitors)
				home := v % homes
				if home >= len(sources) {
					home = 0
				}
				src := sources[home]
				if rng.IntN(10) == 0 {
					src = sources[rng.IntN(len(sources))]
				}
				c := clicks.Click{
					Source: src, Ref: src.Ref,
					Visitor: fmt.Sprintf("lv-%09d", v),
					At:      o.from.Add(time.Duration((float64(i) + rng.Float64()) * slot)),
				}
				if err := rec.Record(ctx, c); err != nil {
					errOnce.Do(func() { firstErr = err })
					return
				}
				done.Add(1)
			}
		})
	}
	wg.Wait()
	rec.Close()
	close(stopProgress)
	if firstErr != nil {
		return fmt.Errorf("record: %w", firstErr)
	}
	return json.NewEncoder(out).Encode(loadResult{Clicks: int(done.Load()), Seconds: time.Since(start).Seconds(), Sources: len(sources)})
}
