package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/storetest"
)

const resumeSub = `subscription($after: Cursor) { conversionAdded(after: $after) { id cursor customer { email } } }`

// live is one resumable subscription over a real websocket, with the
// messages that came before the server answered the sync operation.
type live struct {
	*wsClient
	early *[]wsMessage
}

// resume dials s with token and subscribes to conversionAdded after the
// cursor ("" for none); it returns once the server registered it.
func resume(t *testing.T, s *apitest.Server, token, query, after string, vars map[string]any) live {
	t.Helper()
	c := dial(t, s, token)
	c.expect("connection_ack")
	v := map[string]any{}
	for k, x := range vars {
		v[k] = x
	}
	if after != "" {
		v["after"] = after
	}
	c.send(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": query, "variables": v}})
	// The subscription is registered once the server answered another
	// operation on the same connection after it.
	c.send(map[string]any{"id": "sync", "type": "subscribe", "payload": map[string]any{"query": `{ __typename }`}})
	var early []wsMessage
	for {
		m, err := c.next(10 * time.Second)
		if err != nil {
			t.Fatalf("waiting for the subscription: %v", err)
		}
		if m.ID == "sync" {
			if m.Type == "complete" {
				return live{c, &early}
			}
			continue
		}
		early = append(early, m)
	}
}

// message returns the next message of the subscription.
func (l live) message(timeout time.Duration) (wsMessage, error) {
	if len(*l.early) > 0 {
		m := (*l.early)[0]
		*l.early = (*l.early)[1:]
		return m, nil
	}
	return l.next(timeout)
}

// conversion reads the next conversion: its customer's email and cursor.
// The sync operation's answer, wherever it falls, is passed over.
func (l live) conversion(timeout time.Duration) (email, cursor string, err error) {
	{
		m, err := l.message(timeout)
		if err != nil {
			return "", "", err
		}
		var p struct {
			Data struct {
				ConversionAdded struct {
					Cursor   string
					Customer struct{ Email string }
				}
			}
			Errors []struct {
				Extensions struct{ Code string }
			}
		}
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			return "", "", err
		}
		if len(p.Errors) > 0 {
			return "", "", fmt.Errorf("error %s: %s", p.Errors[0].Extensions.Code, m.Payload)
		}
		if m.Type != "next" {
			return "", "", fmt.Errorf("got %s %s", m.Type, m.Payload)
		}
		return p.Data.ConversionAdded.Customer.Email, p.Data.ConversionAdded.Cursor, nil
	}
}

// expectEmails reads len(want) conversions and returns the last cursor.
func (l live) expectEmails(t *testing.T, want ...string) string {
	t.Helper()
	var cursor string
	for i, w := range want {
		got, cur, err := l.conversion(10 * time.Second)
		if err != nil {
			t.Fatalf("conversion %d (want %s): %v", i, w, err)
		}
		if got != w || cur == "" {
			t.Fatalf("conversion %d: %s (cursor %q), want %s", i, got, cur, w)
		}
		cursor = cur
	}
	return cursor
}

func (l live) expectNothing(t *testing.T) {
	t.Helper()
	if email, _, err := l.conversion(300 * time.Millisecond); err == nil {
		t.Fatalf("got another conversion: %s", email)
	}
}

type signer func(ref, email string)

func signupsOn(t *testing.T, s *apitest.Server, service string) signer {
	return func(ref, email string) {
		s.MustDo(t, service, `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"ref": ref, "email": email}}, nil)
	}
}

// subscribedFromTheStart returns a server, its partner A (link
// partner-a), a signer of signups and A's subscription to conversionAdded
// from the start of the log.
func subscribedFromTheStart(t *testing.T) (*apitest.Server, apitest.Partner, signer, live) {
	s := apitest.New(t)
	a, _ := partnerWithURL(t, s, "A", "partner-a")
	return s, a, signupsOn(t, s, s.ServiceToken(t)), resume(t, s, a.Token, resumeSub, "", nil)
}

// A subscriber that reconnects with the last cursor it received gets
// exactly the conversions it missed, in order, then the new ones; never
// another partner's.
func TestSubscriberResumesWithItsLastCursor(t *testing.T) {
	s := apitest.New(t)
	a, _ := partnerWithURL(t, s, "A", "partner-a")
	b, _ := partnerWithURL(t, s, "B", "partner-b")
	signup := signupsOn(t, s, s.ServiceToken(t))

	first := resume(t, s, a.Token, resumeSub, "", nil)
	signup("partner-a", "c0@a.example")
	signup("partner-a", "c1@a.example")
	last := first.expectEmails(t, "c0@a.example", "c1@a.example")
	first.conn.CloseNow()

	// Missed while away: three of A's, one of B's, a replay of one of A's.
	signup("partner-a", "c2@a.example")
	signup("partner-b", "b0@b.example")
	signup("partner-a", "c3@a.example")
	signup("partner-a", "c1@a.example")
	signup("partner-a", "c4@a.example")

	again := resume(t, s, a.Token, resumeSub, last, nil)
	again.expectEmails(t, "c2@a.example", "c3@a.example", "c4@a.example")
	signup("partner-b", "b1@b.example")
	signup("partner-a", "c5@a.example")
	again.expectEmails(t, "c5@a.example")
	again.expectNothing(t)

	// B's subscriber, from A's cursor, gets B's conversions only.
	fromA := resume(t, s, b.Token, resumeSub, last, nil)
	fromA.expectEmails(t, "b0@b.example", "b1@b.example")
	fromA.expectNothing(t)

	// The events subscription resumes the same way, filtered by type.
	const eventsSub = `subscription($after: Cursor, $types: [EventType!]) { events(after: $after, types: $types) { type cursor payload } }`
	ev := resume(t, s, a.Token, eventsSub, last, map[string]any{"types": []string{"CONVERSION_CREATED"}})
	for i, want := range []string{"c2@a.example", "c3@a.example", "c4@a.example", "c5@a.example"} {
		m, err := ev.message(10 * time.Second)
		if err != nil {
			t.Fatal(err)
		}
		var p struct {
			Data struct {
				Events struct {
					Type, Cursor string
					Payload      struct {
						Conversion struct{ Customer struct{ Email string } }
					}
				}
			}
		}
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			t.Fatal(err)
		}
		if e := p.Data.Events; e.Type != "CONVERSION_CREATED" || e.Cursor == "" || e.Payload.Conversion.Customer.Email != want {
			t.Fatalf("event %d: %s, want %s", i, m.Payload, want)
		}
	}
}

// Conversions recorded while a subscriber switches from the log to live
// delivery reach it exactly once each, in order.
func TestResumingDuringSignupsMissesAndRepeatsNothing(t *testing.T) {
	s, a, signup, first := subscribedFromTheStart(t)
	signup("partner-a", "start@a.example")
	start := first.expectEmails(t, "start@a.example")

	const n = 40
	var want []string
	for i := range n {
		want = append(want, fmt.Sprintf("c%02d@a.example", i))
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for _, e := range want {
			signup("partner-a", e)
		}
	})
	time.Sleep(20 * time.Millisecond) // some before, most during and after the switch
	again := resume(t, s, a.Token, resumeSub, start, nil)
	again.expectEmails(t, want...)
	wg.Wait()
	again.expectNothing(t)
}

// Across instances on PostgreSQL: a subscriber that was away resumes on
// another instance than the one it left, and gets what was recorded on a
// third's worth of instances in between, then live ones.
func TestSubscriberResumesOnAnotherInstance(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("instances share a database only on PostgreSQL; set " + storetest.EnvPostgres)
	}
	x, y := twoInstances(t, nil)
	p, _ := partnerWithURL(t, x, "P", "acme")
	signupX := signupsOn(t, x, x.ServiceToken(t))
	signupY := signupsOn(t, y, x.ServiceToken(t))

	onX := resume(t, x, p.Token, resumeSub, "", nil)
	signupY("acme", "c0@p.example")
	last := onX.expectEmails(t, "c0@p.example")
	onX.conn.CloseNow()
	signupX("acme", "c1@p.example")
	signupY("acme", "c2@p.example")

	onY := resume(t, y, p.Token, resumeSub, last, nil)
	onY.expectEmails(t, "c1@p.example", "c2@p.example")
	signupX("acme", "c3@p.example")
	signupY("acme", "c4@p.example")
	onY.expectEmails(t, "c3@p.example", "c4@p.example")
	onY.expectNothing(t)
}

// A cursor whose events were pruned is refused with CURSOR_EXPIRED, by the
// query and by the subscription; the last cursor of the log still resumes.
func TestPrunedCursorIsExpired(t *testing.T) {
	s, a, signup, first := subscribedFromTheStart(t)
	signup("partner-a", "c0@a.example")
	signup("partner-a", "c1@a.example")
	old := first.expectEmails(t, "c0@a.example")
	last := first.expectEmails(t, "c1@a.example")
	if _, err := eventlog.Prune(context.Background(), s.DB.Client, time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if r := s.Do(t, a.Token, eventsQuery, map[string]any{"after": old}); r.Code() != "CURSOR_EXPIRED" {
		t.Fatalf("events after a pruned cursor: code %q, data %s", r.Code(), r.Data)
	}
	expired := resume(t, s, a.Token, resumeSub, old, nil)
	if _, _, err := expired.conversion(5 * time.Second); err == nil || !strings.Contains(err.Error(), "CURSOR_EXPIRED") {
		t.Fatalf("conversionAdded after a pruned cursor: %v, want CURSOR_EXPIRED", err)
	}
	ok := resume(t, s, a.Token, resumeSub, last, nil)
	signup("partner-a", "c2@a.example")
	ok.expectEmails(t, "c2@a.example")
}
