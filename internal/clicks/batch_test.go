package clicks

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// A batch takes what is waiting, up to MaxBatch; with a linger it also
// waits for clicks that arrive later, until it is full, the queue closes or
// the linger ends. The linger counts from the previous commit's start, so
// one that ended already adds no wait.
func TestGather(t *testing.T) {
	tests := []struct {
		name     string
		maxBatch int
		linger   time.Duration // from now; negative: it ended already
		waiting  int           // queued before gather starts
		later    int           // queued while gather runs, 20ms apart
		close    bool
		want     int
	}{
		{name: "no linger takes what waits", maxBatch: 10, waiting: 4, later: 2, want: 5},
		{name: "no linger stops at MaxBatch", maxBatch: 3, waiting: 6, want: 3},
		{name: "linger waits for later clicks until full", maxBatch: 4, linger: time.Hour, waiting: 1, later: 2, want: 4},
		{name: "linger ends when the queue closes", maxBatch: 10, linger: time.Hour, waiting: 2, later: 1, close: true, want: 4},
		{name: "linger ends when its time is up", maxBatch: 10, linger: time.Millisecond, want: 1},
		{name: "a linger that ended adds no wait", maxBatch: 10, linger: -time.Millisecond, waiting: 1, later: 2, want: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &Recorder{opts: Options{MaxBatch: tt.maxBatch}, in: make(chan *request, 16)}
			for range tt.waiting {
				r.in <- &request{}
			}
			go func() {
				for range tt.later {
					time.Sleep(20 * time.Millisecond)
					r.in <- &request{}
				}
				if tt.close {
					close(r.in)
				}
			}()
			var until time.Time
			if tt.linger != 0 {
				until = time.Now().Add(tt.linger)
			}
			got := r.gather([]*request{{}}, until) // the batch's first click
			if len(got) != tt.want {
				t.Fatalf("batch of %d clicks, want %d", len(got), tt.want)
			}
		})
	}
}

func TestChunkSize(t *testing.T) {
	for _, tt := range []struct{ left, want int }{
		{1, 1}, {2, 2}, {3, 2}, {7, 4}, {8, 8}, {100, 64}, {511, 256}, {512, 512}, {513, 512}, {100000, 512},
	} {
		if got := chunkSize(tt.left); got != tt.want {
			t.Errorf("chunkSize(%d) = %d, want %d", tt.left, got, tt.want)
		}
	}
}

// A batch of any size, split into statements of powers of two, records
// every click once: 1,299 clicks of 433 visitors, each visitor 3 times.
func TestCommitOddSizedBatch(t *testing.T) {
	db := storetest.Open(t)
	ctx := store.System(context.Background())
	r, src := newTagRecorder(t, db)
	at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	var batch []*request
	for i := range 1299 {
		batch = append(batch, &request{click: Click{Source: src, Ref: "r", Visitor: fmt.Sprintf("v%d", i%433), At: at}})
	}
	if err := r.commit(batch); err != nil {
		t.Fatal(err)
	}
	stat := db.DailyStat.Query().OnlyX(ctx)
	if stat.UniqueClicks != 433 || stat.ReturningClicks != 866 {
		t.Fatalf("unique %d, returning %d; want 433, 866", stat.UniqueClicks, stat.ReturningClicks)
	}
	if n := db.Click.Query().CountX(ctx); n != 1299 {
		t.Fatalf("%d raw clicks, want 1299", n)
	}
	if n := db.Visit.Query().CountX(ctx); n != 433 {
		t.Fatalf("%d visits, want 433", n)
	}
}

// A batch costs a few statements whatever its size: on PostgreSQL one per
// table, its rows sent as arrays, in two round trips; on SQLite one per
// power-of-two chunk.
func TestCommitStatements(t *testing.T) {
	var statements atomic.Int64
	var mu sync.Mutex
	var sends []int // statements per round trip, PostgreSQL only
	db := storetest.Open(t,
		store.WithQueryHook(func() { statements.Add(1) }),
		store.WithSendHook(func(n int) { mu.Lock(); sends = append(sends, n); mu.Unlock() }))
	ctx := store.System(context.Background())
	r, src := newTagRecorder(t, db)
	at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	// A first batch creates the day's rollup rows, as on any day; the
	// counted batch then finds them.
	if err := r.commit([]*request{{click: Click{Source: src, Ref: "r", Visitor: "first", At: at}}}); err != nil {
		t.Fatal(err)
	}
	batch := []*request{{click: Click{Ref: "nothing", Visitor: "u", At: at}}} // unmatched
	for i := range 100 {
		batch = append(batch, &request{click: Click{Source: src, Ref: "r", Visitor: fmt.Sprintf("v%d", i), At: at}})
	}
	// begin; visits; clicks; unmatched clicks and their refs' counts; read
	// the rollups; upsert the source's and the partner's; commit.
	// PostgreSQL also locks the tables in Rebuild's order and takes the
	// partner's rollup lock, and sends begin, the table locks, visits, the
	// partner lock and the read in one round trip, the rest with the commit
	// in another.
	want, wantSends := 1+1+1+1+1+1+1+1+2+1, []int{5, 6}
	if !storetest.Postgres() {
		want, wantSends = 1+3+3+1+1+1+2+1, nil // 100 rows are chunks of 64, 32 and 4
	}
	before := statements.Load()
	mu.Lock()
	sends = nil
	mu.Unlock()
	if err := r.commit(batch); err != nil {
		t.Fatal(err)
	}
	if got := statements.Load() - before; got != int64(want) {
		t.Errorf("a batch of 101 clicks took %d statements, want %d", got, want)
	}
	mu.Lock()
	if !slices.Equal(sends, wantSends) {
		t.Errorf("a batch of 101 clicks took round trips of %v statements, want %v", sends, wantSends)
	}
	mu.Unlock()
	if n := db.Click.Query().CountX(ctx); n != 101 {
		t.Errorf("%d clicks stored, want 101", n)
	}
	if n := db.UnmatchedClick.Query().CountX(ctx); n != 1 {
		t.Errorf("%d unmatched clicks stored, want 1", n)
	}
}

// newTagRecorder returns a recorder on db, not started (tests call commit),
// and a ref tag "r" of a new partner in UTC.
func newTagRecorder(t *testing.T, db *store.DB) (*Recorder, *Source) {
	t.Helper()
	ctx := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(ctx)
	s := db.Source.Create().SetRef("r").SetKind("ref_tag").SetPartnerID(p.ID).SaveX(ctx)
	r := &Recorder{db: db, opts: Options{Logger: slog.New(slog.DiscardHandler)}, known: newVisitSet(1 << 10)}
	return r, &Source{ID: s.ID, PartnerID: p.ID, Ref: "r", Location: time.UTC}
}
