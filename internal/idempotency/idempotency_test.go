package idempotency_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/idempotency"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		values []string
		key    string
		has    bool
		bad    bool
	}{
		{nil, "", false, false},
		{[]string{"8e03978e-40d5-43e8-bc93-6894a57f9324"}, "8e03978e-40d5-43e8-bc93-6894a57f9324", true, false},
		{[]string{`"8e03978e-40d5-43e8-bc93-6894a57f9324"`}, "8e03978e-40d5-43e8-bc93-6894a57f9324", true, false},
		{[]string{" signup:cus_123/2026-12-05+retry=1~ "}, "signup:cus_123/2026-12-05+retry=1~", true, false},
		{[]string{"k"}, "k", true, false},
		{[]string{strings.Repeat("a", 255)}, strings.Repeat("a", 255), true, false},
		{[]string{strings.Repeat("a", 256)}, "", false, true},
		{[]string{""}, "", false, true},
		{[]string{`""`}, "", false, true},
		{[]string{"two words"}, "", false, true},
		{[]string{"tab\there"}, "", false, true},
		{[]string{"clé"}, "", false, true},
		{[]string{`a"b`}, "", false, true},
		{[]string{`a\b`}, "", false, true},
		{[]string{`"unterminated`}, "", false, true},
		{[]string{"nul\x00"}, "", false, true},
		{[]string{"a", "b"}, "", false, true},
	} {
		key, has, err := idempotency.Parse(tc.values)
		if key != tc.key || has != tc.has || (err != nil) != tc.bad {
			t.Errorf("Parse(%q) = %q, %v, %v; want %q, %v, error %v", tc.values, key, has, err, tc.key, tc.has, tc.bad)
		}
		if err != nil && reftrack.KindOf(err) != reftrack.Invalid {
			t.Errorf("Parse(%q): error of kind %s, want invalid", tc.values, reftrack.KindOf(err))
		}
	}
}

// FuzzParse: an accepted key is 1 to 255 visible ASCII characters without
// quotes or backslashes, and reads the same quoted.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"abc", `"abc"`, " x ", "", `"`, "a b", "é", strings.Repeat("z", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key, has, err := idempotency.Parse([]string{s})
		if err != nil {
			if has || key != "" || reftrack.KindOf(err) != reftrack.Invalid {
				t.Fatalf("Parse(%q) = %q, %v, %v", s, key, has, err)
			}
			return
		}
		if !has || len(key) < 1 || len(key) > idempotency.MaxKey {
			t.Fatalf("Parse(%q) = %q, %v", s, key, has)
		}
		for i := 0; i < len(key); i++ {
			if c := key[i]; c < 0x21 || c > 0x7e || c == '"' || c == '\\' {
				t.Fatalf("Parse(%q) accepted %q", s, key)
			}
		}
		if again, _, err := idempotency.Parse([]string{`"` + key + `"`}); err != nil || again != key {
			t.Fatalf("quoted %q: %q, %v", key, again, err)
		}
	})
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// complete keeps resp for claim in a transaction of its own, as the
// mutation's would.
func complete(t *testing.T, db *store.DB, k *idempotency.Keys, c *idempotency.Claim, resp string) error {
	t.Helper()
	return store.WithTx(context.Background(), db.Client, func(ctx context.Context, tx *ent.Tx) error {
		return k.Complete(ctx, tx.Client(), c, []byte(resp))
	})
}

func wantKind(t *testing.T, what string, err error, kind reftrack.Kind) {
	t.Helper()
	if reftrack.KindOf(err) != kind || err == nil {
		t.Fatalf("%s: %v, want kind %s", what, err, kind)
	}
}

// TestKeys: the life of a key on a real database: claimed, in progress,
// reused with another request, kept, replayed, released, taken over after
// its lease lapsed, expired after 24 hours, pruned.
func TestKeys(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	clk := &clock{t: time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)}
	k := &idempotency.Keys{DB: db, Lease: time.Minute, Now: clk.now}
	fp := idempotency.Fingerprint("mutation { a }", "", nil)
	other := idempotency.Fingerprint("mutation { b }", "", nil)

	c1, replay, err := k.Begin(ctx, "A", "k1", fp)
	if err != nil || c1 == nil || replay != nil {
		t.Fatalf("first Begin = %v, %q, %v", c1, replay, err)
	}
	_, _, err = k.Begin(ctx, "A", "k1", fp)
	wantKind(t, "retry while running", err, reftrack.InProgress)
	_, _, err = k.Begin(ctx, "A", "k1", other)
	wantKind(t, "another request", err, reftrack.KeyReused)
	if cB, _, err := k.Begin(ctx, "B", "k1", other); err != nil || cB == nil {
		t.Fatalf("another credential's equal key = %v, %v; want its own claim", cB, err)
	}

	if err := complete(t, db, k, c1, `{"data":{"a":1}}`); err != nil {
		t.Fatal(err)
	}
	if c, replay, err := k.Begin(ctx, "A", "k1", fp); err != nil || c != nil || string(replay) != `{"data":{"a":1}}` {
		t.Fatalf("retry after commit = %v, %q, %v; want the first response", c, replay, err)
	}
	_, _, err = k.Begin(ctx, "A", "k1", other)
	wantKind(t, "another request after commit", err, reftrack.KeyReused)

	// Released (the mutation failed): the retry runs.
	c2, _, err := k.Begin(ctx, "A", "k2", fp)
	if err != nil {
		t.Fatal(err)
	}
	if err := k.Release(ctx, c2); err != nil {
		t.Fatal(err)
	}
	if c, _, err := k.Begin(ctx, "A", "k2", other); err != nil || c == nil {
		t.Fatalf("after release = %v, %v; want a claim, even for another request", c, err)
	}

	// Lapsed: the holder died; the retry takes over, and the old holder
	// can neither keep its response nor release the key.
	c3, _, err := k.Begin(ctx, "A", "k3", fp)
	if err != nil {
		t.Fatal(err)
	}
	clk.add(time.Minute)
	c4, _, err := k.Begin(ctx, "A", "k3", fp)
	if err != nil || c4 == nil {
		t.Fatalf("after the lease = %v, %v; want a claim", c4, err)
	}
	wantKind(t, "lapsed holder completing", complete(t, db, k, c3, `{"data":{"old":1}}`), reftrack.InProgress)
	if err := k.Release(ctx, c3); err != nil {
		t.Fatal(err)
	}
	_, _, err = k.Begin(ctx, "A", "k3", fp)
	wantKind(t, "after the lapsed holder's release", err, reftrack.InProgress)
	if err := complete(t, db, k, c4, `{"data":{"new":1}}`); err != nil {
		t.Fatal(err)
	}

	// 24 hours on, k1 is forgotten: reusable with another request.
	clk.add(idempotency.TTL)
	if c, replay, err := k.Begin(ctx, "A", "k1", other); err != nil || c == nil || replay != nil {
		t.Fatalf("after 24 hours = %v, %q, %v; want a new claim", c, replay, err)
	}
	n, err := idempotency.Prune(ctx, db.Client, clk.now())
	if err != nil {
		t.Fatal(err)
	}
	// Expired: B's k1, k2 and k3; k1 was renewed just now.
	if n != 3 {
		t.Fatalf("pruned %d keys, want 3", n)
	}
	if left := db.IdempotencyKey.Query().CountX(store.System(ctx)); left != 1 {
		t.Fatalf("%d keys left, want 1", left)
	}
}

// TestConcurrentBegin: of retries arriving at once, one runs and every
// other is told the first is in progress (on PostgreSQL, from several
// connections, as several instances would).
func TestConcurrentBegin(t *testing.T) {
	db := storetest.Open(t)
	k := &idempotency.Keys{DB: db, Lease: time.Minute}
	fp := idempotency.Fingerprint("mutation { a }", "", nil)
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	claims := make(chan *idempotency.Claim, n)
	for range n {
		wg.Go(func() {
			c, _, err := k.Begin(context.Background(), "A", "same", fp)
			if err != nil {
				errs <- err
				return
			}
			claims <- c
		})
	}
	wg.Wait()
	close(errs)
	close(claims)
	if len(claims) != 1 {
		t.Fatalf("%d claims, want 1", len(claims))
	}
	for err := range errs {
		if reftrack.KindOf(err) != reftrack.InProgress {
			t.Fatalf("a concurrent retry: %v, want in progress", err)
		}
	}
}
