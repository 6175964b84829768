package live_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/live"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// ended records which sessions ended.
type ended struct{ ch chan string }

func newEnded() *ended { return &ended{ch: make(chan string, 100)} }

func (e *ended) end(name string) func() {
	return func() { e.ch <- name }
}

// wait returns the names of the sessions that end within d.
func (e *ended) wait(d time.Duration) []string {
	var got []string
	timeout := time.After(d)
	for {
		select {
		case n := <-e.ch:
			got = append(got, n)
		case <-timeout:
			slices.Sort(got)
			return got
		}
	}
}

func TestRevokeEndsTheSessionsOfACredential(t *testing.T) {
	var announced []string
	r := live.New(live.Options{Announcer: live.AnnouncerFunc(func(_ context.Context, c string) error {
		announced = append(announced, c)
		return nil
	})})
	defer r.Close()
	e := newEnded()
	r.Open([]live.Credential{live.Token(1), live.Partner(7)}, e.end("token 1"))
	r.Open([]live.Credential{live.Token(2), live.Partner(7)}, e.end("token 2"))
	closeThree := r.Open([]live.Credential{live.Token(3)}, e.end("token 3"))
	r.Open([]live.Credential{live.Token(4), live.Partner(8)}, e.end("token 4"))

	r.Revoke(context.Background(), live.Token(1))
	if got := e.wait(100 * time.Millisecond); !slices.Equal(got, []string{"token 1"}) {
		t.Errorf("revoking token 1 ended %v", got)
	}
	closeThree()
	r.Revoke(context.Background(), live.Token(3), live.Partner(7))
	if got := e.wait(100 * time.Millisecond); !slices.Equal(got, []string{"token 2"}) {
		t.Errorf("revoking token 3 (closed) and partner 7 ended %v", got)
	}
	if !slices.Equal(announced, []string{"token:1", "token:3", "partner:7"}) {
		t.Errorf("announced %v", announced)
	}
	// Another instance's announcement ends this one's sessions too.
	r.Revoked(live.Partner(8))
	if got := e.wait(100 * time.Millisecond); !slices.Equal(got, []string{"token 4"}) {
		t.Errorf("partner 8 revoked elsewhere ended %v", got)
	}
	for _, c := range []live.Credential{live.Token(1), live.Token(2), live.Token(4), live.Partner(7), live.Partner(8)} {
		if n := r.Sessions(c); n != 0 {
			t.Errorf("%s still has %d sessions", c, n)
		}
	}
}

// Inside a transaction, a revocation acts only once it commits.
func TestRevokeWaitsForTheCommit(t *testing.T) {
	ctx := store.System(context.Background())
	db, err := database.Open(ctx, storetest.DSN(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	r := live.New(live.Options{})
	defer r.Close()
	e := newEnded()
	r.Open([]live.Credential{live.Token(1)}, e.end("rolled back"))
	r.Open([]live.Credential{live.Token(2)}, e.end("committed"))

	for _, tc := range []struct {
		cred live.Credential
		fail error
	}{{live.Token(1), errors.New("rolled back")}, {live.Token(2), nil}} {
		err := store.WithTx(ctx, db.Client, func(ctx context.Context, tx *ent.Tx) error {
			r.Revoke(ent.NewTxContext(ctx, tx), tc.cred)
			if got := e.wait(50 * time.Millisecond); len(got) > 0 {
				t.Errorf("%v ended before the commit", got)
			}
			return tc.fail
		})
		if !errors.Is(err, tc.fail) {
			t.Fatal(err)
		}
	}
	if got := e.wait(100 * time.Millisecond); !slices.Equal(got, []string{"committed"}) {
		t.Errorf("ended %v, want only the committed revocation's session", got)
	}
}

func TestPeriodicCheckEndsRevokedCredentials(t *testing.T) {
	r := live.New(live.Options{CheckInterval: 20 * time.Millisecond})
	defer r.Close()
	var mu sync.Mutex
	revoked := map[string]bool{}
	r.Check(live.KindToken, func(_ context.Context, ids []string) ([]string, error) {
		mu.Lock()
		defer mu.Unlock()
		var out []string
		for _, id := range ids {
			if revoked[id] {
				out = append(out, id)
			}
		}
		return out, nil
	})
	e := newEnded()
	r.Open([]live.Credential{live.Token(1)}, e.end("token 1"))
	r.Open([]live.Credential{live.Token(2)}, e.end("token 2"))
	if got := e.wait(100 * time.Millisecond); len(got) > 0 {
		t.Fatalf("ended %v with nothing revoked", got)
	}
	mu.Lock()
	revoked["2"] = true
	mu.Unlock()
	if got := e.wait(200 * time.Millisecond); !slices.Equal(got, []string{"token 2"}) {
		t.Errorf("ended %v, want token 2", got)
	}
}
