// Package config holds the configuration of the `reftrack serve` command.
//
// Every setting is a command-line flag with a matching REFTRACK_ environment
// variable; a flag that is given wins over the environment, and the
// environment wins over the built-in default. All options are described once,
// in the options table below, which drives flag registration, environment
// lookup, defaults, validation and the usage text, so the four cannot drift
// apart.
//
// Load validates everything before the server starts and reports every
// problem at once, each naming both the flag and the variable, so an operator
// can fix a deployment in one pass whichever of the two they used.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"
)

// envPrefix starts the name of every environment variable read by Load.
const envPrefix = "REFTRACK_"

// Config is the configuration of `reftrack serve`. Load fills it from flags
// and environment; the zero value is not valid.
type Config struct {
	// Addr is the address the HTTP server listens on (host:port).
	Addr string
	// MetricsAddr is where /metrics is served (host:port), apart from the
	// API so that it is never public by accident; "" serves no metrics.
	MetricsAddr string
	// DB is an SQLite file path, or a postgres:// or postgresql:// URL.
	DB string
	// PublicURL is the absolute http(s) URL the service is reached at, used to
	// build tracking links; it has no trailing slash, query or fragment.
	PublicURL string
	// AllowedRedirectHosts are the lower-cased hosts (optionally host:port)
	// that tracking links may redirect to; anything else is refused so the
	// service cannot be used as an open redirector.
	AllowedRedirectHosts []string
	// CORSOrigins are the origins (scheme://host[:port]) allowed to call the
	// API from a browser; empty means same-origin only.
	CORSOrigins []string
	// AttributionDays is how long after a click a signup is still credited to
	// the referring partner.
	AttributionDays int
	// EventRetentionDays is how long the event log keeps an event; a
	// cursor older than that can no longer resume.
	EventRetentionDays int
	// BeaconsPerAddress and BeaconsPerVisitor bound the beacons (POST /t,
	// GET /t.gif) one client address and one visitor may send a minute.
	BeaconsPerAddress, BeaconsPerVisitor int
	// AdminToken, when not empty, is the bearer token of the admin API. It is
	// read only from the environment so it never shows in process listings.
	AdminToken string
	// Demo seeds and serves demonstration data.
	Demo bool
	// MaxComplexity is the highest GraphQL query complexity accepted.
	MaxComplexity int
	// MaxDepth is the deepest GraphQL query nesting accepted.
	MaxDepth int
	// MaxTokens is the most lexical tokens a GraphQL document may hold.
	MaxTokens int
	// MaxFragments is the most fragment definitions, and the most fragment
	// spreads, a GraphQL document may hold.
	MaxFragments int
	// MaxBodyBytes is the largest request body accepted, in bytes.
	MaxBodyBytes int64
	// MaxResponseBytes is the largest GraphQL response data sent, in bytes.
	MaxResponseBytes int
	// RequestTimeout bounds the time spent serving one request.
	RequestTimeout time.Duration
	// ReadHeaderTimeout bounds the time a client may take to send a
	// request's headers.
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds the time a client may take to send a whole
	// request, headers and body; websockets and event streams lift it once
	// they are open.
	ReadTimeout time.Duration
	// WriteTimeout bounds the time from the end of a request's headers to
	// the end of its response; an event stream has it for each event.
	WriteTimeout time.Duration
	// IdleTimeout is how long a keep-alive connection may wait for its
	// next request.
	IdleTimeout time.Duration
	// RevocationCheckInterval is how often the credentials of live
	// sessions (websockets, event streams) are checked again: the backstop
	// for a revocation whose notice did not arrive.
	RevocationCheckInterval time.Duration
	// ShutdownTimeout bounds the wait for in-flight requests on shutdown.
	ShutdownTimeout time.Duration
	// ClickLinger is the least time between the starts of two commits of
	// the click writer, which waits for more clicks for what is left of it:
	// a little latency for much less work per click under load. A commit
	// that takes longer (PostgreSQL's flush to disk) adds no wait. The
	// default is short because a busy machine stretches the wait; see
	// docs/decisions/0002-group-commit-and-linger.md.
	ClickLinger time.Duration
	// WebhookAllowPrivate lets webhooks reach loopback, private and other
	// internal addresses, and plain http: for development and tests only.
	WebhookAllowPrivate bool
	// LogLevel is one of debug, info, warn and error.
	LogLevel string
	// LogFormat is text or json.
	LogFormat string
}

// Allowed values of LogLevel and LogFormat, in the order Usage lists them.
var (
	logLevels  = []string{"debug", "info", "warn", "error"}
	logFormats = []string{"text", "json"}
)

// minAdminTokenLen keeps admin tokens long enough not to be guessable;
// MaxTokenLen bounds what a client may make the server hash.
const (
	minAdminTokenLen = 24
	MaxTokenLen      = 256
)

// options describes every setting, in the order of Config, once. The order
// matters: a derived default may only read options listed before it
// (PublicURL follows Addr, AllowedRedirectHosts follows PublicURL).
var options = []option{
	stringOpt("addr", ":8080", "address to listen on, host:port",
		func(c *Config) *string { return &c.Addr }, strings.TrimSpace, checkAddr),
	{
		name: "metrics-addr", def: "",
		help: "address to serve Prometheus /metrics on, host:port, apart from --addr (127.0.0.1:9090 keeps it local); none = no metrics",
		set:  func(c *Config, v string) error { c.MetricsAddr = strings.TrimSpace(v); return nil },
		check: func(c Config) error {
			if c.MetricsAddr == "" {
				return nil
			}
			if err := checkAddr(c.MetricsAddr); err != nil {
				return err
			}
			if c.MetricsAddr == c.Addr {
				return errors.New("must differ from --addr: metrics are served apart from the API")
			}
			return nil
		},
	},
	{
		name: "db", def: "reftrack.db",
		help: "SQLite file path, or postgres:// / postgresql:// URL",
		// The value may embed a password, so errors never quote it.
		set:   func(c *Config, v string) error { c.DB = normalizeDB(v); return nil },
		check: func(c Config) error { return checkDB(c.DB) },
	},
	{
		name: "public-url", def: "http://localhost:8080",
		defDoc: "http:// and the host:port of --addr (localhost if no host)",
		help:   "absolute http(s) URL the service is reached at",
		set:    func(c *Config, v string) error { c.PublicURL = normalizePublicURL(v); return nil },
		// Without an explicit URL, follow the listening address so that
		// `--addr 127.0.0.1:9000` alone yields working links.
		derive: func(c *Config) {
			if u, ok := listenURL(c.Addr); ok {
				c.PublicURL = u
			}
		},
		check: func(c Config) error { return checkPublicURL(c.PublicURL) },
	},
	listOpt("allowed-redirect-hosts", "host of --public-url, localhost",
		"hosts (host or host:port) tracking links may redirect to",
		func(c *Config) *[]string { return &c.AllowedRedirectHosts },
		normalizeHost, checkHost,
		// The service's own host and localhost are always safe targets.
		func(c *Config) {
			hosts := []string{"localhost"}
			if u, err := url.Parse(c.PublicURL); err == nil && u.Hostname() != "" {
				hosts = []string{strings.ToLower(u.Hostname()), "localhost"}
			}
			c.AllowedRedirectHosts = dedupe(hosts)
		}, false /* at least one host */),
	listOpt("cors-origins", "", "browser origins (https://app.example.com) allowed to call the API; none = same-origin only",
		func(c *Config) *[]string { return &c.CORSOrigins },
		normalizeOrigin, checkOrigin, nil, true /* empty = same-origin only */),
	intOpt("attribution-days", 90, "days after a click a signup is credited to the partner",
		func(c *Config) *int { return &c.AttributionDays }, 1, 3650),
	intOpt("event-retention-days", 30, "days the event log keeps an event (the events query, resumable subscriptions); older ones are pruned hourly and by reftrack prune",
		func(c *Config) *int { return &c.EventRetentionDays }, 1, 3650),
	intOpt("beacons-per-address", 120, "beacons (POST /t, GET /t.gif) one client address may send a minute, as many at once; more get 429",
		func(c *Config) *int { return &c.BeaconsPerAddress }, 1, 100_000_000),
	intOpt("beacons-per-visitor", 10, "beacons one visitor id may send a minute, as many at once; more get 429",
		func(c *Config) *int { return &c.BeaconsPerVisitor }, 1, 100_000_000),
	{
		name: "admin-token", envOnly: true,
		help: fmt.Sprintf("optional admin API bearer token, %d to %d characters, used as given; environment only", minAdminTokenLen, MaxTokenLen),
		set:  func(c *Config, v string) error { c.AdminToken = v; return nil },
		check: func(c Config) error {
			// Never quote the token: error messages end up in logs.
			if c.AdminToken == "" {
				return nil
			}
			if n := utf8.RuneCountInString(c.AdminToken); n < minAdminTokenLen {
				return fmt.Errorf("must be at least %d characters, got %d", minAdminTokenLen, n)
			}
			if n := len(c.AdminToken); n > MaxTokenLen {
				return fmt.Errorf("must be at most %d bytes, got %d", MaxTokenLen, n)
			}
			if strings.IndexFunc(c.AdminToken, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
				return errors.New("must not contain spaces or control characters")
			}
			return nil
		},
	},
	boolOpt("demo", "seed and serve demonstration data", func(c *Config) *bool { return &c.Demo }),
	intOpt("max-complexity", 5000, "highest GraphQL query complexity accepted",
		func(c *Config) *int { return &c.MaxComplexity }, 1, 1_000_000),
	intOpt("max-depth", 12, "deepest GraphQL query nesting accepted",
		func(c *Config) *int { return &c.MaxDepth }, 1, 1000),
	intOpt("max-tokens", 10000, "most lexical tokens in a GraphQL document, counted before it is parsed",
		func(c *Config) *int { return &c.MaxTokens }, 100, 1_000_000),
	intOpt("max-fragments", 100, "most fragment definitions, and most fragment spreads, in a GraphQL document",
		func(c *Config) *int { return &c.MaxFragments }, 1, 10_000),
	withDefDoc(intOpt("max-body-bytes", int64(1<<20), "largest request body accepted, in bytes",
		func(c *Config) *int64 { return &c.MaxBodyBytes }, 1, 1<<30), "1048576 (1 MiB)"),
	withDefDoc(intOpt("max-response-bytes", 4<<20, "largest GraphQL response data sent, in bytes; a larger one is replaced by an error",
		func(c *Config) *int { return &c.MaxResponseBytes }, 1024, 1<<30), "4194304 (4 MiB)"),
	durationOpt("request-timeout", 15*time.Second, "time limit for serving one request",
		func(c *Config) *time.Duration { return &c.RequestTimeout }, positive),
	durationOpt("read-header-timeout", 10*time.Second, "time a client may take to send a request's headers",
		func(c *Config) *time.Duration { return &c.ReadHeaderTimeout }, positive),
	durationOpt("read-timeout", 30*time.Second, "time a client may take to send a whole request, body included (websockets and event streams are exempt once open)",
		func(c *Config) *time.Duration { return &c.ReadTimeout }, positive),
	durationOpt("write-timeout", 60*time.Second, "time to serve and send a response to a client that reads it (event streams: each event; websockets have their own)",
		func(c *Config) *time.Duration { return &c.WriteTimeout }, positive),
	durationOpt("idle-timeout", 60*time.Second, "time a keep-alive connection may wait for its next request",
		func(c *Config) *time.Duration { return &c.IdleTimeout }, positive),
	durationOpt("revocation-check-interval", 30*time.Second, "how often websockets and event streams check their token again, should a revocation notice be lost",
		func(c *Config) *time.Duration { return &c.RevocationCheckInterval }, between(100*time.Millisecond, time.Hour)),
	durationOpt("shutdown-timeout", 30*time.Second, "time to let in-flight requests finish on shutdown",
		func(c *Config) *time.Duration { return &c.ShutdownTimeout }, positive),
	durationOpt("click-linger", 500*time.Microsecond, "least time between the starts of two click commits; the writer waits for more clicks for what is left of it; 0 commits at once",
		func(c *Config) *time.Duration { return &c.ClickLinger }, between(0, 100*time.Millisecond)),
	boolOpt("webhook-allow-private", "let webhooks reach loopback, private, link-local and metadata addresses, and plain http: development and tests only",
		func(c *Config) *bool { return &c.WebhookAllowPrivate }),
	stringOpt("log-level", "info", "debug, info, warn or error",
		func(c *Config) *string { return &c.LogLevel }, normalizeWord, oneOf(logLevels)),
	stringOpt("log-format", "text", "text or json",
		func(c *Config) *string { return &c.LogFormat }, normalizeWord, oneOf(logFormats)),
}

// option describes one setting: its names, default, help and how to parse
// and check it.
type option struct {
	name    string // flag name without dashes; the variable is derived from it
	def     string // default, as it would be typed; "" means empty
	defDoc  string // default as shown by Usage, when def alone would mislead
	help    string
	isBool  bool // the flag takes no value: --demo means --demo=true
	envOnly bool // a secret: never accepted as a flag, so it stays out of ps

	// set parses and normalises a raw value into c. It fails only when the
	// text cannot be parsed at all; semantic checks belong in check so they
	// also apply to a Config built in code.
	set func(c *Config, v string) error
	// derive, if set, computes the default from options listed earlier when
	// neither the flag nor the variable is given.
	derive func(c *Config)
	// check reports what is wrong with the field, without naming it.
	check func(c Config) error
}

func (o option) flagName() string { return "--" + o.name }

func (o option) envName() string {
	return envPrefix + strings.ToUpper(strings.ReplaceAll(o.name, "-", "_"))
}

// label names the option the way every error message does.
func (o option) label() string {
	if o.envOnly {
		return o.envName()
	}
	return o.flagName() + " (" + o.envName() + ")"
}

func withDefDoc(o option, doc string) option { o.defDoc = doc; return o }

func stringOpt(name, def, help string, field func(*Config) *string, norm func(string) string, check func(string) error) option {
	return option{
		name: name, def: def, help: help,
		set:   func(c *Config, v string) error { *field(c) = norm(v); return nil },
		check: func(c Config) error { return check(*field(&c)) },
	}
}

func intOpt[T int | int64](name string, def T, help string, field func(*Config) *T, lo, hi T) option {
	return option{
		name: name, def: strconv.FormatInt(int64(def), 10), help: help,
		set: func(c *Config, v string) error {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			if err != nil || int64(T(n)) != n {
				return fmt.Errorf("must be a whole number, got %q", v)
			}
			*field(c) = T(n)
			return nil
		},
		check: func(c Config) error {
			if n := *field(&c); n < lo || n > hi {
				return fmt.Errorf("must be between %d and %d, got %d", lo, hi, n)
			}
			return nil
		},
	}
}

func boolOpt(name, help string, field func(*Config) *bool) option {
	return option{
		name: name, def: "false", isBool: true, help: help,
		set: func(c *Config, v string) error {
			b, err := strconv.ParseBool(strings.TrimSpace(v))
			if err != nil {
				return fmt.Errorf("must be true or false, got %q", v)
			}
			*field(c) = b
			return nil
		},
	}
}

func durationOpt(name string, def time.Duration, help string, field func(*Config) *time.Duration, check func(time.Duration) error) option {
	return option{
		name: name, def: def.String(), help: help,
		set: func(c *Config, v string) error {
			d, err := time.ParseDuration(strings.TrimSpace(v))
			if err != nil {
				return fmt.Errorf("must be a duration such as 30s or 2m, got %q", v)
			}
			*field(c) = d
			return nil
		},
		check: func(c Config) error { return check(*field(&c)) },
	}
}

func positive(d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("must be positive, got %s", d)
	}
	return nil
}

func between(lo, hi time.Duration) func(time.Duration) error {
	return func(d time.Duration) error {
		if d < lo || d > hi {
			return fmt.Errorf("must be between %s and %s, got %s", lo, hi, d)
		}
		return nil
	}
}

// listOpt describes a comma-separated list. Empty items are dropped so a
// trailing comma is harmless, and duplicates are removed after normalising.
func listOpt(name, defDoc, help string, field func(*Config) *[]string, norm func(string) string, checkItem func(string) error, derive func(*Config), emptyOK bool) option {
	return option{
		name: name, defDoc: defDoc, help: help, derive: derive,
		set: func(c *Config, v string) error {
			var items []string
			for _, s := range strings.Split(v, ",") {
				if s = norm(s); s != "" {
					items = append(items, s)
				}
			}
			*field(c) = dedupe(items)
			return nil
		},
		check: func(c Config) error {
			items := *field(&c)
			if len(items) == 0 && !emptyOK {
				return errors.New("must list at least one entry")
			}
			var errs []error
			for _, s := range items {
				if err := checkItem(s); err != nil {
					errs = append(errs, fmt.Errorf("%q %w", s, err))
				}
			}
			if len(errs) > 0 {
				return fmt.Errorf("has invalid entries: %w", joinInline(errs))
			}
			return nil
		},
	}
}

func dedupe(items []string) []string {
	seen := make(map[string]bool, len(items))
	out := items[:0:0]
	for _, s := range items {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// joinInline joins errors on one line, so that each problem stays one line
// of the joined error returned by Validate.
func joinInline(errs []error) error {
	msgs := make([]string, len(errs))
	for i, err := range errs {
		msgs[i] = err.Error()
	}
	return errors.New(strings.Join(msgs, "; "))
}

func oneOf(allowed []string) func(string) error {
	return func(s string) error {
		if !slices.Contains(allowed, s) {
			return fmt.Errorf("must be one of %s, got %q", strings.Join(allowed, ", "), s)
		}
		return nil
	}
}

func normalizeWord(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Load builds the configuration from command-line arguments (without the
// program and command names) and the environment, read through getenv
// (os.Getenv in production). A flag that is given wins over its variable;
// an empty variable counts as unset. The result is validated, and every
// problem is reported in one joined error.
//
// For -h, -help or --help Load returns flag.ErrHelp, so the caller can print
// Usage and exit 0. On any error the returned Config is the zero value.
func Load(args []string, getenv func(string) string) (Config, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	// The caller prints errors and Usage; the flag package's own output
	// would duplicate them in a different format.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}

	// Flags only record their raw text; parsing happens below, in one place
	// for flags and variables, so both give the same messages.
	given := make(map[string]string)
	secretOnCommandLine := false
	for _, o := range options {
		record := func(v string) error { given[o.name] = v; return nil }
		switch {
		case o.envOnly:
			// Accept the flag only to explain why it is refused, rather
			// than the flag package's "provided but not defined".
			fs.Func(o.name, "", func(string) error { secretOnCommandLine = true; return nil })
		case o.isBool:
			fs.BoolFunc(o.name, o.help, record)
		default:
			fs.Func(o.name, o.help, record)
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return Config{}, flag.ErrHelp
		}
		return Config{}, fmt.Errorf("%w (see --help)", err)
	}

	var errs []error
	if secretOnCommandLine {
		errs = append(errs, errors.New("--admin-token is not a flag, so the secret stays out of process listings: set REFTRACK_ADMIN_TOKEN instead"))
	}
	if fs.NArg() > 0 {
		errs = append(errs, fmt.Errorf("unexpected argument %q (serve takes only flags; boolean flags are written --demo=false)", fs.Arg(0)))
	}

	c := defaults()
	for _, o := range options {
		v, ok := given[o.name]
		source := o.flagName()
		if !ok {
			v, source = getenv(o.envName()), o.envName()
		}
		if !ok && v == "" {
			if o.derive != nil {
				o.derive(&c)
			}
			continue
		}
		if err := o.set(&c, v); err != nil {
			errs = append(errs, fmt.Errorf("%s %w (from %s)", o.label(), err, source))
		}
	}
	if err := c.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return Config{}, err
	}
	return c, nil
}

// defaults returns the built-in defaults, taken from the options table.
func defaults() Config {
	var c Config
	for _, o := range options {
		if o.def == "" {
			continue
		}
		if err := o.set(&c, o.def); err != nil {
			panic("config: bad default for " + o.name + ": " + err.Error())
		}
	}
	return c
}

// Validate reports every problem with c, joined, one per line, each naming
// the flag and its environment variable.
func (c Config) Validate() error {
	var errs []error
	for _, o := range options {
		if o.check == nil {
			continue
		}
		if err := o.check(c); err != nil {
			errs = append(errs, fmt.Errorf("%s %w", o.label(), err))
		}
	}
	return errors.Join(errs...)
}

// Usage returns the help text of `reftrack serve`: a table of every flag,
// its environment variable, default and meaning. It does not depend on c's
// values, so it reads the same in --help and in the README.
func (Config) Usage() string {
	var b strings.Builder
	b.WriteString("Usage: reftrack serve [flags]\n\n")
	b.WriteString("Each flag can also be set by its environment variable; a flag that is given wins.\n\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FLAG\tENVIRONMENT\tDEFAULT\tMEANING")
	for _, o := range options {
		flagCol := o.flagName()
		if o.envOnly {
			flagCol = "(env only)"
		}
		def := o.def
		if o.defDoc != "" {
			def = o.defDoc
		}
		if def == "" {
			def = "none"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", flagCol, o.envName(), def, o.help)
	}
	tw.Flush()
	return b.String()
}

// Logger returns a logger writing to w at LogLevel, as text or JSON per
// LogFormat. Unknown values fall back to info and text; Validate rejects
// them before this is reached.
func (c Config) Logger(w io.Writer) *slog.Logger {
	var level slog.Level // info unless LogLevel parses
	_ = level.UnmarshalText([]byte(normalizeWord(c.LogLevel)))
	opts := &slog.HandlerOptions{Level: level}
	if normalizeWord(c.LogFormat) == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// checkAddr accepts host:port with a numeric port, as net.Listen needs.
func checkAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("must be host:port such as :8080 or 127.0.0.1:8080, got %q", addr)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("must have a port between 0 and 65535, got %q", addr)
	}
	return nil
}

// listenURL returns the http URL of a listening address: its host (
// localhost for an unspecified one) and port. Port 0 has no URL.
func listenURL(addr string) (string, bool) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", false
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", false
	}
	switch ip := net.ParseIP(host); {
	case host == "" || ip != nil && ip.IsUnspecified():
		host = "localhost"
	case ip != nil:
		host = ip.String() // an IPv6 address is bracketed by JoinHostPort
	default:
		host = strings.ToLower(host)
	}
	return "http://" + net.JoinHostPort(host, port), true
}

// normalizeDB lower-cases a postgres URL scheme, because the store
// recognises PostgreSQL by an exact lower-case prefix and would otherwise
// open "POSTGRES://..." as an SQLite file of that name.
func normalizeDB(v string) string {
	v = strings.TrimSpace(v)
	if scheme, rest, ok := strings.Cut(v, "://"); ok {
		if s := strings.ToLower(scheme); s == "postgres" || s == "postgresql" {
			return s + "://" + rest
		}
	}
	return v
}

// checkDB never quotes the value: a postgres URL may hold a password.
func checkDB(v string) error {
	if v == "" {
		return errors.New("must not be empty: give an SQLite file path or a postgres:// URL")
	}
	scheme, _, isURL := strings.Cut(v, "://")
	if !isURL {
		return nil // an SQLite path; whether it can be opened is the store's business
	}
	if scheme != "postgres" && scheme != "postgresql" {
		return fmt.Errorf("must be an SQLite file path or a postgres:// or postgresql:// URL, got a %q URL", scheme)
	}
	if _, err := url.Parse(v); err != nil {
		return errors.New("is not a valid postgres URL")
	}
	return nil
}

// normalizePublicURL trims spaces and trailing slashes, so that links can be
// built as PublicURL + "/path" without doubling the slash, and lower-cases
// the scheme and host.
func normalizePublicURL(v string) string {
	v = strings.TrimRight(strings.TrimSpace(v), "/")
	u, err := url.Parse(v)
	if err != nil || u.Host == "" {
		return v // left for checkPublicURL to report
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	return u.String()
}

func checkPublicURL(v string) error {
	u, err := url.Parse(v)
	switch {
	case err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "":
		return fmt.Errorf("must be an absolute URL such as https://ref.example.com, got %q", v)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("must be an http or https URL, got %q", v)
	case u.User != nil:
		return errors.New("must not contain a user name or password")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(v, "#"):
		return fmt.Errorf("must not have a query or fragment, got %q", v)
	case u.Port() != "" && !validPort(u.Port()):
		return fmt.Errorf("has an invalid port, got %q", v)
	}
	return nil
}

func normalizeHost(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// checkHost accepts a host name, IPv4 address or bracketed IPv6 address,
// optionally with a port: what a redirect URL's host part can hold.
func checkHost(s string) error {
	switch {
	case strings.Contains(s, "://"):
		return errors.New("must be a host name without a scheme")
	case strings.ContainsAny(s, "/?#"):
		return errors.New("must be a host name without a path")
	case strings.IndexFunc(s, unicode.IsSpace) >= 0:
		return errors.New("must not contain spaces")
	case strings.Contains(s, "@"):
		return errors.New("must be a host name without a user")
	}
	host := s
	switch h, port, err := net.SplitHostPort(s); {
	case strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]"): // [IPv6] without a port
		host = s[1 : len(s)-1]
		if net.ParseIP(host) == nil {
			return errors.New("is not a valid IPv6 address")
		}
		return nil
	case err == nil:
		if !validPort(port) {
			return errors.New("has an invalid port")
		}
		host = h
	case strings.ContainsAny(s, "[]"):
		return errors.New("must be host or host:port")
	}
	if net.ParseIP(host) != nil || validHostName(host) {
		return nil
	}
	return errors.New("is not a valid host name (letters, digits, hyphens and dots; punycode for international names)")
}

// validHostName checks DNS label syntax (letters, digits, hyphens, dots).
func validHostName(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n >= 1 && n <= 65535
}

// normalizeOrigin lower-cases and drops a trailing slash, because browsers
// send the Origin header in that form and matching is by exact string.
func normalizeOrigin(s string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "/")
}

func checkOrigin(s string) error {
	if s == "*" {
		return errors.New("is not allowed: list each origin explicitly")
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https"):
		return errors.New("must be an origin such as https://app.example.com")
	case u.User != nil || u.Path != "" || u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(s, "#"):
		return errors.New("must be only scheme://host[:port], without a path, query or fragment")
	case strings.Contains(u.Hostname(), "*"):
		return errors.New("must not contain wildcards")
	case u.Port() != "" && !validPort(u.Port()):
		return errors.New("has an invalid port")
	}
	return nil
}

// Some reads only the settings named (flag names without dashes) the way
// Load does: a flag value in given wins over its variable, an empty variable
// counts as unset, then the table's default; the same parsing, checks and
// messages. It is for the maintenance commands, which share a few of serve's
// settings and must not drift from them. Other fields keep their defaults.
func Some(given map[string]string, getenv func(string) string, names ...string) (Config, error) {
	c := defaults()
	var errs []error
	for _, name := range names {
		i := slices.IndexFunc(options, func(o option) bool { return o.name == name })
		if i < 0 {
			panic("config: no setting " + name)
		}
		o := options[i]
		v, ok := given[name]
		source := o.flagName()
		if !ok {
			v, source = getenv(o.envName()), o.envName()
		}
		if !ok && v == "" {
			continue
		}
		err := o.set(&c, v)
		if err == nil && o.check != nil {
			err = o.check(c)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s %w (from %s)", o.label(), err, source))
		}
	}
	return c, errors.Join(errs...)
}

// Source says where Some or Load took the named setting from: its flag when
// given holds it, else its variable when set, else "the default".
func Source(given map[string]string, getenv func(string) string, name string) string {
	for _, o := range options {
		if o.name != name {
			continue
		}
		if _, ok := given[name]; ok {
			return o.flagName()
		}
		if getenv(o.envName()) != "" {
			return o.envName()
		}
		return "the default"
	}
	panic("config: no setting " + name)
}

// FlagHelp documents the named settings for a maintenance command's help,
// from the same table as serve's --help.
func FlagHelp(names ...string) string {
	var b strings.Builder
	for _, name := range names {
		i := slices.IndexFunc(options, func(o option) bool { return o.name == name })
		if i < 0 {
			panic("config: no setting " + name)
		}
		o := options[i]
		def := o.def
		if o.defDoc != "" {
			def = o.defDoc
		}
		fmt.Fprintf(&b, "  %s\n      %s (default: $%s, else %s)\n", o.flagName(), o.help, o.envName(), def)
	}
	return b.String()
}
