// Package clicks records clicks durably and fast: a single writer gathers
// the clicks that arrive while the previous batch commits and commits them
// together (group commit). A click is acknowledged only once its batch is
// committed. Whether a click is unique is decided by the database's unique
// key on (source, visitor); a bounded cache of known visits spares it the
// question for returning visitors.
package clicks

import (
	"context"
	"errors"
	"log/slog"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/reftrack/reftrack/ent/click"
	"github.com/reftrack/reftrack/internal/calendar"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/store"
)

// Source is what a click needs to know of the ref value it was made on.
type Source struct {
	ID          int
	PartnerID   int
	Ref         string
	ReferralURL bool           // a referral URL's slug, else a ref tag's code
	Location    *time.Location // the partner's timezone: clicks count on its days
	RedirectURL string         // referral URLs only
	// Disabled is set while the partner is disabled: its links still
	// redirect, but their clicks are not recorded.
	Disabled bool
}

// Click is one click to record.
type Click struct {
	Source  *Source // nil when Ref names no source: kept as unmatched
	Ref     string
	Visitor string
	At      time.Time
	Bot     bool // bots, previews and prefetches count only as bot clicks
}

// ErrClosed is returned by Record after Close.
var ErrClosed = errors.New("click recorder is shut down")

// Options tune the recorder. Zero values take the defaults.
type Options struct {
	MaxBatch  int           // most clicks in one transaction; default 1000
	Queue     int           // clicks waiting for the writer; default 16384
	Linger    time.Duration // least time between the starts of two commits, to gather fuller batches; default 0
	CacheSize int           // known visits kept in memory; default 1<<18 (about 14 MB)
	Logger    *slog.Logger
	// OnCommit, when set, is called by the writer after each committed
	// batch with its size and how long its commit took (metrics).
	OnCommit func(clicks int, took time.Duration)
}

// Counts are the clicks committed since the recorder started, by kind.
type Counts struct {
	Unique, Returning, Bot, Unmatched uint64
}

// Recorder is the single writer of clicks.
type Recorder struct {
	db     *store.DB
	opts   Options
	in     chan *request
	mu     sync.RWMutex // guards closed against sends on a closed channel
	closed bool
	done   chan struct{}
	known  *visitSet // owned by the writer goroutine
	// counted holds Counts, added once per batch by the writer.
	counted [4]atomic.Uint64
}

// Recorded returns the clicks committed so far, by kind.
func (r *Recorder) Recorded() Counts {
	return Counts{r.counted[0].Load(), r.counted[1].Load(), r.counted[2].Load(), r.counted[3].Load()}
}

// Queued returns how many accepted clicks wait for the writer.
func (r *Recorder) Queued() int { return len(r.in) }

type request struct {
	click Click
	done  chan error
}

// NewRecorder starts the writer. Close it to drain and stop.
func NewRecorder(db *store.DB, opts Options) *Recorder {
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 1000
	}
	if opts.Queue <= 0 {
		opts.Queue = 16384
	}
	if opts.CacheSize <= 0 {
		opts.CacheSize = 1 << 18
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	r := &Recorder{
		db:    db,
		opts:  opts,
		in:    make(chan *request, opts.Queue),
		done:  make(chan struct{}),
		known: newVisitSet(opts.CacheSize),
	}
	go r.run()
	return r
}

var donePool = sync.Pool{New: func() any { return make(chan error, 1) }}

// Record stores c and returns once it is committed. When ctx ends first the
// click may still be stored, but it was not acknowledged.
func (r *Recorder) Record(ctx context.Context, c Click) error {
	if c.Source != nil && c.Source.Disabled {
		return nil
	}
	req := &request{click: c, done: donePool.Get().(chan error)}
	r.mu.RLock()
	if r.closed {
		r.mu.RUnlock()
		return ErrClosed
	}
	select {
	case r.in <- req:
		r.mu.RUnlock()
	case <-ctx.Done():
		r.mu.RUnlock()
		return ctx.Err()
	}
	// Wait for the commit even if ctx ends: the writer owns req until then.
	err := <-req.done
	donePool.Put(req.done)
	return err
}

// Close stops accepting clicks, commits every click already accepted and
// waits for the writer to finish.
func (r *Recorder) Close() error {
	r.mu.Lock()
	if !r.closed {
		r.closed = true
		close(r.in)
	}
	r.mu.Unlock()
	<-r.done
	return nil
}

func (r *Recorder) run() {
	defer close(r.done)
	batch := make([]*request, 0, r.opts.MaxBatch)
	var started time.Time // the last commit's start
	for first := range r.in {
		batch = append(batch[:0], first)
		batch = r.gather(batch, started.Add(r.opts.Linger))
		started = time.Now()
		err := r.commit(batch)
		if err != nil {
			r.opts.Logger.Error("commit clicks", "clicks", len(batch), "err", err)
		}
		for _, req := range batch {
			req.done <- err
		}
		r.db.RestartWAL(context.Background())
	}
}

// gather adds whatever is already waiting, up to MaxBatch, and waits for
// more until the time until. The linger counts from the previous commit's
// start: a commit that took longer than it has let clicks gather already,
// and waiting more would only add to their latency.
func (r *Recorder) gather(batch []*request, until time.Time) []*request {
	var linger <-chan time.Time
	if wait := time.Until(until); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		linger = t.C
	}
	for len(batch) < r.opts.MaxBatch {
		select {
		case req, ok := <-r.in:
			if !ok {
				return batch
			}
			batch = append(batch, req)
			continue
		default:
		}
		if linger == nil {
			return batch
		}
		select {
		case req, ok := <-r.in:
			if !ok {
				return batch
			}
			batch = append(batch, req)
		case <-linger:
			return batch
		}
	}
	return batch
}

type visitKey struct {
	source  int
	visitor string
}

// commit writes one batch in one transaction: new visits, raw clicks and
// rollup increments.
func (r *Recorder) commit(batch []*request) error {
	ctx := store.First(store.System(context.Background())) // clicks wait behind one other writer at most
	var newKeys []visitKey
	var counts Counts
	var err error
	start := time.Now()
	for attempt := 1; ; attempt++ {
		err = r.db.InPipe(ctx, func(ctx context.Context, p *store.Pipe) error {
			var err error
			newKeys, counts, err = writeBatch(ctx, p, r.db.Dialect, batch, r.known)
			return err
		})
		if err == nil || attempt == 3 || !store.Transient(err) {
			break
		}
		r.opts.Logger.Warn("retrying click batch", "attempt", attempt, "err", err)
	}
	if err != nil {
		return err
	}
	for _, k := range newKeys {
		r.known.add(k)
	}
	for i, n := range [4]uint64{counts.Unique, counts.Returning, counts.Bot, counts.Unmatched} {
		if n > 0 {
			r.counted[i].Add(n)
		}
	}
	if r.opts.OnCommit != nil {
		r.opts.OnCommit(len(batch), time.Since(start))
	}
	return nil
}

// writeBatch queues a batch's writes on p in two round trips on
// PostgreSQL: the first locks the tables it writes in Rebuild's order,
// offers the new visits and reads the rollup rows, whose answers decide
// the rest, and the second, sent with the commit, inserts the clicks and
// adds to the rollups.
func writeBatch(ctx context.Context, p *store.Pipe, dialect string, batch []*request, known *visitSet) ([]visitKey, Counts, error) {
	var total Counts
	rollup.LockForWrite(ctx, p, dialect, click.Table)
	// Visits not known to be returning are offered to the database; the
	// ones it inserts are the unique clicks. Every visit clicked gets its
	// last click, for attribution.
	var candidates []visitKey
	var firstAt []time.Time
	lastAt := make(map[visitKey]time.Time)
	for _, req := range batch {
		c := req.click
		if c.Source == nil || c.Bot {
			continue
		}
		k := visitKey{c.Source.ID, c.Visitor}
		if last, seen := lastAt[k]; seen {
			if c.At.After(last) {
				lastAt[k] = c.At
			}
			continue
		}
		lastAt[k] = c.At
		if !known.has(k) {
			candidates = append(candidates, k)
			firstAt = append(firstAt, c.At)
		}
	}
	// One order for every writer: instances inserting and updating the
	// same visits at once on PostgreSQL then wait for each other instead
	// of deadlocking.
	sortVisits(candidates, firstAt)
	inserted := queueVisits(ctx, p, dialect, candidates, firstAt)

	// The rollup rows are known before the visits are: counts come later.
	deltas := rollup.Deltas{}
	days := make([]string, len(batch))
	for i, req := range batch {
		if c := req.click; c.Source != nil {
			days[i] = calendar.In(c.At, c.Source.Location).String()
			deltas.At(rollup.Key{SourceID: c.Source.ID, Day: days[i]}, c.Source.PartnerID)
		}
	}
	pending := rollup.Prepare(ctx, p, dialect, deltas)
	if err := p.Send(ctx); err != nil {
		return nil, total, err
	}
	// A visit inserted with its only click has its last click already.
	for i, k := range candidates {
		if inserted[k] && lastAt[k].Equal(firstAt[i]) {
			delete(lastAt, k)
		}
	}

	var clickRows, unmatchedRows [][]any
	for i, req := range batch {
		c := req.click
		at := c.At.UTC()
		if c.Source == nil {
			unmatchedRows = append(unmatchedRows, []any{c.Ref, c.Visitor, at})
			total.Unmatched++
			continue
		}
		counts := deltas[rollup.Key{SourceID: c.Source.ID, Day: days[i]}]
		kind := click.KindReturning
		switch k := (visitKey{c.Source.ID, c.Visitor}); {
		case c.Bot:
			kind = click.KindBot
			counts.Bot++
			total.Bot++
		case inserted[k]:
			delete(inserted, k) // later clicks of the batch are returning
			kind = click.KindUnique
			counts.Unique++
			total.Unique++
		default:
			counts.Returning++
			total.Returning++
		}
		clickRows = append(clickRows, []any{c.Source.PartnerID, c.Source.ID, c.Visitor, at, days[i], string(kind)})
	}
	clickInsert.queue(ctx, p, dialect, clickRows, nil)
	queueLastClicks(ctx, p, dialect, lastAt)
	unmatchedInsert.queue(ctx, p, dialect, unmatchedRows, nil)
	queueUnmatchedRefs(ctx, p, dialect, unmatchedRows)
	if err := pending.Write(ctx); err != nil {
		return nil, total, err
	}
	return candidates, total, nil
}

func sortVisits(keys []visitKey, at []time.Time) {
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool {
		return keys[idx[a]].less(keys[idx[b]])
	})
	k2 := make([]visitKey, len(keys))
	a2 := make([]time.Time, len(at))
	for i, j := range idx {
		k2[i], a2[i] = keys[j], at[j]
	}
	copy(keys, k2)
	copy(at, a2)
}

// less orders visits as their unique key does: by visitor, then source.
func (k visitKey) less(o visitKey) bool {
	if k.visitor != o.visitor {
		return k.visitor < o.visitor
	}
	return k.source < o.source
}

// queueLastClicks queues the update of each visit's last click, in the
// visits' order. A visit inserted by this batch with its only click is
// left as it is.
func queueLastClicks(ctx context.Context, p *store.Pipe, dialect string, lastAt map[visitKey]time.Time) {
	keys := make([]visitKey, 0, len(lastAt))
	for k := range lastAt {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool { return keys[a].less(keys[b]) })
	rows := make([][]any, len(keys))
	for i, k := range keys {
		rows[i] = []any{k.visitor, k.source, lastAt[k].UTC()}
	}
	lastClickUpdate.queue(ctx, p, dialect, rows, nil)
}

// queueVisits queues the insert of keys, which ignores those already
// stored. Once p is sent, the map it returns holds the ones inserted.
func queueVisits(ctx context.Context, p *store.Pipe, dialect string, keys []visitKey, at []time.Time) map[visitKey]bool {
	rows := make([][]any, len(keys))
	for i, k := range keys {
		rows[i] = []any{k.source, k.visitor, at[i].UTC(), at[i].UTC()}
	}
	inserted := make(map[visitKey]bool, len(keys))
	visitInsert.queue(ctx, p, dialect, rows, func(row store.Row) error {
		var k visitKey
		if err := row.Scan(&k.source, &k.visitor); err != nil {
			return err
		}
		inserted[k] = true
		return nil
	})
	return inserted
}
