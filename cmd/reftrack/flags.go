package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
)

// newFlags returns the flag set of a maintenance command with serve's
// settings named (from internal/config, so that they cannot drift from
// serve's); their raw values land in the returned map for config.Some.
// Errors and help are printed by parse, not by the flag package.
func newFlags(name string, settings ...string) (*flag.FlagSet, map[string]string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	given := map[string]string{}
	for _, setting := range settings {
		fs.Func(setting, "", func(v string) error { given[setting] = v; return nil })
	}
	return fs, given
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
