package server

import "runtime/debug"

// GCPercent is the garbage collector's target that TuneGC sets: the heap
// may grow to five times what is live before a collection. Reftrack's live
// heap is small (5 to 40 MB), so at Go's default of 100 it collected five
// times a second under load, and each collection's pauses and shared CPU
// showed in the tail latency of clicks (p99 at half the maximum rate: 17 to
// 21 ms at 100, 11 to 14 ms at 400, in `reftrack-bench -only beacon`).
const GCPercent = 400

// TuneGC sets the garbage collector's target to GCPercent for a server
// process, unless the GOGC environment variable chooses one. getenv is
// os.Getenv.
func TuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
	}
}
