package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reftrack/reftrack/internal/store"
)

// unwritableDir returns a directory this process may not create files in:
// a read-only temporary directory, or for root (whom modes do not stop)
// /sys, which refuses new files to everyone.
func unwritableDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	for _, d := range []string{dir, "/sys"} {
		f, err := os.CreateTemp(d, "probe-*")
		if err == nil {
			f.Close()
			os.Remove(f.Name())
			continue
		}
		if errors.Is(err, os.ErrPermission) {
			return d
		}
	}
	t.Skip("no directory refuses this process new files")
	return ""
}

// Issue 17.17: an unwritable data directory was reported as "no such file
// or directory".
func TestUnwritableDataDirectoryIsReported(t *testing.T) {
	dir := unwritableDir(t)
	_, err := store.Open(context.Background(), filepath.Join(dir, "reftrack.db"))
	if err == nil {
		t.Fatal("opened a database in an unwritable directory")
	}
	for _, want := range []string{"permission denied", dir} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "no such file") {
		t.Errorf("error %q blames a missing file", err)
	}

	missing := filepath.Join(t.TempDir(), "gone", "reftrack.db")
	if _, err := store.Open(context.Background(), missing); err == nil || !strings.Contains(err.Error(), "directory "+filepath.Dir(missing)+": no such file or directory") {
		t.Errorf("missing directory: error %v", err)
	}
}
