package stats

import (
	"context"
	"fmt"

	"github.com/reftrack/reftrack/calendar"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/dailystat"
	"github.com/reftrack/reftrack/ent/predicate"
)

// DefaultDays is the range stats cover when none is asked for.
const DefaultDays = 7

// ForSources returns the stats of each source over r, summed by the
// database in one query. With daily, each gets one entry per day of r;
// without, only the totals are read, one row per source. Sources without
// activity get zeros.
func ForSources(ctx context.Context, client *ent.Client, ids []int, r calendar.Range, daily bool) (map[int]*Stats, error) {
	return sum(ctx, client, dailystat.FieldSourceID, dailystat.SourceIDIn(ids...), ids, r, daily)
}

// ForPartners returns the stats of each partner over r, summed over its
// sources by the database in one query; daily as for ForSources.
func ForPartners(ctx context.Context, client *ent.Client, ids []int, r calendar.Range, daily bool) (map[int]*Stats, error) {
	return sum(ctx, client, dailystat.FieldPartnerID, dailystat.PartnerIDIn(ids...), ids, r, daily)
}

// sumRow is one row of summed rollups.
type sumRow struct {
	SourceID    int    `json:"source_id"`
	PartnerID   int    `json:"partner_id"`
	Day         string `json:"day"`
	Unique      int    `json:"unique_clicks"`
	Returning   int    `json:"returning_clicks"`
	Bot         int    `json:"bot_clicks"`
	Conversions int    `json:"conversions"`
}

func sum(ctx context.Context, client *ent.Client, by string, in predicate.DailyStat, ids []int, r calendar.Range, daily bool) (map[int]*Stats, error) {
	group := []string{by}
	if daily {
		group = append(group, dailystat.FieldDay)
	}
	var rows []sumRow
	err := client.DailyStat.Query().
		Where(in, dailystat.DayGTE(r.From.String()), dailystat.DayLTE(r.To.String())).
		GroupBy(group[0], group[1:]...).
		Aggregate(
			ent.As(ent.Sum(dailystat.FieldUniqueClicks), "unique_clicks"),
			ent.As(ent.Sum(dailystat.FieldReturningClicks), "returning_clicks"),
			ent.As(ent.Sum(dailystat.FieldBotClicks), "bot_clicks"),
			ent.As(ent.Sum(dailystat.FieldConversions), "conversions"),
		).
		Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("read rollups: %w", err)
	}
	days := dayIndex(r, daily)
	out := make(map[int]*Stats, len(ids))
	for _, id := range ids {
		out[id] = empty(r, daily)
	}
	for _, row := range rows {
		id := row.SourceID
		if by == dailystat.FieldPartnerID {
			id = row.PartnerID
		}
		s := out[id]
		if s == nil {
			continue
		}
		s.UniqueClicks += row.Unique
		s.ReturningClicks += row.Returning
		s.BotClicks += row.Bot
		s.Conversions += row.Conversions
		if i, ok := days[row.Day]; ok {
			d := &s.Daily[i]
			d.UniqueClicks, d.ReturningClicks, d.BotClicks, d.Conversions = row.Unique, row.Returning, row.Bot, row.Conversions
			d.TotalClicks = row.Unique + row.Returning
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
func dayIndex(r calendar.Range, daily bool) map[string]int {
	if !daily {
		return nil
	}
	m := make(map[string]int, r.Days())
	i := 0
	r.Each(func(d calendar.Date) { m[d.String()] = i; i++ })
	return m
}
