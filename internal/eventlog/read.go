package eventlog

import (
	"context"
	"fmt"

	"entgo.io/contrib/entgql"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/conversion"
	"github.com/reftrack/reftrack/ent/event"
	"github.com/reftrack/reftrack/internal/auth"
)

// order is the log's one order: by sequence, oldest first.
var order = ent.WithEventOrder(&ent.EventOrder{Field: ent.EventOrderFieldSeq, Direction: entgql.OrderDirectionAsc})

// Page returns the events the viewer may read after the cursor, oldest
// first, of the given types (all when none). The privacy rules choose the
// events: a partner's own, every one for an admin, the service's types.
func Page(ctx context.Context, client *ent.Client, after *entgql.Cursor[int], first *int, types []Type) (*ent.EventConnection, error) {
	if _, err := auth.Require(ctx); err != nil {
		return nil, err
	}
	if after != nil {
		seq, err := SeqOf(after)
		if err != nil {
			return nil, err
		}
		if err := Resumable(ctx, client, seq); err != nil {
			return nil, err
		}
	}
	q := client.Event.Query()
	if len(types) > 0 {
		q.Where(event.TypeIn(strs(types)...))
	}
	return q.Paginate(ctx, after, first, nil, nil, order)
}

// After returns at most limit events the viewer may read with a sequence
// above seq, oldest first, of the given types (all when none).
func After(ctx context.Context, client *ent.Client, seq int64, limit int, types []Type) ([]*ent.Event, error) {
	q := client.Event.Query().Where(event.SeqGT(seq)).Order(ent.Asc(event.FieldSeq)).Limit(limit)
	if len(types) > 0 {
		q.Where(event.TypeIn(strs(types)...))
	}
	evs, err := q.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	return evs, nil
}

// Conversions returns the conversions the conversion.created events among
// evs name, each with its event, in evs' order; one query. Conversions the
// viewer may not read are left out.
func Conversions(ctx context.Context, client *ent.Client, evs []*ent.Event) ([]*ent.Conversion, error) {
	var ids []int
	for _, ev := range evs {
		if ev.Type == string(ConversionCreated) && ev.ConversionID != nil {
			ids = append(ids, *ev.ConversionID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	convs, err := client.Conversion.Query().Where(conversion.IDIn(ids...)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read conversions: %w", err)
	}
	byID := make(map[int]*ent.Conversion, len(convs))
	for _, c := range convs {
		byID[c.ID] = c
	}
	out := make([]*ent.Conversion, 0, len(convs))
	for _, ev := range evs {
		if ev.ConversionID == nil {
			continue
		}
		if c := byID[*ev.ConversionID]; c != nil {
			c.Edges.Event = ev
			out = append(out, c)
		}
	}
	return out, nil
}

// ConversionCursor returns the cursor of c's conversion.created event; nil
// when the log does not hold it (recorded before the log, or pruned).
func ConversionCursor(ctx context.Context, c *ent.Conversion) (*entgql.Cursor[int], error) {
	ev, err := c.Edges.EventOrErr()
	if err != nil {
		ev, err = c.QueryEvent().Only(ctx)
	}
	if ent.IsNotFound(err) || (err == nil && ev == nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("conversion's event: %w", err)
	}
	return CursorOf(ev), nil
}

func strs(types []Type) []string {
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = string(t)
	}
	return out
}
