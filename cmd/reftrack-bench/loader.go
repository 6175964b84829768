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

	"github.com/reftrack/reftrack/clicks"
	"github.com/reftrack/reftrack/referral"
	"github.com/reftrack/reftrack/store"
)

// loadOptions are the flags of the -load-only child.
type loadOptions struct {
	db       string
	refs     string // comma-separated: the referral URL's slug first, then tag codes
	clicks   int
	days     int
	visitors int
	workers  int
	batch    int
	seed     uint64
}

func (o *loadOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.db, "load-db", "", "database (SQLite path or postgres:// URL)")
	fs.StringVar(&o.refs, "load-refs", "", "comma-separated refs to click")
	fs.IntVar(&o.clicks, "load-clicks", 0, "clicks to record")
	fs.IntVar(&o.days, "load-days", 120, "days the clicks are spread over, ending now")
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

// loadClicks records o.clicks clicks through the product's own write path,
// clicks.Recorder (group commit: visits, raw clicks, rollups), as fast as it
// goes: many goroutines keep the writer's batches full. Sources are looked
// up through referral.Directory as the click handlers do; every visitor has
// a home source it clicks 9 times out of 10, so clicks are a mix of unique
// and returning; times are uniform over the last o.days days.
func loadClicks(ctx context.Context, o loadOptions, out io.Writer) error {
	dsn := o.db
	if dsn == "" {
		dsn = os.Getenv("REFTRACK_DB")
	}
	db, err := store.Open(ctx, dsn)
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
	now := time.Now()
	span := int64(time.Duration(o.days) * 24 * time.Hour)
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
					At:      now.Add(-time.Duration(rng.Int64N(span))),
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
