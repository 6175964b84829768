// Command reftrack runs the Reftrack partner referral-tracking server and its
// maintenance commands.
//
//	reftrack serve [flags]                          start the server (reftrack serve --help lists the flags)
//	reftrack rebuild [--db PATH|URL] [--dry-run]    check the rollups against the raw clicks, and fix them
//	reftrack prune --older-than AGE [--db PATH|URL] delete old raw clicks; rollups keep their counts
package main

import (
	"fmt"
	"io"
	"os"
)

const usage = `Usage: reftrack <command> [flags]

Commands:
  serve     start the server (API, Playground, click tracking) on one port
  rebuild   recompute the daily rollups from the raw clicks and conversions,
            report every difference and fix it (--dry-run only reports)
  prune     delete raw clicks older than an age (--older-than 400d);
            rollups keep their counts

Run "reftrack <command> --help" for the flags of a command.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command in args and returns the process exit code: 0 on
// success, 1 when the command failed (or rebuild --dry-run found
// differences), 2 for a usage error.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stdout, stderr)
	case "rebuild":
		return rebuild(args[1:], stdout, stderr)
	case "prune":
		return prune(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "reftrack: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}
