package main

import (
	"os/exec"
	"runtime/debug"
	"strings"
)

// revision names the code being measured: the VCS revision stamped into
// the binary, or, under `go run` (which stamps none), what git says of the
// working tree. Other people's commits land while a bench runs, so the
// table must say which code it measured.
func revision() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" {
			if modified == "true" {
				return shortRev(rev) + " with uncommitted changes"
			}
			return shortRev(rev)
		}
	}
	out, err := exec.Command("git", "log", "-1", "--format=%h %cd %s", "--date=iso").Output()
	if err != nil {
		return "unknown (no VCS stamp, git unavailable)"
	}
	rev := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(strings.TrimSpace(string(st))) > 0 {
		rev += " (working tree has uncommitted changes to tracked files)"
	}
	return rev + " [read from git when the bench started]"
}

func shortRev(r string) string {
	if len(r) > 12 {
		return r[:12]
	}
	return r
}
