package clicks

import (
	"context"
	"fmt"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/store"
)

// FillUnmatchedRefs is the upgrade that counts the unmatched clicks of a
// database made before unmatched_refs existed.
var FillUnmatchedRefs = store.Upgrade{Name: "unmatched refs", Run: func(ctx context.Context, client *ent.Client, _ string) error {
	return fillUnmatchedRefs(ctx, client)
}}

// UnmatchedRefsKey names the setting that records when unmatched_refs was
// filled in from unmatched_clicks.
const UnmatchedRefsKey = "unmatched-refs-filled"

// fillUnmatchedRefs counts, once per database, the unmatched clicks
// recorded before unmatched_refs existed, their 10,000 most clicked refs
// (clicks.MaxUnmatchedRefs); like fillRunningTotals, under the migration's
// serialisation.
func fillUnmatchedRefs(ctx context.Context, client *ent.Client) error {
	return store.Once(ctx, client, UnmatchedRefsKey, func(ctx context.Context, tx *ent.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO unmatched_refs (ref, clicks, first_seen_at, last_seen_at)
SELECT ref, count(*), min(at), max(at) FROM unmatched_clicks WHERE true GROUP BY ref ORDER BY count(*) DESC, ref LIMIT 10000
ON CONFLICT (ref) DO NOTHING`)
		if err != nil {
			return fmt.Errorf("fill unmatched refs: %w", err)
		}
		return nil
	})
}

// FillLastClicks is the upgrade that gives the visits of a database made
// before visits kept their last click (decision 0106) the time of that
// click, from the raw clicks; a visit whose clicks were pruned gets its
// first click's.
var FillLastClicks = store.Upgrade{Name: "visits' last clicks", Run: func(ctx context.Context, client *ent.Client, _ string) error {
	return fillLastClicks(ctx, client)
}}

// LastClicksKey names the setting that records when visits' last clicks
// were filled in.
const LastClicksKey = "visit-last-clicks-filled"

func fillLastClicks(ctx context.Context, client *ent.Client) error {
	return store.Once(ctx, client, LastClicksKey, func(ctx context.Context, tx *ent.Tx) error {
		// One pass over the clicks, grouped, rather than a lookup per
		// visit: the clicks have no index by visitor any more.
		if _, err := tx.ExecContext(ctx, `UPDATE visits SET last_at = m.at
FROM (SELECT source_id, visitor, max(at) AS at FROM clicks WHERE kind <> 'bot' GROUP BY source_id, visitor) AS m
WHERE visits.source_id = m.source_id AND visits.visitor = m.visitor AND visits.last_at IS NULL`); err != nil {
			return fmt.Errorf("fill visits' last clicks: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE visits SET last_at = first_at WHERE last_at IS NULL`); err != nil {
			return fmt.Errorf("fill visits' last clicks: %w", err)
		}
		return nil
	})
}
