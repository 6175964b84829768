// Command reftrack runs the Reftrack partner referral-tracking server.
//
//	reftrack serve [flags]   start the server (reftrack serve --help lists the flags)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/reftrack/reftrack/config"
	"github.com/reftrack/reftrack/server"
)

const usage = `Usage: reftrack <command> [flags]

Commands:
  serve     start the server (API, Playground, click tracking) on one port

Run "reftrack serve --help" for the flags of serve.
`

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return 2
	}
	switch args[0] {
	case "serve":
		return serve(args[1:])
	case "help", "-h", "--help":
		fmt.Print(usage)
		return 0
	default:
		fmt.Fprintf(os.Stderr, "reftrack: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
}

func serve(args []string) int {
	cfg, err := config.Load(args, os.Getenv)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Print(cfg.Usage())
		return 0
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "reftrack serve: invalid configuration:\n%v\n\nRun \"reftrack serve --help\" for the flags.\n", err)
		return 2
	}
	logger := cfg.Logger(os.Stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := server.Run(ctx, cfg, logger, os.Stderr); err != nil {
		logger.Error("reftrack stopped", "err", err)
		return 1
	}
	return 0
}
