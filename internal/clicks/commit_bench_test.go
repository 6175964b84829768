package clicks

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// BenchmarkCommit measures the writer's work for one batch of a referral
// URL's clicks, half from new visitors and half from returning ones, at the
// batch sizes the benchmark program sees under load: sizes vary from batch
// to batch around the named one, as they do under load.
func BenchmarkCommit(b *testing.B) {
	for _, size := range []int{1, 7, 32, 200} {
		b.Run("batch="+strconv.Itoa(size), func(b *testing.B) {
			_, r, src := benchRecorder(b)
			batch := make([]*request, 0, 2*size)
			at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
			next, clicks := 0, 0
			for i := 0; b.Loop(); i++ {
				batch = batch[:max(1, size/2)+i*7%(size+1)] // about size/2 to size*3/2
				clicks += len(batch)
				for j := range batch {
					v := next // a new visitor
					if j%2 == 1 {
						v = next / 2 // one seen before
					} else {
						next++
					}
					batch[j] = &request{click: Click{Source: src, Ref: "r", Visitor: fmt.Sprintf("v%09d", v), At: at}}
				}
				if err := r.commit(batch); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(clicks), "ns/click")
		})
	}
}

// BenchmarkCommitMix measures the writer's work per click for the visitor
// mixes of reftrack-bench, in batches of 32 on a database that grows with
// the run: visitors in increasing order (new, as a counter makes them),
// new with random ids, random over a pool of 200,000, and one visitor.
// Each batch comes a millisecond after the last, so that returning
// visitors move their visits' last click forward as real ones do.
// cpu-µs/click is the process's CPU time (the WAL keeper's checkpoints
// included) per click, which depends less on a shared machine's load than
// the wall clock.
func BenchmarkCommitMix(b *testing.B) {
	mixes := map[string]func(i int, rng *rand.Rand) string{
		"sequential": func(i int, _ *rand.Rand) string { return fmt.Sprintf("v%09d", i) },
		"new":        func(i int, rng *rand.Rand) string { return fmt.Sprintf("n%016x-%x", rng.Uint64(), i) },
		"random":     func(_ int, rng *rand.Rand) string { return fmt.Sprintf("p%09d", rng.IntN(200_000)) },
		"one":        func(int, *rand.Rand) string { return "o000000001" },
	}
	for _, name := range []string{"sequential", "new", "random", "one"} {
		vid := mixes[name]
		b.Run("mix="+name, func(b *testing.B) {
			db, r, src := benchRecorder(b)
			ctx := store.System(context.Background())
			rng := rand.New(rand.NewPCG(1, 2))
			batch := make([]*request, 32)
			at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
			clicks := 0
			cpu0 := processCPU()
			for b.Loop() {
				for j := range batch {
					batch[j] = &request{click: Click{Source: src, Ref: "r", Visitor: vid(clicks, rng), At: at}}
					clicks++
				}
				if err := r.commit(batch); err != nil {
					b.Fatal(err)
				}
				at = at.Add(time.Millisecond)
				db.RestartWAL(ctx)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(clicks), "ns/click")
			b.ReportMetric((processCPU()-cpu0)*1e6/float64(clicks), "cpu-µs/click")
		})
	}
}

// benchRecorder returns a fresh database holding one referral URL "r", a
// Recorder on it (not started: the benchmark calls commit) and the URL's
// source.
func benchRecorder(b *testing.B) (*store.DB, *Recorder, *Source) {
	db := storetest.Open(b)
	ctx := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(ctx)
	s := db.Source.Create().SetRef("r").SetKind("referral_url").SetPartnerID(p.ID).SaveX(ctx)
	src := &Source{ID: s.ID, PartnerID: p.ID, Ref: "r", ReferralURL: true, Location: time.UTC}
	r := &Recorder{db: db, opts: Options{Logger: slog.New(slog.DiscardHandler)}, known: newVisitSet(1 << 18)}
	return db, r, src
}

// processCPU is this process's user + system CPU time in seconds.
func processCPU() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru) //nolint:errcheck
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
