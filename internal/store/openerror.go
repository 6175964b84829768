package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// explainOpen replaces SQLite's reason for failing to open the file at
// path, which is often wrong ("unable to open database file: no such file
// or directory" for a directory it may not write), with the operating
// system's: SQLite needs to create the file and, beside it, its -wal and
// -shm files.
func explainOpen(path string, err error) error {
	if strings.HasPrefix(path, "file:") {
		return err // a URI with its own options: leave it to SQLite
	}
	dir := filepath.Dir(path)
	if info, statErr := os.Stat(dir); statErr != nil {
		return fmt.Errorf("SQLite database %s: directory %s: %w", path, dir, unwrapPath(statErr))
	} else if !info.IsDir() {
		return fmt.Errorf("SQLite database %s: %s is not a directory", path, dir)
	}
	probe, probeErr := os.CreateTemp(dir, ".reftrack-write-check-*")
	if probeErr != nil {
		return fmt.Errorf("SQLite database %s: cannot create files in directory %s (the database and its -wal and -shm files live there): %w", path, dir, unwrapPath(probeErr))
	}
	probe.Close()
	os.Remove(probe.Name())
	if f, openErr := os.OpenFile(path, os.O_RDWR, 0); openErr != nil && !errors.Is(openErr, os.ErrNotExist) {
		return fmt.Errorf("SQLite database %s: %w", path, unwrapPath(openErr))
	} else if openErr == nil {
		f.Close()
	}
	return err
}

// unwrapPath drops the *PathError's own path, which the messages above
// already name.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
