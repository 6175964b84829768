package stats

import (
	"context"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/calendar"
	"github.com/reftrack/reftrack/internal/rollup"
)

// DefaultDays is the range stats cover when none is asked for.
const DefaultDays = 7

// ForSources returns the stats of each source over r, from the source
// rollups in one query. Without daily, it reads two rows per source however
// long r is; with daily, also one per day of r with activity, and each
// source gets one entry per day of r. Sources without activity get zeros.
func ForSources(ctx context.Context, client *ent.Client, ids []int, r calendar.Range, daily bool) (map[int]*Stats, error) {
	return read(ctx, client, rollup.Sources, ids, r, daily)
}

// ForPartners returns the stats of each partner over r, from the partner
// rollups (a partner's sources summed per day) in one query; daily as for
// ForSources.
func ForPartners(ctx context.Context, client *ent.Client, ids []int, r calendar.Range, daily bool) (map[int]*Stats, error) {
	return read(ctx, client, rollup.Partners, ids, r, daily)
}

func read(ctx context.Context, client *ent.Client, t rollup.Table, ids []int, r calendar.Range, daily bool) (map[int]*Stats, error) {
	out := make(map[int]*Stats, len(ids))
	for _, id := range ids {
		out[id] = empty(r, daily)
	}
	if daily {
		if err := readDays(ctx, client, t, ids, r, out); err != nil {
			return nil, err
		}
	} else {
		totals, err := t.Totals(ctx, client, ids, r.From.String(), r.To.String())
		if err != nil {
			return nil, err
		}
		for id, c := range totals {
			if s := out[id]; s != nil {
				s.UniqueClicks, s.ReturningClicks, s.BotClicks, s.Conversions = c.Unique, c.Returning, c.Bot, c.Conversions
			}
		}
	}
	for _, s := range out {
		s.TotalClicks = s.UniqueClicks + s.ReturningClicks
		if s.UniqueClicks > 0 {
			s.ConversionRate = float64(s.Conversions) / float64(s.UniqueClicks)
		}
	}
	return out, nil
}

// readDays fills in out, the stats of each owner of ids, with the counts of
// each day of r and the totals of r.
func readDays(ctx context.Context, client *ent.Client, t rollup.Table, ids []int, r calendar.Range, out map[int]*Stats) error {
	from := r.From.String()
	rows, err := t.Days(ctx, client, ids, from, r.To.String())
	if err != nil {
		return err
	}
	days := dayIndex(r)
	// The totals of r are the running totals of the owner's last row read
	// less those of its row before r.
	type ends struct {
		before, last rollup.Counts
		lastDay      string
	}
	totals := make(map[int]*ends, len(ids))
	for _, row := range rows {
		s := out[row.Owner]
		if s == nil {
			continue
		}
		e := totals[row.Owner]
		if e == nil {
			e = &ends{}
			totals[row.Owner] = e
		}
		if row.Day < from {
			e.before = row.Cum
		}
		if row.Day > e.lastDay {
			e.lastDay, e.last = row.Day, row.Cum
		}
		if i, ok := days[row.Day]; ok {
			c := row.Counts
			s.Daily[i] = DayStats{
				Date: s.Daily[i].Date, UniqueClicks: c.Unique, ReturningClicks: c.Returning,
				TotalClicks: c.Unique + c.Returning, BotClicks: c.Bot, Conversions: c.Conversions,
			}
		}
	}
	for id, e := range totals {
		s := out[id]
		s.UniqueClicks = e.last.Unique - e.before.Unique
		s.ReturningClicks = e.last.Returning - e.before.Returning
		s.BotClicks = e.last.Bot - e.before.Bot
		s.Conversions = e.last.Conversions - e.before.Conversions
	}
	return nil
}

// empty returns zero stats over r, with one entry per day when daily.
func empty(r calendar.Range, daily bool) *Stats {
	s := &Stats{From: r.From, To: r.To}
	if daily {
		s.Daily = make([]DayStats, 0, r.Days())
		r.Each(func(d calendar.Date) { s.Daily = append(s.Daily, DayStats{Date: d}) })
	}
	return s
}

// dayIndex maps each day of r, as stored, to its place in Daily.
func dayIndex(r calendar.Range) map[string]int {
	m := make(map[string]int, r.Days())
	i := 0
	r.Each(func(d calendar.Date) { m[d.String()] = i; i++ })
	return m
}
