package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/reftrack/reftrack/internal/config"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/rollup"
)

var rebuildHelp = `Usage: reftrack rebuild [--db PATH|URL] [--dry-run]

Recomputes every rollup row (per source and per partner, each day's counts
and the running totals) from the raw clicks and conversions, lists each row
that differs, and fixes it in the transaction that read it. Days that may
hold pruned clicks are left as they are; the running totals of later days
continue from theirs. Click recording waits while rebuild runs (on
PostgreSQL, a dry run does not block it).

Flags:
` + config.FlagHelp("db") + `  --dry-run
      only report the differences

Exit status: 0 when the rollups match or were fixed; 1 on an error, or when
--dry-run found differences; 2 for a usage error.
`

// rebuild runs `reftrack rebuild`.
func rebuild(args []string, stdout, stderr io.Writer) int {
	fs, given := newFlags("rebuild", "db")
	dryRun := fs.Bool("dry-run", false, "")
	if code, ok := parse(fs, args, rebuildHelp, stdout, stderr); !ok {
		return code
	}
	cfg, err := config.Some(given, os.Getenv, "db")
	if err != nil {
		return usageError("rebuild", err, stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := database.Open(ctx, cfg.DB)
	if err != nil {
		fmt.Fprintf(stderr, "reftrack rebuild: %v\n", err)
		return 1
	}
	defer db.Close()
	rep, err := rollup.Rebuild(ctx, db, !*dryRun)
	if err != nil {
		fmt.Fprintf(stderr, "reftrack rebuild: %v\n", err)
		return 1
	}
	writeReport(stdout, rep)
	if *dryRun && len(rep.Diffs) > 0 {
		return 1
	}
	return 0
}

// writeReport prints rep for people.
func writeReport(w io.Writer, rep *rollup.Report) {
	rows := fmt.Sprintf("%d source and %d partner rollup rows", rep.Rows, rep.PartnerRows)
	if rep.Since == "" {
		fmt.Fprintf(w, "checked %s, every day\n", rows)
	} else {
		fmt.Fprintf(w, "checked %s from %s on (raw clicks before %s were pruned; earlier days are left as they are)\n",
			rows, rep.Since, rep.PrunedBefore.Format(time.RFC3339))
	}
	if len(rep.Diffs) == 0 {
		fmt.Fprintln(w, "rollups match the raw clicks")
		return
	}
	fmt.Fprintf(w, "%s:\n", plural(len(rep.Diffs), "difference"))
	for _, d := range rep.Diffs {
		row := fmt.Sprintf("source %d %s", d.Owner, d.Day)
		if d.Partner {
			row = fmt.Sprintf("partner %d %s", d.Owner, d.Day)
		}
		note := ""
		switch {
		case d.Missing:
			note = " (row missing)"
		case d.Rebuilt == (rollup.Values{}):
			note = " (row should not exist)"
		}
		if stored, rebuilt := counts(d.Stored.Counts), counts(d.Rebuilt.Counts); note != "" || stored != rebuilt {
			fmt.Fprintf(w, "  %s: stored %s; rebuilt %s%s\n", row, stored, rebuilt, note)
		}
		if stored, rebuilt := counts(d.Stored.Cum), counts(d.Rebuilt.Cum); note == "" && stored != rebuilt {
			fmt.Fprintf(w, "  %s running totals: stored %s; rebuilt %s\n", row, stored, rebuilt)
		}
	}
	fmt.Fprintf(w, "totals: stored %s; rebuilt %s\n", counts(rep.Stored), counts(rep.Rebuilt))
	if rep.Applied {
		fmt.Fprintf(w, "fixed %s\n", plural(len(rep.Diffs), "rollup row"))
	} else {
		fmt.Fprintln(w, "dry run: nothing changed; run without --dry-run to fix them")
	}
}

func counts(c rollup.Counts) string {
	return fmt.Sprintf("unique %d, returning %d, bot %d, conversions %d", c.Unique, c.Returning, c.Bot, c.Conversions)
}

// plural returns "1 row", "2 rows".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
