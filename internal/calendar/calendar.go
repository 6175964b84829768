// Package calendar is about calendar days in a partner's timezone: the Date
// type that stats are bucketed by, and inclusive ranges of them.
package calendar

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/reftrack/reftrack"
)

// Date is a calendar day, independent of any timezone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Layout is the text form of a Date.
const Layout = "2006-01-02"

// Parse reads a YYYY-MM-DD date; impossible dates such as 2026-02-30 fail.
func Parse(s string) (Date, error) {
	t, err := time.Parse(Layout, s)
	if err != nil {
		return Date{}, reftrack.Errorf(reftrack.Invalid, "%q is not a date of the form YYYY-MM-DD", s)
	}
	return Of(t), nil
}

// Of returns the date of t in t's own location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// In returns the date that instant t falls on in loc.
func In(t time.Time, loc *time.Location) Date { return Of(t.In(loc)) }

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return Of(d.utc().AddDate(0, 0, n)) }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.utc().Before(e.utc()) }

// DaysUntil returns the number of days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int {
	return int(e.utc().Sub(d.utc()).Hours() / 24)
}

func (d Date) utc() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// MarshalGQL writes d as a GraphQL string.
func (d Date) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(d.String())) }

// UnmarshalGQL reads a GraphQL string into d.
func (d *Date) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return reftrack.Errorf(reftrack.Invalid, "a date must be a string of the form YYYY-MM-DD")
	}
	p, err := Parse(s)
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// MaxRangeDays is the longest range a stats query may ask for.
const MaxRangeDays = 366

// Range is an inclusive range of days.
type Range struct {
	From, To Date
}

// Days returns the number of days in r.
func (r Range) Days() int { return r.From.DaysUntil(r.To) + 1 }

// Validate checks that r is ordered and at most MaxRangeDays long.
func (r Range) Validate() error {
	if r.To.Before(r.From) {
		return reftrack.Errorf(reftrack.Invalid, "range from %s is after to %s", r.From, r.To)
	}
	if r.Days() > MaxRangeDays {
		return reftrack.Errorf(reftrack.Invalid, "range of %d days is longer than %d days", r.Days(), MaxRangeDays)
	}
	return nil
}

// LastDays returns the n days ending on the day now falls on in loc.
func LastDays(now time.Time, loc *time.Location, n int) Range {
	today := In(now, loc)
	return Range{From: today.AddDays(-(n - 1)), To: today}
}

// Each calls f for every day of r in order.
func (r Range) Each(f func(Date)) {
	for d := r.From; !r.To.Before(d); d = d.AddDays(1) {
		f(d)
	}
}

// LoadLocation loads an IANA timezone, failing with an Invalid error.
func LoadLocation(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, reftrack.Errorf(reftrack.Invalid, "timezone %q is not an IANA timezone name", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, reftrack.Errorf(reftrack.Invalid, "unknown timezone %q", name)
	}
	return loc, nil
}
