package rollup

import (
	"context"
	"fmt"
	"strings"

	"entgo.io/ent/dialect"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/dailystat"
	"github.com/reftrack/reftrack/ent/partnerday"
	"github.com/reftrack/reftrack/internal/store"
)

// FillRunningTotals is the upgrade that fills in the rollups' running
// totals of a database made before they existed.
var FillRunningTotals = store.Upgrade{Name: "rollup running totals", Run: fillRunningTotals}

// RunningTotalsKey names the setting that records when the running totals
// of the rollups were filled in from their daily counts.
const RunningTotalsKey = "rollups-running-totals-filled"

// fillRunningTotals fills in, once per database, the running totals of
// daily_stats and the rows of partner_days from the daily counts of
// daily_stats: a database made before they existed has zeros and no rows
// there. It runs in one transaction with the setting that records it, after
// the migration (under its lock on PostgreSQL; SQLite serialises writers),
// so that instances starting at once fill them once.
func fillRunningTotals(ctx context.Context, client *ent.Client, dialectName string) error {
	return store.Once(ctx, client, RunningTotalsKey, func(ctx context.Context, tx *ent.Tx) error {
		var stmts []string
		if dialectName == dialect.Postgres {
			// Instances of the previous version may still be recording.
			stmts = append(stmts, "LOCK TABLE "+dailystat.Table+", "+partnerday.Table+" IN SHARE ROW EXCLUSIVE MODE")
		}
		stmts = append(stmts, fillSources, "DELETE FROM "+partnerday.Table, fillPartners)
		for _, stmt := range stmts {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("fill running totals: %w", err)
			}
		}
		return nil
	})
}

// The counters of a rollup row, the same columns in daily_stats and
// partner_days (schema.CountsMixin): the counts of its day, and the running
// totals up to and including it, in the same order.
var (
	DayCounts = []string{
		dailystat.FieldUniqueClicks, dailystat.FieldReturningClicks,
		dailystat.FieldBotClicks, dailystat.FieldConversions,
	}
	RunningTotals = []string{
		dailystat.FieldCumUniqueClicks, dailystat.FieldCumReturningClicks,
		dailystat.FieldCumBotClicks, dailystat.FieldCumConversions,
	}
)

// fillSources sets the running totals of every source row to the sum of
// the source's counts up to its day.
var fillSources = func() string {
	var set, sums []string
	for i, c := range DayCounts {
		set = append(set, fmt.Sprintf("%s = w.%[1]s", RunningTotals[i]))
		sums = append(sums, fmt.Sprintf("SUM(%s) OVER (PARTITION BY %s ORDER BY %s) AS %s",
			c, dailystat.FieldSourceID, dailystat.FieldDay, RunningTotals[i]))
	}
	return fmt.Sprintf("UPDATE %[1]s SET %[2]s FROM (SELECT %[3]s, %[4]s FROM %[1]s) AS w WHERE %[1]s.%[3]s = w.%[3]s",
		dailystat.Table, strings.Join(set, ", "), dailystat.FieldID, strings.Join(sums, ", "))
}()

// fillPartners makes a partner row of every partner and day with source
// rows: their sum, and the partner's running totals.
var fillPartners = func() string {
	var sums []string
	for _, c := range DayCounts {
		sums = append(sums, fmt.Sprintf("SUM(%s)", c))
	}
	for _, c := range DayCounts {
		sums = append(sums, fmt.Sprintf("SUM(SUM(%s)) OVER (PARTITION BY %s ORDER BY %s)",
			c, dailystat.FieldPartnerID, dailystat.FieldDay))
	}
	return fmt.Sprintf("INSERT INTO %s (%s, %s, %s, %s) SELECT %[2]s, %[3]s, %[6]s FROM %[7]s GROUP BY %[2]s, %[3]s",
		partnerday.Table, partnerday.FieldPartnerID, partnerday.FieldDay,
		strings.Join(DayCounts, ", "), strings.Join(RunningTotals, ", "),
		strings.Join(sums, ", "), dailystat.Table)
}()
