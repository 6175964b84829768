package store

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// queued waits until the slot has n waiters of each kind.
func queued(t *testing.T, s *writeSlot, first, others int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		s.mu.Lock()
		ok := len(s.first) == first && len(s.others) == others
		s.mu.Unlock()
		if ok {
			return
		}
	}
	t.Fatalf("waiters never reached %d first, %d others", first, others)
}

// The click writer waits behind one other transaction at most, however
// many queue, and the others still get every second turn.
func TestWriteSlotTakesTurnsWithTheClickWriter(t *testing.T) {
	s := &writeSlot{}
	ctx := context.Background()
	if err := s.acquire(ctx); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	wait := func(name string, ctx context.Context) {
		wg.Go(func() {
			if err := s.acquire(ctx); err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			s.release()
		})
	}
	for i, name := range []string{"signup 1", "signup 2", "signup 3"} {
		wait(name, ctx)
		queued(t, s, 0, i+1)
	}
	wait("clicks 1", First(ctx))
	queued(t, s, 1, 3)
	s.release()
	wg.Wait()
	want := []string{"clicks 1", "signup 1", "signup 2", "signup 3"}
	if !slices.Equal(order, want) {
		t.Fatalf("turns %q, want %q", order, want)
	}

	// Alternation: while the click writer holds it and both kinds wait,
	// another goes next, then the click writer again.
	order = nil
	if err := s.acquire(First(ctx)); err != nil {
		t.Fatal(err)
	}
	wait("signup 4", ctx)
	queued(t, s, 0, 1)
	wait("signup 5", ctx)
	queued(t, s, 0, 2)
	wait("clicks 2", First(ctx))
	queued(t, s, 1, 2)
	s.release()
	wg.Wait()
	want = []string{"signup 4", "clicks 2", "signup 5"}
	if !slices.Equal(order, want) {
		t.Fatalf("turns %q, want %q", order, want)
	}
}

// A waiter whose context ends leaves the queue, and the slot is free
// again once its holder lets go.
func TestWriteSlotWaiterGivesUp(t *testing.T) {
	s := &writeSlot{}
	if err := s.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if err := s.acquire(ctx); err != context.DeadlineExceeded {
		t.Fatalf("acquire = %v, want %v", err, context.DeadlineExceeded)
	}
	queued(t, s, 0, 0)
	s.release()
	done := make(chan error, 1)
	go func() { done <- s.acquire(context.Background()) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the slot stayed taken after its holder let go")
	}
}
