package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/reftrack/reftrack/internal/config"
	"github.com/reftrack/reftrack/server"
)

// serve runs `reftrack serve`.
func serve(args []string, stdout, stderr io.Writer) int {
	cfg, err := config.Load(args, os.Getenv)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, cfg.Usage())
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "reftrack serve: invalid configuration:\n%v\n\nRun \"reftrack serve --help\" for the flags.\n", err)
		return 2
	}
	logger := cfg.Logger(stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := server.Run(ctx, cfg, logger, stderr); err != nil {
		logger.Error("reftrack stopped", "err", err)
		return 1
	}
	return 0
}
