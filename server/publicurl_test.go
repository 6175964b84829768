package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/reftrack/reftrack/internal/storetest"
)

// Issue 17.19: with REFTRACK_ADDR=127.0.0.1:18401 the public URL stayed
// http://localhost:8080, so links, ref.js and the startup log pointed at a
// dead port, silently.
func TestPublicURLFollowsTheListenAddress(t *testing.T) {
	addr := freeAddr(t)
	logs := &lockedBuffer{}
	_, stop := runServerWith(t, nil, map[string]string{"REFTRACK_ADDR": addr, "REFTRACK_DB": storetest.DSN(t)}, logs)
	resp, err := http.Get("http://" + addr + "/ref.js")
	if err != nil {
		t.Fatal(err)
	}
	script, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if want := `"http://` + addr + `"`; !strings.Contains(string(script), want) {
		t.Errorf("ref.js does not send beacons to %s:\n%.300s", want, script)
	}
	if want := "playground=http://" + addr + "/"; !strings.Contains(logs.String(), want) {
		t.Errorf("startup log lacks %s:\n%s", want, logs)
	}
	if strings.Contains(logs.String(), "level=WARN") {
		t.Errorf("warnings:\n%s", logs)
	}
}

func TestServeWarnsWhenThePublicURLMissesTheListener(t *testing.T) {
	addr := freeAddr(t)
	logs := &lockedBuffer{}
	_, stop := runServerWith(t, []string{"--addr", addr, "--public-url", "http://localhost:1"}, map[string]string{"REFTRACK_DB": storetest.DSN(t)}, logs)
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "is on port 1 of this machine") {
		t.Errorf("no warning that http://localhost:1 is not where the server listens:\n%s", logs)
	}
}
