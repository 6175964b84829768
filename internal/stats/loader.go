package stats

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/partner"
	"github.com/reftrack/reftrack/internal/calendar"
)

// Key asks for the stats of one source, or of a whole partner when Source
// is 0, over Range; with Daily, with one entry per day.
type Key struct {
	Source  int
	Partner int
	Range   calendar.Range
	Daily   bool
}

// Loader batches the stats and timezone lookups of one request, so that a
// table of 100 tags costs one timezone query and one rollup query.
type Loader struct {
	client    *ent.Client
	now       func() time.Time
	once      sync.Once
	mu        sync.Mutex
	primed    map[Key]*Stats
	stats     *dataloadgen.Loader[Key, *Stats]
	locations *dataloadgen.Loader[int, *time.Location]
}

// NewLoader returns a loader for one operation; now tells what "today" is.
// It caches nothing: a subscription's loader lives as long as it does.
func NewLoader(client *ent.Client, now func() time.Time) *Loader {
	return &Loader{client: client, now: now}
}

// init builds the batching loaders on first use: most operations, such as
// a subscription waiting for its next event, never read stats.
func (l *Loader) init() {
	l.once.Do(func() {
		wait := dataloadgen.WithWait(time.Millisecond)
		l.primed = make(map[Key]*Stats)
		l.stats = dataloadgen.NewMappedLoader(func(ctx context.Context, keys []Key) (map[Key]*Stats, error) {
			return fetch(ctx, l.client, keys)
		}, wait)
		l.locations = dataloadgen.NewMappedLoader(func(ctx context.Context, ids []int) (map[int]*time.Location, error) {
			return locations(ctx, l.client, ids)
		}, wait)
	})
}

// Location returns a partner's timezone.
func (l *Loader) Location(ctx context.Context, partnerID int) (*time.Location, error) {
	l.init()
	return l.locations.Load(ctx, partnerID)
}

// Load returns the stats of one source (sourceID > 0) or partner over the
// range asked for, or the default range in the partner's timezone; daily
// says whether the per-day entries are wanted.
func (l *Loader) Load(ctx context.Context, sourceID, partnerID int, asked *calendar.Range, daily bool) (*Stats, error) {
	l.init()
	key, err := l.key(ctx, Want{Source: sourceID, Partner: partnerID, Range: asked, Daily: daily})
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	s, ok := l.primed[key]
	l.mu.Unlock()
	if ok {
		return s, nil
	}
	return l.stats.Load(ctx, key)
}

// Want asks for the stats of a source, or of a partner when Source is 0,
// over Range (nil: the default range), with per-day entries when Daily.
type Want struct {
	Source, Partner int
	Range           *calendar.Range
	Daily           bool
}

// Prefetch loads every wanted stats in one query per distinct range, so
// that Load answers them without waiting for a batch. A list resolver calls
// it for its whole page; wants with an invalid range are left to Load,
// which reports the error.
func (l *Loader) Prefetch(ctx context.Context, wants []Want) error {
	l.init()
	var partners []int
	for _, w := range wants {
		if w.Range == nil {
			partners = append(partners, w.Partner)
		}
	}
	if _, err := l.locations.LoadAll(ctx, partners); err != nil {
		return err
	}
	keys := make([]Key, 0, len(wants))
	for _, w := range wants {
		if k, err := l.key(ctx, w); err == nil {
			keys = append(keys, k)
		}
	}
	m, err := fetch(ctx, l.client, keys)
	if err != nil {
		return err
	}
	l.mu.Lock()
	maps.Copy(l.primed, m)
	l.mu.Unlock()
	return nil
}

func (l *Loader) key(ctx context.Context, w Want) (Key, error) {
	var r calendar.Range
	if w.Range == nil {
		loc, err := l.Location(ctx, w.Partner)
		if err != nil {
			return Key{}, err
		}
		r = calendar.LastDays(l.now(), loc, DefaultDays)
	} else if err := w.Range.Validate(); err != nil {
		return Key{}, err
	} else {
		r = *w.Range
	}
	if w.Source != 0 {
		return Key{Source: w.Source, Range: r, Daily: w.Daily}, nil
	}
	return Key{Partner: w.Partner, Range: r, Daily: w.Daily}, nil
}

func fetch(ctx context.Context, client *ent.Client, keys []Key) (map[Key]*Stats, error) {
	// One query per distinct (range, daily, kind), normally one in all.
	type group struct {
		r       calendar.Range
		daily   bool
		partner bool
	}
	groups := make(map[group][]int)
	for _, k := range keys {
		g := group{r: k.Range, daily: k.Daily, partner: k.Source == 0}
		id := k.Source
		if g.partner {
			id = k.Partner
		}
		groups[g] = append(groups[g], id)
	}
	out := make(map[Key]*Stats, len(keys))
	for g, ids := range groups {
		read := ForSources
		if g.partner {
			read = ForPartners
		}
		m, err := read(ctx, client, ids, g.r, g.daily)
		if err != nil {
			return nil, err
		}
		for id, s := range m {
			k := Key{Source: id, Range: g.r, Daily: g.daily}
			if g.partner {
				k = Key{Partner: id, Range: g.r, Daily: g.daily}
			}
			out[k] = s
		}
	}
	return out, nil
}

func locations(ctx context.Context, client *ent.Client, ids []int) (map[int]*time.Location, error) {
	ps, err := client.Partner.Query().Where(partner.IDIn(ids...)).
		Select(partner.FieldID, partner.FieldTimezone).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read partner timezones: %w", err)
	}
	out := make(map[int]*time.Location, len(ps))
	for _, p := range ps {
		loc, err := calendar.LoadLocation(p.Timezone)
		if err != nil {
			loc = time.UTC
		}
		out[p.ID] = loc
	}
	return out, nil
}

type loaderKey struct{}

// NewContext returns ctx carrying l.
func NewContext(ctx context.Context, l *Loader) context.Context {
	return context.WithValue(ctx, loaderKey{}, l)
}

// FromContext returns the loader of ctx.
func FromContext(ctx context.Context) *Loader {
	l, _ := ctx.Value(loaderKey{}).(*Loader)
	return l
}
