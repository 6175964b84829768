package store_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/reftrack/reftrack/internal/store"
)

// envLockHolder makes the test binary a process that prints which process
// holds a lock on the shared-lock bytes of the SQLite database file it names
// (see TestMain): a lock held by a process shows only to another.
const envLockHolder = "STORE_TEST_LOCK_HOLDER"

func TestMain(m *testing.M) {
	if path := os.Getenv(envLockHolder); path != "" {
		pid, err := sharedLockHolder(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Print(pid)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// sharedLockHolder returns the process holding a lock that a write lock on
// the bytes SQLite's SHARED locks take would conflict with, or 0. The
// bytes are fixed by SQLite's file format (the 510 after PENDING_BYTE + 2).
func sharedLockHolder(path string) (int32, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: 0x40000000 + 2, Len: 510}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return 0, err
	}
	if lk.Type == syscall.F_UNLCK {
		return 0, nil
	}
	return lk.Pid, nil
}

// Closing one DB of a process leaves the SQLite locks of another DB of it
// on the same file in place. A process that closes a descriptor of a file
// loses all its POSIX locks on it; SQLite's shared lock on the database
// file is what tells other processes that this one still uses the file.
func TestCloseKeepsTheOtherDBsLocks(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "locks.db")
	first, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	second, err := store.Open(ctx, path)
	if err != nil {
		first.Close()
		t.Fatal(err)
	}
	defer second.Close()
	holder := func() string {
		t.Helper()
		child := exec.Command(os.Args[0], "-test.run=^$")
		child.Env = append(os.Environ(), envLockHolder+"="+path)
		out, err := child.Output()
		if err != nil {
			t.Fatalf("the other process: %v", err)
		}
		return strings.TrimSpace(string(out))
	}
	self := strconv.Itoa(os.Getpid())
	if got := holder(); got != self {
		t.Fatalf("with both DBs open the shared lock is held by process %s, want this one (%s)", got, self)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	if got := holder(); got != self {
		t.Fatalf("after closing one DB the shared lock is held by process %s, want this one (%s): closing dropped the other DB's locks", got, self)
	}
	if err := second.Close(); err != nil {
		t.Fatal(err)
	}
	if got := holder(); got != "0" {
		t.Fatalf("after closing both DBs process %s holds the shared lock, want none", got)
	}
}
