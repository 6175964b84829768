// Package leaderboard ranks partners by their counts over a range of days,
// for the admin's partners table.
package leaderboard

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/partner"
	"github.com/reftrack/reftrack/internal/auth"
	"github.com/reftrack/reftrack/internal/calendar"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/viewer"
)

// MaxPartners bounds the partners one ranking reads and returns.
const MaxPartners = 1000

// Field is what partners are ranked by.
type Field string

// The fields.
const (
	Unique         Field = "UNIQUE_CLICKS"
	Returning      Field = "RETURNING_CLICKS"
	Total          Field = "TOTAL_CLICKS"
	Conversions    Field = "CONVERSIONS"
	ConversionRate Field = "CONVERSION_RATE"
	Name           Field = "NAME"
)

// Ranking is one partner's counts over the range.
type Ranking struct {
	Partner                               *ent.Partner
	Unique, Returning, Total, Conversions int
	ConversionRate                        float64
}

// Rank returns up to limit partners (MaxPartners when limit is 0) with
// their counts over r, each in its own timezone's days, sorted by field
// (descending unless asc), ties by name then id. It is two statements
// whatever the number of partners: the partners, then their rollup totals.
func Rank(ctx context.Context, client *ent.Client, r calendar.Range, by Field, asc bool, limit int) ([]Ranking, error) {
	if _, err := auth.RequireRole(ctx, viewer.Admin); err != nil {
		return nil, err
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if limit < 0 || limit > MaxPartners {
		return nil, reftrack.Errorf(reftrack.Invalid, "first must be between 0 and %d", MaxPartners)
	}
	if limit == 0 {
		limit = MaxPartners
	}
	partners, err := client.Partner.Query().Order(ent.Asc(partner.FieldID)).Limit(MaxPartners).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list partners: %w", err)
	}
	ids := make([]int, len(partners))
	for i, p := range partners {
		ids[i] = p.ID
	}
	var totals map[int]rollup.Counts
	if len(ids) > 0 {
		totals, err = rollup.Partners.Totals(ctx, client, ids, r.From.String(), r.To.String())
		if err != nil {
			return nil, err
		}
	}
	out := make([]Ranking, len(partners))
	for i, p := range partners {
		c := totals[p.ID]
		out[i] = Ranking{Partner: p, Unique: c.Unique, Returning: c.Returning,
			Total: c.Unique + c.Returning, Conversions: c.Conversions}
		if c.Unique > 0 {
			out[i].ConversionRate = float64(c.Conversions) / float64(c.Unique)
		}
	}
	key := func(a Ranking) float64 {
		switch by {
		case Unique:
			return float64(a.Unique)
		case Returning:
			return float64(a.Returning)
		case Total:
			return float64(a.Total)
		case ConversionRate:
			return a.ConversionRate
		}
		return float64(a.Conversions)
	}
	slices.SortStableFunc(out, func(a, b Ranking) int {
		var c int
		if by == Name {
			c = strings.Compare(strings.ToLower(a.Partner.Name), strings.ToLower(b.Partner.Name))
		} else {
			c = cmp.Compare(key(a), key(b))
		}
		if !asc {
			c = -c
		}
		return cmp.Or(c, strings.Compare(a.Partner.Name, b.Partner.Name), cmp.Compare(a.Partner.ID, b.Partner.ID))
	})
	return out[:min(limit, len(out))], nil
}
