package store

import (
	"fmt"
	"os"
	"slices"
	"sync"
)

// A dbFile is a descriptor of an SQLite database file, which the WAL
// keeper flushes to disk after its checkpoints (see walKeeper).
//
// Closing any descriptor of a file drops every POSIX lock the process
// holds on it, SQLite's included; SQLite's shared lock on the database
// file is what keeps another process (a `reftrack rebuild`) from deleting
// the log this one still writes to when it closes. So every DB of the
// process on one file shares one descriptor, closed with the last of them,
// after its connections are closed.
type dbFile struct {
	f    *os.File
	info os.FileInfo
	refs int // guarded by dbFiles
}

// dbFiles are the database files open in this process.
var dbFiles struct {
	sync.Mutex
	open []*dbFile
}

// openDBFile returns the process's descriptor of the file at path, opening
// it if no DB of the process has it yet. Release it once done.
func openDBFile(path string) (*dbFile, error) {
	// Stat, not open, to compare: a second descriptor could not be closed.
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("find the database file: %w", err)
	}
	dbFiles.Lock()
	defer dbFiles.Unlock()
	for _, d := range dbFiles.open {
		if os.SameFile(d.info, info) {
			d.refs++
			return d, nil
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open the database file: %w", err)
	}
	d := &dbFile{f: f, info: info, refs: 1}
	dbFiles.open = append(dbFiles.open, d)
	return d, nil
}

// flush writes the file's written pages to disk. A failure is not lost if
// ignored: SQLite's own next flush of the file reports it too, as every
// descriptor sees the write-back errors that happen while it is open.
func (d *dbFile) flush() error { return d.f.Sync() }

// release gives d back; the last release closes it.
func (d *dbFile) release() {
	dbFiles.Lock()
	defer dbFiles.Unlock()
	if d.refs--; d.refs > 0 {
		return
	}
	dbFiles.open = slices.DeleteFunc(dbFiles.open, func(o *dbFile) bool { return o == d })
	d.f.Close()
}
