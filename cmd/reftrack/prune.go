package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/rollup"
)

const pruneHelp = `Usage: reftrack prune --older-than AGE [--db PATH|URL] [--attribution-days N]

Deletes the raw clicks and unmatched clicks recorded more than AGE ago,
10000 rows per transaction. Rollups keep their counts and unique visitors
stay known, so stats do not change; from then on rebuild leaves the days
that may hold pruned clicks alone.

Flags:
  --older-than AGE        whole days (400d) or a Go duration (9600h); at
                          least 1d, and at least the attribution window
  --attribution-days N    the server's attribution window, in days
                          (default: $REFTRACK_ATTRIBUTION_DAYS, else 90);
                          signups are attributed by the clicks within it
` + dbHelp + `
Exit status: 0 when the old clicks were deleted; 1 on an error; 2 for a
usage error.
`

// defaultAttributionDays is serve's default --attribution-days.
const defaultAttributionDays = 90

// prune runs `reftrack prune`.
func prune(args []string, stdout, stderr io.Writer) int {
	fs, dbFlag := newFlags("prune")
	olderThan := fs.String("older-than", "", "")
	attribution := fs.String("attribution-days", "", "")
	if code, ok := parse(fs, args, pruneHelp, stdout, stderr); !ok {
		return code
	}
	age, err := pruneAge(*olderThan, *attribution)
	if err != nil {
		return usageError("prune", err, stderr)
	}
	dsn, err := databaseDSN(*dbFlag)
	if err != nil {
		return usageError("prune", err, stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := database.Open(ctx, dsn)
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
	return 0
}

// pruneAge checks --older-than against the minimum age and the
// attribution window.
func pruneAge(olderThan, attributionDays string) (time.Duration, error) {
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
	v, source := strings.TrimSpace(attributionDays), "--attribution-days"
	if v == "" {
		v, source = strings.TrimSpace(os.Getenv("REFTRACK_ATTRIBUTION_DAYS")), "REFTRACK_ATTRIBUTION_DAYS"
	}
	days := defaultAttributionDays
	if v != "" {
		days, err = strconv.Atoi(v)
		if err != nil || days < 1 || days > 3650 {
			return 0, fmt.Errorf("%s must be a whole number of days from 1 to 3650, got %q", source, v)
		}
	} else {
		source = "the default"
	}
	if window := time.Duration(days) * 24 * time.Hour; age < window {
		return 0, fmt.Errorf("--older-than %s is shorter than the attribution window of %d days (%s): signups are attributed by those clicks", olderThan, days, source)
	}
	return age, nil
}
