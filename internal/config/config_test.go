package config_test

import (
	"bytes"
	"errors"
	"flag"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/config"
)

// env turns a map into a getenv function.
func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// defaults is the configuration Load must produce from nothing.
func defaults() config.Config {
	return config.Config{
		Addr:                    ":8080",
		DB:                      "reftrack.db",
		PublicURL:               "http://localhost:8080",
		AllowedRedirectHosts:    []string{"localhost"},
		AttributionDays:         90,
		EventRetentionDays:      30,
		BeaconsPerAddress:       120,
		BeaconsPerVisitor:       10,
		MaxComplexity:           5000,
		MaxDepth:                12,
		MaxTokens:               10000,
		MaxFragments:            100,
		MaxBodyBytes:            1 << 20,
		MaxResponseBytes:        4 << 20,
		RequestTimeout:          15 * time.Second,
		ReadHeaderTimeout:       10 * time.Second,
		ReadTimeout:             30 * time.Second,
		WriteTimeout:            60 * time.Second,
		IdleTimeout:             60 * time.Second,
		RevocationCheckInterval: 30 * time.Second,
		ShutdownTimeout:         30 * time.Second,
		ClickLinger:             500 * time.Microsecond,
		LogLevel:                "info",
		LogFormat:               "text",
	}
}

const token = "0123456789abcdef0123456789abcdef"

func TestLoad(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want func(*config.Config) // applied to defaults()
	}{
		{name: "defaults", want: func(*config.Config) {}},
		{
			name: "empty variables count as unset",
			env:  map[string]string{"REFTRACK_ADDR": "", "REFTRACK_ATTRIBUTION_DAYS": "", "REFTRACK_CORS_ORIGINS": ""},
			want: func(*config.Config) {},
		},
		{
			name: "every flag",
			args: []string{
				"--addr", "127.0.0.1:9000", "--db", "postgres://u:p@db/reftrack",
				"--public-url", "https://ref.example.com/", "--allowed-redirect-hosts", "shop.example.com",
				"--cors-origins", "https://app.example.com", "--attribution-days", "30", "--demo",
				"--beacons-per-address", "50", "--beacons-per-visitor", "5",
				"--max-complexity", "500", "--max-depth", "8", "--max-body-bytes", "4096",
				"--max-tokens", "2000", "--max-fragments", "20", "--max-response-bytes", "65536",
				"--request-timeout", "5s", "--read-header-timeout", "2s", "--read-timeout", "3s", "--write-timeout", "6s", "--idle-timeout", "4s",
				"--revocation-check-interval", "5s",
				"--shutdown-timeout", "1m", "--click-linger", "0", "--log-level", "debug", "--log-format", "json",
			},
			want: func(c *config.Config) {
				*c = config.Config{
					Addr: "127.0.0.1:9000", DB: "postgres://u:p@db/reftrack",
					PublicURL: "https://ref.example.com", AllowedRedirectHosts: []string{"shop.example.com"},
					CORSOrigins: []string{"https://app.example.com"}, AttributionDays: 30, EventRetentionDays: 30, Demo: true,
					BeaconsPerAddress: 50, BeaconsPerVisitor: 5,
					MaxComplexity: 500, MaxDepth: 8, MaxBodyBytes: 4096,
					MaxTokens: 2000, MaxFragments: 20, MaxResponseBytes: 65536,
					RequestTimeout: 5 * time.Second, ReadHeaderTimeout: 2 * time.Second, ReadTimeout: 3 * time.Second, WriteTimeout: 6 * time.Second, IdleTimeout: 4 * time.Second,
					RevocationCheckInterval: 5 * time.Second, ShutdownTimeout: time.Minute, ClickLinger: 0, LogLevel: "debug", LogFormat: "json",
				}
			},
		},
		{
			name: "every variable",
			env: map[string]string{
				"REFTRACK_ADDR": "127.0.0.1:9000", "REFTRACK_DB": "/var/lib/reftrack.db",
				"REFTRACK_PUBLIC_URL": "https://ref.example.com", "REFTRACK_ALLOWED_REDIRECT_HOSTS": "shop.example.com",
				"REFTRACK_CORS_ORIGINS": "https://app.example.com", "REFTRACK_ATTRIBUTION_DAYS": "30",
				"REFTRACK_ADMIN_TOKEN": token, "REFTRACK_DEMO": "true",
				"REFTRACK_BEACONS_PER_ADDRESS": "50", "REFTRACK_BEACONS_PER_VISITOR": "5",
				"REFTRACK_MAX_COMPLEXITY": "500", "REFTRACK_MAX_DEPTH": "8", "REFTRACK_MAX_BODY_BYTES": "4096",
				"REFTRACK_MAX_TOKENS": "2000", "REFTRACK_MAX_FRAGMENTS": "20", "REFTRACK_MAX_RESPONSE_BYTES": "65536",
				"REFTRACK_REQUEST_TIMEOUT": "5s", "REFTRACK_READ_HEADER_TIMEOUT": "2s", "REFTRACK_READ_TIMEOUT": "3s", "REFTRACK_WRITE_TIMEOUT": "6s", "REFTRACK_IDLE_TIMEOUT": "4s",
				"REFTRACK_REVOCATION_CHECK_INTERVAL": "5s",
				"REFTRACK_SHUTDOWN_TIMEOUT":          "1m", "REFTRACK_CLICK_LINGER": "5ms",
				"REFTRACK_LOG_LEVEL": "WARN", "REFTRACK_LOG_FORMAT": "json",
			},
			want: func(c *config.Config) {
				*c = config.Config{
					Addr: "127.0.0.1:9000", DB: "/var/lib/reftrack.db",
					PublicURL: "https://ref.example.com", AllowedRedirectHosts: []string{"shop.example.com"},
					CORSOrigins: []string{"https://app.example.com"}, AttributionDays: 30, EventRetentionDays: 30, AdminToken: token, Demo: true,
					BeaconsPerAddress: 50, BeaconsPerVisitor: 5,
					MaxComplexity: 500, MaxDepth: 8, MaxBodyBytes: 4096,
					MaxTokens: 2000, MaxFragments: 20, MaxResponseBytes: 65536,
					RequestTimeout: 5 * time.Second, ReadHeaderTimeout: 2 * time.Second, ReadTimeout: 3 * time.Second, WriteTimeout: 6 * time.Second, IdleTimeout: 4 * time.Second,
					RevocationCheckInterval: 5 * time.Second, ShutdownTimeout: time.Minute, ClickLinger: 5 * time.Millisecond, LogLevel: "warn", LogFormat: "json",
				}
			},
		},
		{
			name: "flag beats variable",
			args: []string{"--attribution-days=7", "--log-level=error", "--demo=false", "--cors-origins="},
			env: map[string]string{
				"REFTRACK_ATTRIBUTION_DAYS": "30", "REFTRACK_LOG_LEVEL": "debug", "REFTRACK_DEMO": "true",
				"REFTRACK_CORS_ORIGINS": "https://app.example.com",
			},
			want: func(c *config.Config) { c.AttributionDays, c.LogLevel = 7, "error" },
		},
		{
			name: "flag beats bad variable",
			args: []string{"--attribution-days", "7"},
			env:  map[string]string{"REFTRACK_ATTRIBUTION_DAYS": "abc"},
			want: func(c *config.Config) { c.AttributionDays = 7 },
		},
		{
			name: "variable used where no flag",
			args: []string{"--max-depth", "5"},
			env:  map[string]string{"REFTRACK_ATTRIBUTION_DAYS": "30"},
			want: func(c *config.Config) { c.MaxDepth, c.AttributionDays = 5, 30 },
		},
		{
			name: "last flag wins",
			args: []string{"--max-depth", "5", "--max-depth", "6"},
			want: func(c *config.Config) { c.MaxDepth = 6 },
		},
		{
			name: "single dash flags",
			args: []string{"-demo", "-db", "x.db"},
			want: func(c *config.Config) { c.Demo, c.DB = true, "x.db" },
		},
		{
			name: "postgres scheme lower-cased",
			env:  map[string]string{"REFTRACK_DB": " PostgreSQL://db/reftrack "},
			want: func(c *config.Config) { c.DB = "postgresql://db/reftrack" },
		},
		// PublicURL follows the Addr port, and the redirect hosts follow PublicURL.
		{
			name: "public url follows addr port",
			args: []string{"--addr", ":9000"},
			want: func(c *config.Config) { c.Addr, c.PublicURL = ":9000", "http://localhost:9000" },
		},
		{
			name: "public url follows addr port from env",
			env:  map[string]string{"REFTRACK_ADDR": ":3000"},
			want: func(c *config.Config) { c.Addr, c.PublicURL = ":3000", "http://localhost:3000" },
		},
		// Issue 17.19: REFTRACK_ADDR=127.0.0.1:18401 left links on :8080.
		{
			name: "public url follows addr host and port",
			env:  map[string]string{"REFTRACK_ADDR": "127.0.0.1:18401"},
			want: func(c *config.Config) {
				c.Addr, c.PublicURL = "127.0.0.1:18401", "http://127.0.0.1:18401"
				c.AllowedRedirectHosts = []string{"127.0.0.1", "localhost"}
			},
		},
		{
			name: "public url follows addr host name",
			args: []string{"--addr", "Ref.Internal:9000"},
			want: func(c *config.Config) {
				c.Addr, c.PublicURL = "Ref.Internal:9000", "http://ref.internal:9000"
				c.AllowedRedirectHosts = []string{"ref.internal", "localhost"}
			},
		},
		{
			name: "public url of an unspecified addr host is localhost",
			args: []string{"--addr", "0.0.0.0:9000"},
			want: func(c *config.Config) { c.Addr, c.PublicURL = "0.0.0.0:9000", "http://localhost:9000" },
		},
		{
			name: "public url of an ipv6 addr",
			args: []string{"--addr", "[::1]:9000"},
			want: func(c *config.Config) {
				c.Addr, c.PublicURL = "[::1]:9000", "http://[::1]:9000"
				c.AllowedRedirectHosts = []string{"::1", "localhost"}
			},
		},
		{
			name: "public url not derived from port 0",
			args: []string{"--addr", "127.0.0.1:0"},
			want: func(c *config.Config) { c.Addr = "127.0.0.1:0" },
		},
		{
			name: "explicit public url beats addr port",
			args: []string{"--addr", ":9000"},
			env:  map[string]string{"REFTRACK_PUBLIC_URL": "http://localhost:8080"},
			want: func(c *config.Config) { c.Addr = ":9000" },
		},
		{
			name: "public url normalised",
			args: []string{"--public-url", " HTTPS://Ref.Example.COM:8443/track// "},
			want: func(c *config.Config) {
				c.PublicURL = "https://ref.example.com:8443/track"
				c.AllowedRedirectHosts = []string{"ref.example.com", "localhost"}
			},
		},
		{
			name: "redirect hosts default to public url host",
			env:  map[string]string{"REFTRACK_PUBLIC_URL": "https://ref.example.com"},
			want: func(c *config.Config) {
				c.PublicURL = "https://ref.example.com"
				c.AllowedRedirectHosts = []string{"ref.example.com", "localhost"}
			},
		},
		{
			name: "explicit redirect hosts replace the default",
			args: []string{"--public-url", "https://ref.example.com", "--allowed-redirect-hosts", "shop.example.com"},
			want: func(c *config.Config) {
				c.PublicURL = "https://ref.example.com"
				c.AllowedRedirectHosts = []string{"shop.example.com"}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := config.Load(tt.args, env(tt.env))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			want := defaults()
			tt.want(&want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Load:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestLists(t *testing.T) {
	tests := []struct {
		name, flag, value string
		field             func(config.Config) []string
		want              []string
	}{
		{"hosts trimmed and lower-cased", "allowed-redirect-hosts", " Shop.Example.COM , localhost:3000 ",
			redirectHosts, []string{"shop.example.com", "localhost:3000"}},
		{"hosts empty items and duplicates dropped", "allowed-redirect-hosts", "a.example.com,,A.example.com,b.example.com,",
			redirectHosts, []string{"a.example.com", "b.example.com"}},
		{"hosts ip addresses", "allowed-redirect-hosts", "127.0.0.1,[::1]:8080,[::1],10.0.0.1:80",
			redirectHosts, []string{"127.0.0.1", "[::1]:8080", "[::1]", "10.0.0.1:80"}},
		{"origins normalised", "cors-origins", "HTTPS://App.Example.com/, http://localhost:3000 ,https://app.example.com",
			corsOrigins, []string{"https://app.example.com", "http://localhost:3000"}},
		{"origins empty", "cors-origins", " , ", corsOrigins, nil},
	}
	for _, tt := range tests {
		for _, source := range []string{"flag", "env"} {
			t.Run(tt.name+"/"+source, func(t *testing.T) {
				var args []string
				vars := map[string]string{}
				if source == "flag" {
					args = []string{"--" + tt.flag + "=" + tt.value}
				} else {
					vars[envName(tt.flag)] = tt.value
				}
				c, err := config.Load(args, env(vars))
				if err != nil {
					t.Fatalf("Load: %v", err)
				}
				if got := tt.field(c); !reflect.DeepEqual(got, tt.want) {
					t.Errorf("got %q, want %q", got, tt.want)
				}
			})
		}
	}
}

func redirectHosts(c config.Config) []string { return c.AllowedRedirectHosts }
func corsOrigins(c config.Config) []string   { return c.CORSOrigins }

func envName(flag string) string {
	return "REFTRACK_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// TestInvalid checks that each bad value, given either way, is reported with
// both the flag and the variable named.
func TestInvalid(t *testing.T) {
	tests := []struct {
		flag, value string
		wantMsg     string // a further part of the message
	}{
		{"addr", "8080", "host:port"},
		{"addr", ":99999", "port between 0 and 65535"},
		{"addr", "", "host:port"},
		{"metrics-addr", "9090", "host:port"},
		{"metrics-addr", ":8080", "must differ from --addr"},
		{"db", "", "must not be empty"},
		{"db", "mysql://u:secret@db/x", `"mysql" URL`},
		{"public-url", "localhost:8080", "absolute URL"},
		{"public-url", "/path", "absolute URL"},
		{"public-url", "ftp://example.com", "http or https"},
		{"public-url", "https://example.com/?a=1", "query or fragment"},
		{"public-url", "https://example.com/#top", "query or fragment"},
		{"public-url", "https://user:secret@example.com", "user name or password"},
		{"allowed-redirect-hosts", "https://shop.example.com", "without a scheme"},
		{"allowed-redirect-hosts", "shop.example.com/landing", "without a path"},
		{"allowed-redirect-hosts", "shop example.com", "spaces"},
		{"allowed-redirect-hosts", "shop.example.com:0", "invalid port"},
		{"allowed-redirect-hosts", "shop.example.com:abc", "invalid port"},
		{"allowed-redirect-hosts", "*.example.com", "not a valid host name"},
		{"allowed-redirect-hosts", ",", "at least one"},
		{"cors-origins", "*", "not allowed"},
		{"cors-origins", "app.example.com", "origin such as"},
		{"cors-origins", "https://app.example.com/path", "without a path"},
		{"cors-origins", "https://*.example.com", "wildcards"},
		{"attribution-days", "0", "must be between 1 and 3650, got 0"},
		{"attribution-days", "3651", "must be between 1 and 3650, got 3651"},
		{"attribution-days", "abc", `whole number, got "abc"`},
		{"attribution-days", "99999999999999999999", "whole number"},
		{"demo", "maybe", `true or false, got "maybe"`},
		{"max-complexity", "0", "between 1 and"},
		{"max-depth", "-1", "between 1 and"},
		{"max-body-bytes", "0", "between 1 and"},
		{"max-body-bytes", "1MB", "whole number"},
		{"request-timeout", "15", "duration"},
		{"request-timeout", "0s", "positive"},
		{"shutdown-timeout", "-1s", "positive"},
		{"click-linger", "-1ms", "must be between 0s and 100ms, got -1ms"},
		{"click-linger", "1s", "must be between 0s and 100ms, got 1s"},
		{"click-linger", "fast", `duration such as 30s or 2m, got "fast"`},
		{"log-level", "verbose", `one of debug, info, warn, error, got "verbose"`},
		{"log-format", "xml", "one of text, json"},
	}
	for _, tt := range tests {
		for _, source := range []string{"flag", "env"} {
			if source == "env" && tt.value == "" {
				continue // an empty variable means unset
			}
			t.Run(tt.flag+"="+tt.value+"/"+source, func(t *testing.T) {
				var args []string
				vars := map[string]string{}
				if source == "flag" {
					args = []string{"--" + tt.flag + "=" + tt.value}
				} else {
					vars[envName(tt.flag)] = tt.value
				}
				_, err := config.Load(args, env(vars))
				if err == nil {
					t.Fatal("Load succeeded, want an error")
				}
				msg := err.Error()
				for _, want := range []string{"--" + tt.flag + " ", envName(tt.flag), tt.wantMsg} {
					if !strings.Contains(msg, want) {
						t.Errorf("error %q does not mention %q", msg, want)
					}
				}
				if strings.Contains(msg, "secret") {
					t.Errorf("error %q leaks a password", msg)
				}
				if n := strings.Count(msg, "\n"); n != 0 {
					t.Errorf("error %q has %d lines, want one problem", msg, n+1)
				}
			})
		}
	}
}

func TestAdminToken(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		token   string
		wantErr string
	}{
		{name: "unset"},
		{name: "long enough", token: token},
		{name: "too short", token: "short-hunter", wantErr: "REFTRACK_ADMIN_TOKEN must be at least 24 characters, got 12"},
		{name: "without the rt_ prefix", token: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
		{name: "too long", token: strings.Repeat("hunter2-", 40), wantErr: "REFTRACK_ADMIN_TOKEN must be at most 256 bytes, got 320"},
		{name: "spaces", token: "hunter2 hunter2 hunter2 hunter2", wantErr: "REFTRACK_ADMIN_TOKEN must not contain spaces"},
		{name: "not a flag", args: []string{"--admin-token", "hunter2-hunter2-hunter2-hunter2"}, wantErr: "set REFTRACK_ADMIN_TOKEN instead"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(tt.args, env(map[string]string{"REFTRACK_ADMIN_TOKEN": tt.token}))
			if tt.wantErr == "" {
				if err != nil || c.AdminToken != tt.token {
					t.Fatalf("Load: token %q, err %v; want token %q", c.AdminToken, err, tt.token)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Load error %v, want it to contain %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "hunter") {
				t.Errorf("error %q leaks the token", err)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string // each must appear in the error
	}{
		{"help long", []string{"--help"}, nil, nil},
		{"help short", []string{"-h"}, nil, nil},
		{"help after flags", []string{"--demo", "-help"}, nil, nil},
		{"unknown flag", []string{"--port", "80"}, nil, []string{"-port", "--help"}},
		{"missing value", []string{"--db"}, nil, []string{"-db"}},
		{"positional argument", []string{"--demo", "false"}, nil, []string{`unexpected argument "false"`, "--demo=false"}},
		{
			name: "every problem reported",
			args: []string{"--attribution-days", "0", "--log-format", "xml"},
			env:  map[string]string{"REFTRACK_MAX_DEPTH": "x", "REFTRACK_PUBLIC_URL": "nope"},
			want: []string{"--attribution-days (REFTRACK_ATTRIBUTION_DAYS)", "--log-format (REFTRACK_LOG_FORMAT)",
				`--max-depth (REFTRACK_MAX_DEPTH) must be a whole number, got "x" (from REFTRACK_MAX_DEPTH)`,
				"--public-url (REFTRACK_PUBLIC_URL)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(tt.args, env(tt.env))
			if err == nil {
				t.Fatal("Load succeeded, want an error")
			}
			if tt.want == nil && !errors.Is(err, flag.ErrHelp) {
				t.Fatalf("Load error %v, want flag.ErrHelp", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if !reflect.DeepEqual(c, config.Config{}) {
				t.Errorf("Load returned %+v with an error, want the zero Config", c)
			}
		})
	}
}

func TestValidateZero(t *testing.T) {
	err := config.Config{}.Validate()
	if err == nil {
		t.Fatal("zero Config is valid, want errors")
	}
	for _, name := range []string{"--addr", "--db", "--public-url", "--allowed-redirect-hosts", "--attribution-days",
		"--max-complexity", "--max-depth", "--max-tokens", "--max-fragments", "--max-body-bytes", "--max-response-bytes", "--request-timeout", "--shutdown-timeout", "--log-level", "--log-format"} {
		if !strings.Contains(err.Error(), name+" ("+envName(strings.TrimPrefix(name, "--"))+")") {
			t.Errorf("Validate error does not report %s:\n%v", name, err)
		}
	}
	if err := defaults().Validate(); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
}

func TestUsage(t *testing.T) {
	usage := config.Config{}.Usage()
	for _, want := range []string{
		"reftrack serve", "--addr", "REFTRACK_ADDR", ":8080", "REFTRACK_ADMIN_TOKEN", "1048576", "15s", "30s",
		"--allowed-redirect-hosts", "REFTRACK_ALLOWED_REDIRECT_HOSTS", "--log-format", "REFTRACK_LOG_FORMAT",
	} {
		if !strings.Contains(usage, want) {
			t.Errorf("Usage lacks %q:\n%s", want, usage)
		}
	}
	if strings.Contains(usage, "--admin-token") {
		t.Errorf("Usage offers --admin-token as a flag:\n%s", usage)
	}
	// Every option row names its flag with its variable, so none is missing.
	rows := 0
	for _, line := range strings.Split(usage, "\n") {
		if strings.Contains(line, "REFTRACK_") && !strings.HasPrefix(line, "Each") {
			rows++
		}
	}
	if want := reflect.TypeFor[config.Config]().NumField(); rows != want {
		t.Errorf("Usage has %d option rows, want one per Config field (%d):\n%s", rows, want, usage)
	}
}

func TestLogger(t *testing.T) {
	tests := []struct {
		level, format string
		wantDebug     bool
		wantInfo      bool
		want          string
	}{
		{"debug", "json", true, true, `"msg":"hello"`},
		{"info", "text", false, true, "msg=hello"},
		{"error", "text", false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.level+"/"+tt.format, func(t *testing.T) {
			var buf bytes.Buffer
			log := config.Config{LogLevel: tt.level, LogFormat: tt.format}.Logger(&buf)
			log.Debug("debug")
			log.Info("hello")
			out := buf.String()
			if got := strings.Contains(out, "debug"); got != tt.wantDebug {
				t.Errorf("debug logged = %v, want %v: %s", got, tt.wantDebug, out)
			}
			if got := strings.Contains(out, "hello"); got != tt.wantInfo {
				t.Errorf("info logged = %v, want %v: %s", got, tt.wantInfo, out)
			}
			if !strings.Contains(out, tt.want) {
				t.Errorf("output %q lacks %q", out, tt.want)
			}
		})
	}
}
