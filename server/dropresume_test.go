package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/reftrack/reftrack/ent"
	entpartner "github.com/reftrack/reftrack/ent/partner"
	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/graphqlws"
	"github.com/reftrack/reftrack/internal/store"
)

// sseSubscribe opens query with variables over server-sent events.
func sseSubscribe(t *testing.T, s *apitest.Server, token, query string, vars map[string]any) *sseStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+token)
	return openSSE(t, s.Client(), req, cancel)
}

// next returns the email and cursor of the stream's next conversion.
func (st *sseStream) next(t *testing.T, timeout time.Duration) (email, cursor string, ok bool) {
	t.Helper()
	select {
	case data, open := <-st.events:
		if !open {
			t.Fatal("the SSE stream ended")
		}
		var p struct {
			Data struct {
				ConversionAdded struct {
					Cursor   string
					Customer struct{ Email string }
				}
			}
			Errors []json.RawMessage
		}
		if err := json.Unmarshal([]byte(data), &p); err != nil || len(p.Errors) > 0 {
			t.Fatalf("SSE data %s: %v", data, err)
		}
		return p.Data.ConversionAdded.Customer.Email, p.Data.ConversionAdded.Cursor, true
	case <-time.After(timeout):
		return "", "", false
	}
}

// Over server-sent events, conversionAdded(after:) resumes as it does over
// a websocket: exactly the conversions recorded after the cursor, in
// order (not another partner's, not a signup reported again), then live
// ones, none twice.
func TestSSEResumesWithItsLastCursor(t *testing.T) {
	s := apitest.New(t)
	a, _ := partnerWithURL(t, s, "A", "partner-a")
	partnerWithURL(t, s, "B", "partner-b")
	signup := signupsOn(t, s, s.ServiceToken(t))
	signup("partner-a", "c0@a.example")
	var out struct {
		Conversions struct {
			Edges []struct{ Node struct{ Cursor string } }
		}
	}
	s.MustDo(t, a.Token, `{ conversions(first: 1) { edges { node { cursor } } } }`, nil, &out)
	last := out.Conversions.Edges[0].Node.Cursor

	// Missed while away.
	signup("partner-a", "c1@a.example")
	signup("partner-b", "b0@b.example")
	signup("partner-a", "c2@a.example")
	signup("partner-a", "c1@a.example") // reported again: no new conversion

	st := sseSubscribe(t, s, a.Token, resumeSub, map[string]any{"after": last})
	var got, cursors []string
	for _, want := range []string{"c1@a.example", "c2@a.example"} {
		email, cur, ok := st.next(t, 10*time.Second)
		if !ok {
			t.Fatalf("after %v: no conversion, want %s", got, want)
		}
		got, cursors = append(got, email), append(cursors, cur)
	}
	signup("partner-b", "b1@b.example")
	signup("partner-a", "c3@a.example")
	email, cur, ok := st.next(t, 10*time.Second)
	if !ok {
		t.Fatalf("after %v: no live conversion", got)
	}
	got, cursors = append(got, email), append(cursors, cur)
	if want := []string{"c1@a.example", "c2@a.example", "c3@a.example"}; !slices.Equal(got, want) {
		t.Fatalf("over SSE after the cursor: %v, want %v", got, want)
	}
	if slices.Contains(cursors, "") || len(slices.Compact(slices.Clone(cursors))) != 3 {
		t.Fatalf("cursors %v", cursors)
	}
	if email, _, ok := st.next(t, 300*time.Millisecond); ok {
		t.Fatalf("then %s as well", email)
	}
	st.cancel()

	// Resuming again from the middle gives the rest, then nothing.
	again := sseSubscribe(t, s, a.Token, resumeSub, map[string]any{"after": cursors[0]})
	for _, want := range []string{"c2@a.example", "c3@a.example"} {
		if email, _, ok := again.next(t, 10*time.Second); !ok || email != want {
			t.Fatalf("resumed from c1's cursor: %q, want %s", email, want)
		}
	}
	if email, _, ok := again.next(t, 300*time.Millisecond); ok {
		t.Fatalf("then %s as well", email)
	}
}

const refTagEvents = `subscription($after: Cursor) { events(after: $after, types: [REF_TAG_CREATED]) { cursor payload } }`

// refTagEvent reads the next message of an events subscription: the ref
// tag's name and the cursor; closed is the close code when the connection
// ended instead.
func (l live) refTagEvent(timeout time.Duration) (name, cursor string, closed websocket.StatusCode, err error) {
	m, err := l.message(timeout)
	if err != nil {
		return "", "", websocket.CloseStatus(err), err
	}
	var p struct {
		Data struct {
			Events struct {
				Cursor  string
				Payload struct{ RefTag struct{ Name string } }
			}
		}
	}
	if m.Type != "next" {
		return "", "", -1, fmt.Errorf("got %s %s", m.Type, m.Payload)
	}
	if err := json.Unmarshal(m.Payload, &p); err != nil {
		return "", "", -1, err
	}
	return p.Data.Events.Payload.RefTag.Name, p.Data.Events.Cursor, -1, nil
}

// appendBurst appends one ref_tag.created event per name for each partner
// (by email), in one transaction, as a mutation that changes many things
// at once does: the subscribers' audience reads them in pages of 100.
func appendBurst(t *testing.T, s *apitest.Server, names []string, partners ...string) {
	t.Helper()
	ctx := store.System(context.Background())
	var ids []int
	for _, email := range partners {
		ids = append(ids, s.DB.Partner.Query().Where(entpartner.Email(email)).OnlyIDX(ctx))
	}
	err := store.WithTx(ctx, s.DB.Client, func(ctx context.Context, tx *ent.Tx) error {
		for i, n := range names {
			for _, pid := range ids {
				if _, err := eventlog.Append(ctx, tx.Client(), eventlog.Event{Type: eventlog.RefTagCreated, PartnerID: pid,
					Payload: eventlog.RefTagPayload{RefTag: eventlog.RefTag{ID: 1_000_000 + i, Name: n, Code: n}}}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A websocket subscriber too slow for a burst is dropped with 1013; it
// resubscribes with the last cursor it received (in the middle of its
// events) and gets the rest and then live events: every one of its
// events once, in order, none of another partner's.
func TestDroppedSubscriberResumesWithoutLossOrDuplicate(t *testing.T) {
	s := apitest.New(t)
	a := s.CreatePartner(t, "A", "a@burst.example", "UTC")
	s.CreatePartner(t, "B", "b@burst.example", "UTC")

	first := resume(t, s, a.Token, refTagEvents, "", nil)
	appendBurst(t, s, []string{"start"}, "a@burst.example")
	name, last, _, err := first.refTagEvent(10 * time.Second)
	if err != nil || name != "start" {
		t.Fatalf("the first event: %q, %v", name, err)
	}

	const n, before = 450, 50
	var want []string
	for i := range n {
		want = append(want, fmt.Sprintf("t%03d", i))
	}
	// Fewer than it may fall behind by: it reads them all.
	appendBurst(t, s, want[:before], "a@burst.example", "b@burst.example")
	var got []string
	for range before {
		name, cur, _, err := first.refTagEvent(10 * time.Second)
		if err != nil {
			t.Fatalf("after %d of the first %d events: %v", len(got), before, err)
		}
		got, last = append(got, name), cur
	}
	// Then it reads nothing while a burst is appended and handed out: far
	// more than the 64 it may fall behind by.
	appendBurst(t, s, want[before:], "a@burst.example", "b@burst.example")
	time.Sleep(500 * time.Millisecond)
	for {
		name, cur, code, err := first.refTagEvent(10 * time.Second)
		if err != nil {
			if code != graphqlws.CloseTryAgainLater {
				t.Fatalf("after %d events the subscription ended with %v (close code %d), want close code %d", len(got), err, code, graphqlws.CloseTryAgainLater)
			}
			break
		}
		got, last = append(got, name), cur
	}
	if len(got) >= n {
		t.Fatalf("the slow subscriber received all %d events before it was dropped", len(got))
	}
	dropped := len(got)

	again := resume(t, s, a.Token, refTagEvents, last, nil)
	for len(got) < n {
		name, _, _, err := again.refTagEvent(10 * time.Second)
		if err != nil {
			t.Fatalf("resumed after %d of %d events: %v", len(got), n, err)
		}
		got = append(got, name)
	}
	appendBurst(t, s, []string{"live"}, "a@burst.example", "b@burst.example")
	if name, _, _, err := again.refTagEvent(10 * time.Second); err != nil || name != "live" {
		t.Fatalf("the live event after resuming: %q, %v", name, err)
	}
	if name, _, _, err := again.refTagEvent(300 * time.Millisecond); err == nil {
		t.Fatalf("then %q as well", name)
	}
	if !slices.Equal(got, want) {
		for i := range got {
			if i >= len(want) || got[i] != want[i] {
				t.Fatalf("event %d is %q, want %q (dropped after %d)", i, got[i], want[min(i, len(want)-1)], dropped)
			}
		}
	}
	t.Logf("dropped with 1013 after %d of %d events (%d of the burst); resumed with the rest", dropped, n, dropped-before)
}
