package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
)

// A mix is which visitor each click of a run comes from. Real referral
// traffic is mostly new visitors, and returning ones come back in no order;
// the fixed rotation of earlier benches ("cached") is the easy case, where
// every visit is already in the recorder's cache after the first pass.
type mix struct {
	name  string // one, new, random, cached
	label string // for the table
	pool  int    // distinct visitors (random, cached)
}

// mixes returns the visitor mixes of a section, pool being the random
// mix's pool and rotation the cached one's.
func mixes(pool, rotation int) []mix {
	return []mix{
		{"one", "one visitor on every request", 1},
		{"new", "every request a new visitor", 0},
		{"random", fmt.Sprintf("random over a pool of %s visitors", thousands(pool)), pool},
		{"cached", fmt.Sprintf("cached: a fixed rotation of %s visitors", thousands(rotation)), rotation},
	}
}

// visitors returns the Go load generator's visitor id for request i, the
// same kind of ids the Lua script makes. prefix makes a run's ids its own.
func (m mix) visitors(prefix string) func(i uint64) string {
	switch m.name {
	case "one":
		id := prefix + "o-000000001"
		return func(uint64) string { return id }
	case "new":
		var n atomic.Uint64
		return func(uint64) string {
			// A random head puts new ids anywhere in the indexes, as
			// browsers' random ids do; the counter keeps them distinct.
			return fmt.Sprintf("%sn%016x-g%x", prefix, rand.Uint64(), n.Add(1))
		}
	case "random":
		pool := uint64(m.pool)
		return func(uint64) string { return fmt.Sprintf("%sp%09d", prefix, rand.Uint64N(pool)) }
	default:
		pool := uint64(m.pool)
		return func(i uint64) string { return fmt.Sprintf("%sc%09d", prefix, i%pool) }
	}
}

// luaVisitor is the Lua body of the script's vid() for the mix: the same
// ids as visitors makes. tid is the wrk thread's number, n its request
// counter, threads the number of threads.
func (m mix) luaVisitor(prefix string) string {
	switch m.name {
	case "one":
		return fmt.Sprintf("return %q", prefix+"o-000000001")
	case "new":
		return fmt.Sprintf(`return string.format("%sn%%08x%%08x-%%x-%%x", math.random(0, 2147483646), math.random(0, 2147483646), tid, n)`, prefix)
	case "random":
		return fmt.Sprintf(`return string.format("%sp%%09d", math.random(0, %d))`, prefix, m.pool-1)
	default:
		return fmt.Sprintf(`return string.format("%sc%%09d", (n * threads + tid) %% %d)`, prefix, m.pool)
	}
}

// luaScript is a wrk script sending the requests of a section for a mix:
// request() builds each one (method, path, headers, body with %s for the
// visitor id), done() prints one RESULT line that runWrk parses.
func luaScript(m mix, prefix, method, path string, headers map[string]string, body string, cookie bool) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "-- reftrack-bench: %s, %s\n", path, m.label)
	sb.WriteString(`local threads_list = {}
function setup(thread)
  thread:set("tid", #threads_list)
  table.insert(threads_list, thread)
end
threads = 1
n = 0
function init(args)
  tid = tonumber(tid) or 0
  threads = tonumber(args[1]) or 1
  math.randomseed(os.time() * 1000 + tid * 7919 + math.floor(os.clock() * 1e6))
end
`)
	fmt.Fprintf(&sb, "local function vid()\n  %s\nend\n", m.luaVisitor(prefix))
	sb.WriteString("local headers = {")
	for k, v := range headers {
		fmt.Fprintf(&sb, "[%q] = %q, ", k, v)
	}
	sb.WriteString("}\n")
	sb.WriteString("function request()\n  n = n + 1\n  local v = vid()\n")
	if cookie {
		sb.WriteString(`  headers["Cookie"] = "rt_vid=" .. v` + "\n")
	}
	if body != "" {
		fmt.Fprintf(&sb, "  return wrk.format(%q, %q, headers, string.format(%q, v))\n", method, path, body)
	} else {
		fmt.Fprintf(&sb, "  return wrk.format(%q, %q, headers, nil)\n", method, path)
	}
	sb.WriteString("end\n")
	sb.WriteString(`function done(s, latency, requests)
  local e = s.errors
  io.write(string.format("RESULT requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p99_us=%d max_us=%d\n",
    s.requests, s.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
`)
	return sb.String()
}
