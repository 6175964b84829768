package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
)

const fanoutSub = `subscription { conversionAdded { id } }`

type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

type delivery struct {
	id string
	at time.Time
}

// subscriber is one graphql-transport-ws client subscribed to
// conversionAdded.
type subscriber struct {
	conn *websocket.Conn
	mu   sync.Mutex
	got  []delivery
	bad  string // a message that was not a conversion, if any
}

// subscribe dials, initialises with token, subscribes and waits until the
// server has registered the subscription: it answers an operation sent
// after it on the same connection.
func subscribe(ctx context.Context, wsURL, token string) (*subscriber, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, wsURL, &websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		return nil, fmt.Errorf("dial: %w", err)
	}
	fail := func(err error) (*subscriber, error) {
		conn.CloseNow() //nolint:errcheck
		return nil, err
	}
	send := func(v any) error { return wsjson.Write(ctx, conn, v) }
	read := func() (wsMessage, error) {
		for {
			var m wsMessage
			if err := wsjson.Read(ctx, conn, &m); err != nil {
				return m, err
			}
			switch m.Type {
			case "ping":
				if err := send(map[string]any{"type": "pong"}); err != nil {
					return m, err
				}
			case "pong":
			default:
				return m, nil
			}
		}
	}
	if err := send(map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + token}}); err != nil {
		return fail(err)
	}
	if m, err := read(); err != nil || m.Type != "connection_ack" {
		return fail(fmt.Errorf("connection_init: got %q %s, %v", m.Type, m.Payload, err))
	}
	if err := send(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": fanoutSub}}); err != nil {
		return fail(err)
	}
	if err := send(map[string]any{"id": "sync", "type": "subscribe", "payload": map[string]any{"query": `{ __typename }`}}); err != nil {
		return fail(err)
	}
	for {
		m, err := read()
		if err != nil {
			return fail(fmt.Errorf("sync: %w", err))
		}
		if m.ID == "1" {
			return fail(fmt.Errorf("subscription answered %s %s", m.Type, m.Payload))
		}
		if m.ID == "sync" && m.Type == "complete" {
			break
		}
	}
	return &subscriber{conn: conn}, nil
}

// listen reads until the connection closes, noting every conversion.
func (s *subscriber) listen(total *atomic.Int64) {
	for {
		var m wsMessage
		if err := wsjson.Read(context.Background(), s.conn, &m); err != nil {
			return
		}
		at := time.Now()
		switch {
		case m.Type == "ping":
			wsjson.Write(context.Background(), s.conn, map[string]any{"type": "pong"}) //nolint:errcheck
		case m.Type == "next" && m.ID == "1":
			var p struct {
				Data struct {
					ConversionAdded struct{ ID string }
				}
			}
			if json.Unmarshal(m.Payload, &p) != nil || p.Data.ConversionAdded.ID == "" {
				s.mu.Lock()
				s.bad = string(m.Payload)
				s.mu.Unlock()
				continue
			}
			s.mu.Lock()
			s.got = append(s.got, delivery{p.Data.ConversionAdded.ID, at})
			s.mu.Unlock()
			total.Add(1)
		case m.Type == "pong":
		default:
			s.mu.Lock()
			s.bad = m.Type + " " + string(m.Payload)
			s.mu.Unlock()
		}
	}
}

func (b *bench) fanout(ctx context.Context) error {
	o := b.o
	p, err := b.api.newPartner(ctx, b.runID, "fanout", 0)
	if err != nil {
		return err
	}
	service, err := b.api.serviceToken(ctx)
	if err != nil {
		return err
	}
	wsURL := "ws" + strings.TrimPrefix(b.rt.url, "http") + "/graphql"
	b.header = append(b.header, fmt.Sprintf(
		`fanout:    %s graphql-transport-ws websockets to /graphql, connection_init {"Authorization":"Bearer <partner token>"}, subscribe %s, each synced by a { __typename } answered on the same connection; then %d recordSignup mutations (service token, ref = the partner's slug), one every 200ms; delivery latency = from just before sending recordSignup to receipt of the next message.`,
		thousands(o.subs), fanoutSub, o.signups))

	time.Sleep(500 * time.Millisecond)
	before, err := b.rt.mem(true)
	if err != nil {
		return err
	}
	rssBefore, err := b.rt.rss()
	if err != nil {
		return err
	}

	b.logf("dialing %s subscribers", thousands(o.subs))
	subs := make([]*subscriber, o.subs)
	var (
		next     atomic.Int64
		errOnce  sync.Once
		firstErr error
		wg       sync.WaitGroup
		total    atomic.Int64
	)
	t := time.Now()
	for range 50 {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(subs) {
					return
				}
				s, err := subscribe(ctx, wsURL, p.token)
				if err != nil {
					errOnce.Do(func() { firstErr = fmt.Errorf("subscriber %d: %w", i, err) })
					return
				}
				subs[i] = s
				go s.listen(&total)
			}
		})
	}
	wg.Wait()
	closeAll := func() {
		var cw sync.WaitGroup
		for _, s := range subs {
			if s != nil {
				cw.Go(func() { s.conn.Close(websocket.StatusNormalClosure, "") }) //nolint:errcheck
			}
		}
		cw.Wait()
	}
	if firstErr != nil {
		closeAll()
		return firstErr
	}
	dialTook := time.Since(t)
	b.logf("%s subscribers ready in %s", thousands(o.subs), dialTook.Round(100*time.Millisecond))

	time.Sleep(time.Second)
	with, err := b.rt.mem(true)
	if err != nil {
		closeAll()
		return err
	}
	rssWith, _ := b.rt.rss()
	if o.profileDir != "" {
		path := filepath.Join(o.profileDir, "fanout-reftrack.heap.pprof")
		if err := b.rt.heapProfile(path); err == nil {
			b.logf("saved heap profile %s", path)
		}
		path = filepath.Join(o.profileDir, "fanout-reftrack.goroutines.txt")
		if err := b.rt.goroutineProfile(path); err == nil {
			b.logf("saved goroutine stacks %s", path)
		}
	}
	n := float64(o.subs)
	heapPer := (float64(with.HeapInuse+with.StackInuse) - float64(before.HeapInuse+before.StackInuse)) / n
	rssPer := (float64(rssWith) - float64(rssBefore)) / n
	b.rep.add("fanout", "subscribers connected and synced", fmt.Sprintf("%s in %s", thousands(o.subs), dialTook.Round(100*time.Millisecond)), "", nil)
	b.rep.add("fanout", "server memory per idle subscriber, heap+stack after GC",
		fmt.Sprintf("%.1f KiB = heap %.1f + stacks %.1f (%s -> %s)", heapPer/1024,
			(float64(with.HeapInuse)-float64(before.HeapInuse))/n/1024, (float64(with.StackInuse)-float64(before.StackInuse))/n/1024,
			mib(float64(before.HeapInuse+before.StackInuse)), mib(float64(with.HeapInuse+with.StackInuse))),
		"<= 20 KB", ptr(heapPer <= 20_000))
	b.rep.add("fanout", "server memory per idle subscriber, VmRSS",
		fmt.Sprintf("%.1f KiB (%s -> %s)", rssPer/1024, mib(float64(rssBefore)), mib(float64(rssWith))),
		"<= 20 KB", ptr(rssPer <= 20_000))

	// Signups, one every 200ms.
	sent := make(map[string]time.Time, o.signups)
	var mutLat []time.Duration
	tick := time.NewTicker(200 * time.Millisecond)
	for k := range o.signups {
		if k > 0 {
			<-tick.C
		}
		var out struct{ RecordSignup struct{ ID string } }
		t0 := time.Now()
		err := b.api.do(ctx, service, `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"ref": p.slug, "email": fmt.Sprintf("fan-%d-%s@bench.example", k, b.runID)}}, &out)
		if err != nil {
			tick.Stop()
			closeAll()
			return fmt.Errorf("recordSignup: %w", err)
		}
		mutLat = append(mutLat, time.Since(t0))
		sent[out.RecordSignup.ID] = t0
	}
	tick.Stop()
	want := int64(o.subs * o.signups)
	deadline := time.Now().Add(10 * time.Second)
	for total.Load() < want && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // a duplicate, if any, would show

	var lat []time.Duration
	missed, unknown, dup := 0, 0, 0
	badSample := ""
	for _, s := range subs {
		s.mu.Lock()
		seen := map[string]bool{}
		for _, d := range s.got {
			t0, ok := sent[d.id]
			switch {
			case !ok:
				unknown++
			case seen[d.id]:
				dup++
			default:
				seen[d.id] = true
				lat = append(lat, d.at.Sub(t0))
			}
		}
		missed += len(sent) - len(seen)
		if s.bad != "" && badSample == "" {
			badSample = s.bad
		}
		s.mu.Unlock()
	}
	slices.Sort(lat)
	slices.Sort(mutLat)
	b.rep.add("fanout", fmt.Sprintf("delivery latency, %s subscribers x %d signups", thousands(o.subs), o.signups),
		fmt.Sprintf("p50 %s, p99 %s, max %s over %s deliveries (recordSignup itself: p50 %s)",
			ms(percentile(lat, .5)), ms(percentile(lat, .99)), ms(percentile(lat, 1)), thousands(len(lat)), ms(percentile(mutLat, .5))),
		"p99 <= 1 s", ptr(len(lat) > 0 && percentile(lat, .99) <= time.Second))
	missedText := fmt.Sprintf("%d missed of %s", missed, thousands(int(want)))
	if unknown+dup > 0 || badSample != "" {
		missedText += fmt.Sprintf(" (%d unexpected, %d duplicate; e.g. %.120s)", unknown, dup, badSample)
	}
	b.rep.add("fanout", "deliveries missed (10 s grace)", missedText, "0", ptr(missed == 0 && unknown == 0 && dup == 0))

	// Close everyone; the server's goroutines should return to the baseline.
	b.logf("closing subscribers")
	closeAll()
	const margin = 10
	var after memReport
	waited := time.Now()
	for {
		time.Sleep(250 * time.Millisecond)
		after, err = b.rt.mem(false)
		if err != nil {
			return err
		}
		if after.Goroutines <= before.Goroutines+margin || time.Since(waited) > 15*time.Second {
			break
		}
	}
	back := after.Goroutines <= before.Goroutines+margin
	b.rep.add("fanout", "server goroutines: before, with subscribers, after close",
		fmt.Sprintf("%d, %d (%.1f per subscriber), %d after %s", before.Goroutines, with.Goroutines,
			float64(with.Goroutines-before.Goroutines)/n, after.Goroutines, time.Since(waited).Round(250*time.Millisecond)),
		fmt.Sprintf("back to before +%d", margin), ptr(back))
	return nil
}
