package graph

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/reftrack/reftrack/auth"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/events"
	"github.com/reftrack/reftrack/viewer"
)

// conversionFeed streams the conversions the viewer may see. The bus filter
// only saves work; each conversion is loaded through the privacy rules with
// the subscriber's own viewer, which is what keeps partners apart.
func conversionFeed(ctx context.Context, client *ent.Client, bus events.Bus, shared *sharedLoads) (<-chan *ent.Conversion, error) {
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
			conv, err := shared.load(ctx, v, ev.ID, func() (*ent.Conversion, error) {
				return client.Conversion.Get(ctx, ev.ID)
			})
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

// sharedLoads loads each published conversion once per kind of viewer (its
// role and partner), through the privacy rules with that viewer, however
// many subscribers share it: 5,000 subscribers of one partner cost one
// query per conversion, not 5,000.
type sharedLoads struct {
	group  singleflight.Group
	mu     sync.Mutex
	recent map[string]sharedLoad // the last few loads, for subscribers a moment late
	order  []string
}

type sharedLoad struct {
	conv *ent.Conversion
	err  error
}

// recentLoads is how many loads sharedLoads remembers.
const recentLoads = 256

func (s *sharedLoads) load(ctx context.Context, v *viewer.Viewer, id int, get func() (*ent.Conversion, error)) (*ent.Conversion, error) {
	key := fmt.Sprintf("%d/%s/%d", id, v.Role, v.PartnerID)
	s.mu.Lock()
	r, ok := s.recent[key]
	s.mu.Unlock()
	if ok {
		return r.conv, r.err
	}
	out, err, _ := s.group.Do(key, func() (any, error) {
		conv, err := get()
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.recent == nil {
			s.recent = make(map[string]sharedLoad, recentLoads)
		}
		if len(s.order) == recentLoads {
			delete(s.recent, s.order[0])
			s.order = s.order[1:]
		}
		s.recent[key] = sharedLoad{conv, err}
		s.order = append(s.order, key)
		return conv, err
	})
	conv, _ := out.(*ent.Conversion)
	return conv, err
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
