package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/reftrack/reftrack/rollup"
	"github.com/reftrack/reftrack/store"
)

const rebuildHelp = `Usage: reftrack rebuild [--db PATH|URL] [--dry-run]

Recomputes every daily rollup row from the raw clicks and conversions,
lists each row that differs, and fixes it in the transaction that read it.
Days that may hold pruned clicks are left as they are. Click recording
waits while rebuild runs (on PostgreSQL, a dry run does not block it).

Flags:
` + dbHelp + `  --dry-run               only report the differences

Exit status: 0 when the rollups match or were fixed; 1 on an error, or when
--dry-run found differences; 2 for a usage error.
`

// rebuild runs `reftrack rebuild`.
func rebuild(args []string, stdout, stderr io.Writer) int {
	fs, dbFlag := newFlags("rebuild")
	dryRun := fs.Bool("dry-run", false, "")
	if code, ok := parse(fs, args, rebuildHelp, stdout, stderr); !ok {
		return code
	}
	dsn, err := databaseDSN(*dbFlag)
	if err != nil {
		return usageError("rebuild", err, stderr)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := store.Open(ctx, dsn)
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
	if rep.Since == "" {
		fmt.Fprintf(w, "checked %s, every day\n", plural(rep.Rows, "rollup row"))
	} else {
		fmt.Fprintf(w, "checked %s from %s on (raw clicks before %s were pruned; earlier days are left as they are)\n",
			plural(rep.Rows, "rollup row"), rep.Since, rep.PrunedBefore.Format(time.RFC3339))
	}
	if len(rep.Diffs) == 0 {
		fmt.Fprintln(w, "rollups match the raw clicks")
		return
	}
	fmt.Fprintf(w, "%s:\n", plural(len(rep.Diffs), "difference"))
	for _, d := range rep.Diffs {
		note := ""
		switch {
		case d.Missing:
			note = " (row missing)"
		case d.Rebuilt == (rollup.Counts{}):
			note = " (row should not exist)"
		}
		fmt.Fprintf(w, "  source %d %s: stored %s; rebuilt %s%s\n", d.SourceID, d.Day, counts(d.Stored), counts(d.Rebuilt), note)
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
