package delivery

import (
	"context"
	"fmt"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/event"
	"github.com/reftrack/reftrack/ent/webhookattempt"
	"github.com/reftrack/reftrack/ent/webhookdelivery"
	"github.com/reftrack/reftrack/internal/store"
)

// pruneBatch is how many rows one statement of Prune deletes.
const pruneBatch = 10_000

// Prune deletes the delivery log the event log's retention has passed:
// the attempts made before cutoff, and the deliveries of events the log
// no longer holds (run it after eventlog.Prune). Rows are taken oldest
// first, in batches, so each statement stays short.
func Prune(ctx context.Context, client *ent.Client, cutoff time.Time) (attempts, deliveries int, err error) {
	ctx = store.System(ctx)
	for {
		ids, err := client.WebhookAttempt.Query().Where(webhookattempt.CreatedAtLT(cutoff)).
			Order(ent.Asc(webhookattempt.FieldID)).Limit(pruneBatch).IDs(ctx)
		if err == nil && len(ids) > 0 {
			var n int
			n, err = client.WebhookAttempt.Delete().Where(webhookattempt.IDIn(ids...)).Exec(ctx)
			attempts += n
		}
		if err != nil {
			return attempts, deliveries, fmt.Errorf("prune webhook attempts: %w", err)
		}
		if len(ids) < pruneBatch {
			break
		}
	}
	// Events leave the log oldest first, and their ids grow with it: every
	// delivery of an event below the oldest one kept is for a pruned event.
	below := int(^uint(0) >> 1)
	oldest, err := client.Event.Query().Order(ent.Asc(event.FieldID)).Select(event.FieldID).First(ctx)
	switch {
	case err == nil:
		below = oldest.ID
	case !ent.IsNotFound(err):
		return attempts, deliveries, fmt.Errorf("prune webhook deliveries: %w", err)
	}
	for {
		ids, err := client.WebhookDelivery.Query().Where(webhookdelivery.EventIDLT(below)).
			Order(ent.Asc(webhookdelivery.FieldID)).Limit(pruneBatch).IDs(ctx)
		if err == nil && len(ids) > 0 {
			var n int
			n, err = client.WebhookDelivery.Delete().Where(webhookdelivery.IDIn(ids...)).Exec(ctx)
			deliveries += n
		}
		if err != nil {
			return attempts, deliveries, fmt.Errorf("prune webhook deliveries: %w", err)
		}
		if len(ids) < pruneBatch {
			return attempts, deliveries, nil
		}
	}
}
