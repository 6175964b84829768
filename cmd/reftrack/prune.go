package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/reftrack/reftrack/internal/config"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/delivery"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/idempotency"
	"github.com/reftrack/reftrack/internal/rollup"
	"github.com/reftrack/reftrack/internal/sessions"
)

var pruneHelp = `Usage: reftrack prune --older-than AGE [--db PATH|URL] [--attribution-days N] [--event-retention-days N]

Deletes the raw clicks and unmatched clicks recorded more than AGE ago,
10000 rows per transaction. Rollups keep their counts and unique visitors
stay known, so stats do not change; from then on rebuild leaves the days
that may hold pruned clicks alone. It also deletes the browser sessions
that ended (signed out, revoked or idle 30 days) and the password links
that were used, replaced or expired, and the events of the event log
older than --event-retention-days, and the expired idempotency keys, as
the server does every hour.

Flags:
  --older-than AGE
      whole days (400d) or a Go duration (9600h); at least 1d, and at
      least the attribution window
` + config.FlagHelp("attribution-days", "event-retention-days", "db") + `
Exit status: 0 when the old clicks were deleted; 1 on an error; 2 for a
usage error.
`

// prune runs `reftrack prune`.
func prune(args []string, stdout, stderr io.Writer) int {
	fs, given := newFlags("prune", "db", "attribution-days", "event-retention-days")
	olderThan := fs.String("older-than", "", "")
	if code, ok := parse(fs, args, pruneHelp, stdout, stderr); !ok {
		return code
	}
	age, err := pruneAge(*olderThan, given, os.Getenv)
	if err != nil {
		return usageError("prune", err, stderr)
	}
	cfg, err := config.Some(given, os.Getenv, "db", "event-retention-days")
	if err != nil {
		return usageError("prune", err, stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := database.Open(ctx, cfg.DB)
	if err != nil {
		fmt.Fprintf(stderr, "reftrack prune: %v\n", err)
		return 1
	}
	defer db.Close()
	now := time.Now()
	deleted, err := rollup.Prune(ctx, db, age, now)
	if err != nil {
		fmt.Fprintf(stderr, "reftrack prune: %v (%d clicks deleted before it)\n", err, deleted)
		return 1
	}
	cutoff := now.Add(-age).UTC()
	fmt.Fprintf(stdout, "deleted %s (raw and unmatched) recorded before %s; rollups keep their counts\n",
		plural(deleted, "click"), cutoff.Format(time.RFC3339))
	if horizon, ok, err := rollup.PrunedBefore(ctx, db.Client); err == nil && ok {
		fmt.Fprintf(stdout, "rebuild now checks the days from %s on\n", rollup.FirstIntactDay(horizon))
	}
	ended, spent, err := sessions.New(db.Client, nil).Prune(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "reftrack prune: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "deleted %s and %s\n", plural(ended, "ended session"), plural(spent, "spent password link"))
	events, err := eventlog.Prune(ctx, db.Client, now.AddDate(0, 0, -cfg.EventRetentionDays))
	if err != nil {
		fmt.Fprintf(stderr, "reftrack prune: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "deleted %s older than %d days\n", plural(events, "event"), cfg.EventRetentionDays)
	attempts, deliveries, err := delivery.Prune(ctx, db.Client, now.AddDate(0, 0, -cfg.EventRetentionDays))
	if err != nil {
		fmt.Fprintf(stderr, "reftrack prune: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "deleted %s and %s of events no longer kept\n", plural(attempts, "webhook attempt"), plural(deliveries, "webhook delivery record"))
	keys, err := idempotency.Prune(ctx, db.Client, now)
	if err != nil {
		fmt.Fprintf(stderr, "reftrack prune: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "deleted %s\n", plural(keys, "expired idempotency key"))
	return 0
}

// pruneAge checks --older-than against the minimum age and the
// attribution window.
func pruneAge(olderThan string, given map[string]string, getenv func(string) string) (time.Duration, error) {
	if strings.TrimSpace(olderThan) == "" {
		return 0, errors.New("--older-than is required: give days such as 400d, or a Go duration such as 9600h")
	}
	age, err := parseAge(olderThan)
	if err != nil {
		return 0, fmt.Errorf("--older-than: %w", err)
	}
	if age < rollup.MinPruneAge {
		return 0, fmt.Errorf("--older-than must be at least 1d (24h), got %s", olderThan)
	}
	cfg, err := config.Some(given, getenv, "attribution-days")
	if err != nil {
		return 0, err
	}
	days := cfg.AttributionDays
	if window := time.Duration(days) * 24 * time.Hour; age < window {
		source := config.Source(given, getenv, "attribution-days")
		return 0, fmt.Errorf("--older-than %s is shorter than the attribution window of %d days (%s)", olderThan, days, source)
	}
	return age, nil
}
