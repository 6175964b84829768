// Package eventlog is the durable log of events told to integrations: each
// is appended in the transaction of the change it describes, so it exists
// exactly when the change does, and is read back in the order of its
// sequence, which is the cursor of every feed (the events query, the
// resumable subscriptions, webhooks).
//
// # Appending an event
//
// Inside the mutation's transaction, after the change is made and its checks
// have passed, call Append with the transaction's client, last of all
// writes:
//
//	_, err := eventlog.Append(ctx, client, eventlog.Event{
//		Type:      eventlog.CustomerTagsChanged,
//		PartnerID: c.PartnerID,
//		Payload:   eventlog.TagsChanged{Customer: eventlog.CustomerOf(c, tags), Added: added},
//	})
//
// Append takes the log's lock (a row lock on PostgreSQL) and holds it until
// the transaction ends, so take no other lock after it and commit soon. A
// mutation that fails rolls its event back with everything else; one that
// changes nothing (a replayed signup, tags already set) must not append.
// A change that tells many at once (a deleted tag's customers) appends
// them with AppendAll: one move of the counter, one insert.
// A new type is a constant here, a payload type in payload.go, a value of
// the EventType enum in schema.graphqls, and, if the company's backend may
// read it, an entry of schema.ServiceEventTypes.
//
// Payloads hold the same fields as the API's objects, with database ids in
// fields named "id"; Render shows them with public ids.
package eventlog

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"time"

	"entgo.io/contrib/entgql"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/event"
	"github.com/reftrack/reftrack/ent/eventsequence"
	"github.com/reftrack/reftrack/internal/publicid"
	"github.com/reftrack/reftrack/internal/store"
)

// Type is an event's type, as integrations see it.
type Type string

// The event types.
const (
	ConversionCreated   Type = "conversion.created"
	CustomerTagsChanged Type = "customer.tags_changed"
	RefTagCreated       Type = "ref_tag.created"
	ReferralURLUpdated  Type = "referral_url.updated"
	// WebhookEndpointDisabled tells an endpoint's owner that it gets
	// nothing any more: it answered 410, failed for days, or was disabled
	// through the API. An admin's endpoint's event has PartnerID 0: only
	// admins read it.
	WebhookEndpointDisabled Type = "webhook_endpoint.disabled"
)

// Types lists every event type.
var Types = []Type{ConversionCreated, CustomerTagsChanged, RefTagCreated, ReferralURLUpdated, WebhookEndpointDisabled}

// Event is an event to append.
type Event struct {
	Type Type
	// PartnerID is the partner the event belongs to; 0 for a program-wide
	// one (an admin's webhook endpoint), which only admins read.
	PartnerID int
	// OccurredAt is when the change happened; now when zero.
	OccurredAt time.Time
	// Payload is marshalled with encoding/json: one of the payload types.
	Payload any
	// ConversionID links a conversion.created event to its conversion, so
	// that conversionAdded can show each conversion's cursor.
	ConversionID int
}

// Append appends e to the log in the transaction client runs in, and
// returns the stored event. See the package comment.
func Append(ctx context.Context, client *ent.Client, e Event) (*ent.Event, error) {
	payload, err := json.Marshal(e.Payload)
	if err != nil {
		return nil, fmt.Errorf("event payload: %w", err)
	}
	if e.OccurredAt.IsZero() {
		e.OccurredAt = time.Now()
	}
	seq, err := next(ctx, client, 1)
	if err != nil {
		return nil, err
	}
	create := client.Event.Create().
		SetSeq(seq).SetPublicID(newID()).SetType(string(e.Type)).SetPartnerID(e.PartnerID).
		SetOccurredAt(e.OccurredAt.UTC()).SetPayload(string(payload))
	if e.ConversionID != 0 {
		create.SetConversionID(e.ConversionID)
	}
	ev, err := create.Save(store.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("append event: %w", err)
	}
	return ev, nil
}

// AppendAll appends evs in their order, as Append appends each, with one
// increment of the log's counter and one insert: for a change that tells
// many at once (a deleted tag's customers). See the package comment.
func AppendAll(ctx context.Context, client *ent.Client, evs []Event) ([]*ent.Event, error) {
	if len(evs) == 0 {
		return nil, nil
	}
	last, err := next(ctx, client, int64(len(evs)))
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	creates := make([]*ent.EventCreate, len(evs))
	for i, e := range evs {
		payload, err := json.Marshal(e.Payload)
		if err != nil {
			return nil, fmt.Errorf("event payload: %w", err)
		}
		at := now
		if !e.OccurredAt.IsZero() {
			at = e.OccurredAt.UTC()
		}
		creates[i] = client.Event.Create().
			SetSeq(last - int64(len(evs)-1-i)).SetPublicID(newID()).SetType(string(e.Type)).SetPartnerID(e.PartnerID).
			SetOccurredAt(at).SetPayload(string(payload))
		if e.ConversionID != 0 {
			creates[i].SetConversionID(e.ConversionID)
		}
	}
	out, err := client.Event.CreateBulk(creates...).Save(store.System(ctx))
	if err != nil {
		return nil, fmt.Errorf("append events: %w", err)
	}
	return out, nil
}

// nextSeq increments the log's counter and returns the new value. The row
// stays locked until the transaction ends: appends are serialised from
// here to their commit, so sequences are visible in their order and a
// reader that saw n can never later find a committed n-1. A rolled back
// transaction gives its number back, so the log has no holes.
// It is incremented by n, for n events.
const nextSeq = `INSERT INTO event_sequences (id, last_seq) VALUES (1, $1)
ON CONFLICT (id) DO UPDATE SET last_seq = event_sequences.last_seq + $1 RETURNING last_seq`

func next(ctx context.Context, client *ent.Client, n int64) (int64, error) {
	rows, err := client.QueryContext(ctx, nextSeq, n)
	if err != nil {
		return 0, fmt.Errorf("next event sequence: %w", err)
	}
	defer rows.Close()
	var seq int64
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return 0, fmt.Errorf("next event sequence: %w", err)
		}
		return 0, fmt.Errorf("next event sequence: no row")
	}
	if err := rows.Scan(&seq); err != nil {
		return 0, fmt.Errorf("next event sequence: %w", err)
	}
	return seq, rows.Close()
}

// newID returns a public event id: evt_ and 22 characters of base64url
// from 16 random bytes.
func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return "evt_" + base64.RawURLEncoding.EncodeToString(b[:])
}

// Render returns ev's payload as the API shows it: every field named "id"
// holds a public id.
func Render(codec *publicid.Codec, ev *ent.Event) (json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(ev.Payload)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("event %d payload: %w", ev.ID, err)
	}
	if err := publicIDs(codec, v); err != nil {
		return nil, fmt.Errorf("event %d payload: %w", ev.ID, err)
	}
	return json.Marshal(v)
}

func publicIDs(codec *publicid.Codec, v any) error {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if n, ok := x.(json.Number); ok && k == "id" {
				id, err := n.Int64()
				if err != nil {
					return err
				}
				v[k] = codec.Encode(int(id))
				continue
			}
			if err := publicIDs(codec, x); err != nil {
				return err
			}
		}
	case []any:
		for _, x := range v {
			if err := publicIDs(codec, x); err != nil {
				return err
			}
		}
	}
	return nil
}

// SeqOf returns the sequence a cursor of the log points at: the events
// query's, an event's or a conversion's (Conversion.cursor).
func SeqOf(cur *entgql.Cursor[int]) (int64, error) {
	// The cursor's value comes back from msgpack as whichever integer type
	// holds it.
	v := reflect.ValueOf(cur.Value)
	switch {
	case v.CanInt() && v.Int() >= 0:
		return v.Int(), nil
	case v.CanUint() && v.Uint() <= math.MaxInt64:
		return int64(v.Uint()), nil
	}
	return 0, publicid.ErrInvalidCursor
}

// CursorOf returns ev's cursor, as the events query shows it.
func CursorOf(ev *ent.Event) *entgql.Cursor[int] {
	return &entgql.Cursor[int]{ID: ev.ID, Value: ev.Seq}
}

// ErrExpired is the error for a cursor whose next events were pruned.
var ErrExpired = reftrack.Errorf(reftrack.Expired,
	"the events after this cursor are older than the retention and were pruned: start again without a cursor")

// Resumable checks that every event after seq is still in the log: none
// between seq and the oldest one kept was pruned. The log has no holes, so
// this is one look at its oldest event (or, when it is empty, its counter).
func Resumable(ctx context.Context, client *ent.Client, seq int64) error {
	ctx = store.System(ctx)
	oldest, err := client.Event.Query().Order(ent.Asc(event.FieldSeq)).Select(event.FieldSeq).First(ctx)
	switch {
	case err == nil:
		if oldest.Seq > seq+1 {
			return ErrExpired
		}
		return nil
	case !ent.IsNotFound(err):
		return fmt.Errorf("oldest event: %w", err)
	}
	head, err := Head(ctx, client)
	if err != nil {
		return err
	}
	if head > seq {
		return ErrExpired
	}
	return nil
}

// Head returns the sequence of the last event appended (0 before the
// first), as of the transaction or statement it runs in.
func Head(ctx context.Context, client *ent.Client) (int64, error) {
	s, err := client.EventSequence.Query().Select(eventsequence.FieldLastSeq).First(store.System(ctx))
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("event log head: %w", err)
	}
	return s.LastSeq, nil
}

// OnAppend calls fn with each event appended through client (and its
// transactions) once its transaction commits: the server announces it to
// live readers on every instance.
func OnAppend(client *ent.Client, fn func(*ent.Event)) {
	client.Event.Use(func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if ev, ok := v.(*ent.Event); ok && err == nil {
				store.AfterCommit(ctx, func() { fn(ev) })
			}
			return v, err
		})
	})
}
