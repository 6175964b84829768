package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"
)

// dbHelp documents --db for the maintenance commands, like serve's.
const dbHelp = `  --db PATH|URL           SQLite file path, or postgres:// / postgresql://
                          URL (default: $REFTRACK_DB, else reftrack.db)
`

// newFlags returns the flag set of a maintenance command with its --db
// flag. Errors and help are printed by parse, not by the flag package.
func newFlags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	db := fs.String("db", "", "")
	return fs, db
}

// parse parses args into fs. When the command must stop (help, or a usage
// error, which it prints) it returns false and the exit code.
func parse(fs *flag.FlagSet, args []string, help string, stdout, stderr io.Writer) (code int, ok bool) {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, help)
		return 0, false
	}
	if err == nil && fs.NArg() > 0 {
		err = fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if err != nil {
		return usageError(fs.Name(), err, stderr), false
	}
	return 0, true
}

func usageError(cmd string, err error, stderr io.Writer) int {
	fmt.Fprintf(stderr, "reftrack %s: %v\nRun \"reftrack %s --help\" for the flags.\n", cmd, err, cmd)
	return 2
}

// databaseDSN returns the database to open: --db, else $REFTRACK_DB, else
// reftrack.db, with a postgres scheme lower-cased as serve does. Errors
// never quote the value: a postgres URL may hold a password.
func databaseDSN(flagValue string) (string, error) {
	v := strings.TrimSpace(flagValue)
	if v == "" {
		v = strings.TrimSpace(os.Getenv("REFTRACK_DB"))
	}
	if v == "" {
		v = "reftrack.db"
	}
	if scheme, rest, ok := strings.Cut(v, "://"); ok {
		s := strings.ToLower(scheme)
		if s != "postgres" && s != "postgresql" {
			return "", fmt.Errorf("--db must be an SQLite file path or a postgres:// or postgresql:// URL, got a %q URL", scheme)
		}
		v = s + "://" + rest
	}
	return v, nil
}

// parseAge reads an age: whole days with a d suffix (400d) or a Go
// duration (9600h, 36h30m).
func parseAge(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, errors.New("give an age: days such as 400d, or a Go duration such as 9600h")
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseInt(days, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%q is not a number of days such as 400d", s)
		}
		if n < 0 || n > math.MaxInt64/int64(24*time.Hour) {
			return 0, fmt.Errorf("%q is out of range", s)
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not an age: give days such as 400d, or a Go duration such as 9600h", s)
	}
	return d, nil
}
