package stats

import (
	"context"
	"fmt"
	"time"

	"github.com/reftrack/reftrack/calendar"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/dailystat"
)

// DefaultDays is the range stats cover when none is asked for.
const DefaultDays = 7

// Range returns the range asked for, validated, or the last DefaultDays days
// ending today in loc.
func Range(asked *calendar.Range, loc *time.Location, now time.Time) (calendar.Range, error) {
	if asked == nil {
		return calendar.LastDays(now, loc, DefaultDays), nil
	}
	if err := asked.Validate(); err != nil {
		return calendar.Range{}, err
	}
	return *asked, nil
}

// ForRange returns the stats of each source over r, read from the rollups
// in one query. Sources without activity get zeros.
func ForRange(ctx context.Context, client *ent.Client, sourceIDs []int, r calendar.Range) (map[int]*Stats, error) {
	rows, err := client.DailyStat.Query().
		Where(dailystat.SourceIDIn(sourceIDs...), dailystat.DayGTE(r.From.String()), dailystat.DayLTE(r.To.String())).
		All(ctx)
	if err != nil {
		return nil, fmt.Errorf("read rollups: %w", err)
	}
	out := make(map[int]*Stats, len(sourceIDs))
	for _, id := range sourceIDs {
		out[id] = empty(r)
	}
	for _, row := range rows {
		out[row.SourceID].add(row.Day, row.UniqueClicks, row.ReturningClicks, row.BotClicks, row.Conversions)
	}
	for _, s := range out {
		s.finish()
	}
	return out, nil
}

// ForPartners returns the stats of each partner over r, summed over its
// sources in the database, in one query.
func ForPartners(ctx context.Context, client *ent.Client, partnerIDs []int, r calendar.Range) (map[int]*Stats, error) {
	var rows []struct {
		PartnerID   int    `json:"partner_id"`
		Day         string `json:"day"`
		Unique      int    `json:"unique_clicks"`
		Returning   int    `json:"returning_clicks"`
		Bot         int    `json:"bot_clicks"`
		Conversions int    `json:"conversions"`
	}
	err := client.DailyStat.Query().
		Where(dailystat.PartnerIDIn(partnerIDs...), dailystat.DayGTE(r.From.String()), dailystat.DayLTE(r.To.String())).
		GroupBy(dailystat.FieldPartnerID, dailystat.FieldDay).
		Aggregate(
			ent.As(ent.Sum(dailystat.FieldUniqueClicks), "unique_clicks"),
			ent.As(ent.Sum(dailystat.FieldReturningClicks), "returning_clicks"),
			ent.As(ent.Sum(dailystat.FieldBotClicks), "bot_clicks"),
			ent.As(ent.Sum(dailystat.FieldConversions), "conversions"),
		).
		Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("read partner rollups: %w", err)
	}
	out := make(map[int]*Stats, len(partnerIDs))
	for _, id := range partnerIDs {
		out[id] = empty(r)
	}
	for _, row := range rows {
		out[row.PartnerID].add(row.Day, row.Unique, row.Returning, row.Bot, row.Conversions)
	}
	for _, s := range out {
		s.finish()
	}
	return out, nil
}

// empty returns zero stats with one entry per day of r.
func empty(r calendar.Range) *Stats {
	s := &Stats{From: r.From, To: r.To, Daily: make([]DayStats, 0, r.Days())}
	r.Each(func(d calendar.Date) { s.Daily = append(s.Daily, DayStats{Date: d}) })
	return s
}

func (s *Stats) add(day string, unique, returning, bot, conversions int) {
	d, err := calendar.Parse(day)
	if err != nil {
		return
	}
	i := s.From.DaysUntil(d)
	if i < 0 || i >= len(s.Daily) {
		return
	}
	e := &s.Daily[i]
	e.UniqueClicks += unique
	e.ReturningClicks += returning
	e.BotClicks += bot
	e.Conversions += conversions
}

// finish fills in the totals from the days.
func (s *Stats) finish() {
	for i := range s.Daily {
		d := &s.Daily[i]
		d.TotalClicks = d.UniqueClicks + d.ReturningClicks
		s.UniqueClicks += d.UniqueClicks
		s.ReturningClicks += d.ReturningClicks
		s.BotClicks += d.BotClicks
		s.Conversions += d.Conversions
	}
	s.TotalClicks = s.UniqueClicks + s.ReturningClicks
	if s.UniqueClicks > 0 {
		s.ConversionRate = float64(s.Conversions) / float64(s.UniqueClicks)
	}
}
