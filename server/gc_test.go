package server_test

import (
	"runtime/debug"
	"testing"

	"github.com/reftrack/reftrack/server"
)

func TestTuneGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(before) })
	for _, tt := range []struct {
		gogc string
		want int
	}{{"", server.GCPercent}, {"50", 100}} {
		debug.SetGCPercent(100)
		server.TuneGC(func(k string) string {
			if k == "GOGC" {
				return tt.gogc
			}
			return ""
		})
		if got := debug.SetGCPercent(100); got != tt.want {
			t.Errorf("GOGC=%q: GC percent %d, want %d", tt.gogc, got, tt.want)
		}
	}
}
