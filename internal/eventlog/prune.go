package eventlog

import (
	"context"
	"fmt"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/event"
	"github.com/reftrack/reftrack/internal/store"
)

// pruneBatch is how many events one transaction of Prune deletes.
const pruneBatch = 10_000

// Prune deletes the events that occurred before cutoff, oldest first, a
// batch per transaction, and returns how many it deleted. It deletes only
// a prefix of the log (the events before the first one at or after cutoff,
// whatever the clocks said), so that what is kept has no holes and
// Resumable can tell an expired cursor by the oldest event alone.
func Prune(ctx context.Context, client *ent.Client, cutoff time.Time) (int, error) {
	ctx = store.System(ctx)
	keep, err := client.Event.Query().Where(event.OccurredAtGTE(cutoff.UTC())).
		Order(ent.Asc(event.FieldSeq)).Select(event.FieldSeq).First(ctx)
	var below int64
	switch {
	case err == nil:
		below = keep.Seq
	case ent.IsNotFound(err):
		head, err := Head(ctx, client)
		if err != nil {
			return 0, err
		}
		below = head + 1
	default:
		return 0, fmt.Errorf("prune events: %w", err)
	}
	deleted := 0
	for {
		oldest, err := client.Event.Query().Order(ent.Asc(event.FieldSeq)).Select(event.FieldSeq).First(ctx)
		if ent.IsNotFound(err) {
			return deleted, nil
		}
		if err != nil {
			return deleted, fmt.Errorf("prune events: %w", err)
		}
		if oldest.Seq >= below {
			return deleted, nil
		}
		n, err := client.Event.Delete().
			Where(event.SeqGTE(oldest.Seq), event.SeqLT(min(below, oldest.Seq+pruneBatch))).Exec(ctx)
		if err != nil {
			return deleted, fmt.Errorf("prune events: %w", err)
		}
		deleted += n
	}
}
