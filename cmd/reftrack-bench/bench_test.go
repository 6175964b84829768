package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestMain lets the test binary serve as the bench's child processes: the
// bench re-executes os.Executable(), which under `go test` is this binary.
func TestMain(m *testing.M) {
	if childMode(os.Args[1:]) != "" {
		os.Exit(childMain(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// TestQuickRun runs the whole bench at smoke-test sizes. It checks that
// every section completes and is printed, never how fast anything was.
func TestQuickRun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts servers and loads them for several seconds")
	}
	var out, logs bytes.Buffer
	args := []string{"-quick", "-d", "300ms", "-warmup", "100ms", "-memory-visitors", "4000", "-subs", "50", "-signups", "3"}
	code := run(args, &out, &logs)
	t.Log("\n" + out.String())
	if code != 0 {
		t.Fatalf("exit code %d; log:\n%s", code, logs.String())
	}
	text := out.String()
	for _, s := range allSections {
		if !strings.Contains(text, "\n"+s+" ") {
			t.Errorf("no %s row in the table", s)
		}
	}
	if !strings.Contains(text, "control without clicks") {
		t.Error("no stats row against the control partner")
	}
	for _, line := range strings.Split(text, "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[1] == "ERROR" {
			t.Errorf("a section failed: %s\nlog:\n%s", line, logs.String())
		}
	}
	for _, want := range []string{"machine:", "database:", "SECTION", "command: go run ./cmd/reftrack-bench -quick"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
