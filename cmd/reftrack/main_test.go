package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/ent/dailystat"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// runCmd runs the command line args and returns its exit code and output.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		stdout   string
		stderr   string
		noStdout bool
	}{
		{args: nil, code: 2, stderr: "Usage: reftrack <command>", noStdout: true},
		{args: []string{"help"}, code: 0, stdout: "prune     delete raw clicks"},
		{args: []string{"--help"}, code: 0, stdout: "rebuild   recompute the daily rollups"},
		{args: []string{"frobnicate"}, code: 2, stderr: `unknown command "frobnicate"`, noStdout: true},
		{args: []string{"rebuild", "--help"}, code: 0, stdout: "Usage: reftrack rebuild [--db PATH|URL] [--dry-run]"},
		{args: []string{"prune", "-h"}, code: 0, stdout: "Usage: reftrack prune --older-than AGE"},
		{args: []string{"serve", "--help"}, code: 0, stdout: "Usage: reftrack serve [flags]"},
		{args: []string{"rebuild", "--nope"}, code: 2, stderr: "flag provided but not defined: -nope", noStdout: true},
		{args: []string{"rebuild", "extra"}, code: 2, stderr: `unexpected argument "extra"`, noStdout: true},
		{args: []string{"rebuild", "--db", "mysql://u:secret@db/x"}, code: 2, stderr: `got a "mysql" URL`, noStdout: true},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != tt.code || !strings.Contains(stdout, tt.stdout) || !strings.Contains(stderr, tt.stderr) ||
				tt.noStdout && stdout != "" || strings.Contains(stderr, "secret") {
				t.Fatalf("exit %d (want %d)\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
		})
	}
}

func TestParseAge(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"400d", 400 * 24 * time.Hour, true},
		{" 1d ", 24 * time.Hour, true},
		{"0d", 0, true},
		{"36h", 36 * time.Hour, true},
		{"9600h30m", 9600*time.Hour + 30*time.Minute, true},
		{"", 0, false},
		{"d", 0, false},
		{"abc", 0, false},
		{"-1d", 0, false},
		{"1.5d", 0, false},
		{"10x", 0, false},
		{"400 d", 0, false},
		{"99999999d", 0, false},
	}
	for _, tt := range tests {
		got, err := parseAge(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseAge(%q) = %v, %v; want %v (ok %v)", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

func TestPruneAge(t *testing.T) {
	tests := []struct {
		olderThan, attribution, env string
		want                        time.Duration
		err                         string
	}{
		{"400d", "", "", 400 * 24 * time.Hour, ""},
		{"90d", "", "", 90 * 24 * time.Hour, ""},
		{"2160h", "", "", 2160 * time.Hour, ""},
		{"", "", "", 0, "--older-than is required"},
		{"12h", "1", "", 0, "at least 1d"},
		{"23h59m", "1", "", 0, "at least 1d"},
		{"0d", "1", "", 0, "at least 1d"},
		{"-48h", "1", "", 0, "at least 1d"},
		{"1d", "1", "", 24 * time.Hour, ""},
		{"89d", "", "", 0, "attribution window of 90 days (the default)"},
		{"30d", "", "30", 30 * 24 * time.Hour, ""},
		{"29d", "", "30", 0, "attribution window of 30 days (REFTRACK_ATTRIBUTION_DAYS)"},
		{"29d", "7", "30", 29 * 24 * time.Hour, ""},
		{"400d", "0", "", 0, "--attribution-days (REFTRACK_ATTRIBUTION_DAYS) must be between 1 and 3650, got 0 (from --attribution-days)"},
		{"400d", "", "many", 0, `--attribution-days (REFTRACK_ATTRIBUTION_DAYS) must be a whole number, got "many" (from REFTRACK_ATTRIBUTION_DAYS)`},
		{"soon", "", "", 0, `"soon" is not an age`},
	}
	for _, tt := range tests {
		t.Run(tt.olderThan+"/"+tt.attribution+"/"+tt.env, func(t *testing.T) {
			given := map[string]string{}
			if tt.attribution != "" {
				given["attribution-days"] = tt.attribution
			}
			getenv := func(k string) string {
				if k == "REFTRACK_ATTRIBUTION_DAYS" {
					return tt.env
				}
				return ""
			}
			got, err := pruneAge(tt.olderThan, given, getenv)
			if tt.err == "" && (err != nil || got != tt.want) {
				t.Fatalf("pruneAge = %v, %v; want %v", got, err, tt.want)
			}
			if tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("pruneAge = %v, %v; want an error containing %q", got, err, tt.err)
			}
		})
	}
}

func TestRebuildAndPruneCommands(t *testing.T) {
	t.Setenv("REFTRACK_DB", "")
	t.Setenv("REFTRACK_ATTRIBUTION_DAYS", "")
	path := storetest.DSN(t)
	ctx := store.System(context.Background())
	db, err := database.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(ctx)
	s := db.Source.Create().SetRef("abc").SetKind("ref_tag").SetPartnerID(p.ID).SaveX(ctx)
	src := &clicks.Source{ID: s.ID, PartnerID: p.ID, Ref: "abc", Location: time.UTC}
	rec := clicks.NewRecorder(db, clicks.Options{})
	now := time.Now()
	for _, c := range []clicks.Click{
		{Source: src, Visitor: "old-visitor", At: now.Add(-500 * 24 * time.Hour)},
		{Source: src, Visitor: "old-visitor", At: now.Add(-450 * 24 * time.Hour)},
		{Ref: "typo", Visitor: "old-visitor", At: now.Add(-450 * 24 * time.Hour)},
		{Source: src, Visitor: "old-visitor", At: now.Add(-10 * 24 * time.Hour)},
		{Source: src, Visitor: "new-visitor", At: now.Add(-10 * 24 * time.Hour)},
		{Source: src, Visitor: "crawler", At: now.Add(-time.Hour), Bot: true},
	} {
		if c.Source != nil {
			c.Ref = c.Source.Ref
		}
		if err := rec.Record(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	rec.Close()

	expect := func(code int, stdout string, args ...string) string {
		t.Helper()
		got, out, errOut := runCmd(t, args...)
		if got != code || !strings.Contains(out, stdout) {
			t.Fatalf("%v: exit %d (want %d)\nstdout:\n%s\nstderr:\n%s", args, got, code, out, errOut)
		}
		return out
	}
	expect(0, "rollups match the raw clicks", "rebuild", "--db", path)
	t.Setenv("REFTRACK_DB", path)
	expect(0, "checked 4 source and 4 partner rollup rows, every day\nrollups match the raw clicks\n", "rebuild", "--dry-run")
	t.Setenv("REFTRACK_DB", "")

	// Break the row of ten days ago.
	day := now.Add(-10 * 24 * time.Hour).UTC().Format("2006-01-02")
	db.DailyStat.Update().Where(dailystat.Day(day)).SetReturningClicks(40).ExecX(ctx)
	out := expect(1, "1 difference:\n", "rebuild", "--db", path, "--dry-run")
	for _, want := range []string{
		fmt.Sprintf("source %d %s: stored unique 1, returning 40, bot 0, conversions 0; rebuilt unique 1, returning 1, bot 0, conversions 0\n", s.ID, day),
		"totals: stored unique 2, returning 41, bot 1, conversions 0; rebuilt unique 2, returning 2, bot 1, conversions 0\n",
		"dry run: nothing changed",
	} {
		if !strings.Contains(out, want) {
			t.Fatalf("report lacks %q:\n%s", want, out)
		}
	}
	expect(1, "1 difference:", "rebuild", "--db", path, "--dry-run")
	expect(0, "fixed 1 rollup row\n", "rebuild", "--db", path)
	expect(0, "rollups match the raw clicks", "rebuild", "--db", path, "--dry-run")

	// Bad ages are refused before anything is opened or deleted.
	for _, args := range [][]string{
		{"prune", "--db", path},
		{"prune", "--db", path, "--older-than", "12h"},
		{"prune", "--db", path, "--older-than", "forever"},
		{"prune", "--db", path, "--older-than", "30d"},
		{"prune", "--db", path, "--older-than", "400d", "now"},
	} {
		expect(2, "", args...)
	}
	if n := db.Click.Query().CountX(ctx); n != 5 {
		t.Fatalf("%d clicks after refused prunes, want 5", n)
	}

	// An ended session and a live one; prune deletes the ended one.
	db.Session.Create().SetHash([]byte("ended")).SetPartnerID(p.ID).SetRevokedAt(now).ExecX(ctx)
	db.Session.Create().SetHash([]byte("live")).SetPartnerID(p.ID).ExecX(ctx)

	out = expect(0, "deleted 3 clicks (raw and unmatched) recorded before ", "prune", "--db", path, "--older-than", "400d")
	if !strings.Contains(out, "deleted 1 ended session and 0 spent password links\n") || db.Session.Query().CountX(ctx) != 1 {
		t.Fatalf("prune output:\n%s\n%d sessions left, want 1", out, db.Session.Query().CountX(ctx))
	}
	horizon := now.Add(-400 * 24 * time.Hour).UTC()
	since := horizon.AddDate(0, 0, 2).Format("2006-01-02")
	if !strings.Contains(out, "rebuild now checks the days from "+since+" on") {
		t.Fatalf("prune output:\n%s", out)
	}
	if n := db.Click.Query().CountX(ctx); n != 3 {
		t.Fatalf("%d clicks after prune, want 3", n)
	}
	expect(0, "checked 2 source and 2 partner rollup rows from "+since+" on", "rebuild", "--db", path, "--dry-run")
	expect(0, "rollups match the raw clicks", "rebuild", "--db", path)
	if n := db.DailyStat.Query().CountX(ctx); n != 4 {
		t.Fatalf("%d rollup rows after prune and rebuild, want 4: old days must be kept", n)
	}

	// A database that cannot be opened is an error.
	expect(1, "", "rebuild", "--db", filepath.Join(t.TempDir(), "missing", "dir", "x.db"))
	expect(1, "", "prune", "--older-than", "400d", "--db", filepath.Join(t.TempDir(), "missing", "dir", "x.db"))
}
