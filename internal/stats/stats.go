// Package stats answers click and conversion statistics from the rollups
// (package rollup), never from raw clicks: the totals of a range from the
// running totals of two rows per source or partner, whatever the range or
// the number of clicks; a daily series from one row per day.
package stats

import "github.com/reftrack/reftrack/internal/calendar"

// Stats are the counts of a range of days, with one entry per day.
type Stats struct {
	From            calendar.Date `json:"from"`
	To              calendar.Date `json:"to"`
	UniqueClicks    int           `json:"uniqueClicks"`
	ReturningClicks int           `json:"returningClicks"`
	TotalClicks     int           `json:"totalClicks"`
	BotClicks       int           `json:"botClicks"`
	Conversions     int           `json:"conversions"`
	ConversionRate  float64       `json:"conversionRate"`
	Daily           []DayStats    `json:"daily"`
}

// DayStats are the counts of one day.
type DayStats struct {
	Date            calendar.Date `json:"date"`
	UniqueClicks    int           `json:"uniqueClicks"`
	ReturningClicks int           `json:"returningClicks"`
	TotalClicks     int           `json:"totalClicks"`
	BotClicks       int           `json:"botClicks"`
	Conversions     int           `json:"conversions"`
}
