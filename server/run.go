package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/reftrack/reftrack/internal/auth"
	"github.com/reftrack/reftrack/internal/config"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/demo"
	"github.com/reftrack/reftrack/internal/store"
)

// Run opens the database, serves until ctx ends, then shuts down gracefully:
// it stops accepting requests, lets those under way finish, commits every
// accepted click and closes the database. out receives the one-time notices
// meant for the person starting the server (a generated admin token).
func Run(ctx context.Context, cfg config.Config, logger *slog.Logger, out io.Writer) error {
	db, err := database.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()

	token, err := auth.Bootstrap(ctx, db.Client, cfg.AdminToken)
	if err != nil {
		return err
	}
	if token != "" {
		fmt.Fprintf(out, "\nNo admin token was configured, so one was generated. It is shown only this once:\n\n    %s\n\nKeep it safe, or set REFTRACK_ADMIN_TOKEN instead.\n\n", token)
	}
	if cfg.Demo {
		if err := demo.Fill(ctx, db, cfg.PublicURL, out); err != nil {
			return err
		}
	}

	s, err := New(ctx, cfg, db, logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		s.Close()
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	httpServer := &http.Server{
		Handler:     s.Handler(),
		ErrorLog:    slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	ConfigureHTTP(httpServer, cfg)
	errc := make(chan error, 2)
	go func() { errc <- httpServer.Serve(ln) }()
	if cfg.MetricsAddr != "" {
		mln, err := net.Listen("tcp", cfg.MetricsAddr)
		if err != nil {
			httpServer.Close()
			s.Close()
			return fmt.Errorf("listen on %s (--metrics-addr): %w", cfg.MetricsAddr, err)
		}
		metricsServer := &http.Server{
			Handler:           s.MetricsHandler(),
			ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
			ReadHeaderTimeout: 10 * time.Second,
			WriteTimeout:      30 * time.Second,
		}
		go func() { errc <- metricsServer.Serve(mln) }()
		defer metricsServer.Close()
		logger.Info("serving metrics", "addr", mln.Addr().String(), "path", "/metrics")
	}
	logger.Info("reftrack is serving", "addr", ln.Addr().String(), "dashboard", cfg.PublicURL+"/",
		"playground", cfg.PublicURL+"/playground", "graphql", cfg.PublicURL+"/graphql", "db", dbName(cfg.DB))
	if problem := unreachablePublicURL(cfg.PublicURL, ln.Addr()); problem != "" {
		logger.Warn(problem+": tracking links, ref.js and the Playground's links will not reach this server; set --public-url (REFTRACK_PUBLIC_URL) to the address clients use",
			"public_url", cfg.PublicURL, "addr", ln.Addr().String())
	}

	select {
	case err := <-errc:
		s.Close()
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing requests under way")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	// Websockets close first (they are not the HTTP server's to wait for);
	// then requests under way finish (each click answers after its commit);
	// then webhook delivery records its attempts in flight and the writer
	// commits whatever was accepted, both before the database closes.
	s.closeLive()
	err = httpServer.Shutdown(shutdownCtx)
	s.stopWebhooks()
	s.recorder.Close()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// dbName names the database for logs without any password in a URL.
func dbName(dsn string) string {
	if store.IsPostgres(dsn) {
		return "postgres"
	}
	return dsn
}

// unreachablePublicURL says why clients cannot reach a server listening at
// addr through publicURL, or returns "". Only a loopback public URL
// (localhost) can be judged: any other host may be a proxy in front.
func unreachablePublicURL(publicURL string, addr net.Addr) string {
	u, err := url.Parse(publicURL)
	tcp, ok := addr.(*net.TCPAddr)
	if err != nil || !ok || !isLoopback(u.Hostname()) {
		return ""
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	switch {
	case port != strconv.Itoa(tcp.Port):
		return fmt.Sprintf("the public URL %s is on port %s of this machine, but the server listens on port %d", publicURL, port, tcp.Port)
	case u.Scheme == "https":
		return fmt.Sprintf("the public URL %s is https on this machine, but the server speaks plain http", publicURL)
	case !tcp.IP.IsUnspecified() && !tcp.IP.IsLoopback():
		return fmt.Sprintf("the public URL %s is a loopback address, but the server listens on %s only", publicURL, tcp.IP)
	}
	return ""
}

// isLoopback reports whether host names this machine: localhost (RFC 6761)
// or a loopback address.
func isLoopback(host string) bool {
	host = strings.ToLower(host)
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
