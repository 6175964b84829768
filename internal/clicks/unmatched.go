package clicks

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/unmatchedclick"
)

// UnmatchedRef is a ref value that was clicked but names no source.
type UnmatchedRef struct {
	Ref        string    `json:"ref"`
	Clicks     int       `json:"clicks"`
	LastSeenAt time.Time `json:"last_seen_at"`
}

// Unmatched returns the most clicked unmatched refs, at most limit (1..1000).
func Unmatched(ctx context.Context, client *ent.Client, limit int) ([]*UnmatchedRef, error) {
	if limit < 1 || limit > 1000 {
		return nil, reftrack.Errorf(reftrack.Invalid, "limit must be between 1 and 1000, got %d", limit)
	}
	var rows []struct {
		Ref    string `json:"ref"`
		Clicks int    `json:"clicks"`
		Last   string `json:"last_seen_at"`
	}
	err := client.UnmatchedClick.Query().
		GroupBy(unmatchedclick.FieldRef).
		Aggregate(ent.As(ent.Count(), "clicks"), ent.As(ent.Max(unmatchedclick.FieldAt), "last_seen_at")).
		Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("read unmatched clicks: %w", err)
	}
	out := make([]*UnmatchedRef, 0, len(rows))
	for _, r := range rows {
		out = append(out, &UnmatchedRef{Ref: r.Ref, Clicks: r.Clicks, LastSeenAt: parseTime(r.Last)})
	}
	sortUnmatched(out)
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// parseTime reads an aggregated timestamp, which SQLite returns as text and
// PostgreSQL as a time that database/sql formats as RFC 3339.
func parseTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

func sortUnmatched(refs []*UnmatchedRef) {
	slices.SortFunc(refs, func(a, b *UnmatchedRef) int {
		if c := cmp.Compare(b.Clicks, a.Clicks); c != 0 {
			return c
		}
		return cmp.Compare(a.Ref, b.Ref)
	})
}
