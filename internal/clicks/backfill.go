package clicks

import (
	"context"
	"fmt"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/setting"
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
	return store.WithTx(ctx, client, func(ctx context.Context, tx *ent.Tx) error {
		done, err := tx.Setting.Query().Where(setting.Key(UnmatchedRefsKey)).Exist(ctx)
		if err != nil || done {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO unmatched_refs (ref, clicks, first_seen_at, last_seen_at)
SELECT ref, count(*), min(at), max(at) FROM unmatched_clicks WHERE true GROUP BY ref ORDER BY count(*) DESC, ref LIMIT 10000
ON CONFLICT (ref) DO NOTHING`)
		if err != nil {
			return fmt.Errorf("fill unmatched refs: %w", err)
		}
		return tx.Setting.Create().SetKey(UnmatchedRefsKey).SetValue([]byte(time.Now().UTC().Format(time.RFC3339))).Exec(ctx)
	})
}
