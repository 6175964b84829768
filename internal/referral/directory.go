package referral

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/partner"
	"github.com/reftrack/reftrack/ent/referralurl"
	"github.com/reftrack/reftrack/ent/source"
	"github.com/reftrack/reftrack/internal/calendar"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/store"
	"golang.org/x/sync/singleflight"
)

// Directory answers which source a ref value names, from a small cache in
// front of the database: the click path asks it on every click.
type Directory struct {
	client *ent.Client
	ttl    time.Duration // how long a redirect URL change may take to show on other instances
	negTTL time.Duration // how long a new ref may stay unknown on other instances
	limit  int

	mu      sync.Mutex
	entries map[string]entry
	forgets uint64 // calls of Forget: a load that saw one start keeps no entry
	// loads makes the requests that miss on one ref at once share one
	// load: when a busy link's entry expires, every click in flight on it
	// misses together, and each loading it would take a connection.
	loads singleflight.Group
}

type entry struct {
	src     *clicks.Source // nil: no such ref
	expires time.Time
}

// NewDirectory returns a directory reading from client.
func NewDirectory(client *ent.Client) *Directory {
	return &Directory{
		client:  client,
		ttl:     10 * time.Second,
		negTTL:  2 * time.Second,
		limit:   100_000,
		entries: make(map[string]entry),
	}
}

// Lookup returns the source ref names, or nil when it names none.
func (d *Directory) Lookup(ctx context.Context, ref string) (*clicks.Source, error) {
	if src, ok := d.cached(ref); ok {
		return src, nil
	}
	ch := d.loads.DoChan(ref, func() (any, error) {
		// A load that ended just before this one started stored its entry.
		if src, ok := d.cached(ref); ok {
			return src, nil
		}
		// Not the caller's cancellation: the load is shared.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), loadTimeout)
		defer cancel()
		now := time.Now()
		d.mu.Lock()
		forgets := d.forgets
		d.mu.Unlock()
		src, err := d.load(ctx, ref)
		if err != nil {
			return nil, err
		}
		ttl := d.ttl
		if src == nil {
			ttl = d.negTTL
		}
		d.mu.Lock()
		defer d.mu.Unlock()
		if d.forgets != forgets {
			return src, nil // it may have read what changed since
		}
		if len(d.entries) >= d.limit {
			clear(d.entries) // rare; a cold cache only costs lookups
		}
		d.entries[ref] = entry{src: src, expires: now.Add(ttl)}
		return src, nil
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			return nil, res.Err
		}
		return res.Val.(*clicks.Source), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// loadTimeout bounds a shared load, which no caller's context ends.
const loadTimeout = 10 * time.Second

// cached returns the entry of ref when it has not expired.
func (d *Directory) cached(ref string) (*clicks.Source, bool) {
	d.mu.Lock()
	e, ok := d.entries[ref]
	d.mu.Unlock()
	if ok && time.Now().Before(e.expires) {
		return e.src, true
	}
	return nil, false
}

// Forget drops ref from the cache, after this instance changed it. Loads
// already running may have read it before the change: later lookups do
// not share them, and they keep nothing.
func (d *Directory) Forget(ref string) {
	d.mu.Lock()
	delete(d.entries, ref)
	d.forgets++
	d.mu.Unlock()
	d.loads.Forget(ref)
}

// ForgetPartner drops the refs of partnerID from the cache, after this
// instance disabled or enabled it. Other instances see the change when
// their entries expire.
func (d *Directory) ForgetPartner(partnerID int) {
	d.mu.Lock()
	var refs []string
	for ref, e := range d.entries {
		if e.src != nil && e.src.PartnerID == partnerID {
			refs = append(refs, ref)
		}
	}
	d.mu.Unlock()
	for _, ref := range refs {
		d.Forget(ref)
	}
}

func (d *Directory) load(ctx context.Context, ref string) (*clicks.Source, error) {
	ctx = store.System(ctx)
	s, err := d.client.Source.Query().Where(source.Ref(ref)).
		WithPartner(func(q *ent.PartnerQuery) { q.Select(partner.FieldTimezone, partner.FieldDisabledAt) }).
		Only(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look up ref: %w", err)
	}
	loc, err := calendar.LoadLocation(s.Edges.Partner.Timezone)
	if err != nil {
		loc = time.UTC // validated on creation; never expected
	}
	src := &clicks.Source{ID: s.ID, PartnerID: s.PartnerID, Ref: s.Ref, Location: loc, Disabled: s.Edges.Partner.DisabledAt != nil}
	if s.Kind == source.KindReferralURL {
		u, err := d.client.ReferralURL.Query().Where(referralurl.SourceID(s.ID)).Only(ctx)
		if err != nil {
			return nil, fmt.Errorf("look up referral URL: %w", err)
		}
		src.ReferralURL = true
		src.RedirectURL = u.RedirectURL
	}
	return src, nil
}
