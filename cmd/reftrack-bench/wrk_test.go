package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

// The bench reads wrk's results from the line its scripts' done() prints;
// failed requests are not counted as answered.
func TestParseWrk(t *testing.T) {
	var r runResult
	out := "Running 4s test @ http://127.0.0.1:1/r/x\nRESULT requests=40010 duration_us=4000000 connect=0 read=1 write=0 status=10 timeout=2 p50_us=1500 p99_us=9000 max_us=20000\n"
	if err := parseWrk(out, &r); err != nil {
		t.Fatal(err)
	}
	if r.n != 40000 || r.errs != 13 || r.rps() != 10000 || r.pct(.99) != 9*time.Millisecond || r.pct(1) != 20*time.Millisecond {
		t.Fatalf("parsed %+v", r)
	}
	if err := parseWrk("no result\n", &r); err == nil {
		t.Fatal("no error without a RESULT line")
	}
	if n := parsePerfInstructions("123456,,instructions,1000,100.00,,\n"); n != 123456 {
		t.Errorf("instructions %v", n)
	}
	if n := parsePerfInstructions("<not supported>,,instructions,0,100.00,,\n"); n != -1 {
		t.Errorf("unsupported instructions read as %v", n)
	}
}

// Each mix's Lua script makes the ids the Go generator makes: the same
// prefix and shape, so both reach the server as valid visitor ids.
func TestMixScripts(t *testing.T) {
	for _, m := range mixes(200, 100) {
		lua := luaScript(m, "bx1", "GET", "/r/s", map[string]string{"User-Agent": browser}, "", true)
		for _, want := range []string{"function request()", `headers["Cookie"] = "rt_vid=" .. v`, "function done(", "bx1"} {
			if !strings.Contains(lua, want) {
				t.Errorf("%s: the script lacks %q:\n%s", m.name, want, lua)
			}
		}
		vid := m.visitors("bx1")
		a, b := vid(0), vid(1)
		if !strings.HasPrefix(a, "bx1") || len(a) < 8 || len(a) > 64 {
			t.Errorf("%s: id %q", m.name, a)
		}
		if (a == b) != (m.name == "one") {
			t.Errorf("%s: ids %q and %q", m.name, a, b)
		}
	}
}

// procCPU reads a process's CPU time, in /proc's ticks of 10 ms.
func TestProcCPU(t *testing.T) {
	c0 := procCPU(os.Getpid())
	for start := time.Now(); procCPU(os.Getpid()) <= c0; {
		if time.Since(start) > 10*time.Second {
			t.Fatalf("own CPU time from /proc stayed %v", c0)
		}
	}
}
