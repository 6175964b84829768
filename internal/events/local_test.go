package events_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/events"
)

// wait bounds every blocking step; generous for a loaded 2-core machine.
const wait = 10 * time.Second

func newLocal(t testing.TB, buffer int) *events.Local {
	t.Helper()
	l := events.NewLocal(events.LocalOptions{
		Buffer: buffer,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	t.Cleanup(l.Close)
	return l
}

func subscribe(t testing.TB, l *events.Local, ctx context.Context, f events.Filter) *events.Subscription {
	t.Helper()
	s, err := l.Subscribe(ctx, f)
	if err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	return s
}

func publish(t testing.TB, l *events.Local, c events.Event) {
	t.Helper()
	if err := l.Publish(context.Background(), c); err != nil {
		t.Fatalf("Publish(%d): %v", c.ID, err)
	}
}

// drain reads s until its channel is closed.
func drain(t testing.TB, s *events.Subscription) []int {
	t.Helper()
	var ids []int
	timeout := time.After(wait)
	for {
		select {
		case c, ok := <-s.C():
			if !ok {
				return ids
			}
			ids = append(ids, c.ID)
		case <-timeout:
			t.Fatalf("subscription not closed after %v; got %v", wait, ids)
		}
	}
}

// recv reads one event from s.
func recv(t testing.TB, s *events.Subscription) events.Event {
	t.Helper()
	select {
	case c, ok := <-s.C():
		if !ok {
			t.Fatalf("channel closed, Err = %v", s.Err())
		}
		return c
	case <-time.After(wait):
		t.Fatalf("no event after %v", wait)
	}
	panic("unreachable")
}

func partner(id int) events.Filter {
	return func(c events.Event) bool { return c.PartnerID == id }
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFilterAndOrder(t *testing.T) {
	// Event i belongs to partner i%3.
	const n = 300
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	ofPartner := func(p int) []int {
		var ids []int
		for i := p; i < n; i += 3 {
			ids = append(ids, i)
		}
		return ids
	}
	tests := []struct {
		name   string
		filter events.Filter
		want   []int
	}{
		{"nil filter gets everything", nil, all},
		{"partner 0", partner(0), ofPartner(0)},
		{"partner 2", partner(2), ofPartner(2)},
		{"unknown partner", partner(99), nil},
		{"never", func(events.Event) bool { return false }, nil},
		{"even IDs", func(c events.Event) bool { return c.ID%2 == 0 }, ofEven(n)},
	}
	l := newLocal(t, n)
	subs := make([]*events.Subscription, len(tests))
	for i, tt := range tests {
		subs[i] = subscribe(t, l, t.Context(), tt.filter)
	}
	for i := range n {
		publish(t, l, events.Event{ID: i, PartnerID: i % 3, OccurredAt: time.Now()})
	}
	l.Close() // closes every channel, after what was buffered
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := drain(t, subs[i])
			if !equal(got, tt.want) {
				t.Errorf("got %d events %v\nwant %d events %v", len(got), got, len(tt.want), tt.want)
			}
			if err := subs[i].Err(); !errors.Is(err, events.ErrClosed) {
				t.Errorf("Err = %v, want ErrClosed", err)
			}
		})
	}
}

func ofEven(n int) []int {
	var ids []int
	for i := 0; i < n; i += 2 {
		ids = append(ids, i)
	}
	return ids
}

func TestOnlyEventsAfterSubscribe(t *testing.T) {
	l := newLocal(t, 8)
	publish(t, l, events.Event{ID: 1})
	s := subscribe(t, l, t.Context(), nil)
	publish(t, l, events.Event{ID: 2})
	s.Close()
	publish(t, l, events.Event{ID: 3})
	if got := drain(t, s); !equal(got, []int{2}) {
		t.Errorf("got %v, want [2]", got)
	}
	if err := s.Err(); err != nil {
		t.Errorf("Err after Close = %v, want nil", err)
	}
}

func TestSlowSubscriberDropped(t *testing.T) {
	const buffer, n = 4, 50
	l := newLocal(t, buffer)
	slow := subscribe(t, l, t.Context(), nil) // never reads
	fast := subscribe(t, l, t.Context(), nil)
	other := subscribe(t, l, t.Context(), partner(7)) // matches nothing: never dropped

	var got []int
	for i := range n {
		publish(t, l, events.Event{ID: i}) // must not block on slow
		got = append(got, recv(t, fast).ID)
	}
	for i := range n {
		if got[i] != i {
			t.Fatalf("fast subscriber got %v, want 0..%d in order", got, n-1)
		}
	}
	if err := fast.Err(); err != nil {
		t.Errorf("fast.Err = %v, want nil", err)
	}
	// The slow one keeps what fitted, then its channel is closed.
	if ids := drain(t, slow); !equal(ids, []int{0, 1, 2, 3}) {
		t.Errorf("slow subscriber got %v, want [0 1 2 3]", ids)
	}
	if err := slow.Err(); !errors.Is(err, events.ErrSlowSubscriber) {
		t.Errorf("slow.Err = %v, want ErrSlowSubscriber", err)
	}
	if got := l.Subscribers(); got != 2 {
		t.Errorf("Subscribers = %d, want 2 (fast, other)", got)
	}
	if err := other.Err(); err != nil {
		t.Errorf("other.Err = %v, want nil", err)
	}
}

// TestEnd covers every way a subscription ends: its Err, that its channel is
// closed, and that the bus forgets it.
func TestEnd(t *testing.T) {
	tests := []struct {
		name string
		end  func(l *events.Local, s *events.Subscription, cancel context.CancelFunc)
		want error
	}{
		{"ctx cancelled", func(_ *events.Local, _ *events.Subscription, cancel context.CancelFunc) { cancel() }, nil},
		{"Close", func(_ *events.Local, s *events.Subscription, _ context.CancelFunc) { s.Close() }, nil},
		{"Close twice", func(_ *events.Local, s *events.Subscription, _ context.CancelFunc) { s.Close(); s.Close() }, nil},
		{"bus closed", func(l *events.Local, _ *events.Subscription, _ context.CancelFunc) { l.Close() }, events.ErrClosed},
		{"bus closed then ctx cancelled", func(l *events.Local, _ *events.Subscription, cancel context.CancelFunc) {
			l.Close()
			cancel()
		}, events.ErrClosed},
		{"too slow", func(l *events.Local, _ *events.Subscription, _ context.CancelFunc) {
			for i := range 2 {
				_ = l.Publish(context.Background(), events.Event{ID: i})
			}
		}, events.ErrSlowSubscriber},
		{"too slow then Close", func(l *events.Local, s *events.Subscription, _ context.CancelFunc) {
			for i := range 2 {
				_ = l.Publish(context.Background(), events.Event{ID: i})
			}
			s.Close()
		}, events.ErrSlowSubscriber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLocal(t, 1)
			keep := subscribe(t, l, t.Context(), partner(-1)) // bystander
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			s := subscribe(t, l, ctx, nil)
			if got := l.Subscribers(); got != 2 {
				t.Fatalf("Subscribers = %d, want 2", got)
			}
			if err := s.Err(); err != nil {
				t.Fatalf("Err before end = %v, want nil", err)
			}
			tt.end(l, s, cancel)
			drain(t, s)
			if err := s.Err(); !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Errorf("Err = %v, want %v", err, tt.want)
			}
			want := 1
			if errors.Is(tt.want, events.ErrClosed) {
				want = 0
			}
			if got := l.Subscribers(); got != want {
				t.Errorf("Subscribers = %d, want %d", got, want)
			}
			if want == 1 && keep.Err() != nil {
				t.Errorf("bystander ended: %v", keep.Err())
			}
		})
	}
}

func TestSubscribeCancelledContext(t *testing.T) {
	l := newLocal(t, 1)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if s, err := l.Subscribe(ctx, nil); !errors.Is(err, context.Canceled) || s != nil {
		t.Errorf("Subscribe(cancelled ctx) = %v, %v; want nil, context.Canceled", s, err)
	}
	if got := l.Subscribers(); got != 0 {
		t.Errorf("Subscribers = %d, want 0", got)
	}
}

func TestClose(t *testing.T) {
	l := newLocal(t, 4)
	s := subscribe(t, l, t.Context(), nil)
	publish(t, l, events.Event{ID: 1})
	l.Close()
	l.Close() // idempotent
	if got := drain(t, s); !equal(got, []int{1}) {
		t.Errorf("buffered events after Close = %v, want [1]", got)
	}
	if err := s.Err(); !errors.Is(err, events.ErrClosed) {
		t.Errorf("Err = %v, want ErrClosed", err)
	}
	if err := l.Publish(t.Context(), events.Event{ID: 2}); !errors.Is(err, events.ErrClosed) {
		t.Errorf("Publish after Close = %v, want ErrClosed", err)
	}
	if s2, err := l.Subscribe(t.Context(), nil); !errors.Is(err, events.ErrClosed) || s2 != nil {
		t.Errorf("Subscribe after Close = %v, %v; want nil, ErrClosed", s2, err)
	}
	if got := l.Subscribers(); got != 0 {
		t.Errorf("Subscribers = %d, want 0", got)
	}
	s.Close() // still safe
	if err := s.Err(); !errors.Is(err, events.ErrClosed) {
		t.Errorf("Err after late Close = %v, want ErrClosed", err)
	}
}

// settleGoroutines waits until the goroutine count is at most want.
func settleGoroutines(t *testing.T, want int) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for runtime.NumGoroutine() > want {
		if time.Now().After(deadline) {
			t.Fatalf("goroutines = %d, want <= %d", runtime.NumGoroutine(), want)
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
}

func TestCancelFreesEverything(t *testing.T) {
	l := newLocal(t, 2)
	base := runtime.NumGoroutine()
	const n = 1000
	subs := make([]*events.Subscription, n)
	cancels := make([]context.CancelFunc, n)
	for i := range subs {
		ctx, cancel := context.WithCancel(t.Context())
		subs[i], cancels[i] = subscribe(t, l, ctx, partner(i)), cancel
	}
	if got := l.Subscribers(); got != n {
		t.Fatalf("Subscribers = %d, want %d", got, n)
	}
	if got := runtime.NumGoroutine(); got > base {
		t.Errorf("idle subscribers run goroutines: %d, baseline %d", got, base)
	}
	for i := range n {
		publish(t, l, events.Event{ID: i, PartnerID: i})
	}
	for _, cancel := range cancels {
		cancel()
	}
	for i, s := range subs {
		if got := drain(t, s); !equal(got, []int{i}) {
			t.Fatalf("subscriber %d got %v, want [%d]", i, got, i)
		}
		if err := s.Err(); err != nil {
			t.Fatalf("subscriber %d: Err = %v, want nil", i, err)
		}
	}
	if got := l.Subscribers(); got != 0 {
		t.Errorf("Subscribers = %d after cancelling all, want 0", got)
	}
	settleGoroutines(t, base)
	publish(t, l, events.Event{ID: n}) // nobody left; must not panic
}

func TestIdleSubscriberMemory(t *testing.T) {
	const n, buffer = 10000, 64
	l := newLocal(t, buffer)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	subs := make([]*events.Subscription, n)
	for i := range subs {
		subs[i] = subscribe(t, l, ctx, partner(i))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / n
	bufBytes := int64(buffer) * 40 // sizeof(Event) on 64-bit
	t.Logf("%d bytes per idle subscriber, %d of them the buffer", per, bufBytes)
	if per > bufBytes+1024 {
		t.Errorf("%d bytes per idle subscriber, want <= buffer (%d) + 1 KiB", per, bufBytes)
	}
	runtime.KeepAlive(subs)
}

// TestConcurrent publishes from several goroutines while subscribers come and
// go and the bus finally closes. Long-lived subscribers must see each
// publisher's events complete and in order. Meant for -race.
func TestConcurrent(t *testing.T) {
	const publishers, perPublisher, listeners, churners = 4, 500, 4, 4
	l := newLocal(t, publishers*perPublisher)

	// Long-lived listeners, subscribed before anything is published.
	type result struct {
		ids []int
		err error
	}
	results := make(chan result, listeners)
	for range listeners {
		s := subscribe(t, l, t.Context(), nil)
		go func() {
			var r result
			for c := range s.C() {
				r.ids = append(r.ids, c.ID)
			}
			r.err = s.Err()
			results <- r
		}()
	}

	var pubs, churn sync.WaitGroup
	stop := make(chan struct{})
	for c := range churners {
		churn.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				ctx, cancel := context.WithCancel(t.Context())
				s, err := l.Subscribe(ctx, partner(c))
				if err != nil {
					t.Errorf("Subscribe: %v", err)
					cancel()
					return
				}
				select {
				case <-s.C():
				case <-stop:
				}
				if i%2 == 0 {
					cancel()
				} else {
					s.Close()
				}
				for range s.C() { // closed by Close, or soon after cancel
				}
				cancel()
				_ = s.Err()
				_ = l.Subscribers()
			}
		})
	}
	for p := range publishers {
		pubs.Go(func() {
			for i := range perPublisher {
				id := p*perPublisher + i
				if err := l.Publish(context.Background(), events.Event{ID: id, PartnerID: id % churners}); err != nil {
					t.Errorf("Publish: %v", err)
					return
				}
			}
		})
	}
	pubs.Wait()
	close(stop)
	churn.Wait()
	l.Close()

	for range listeners {
		var r result
		select {
		case r = <-results:
		case <-time.After(wait):
			t.Fatal("listener did not finish")
		}
		if !errors.Is(r.err, events.ErrClosed) {
			t.Errorf("listener Err = %v, want ErrClosed", r.err)
		}
		if len(r.ids) != publishers*perPublisher {
			t.Errorf("listener got %d events, want %d", len(r.ids), publishers*perPublisher)
		}
		last := make([]int, publishers)
		for p := range last {
			last[p] = -1
		}
		for _, id := range r.ids {
			p, i := id/perPublisher, id%perPublisher
			if i <= last[p] {
				t.Errorf("publisher %d: event %d after %d", p, i, last[p])
				break
			}
			last[p] = i
		}
	}
	if got := l.Subscribers(); got != 0 {
		t.Errorf("Subscribers = %d after Close, want 0", got)
	}
}

func BenchmarkPublish5000(b *testing.B) {
	const n = 5000
	l := newLocal(b, 64)
	subs := make([]*events.Subscription, n)
	for i := range subs {
		subs[i] = subscribe(b, l, b.Context(), partner(i))
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := i % n
		if err := l.Publish(ctx, events.Event{ID: i, PartnerID: p}); err != nil {
			b.Fatal(err)
		}
		<-subs[p].C() // the one match; keeps it from being dropped
	}
	b.StopTimer()
	if got := l.Subscribers(); got != n {
		b.Fatalf("Subscribers = %d, want %d", got, n)
	}
}

func BenchmarkSubscribe(b *testing.B) {
	l := newLocal(b, 64)
	ctx := b.Context()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s := subscribe(b, l, ctx, partner(i))
		s.Close()
	}
}

func Example() {
	bus := events.NewLocal(events.LocalOptions{})
	defer bus.Close()
	ctx := context.Background()
	sub, err := bus.Subscribe(ctx, func(c events.Event) bool { return c.PartnerID == 7 })
	if err != nil {
		panic(err)
	}
	defer sub.Close()
	_ = bus.Publish(ctx, events.Event{ID: 1, PartnerID: 3})
	_ = bus.Publish(ctx, events.Event{ID: 2, PartnerID: 7})
	fmt.Println((<-sub.C()).ID)
	// Output: 2
}
