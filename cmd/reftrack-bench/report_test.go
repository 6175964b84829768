package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The bench names the DAMON monitors that reclaim page cache: those on,
// with a pageout scheme, and no others.
func TestPageoutKdamonds(t *testing.T) {
	dir := t.TempDir()
	write := func(path, content string) {
		t.Helper()
		path = filepath.Join(dir, path)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := pageoutKdamonds(dir); len(got) != 0 {
		t.Fatalf("no monitors: got %v", got)
	}
	write("0/state", "on")
	write("0/contexts/0/schemes/0/action", "pageout")
	write("1/state", "off") // stopped
	write("1/contexts/0/schemes/0/action", "pageout")
	write("2/state", "on") // monitors, reclaims nothing
	write("2/contexts/0/schemes/0/action", "stat")
	write("3/state", "on")
	write("3/contexts/0/schemes/0/action", "lru_prio")
	write("3/contexts/0/schemes/1/action", "pageout")
	if got, want := pageoutKdamonds(dir), []string{"0", "3"}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if got := pageoutKdamonds(filepath.Join(dir, "missing")); len(got) != 0 {
		t.Fatalf("no DAMON directory: got %v", got)
	}
}
