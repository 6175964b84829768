package graph

import (
	"context"
	"errors"

	"github.com/reftrack/reftrack/auth"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/events"
	"github.com/reftrack/reftrack/viewer"
)

// conversionFeed streams the conversions the viewer may see. The bus filter
// only saves work; each conversion is loaded through the privacy rules with
// the subscriber's own viewer, which is what keeps partners apart.
func conversionFeed(ctx context.Context, client *ent.Client, bus events.Bus) (<-chan *ent.Conversion, error) {
	v, err := auth.RequireRole(ctx, viewer.Partner, viewer.Admin)
	if err != nil {
		return nil, err
	}
	var filter events.Filter
	if partnerID, ok := v.Partner(); ok {
		filter = func(c events.Conversion) bool { return c.PartnerID == partnerID }
	}
	sub, err := bus.Subscribe(ctx, filter)
	if err != nil {
		return nil, err
	}
	out := make(chan *ent.Conversion, 1)
	go func() {
		defer close(out)
		defer sub.Close()
		for ev := range sub.C() {
			conv, err := client.Conversion.Get(ctx, ev.ID)
			if err != nil {
				continue // not visible to this viewer, or gone
			}
			select {
			case out <- conv:
			case <-ctx.Done():
				return
			case <-sub.Done():
				if errors.Is(sub.Err(), events.ErrSlowSubscriber) {
					dropSlow(ctx)
				}
				return
			}
		}
		if errors.Is(sub.Err(), events.ErrSlowSubscriber) {
			dropSlow(ctx)
		}
	}()
	return out, nil
}

// CloseTryAgainLater is the websocket close code a subscriber that fell
// behind is dropped with: reconnect, subscribe again, and reload what was
// missed (the conversions query).
const CloseTryAgainLater = 1013

// ConnCloser closes the connection a subscription runs on.
type ConnCloser func(code int, reason string)

type closerKey struct{}

// WithConnCloser returns ctx carrying the closer of its websocket.
func WithConnCloser(ctx context.Context, f ConnCloser) context.Context {
	return context.WithValue(ctx, closerKey{}, f)
}

// dropSlow closes the subscriber's connection with CloseTryAgainLater; on
// transports without one (server-sent events) the stream just ends.
func dropSlow(ctx context.Context) {
	if f, ok := ctx.Value(closerKey{}).(ConnCloser); ok {
		f(CloseTryAgainLater, "subscriber fell behind: reconnect and resubscribe")
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
