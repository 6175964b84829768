package server_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/storetest"
)

// Issue 17.3: only the headers had a deadline, so a client that announced
// a body and stalled, or kept an idle connection, held it for ever; enough
// of them exhausted the descriptors and /healthz and clicks timed out.
func TestStalledClientsAreDropped(t *testing.T) {
	dbPath := storetest.DSN(t)
	apitest.SeedReferralURL(t, dbPath, "acme")
	addr := freeAddr(t)
	logs := &lockedBuffer{}
	const headerTimeout, readTimeout, idleTimeout = 400 * time.Millisecond, 600 * time.Millisecond, 900 * time.Millisecond
	_, stop := runServerWith(t, []string{"--addr", addr, "--db", dbPath, "--public-url", "http://" + addr, "--allowed-redirect-hosts", "example.com",
		"--read-header-timeout", headerTimeout.String(), "--read-timeout", readTimeout.String(), "--idle-timeout", idleTimeout.String()}, nil, logs)
	defer stop()

	dialed := func() net.Conn {
		t.Helper()
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	type stalled struct {
		what  string
		conn  net.Conn
		since time.Time
	}
	var conns []stalled
	for i := range 20 {
		path := []string{"/graphql", "/t"}[i%2]
		c := dialed()
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{", path, addr)
		conns = append(conns, stalled{"a stalled body to " + path, c, time.Now()})
	}
	headers := dialed()
	fmt.Fprintf(headers, "GET /healthz HTTP/1.1\r\nHost: %s\r\n", addr)
	conns = append(conns, stalled{"stalled headers", headers, time.Now()})
	idle := dialed()
	fmt.Fprintf(idle, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	br := bufio.NewReader(idle)
	resp, err := http.ReadResponse(br, nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("keep-alive /healthz: %v %v", resp, err)
	}
	io.Copy(io.Discard, resp.Body)
	conns = append(conns, stalled{"an idle keep-alive connection", idle, time.Now()})

	// Meanwhile the server answers everyone else.
	client := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]int{"/healthz": 200, "/r/acme": 302} {
		resp, err := client.Get("http://" + addr + path)
		if err != nil || resp.StatusCode != want {
			t.Fatalf("GET %s while clients stall: %v %v", path, resp, err)
		}
		resp.Body.Close()
	}

	// Each stalled connection is closed by the server within its timeout
	// (and a little slack), with at most a 4xx answer, never a 5xx.
	var wg sync.WaitGroup
	for _, s := range conns {
		wg.Go(func() {
			limit := readTimeout
			switch s.conn {
			case idle:
				limit = idleTimeout
			case headers:
				limit = headerTimeout
			}
			s.conn.SetReadDeadline(s.since.Add(limit + 5*time.Second))
			var r io.Reader = s.conn
			if s.conn == idle {
				r = br
			}
			got, err := io.ReadAll(r)
			took := time.Since(s.since)
			if errors.Is(err, os.ErrDeadlineExceeded) {
				t.Errorf("%s was still open after %v", s.what, took.Round(time.Millisecond))
				return
			}
			if took < limit-50*time.Millisecond {
				t.Errorf("%s was dropped after %v, before its timeout %v", s.what, took, limit)
			}
			switch status := string(got); {
			case strings.HasPrefix(status, "HTTP/1.1 5"):
				t.Errorf("%s was answered %.40q", s.what, status)
			case strings.HasSuffix(s.what, "/graphql") && !strings.HasPrefix(status, "HTTP/1.1 408"):
				t.Errorf("%s was answered %.40q, want 408", s.what, status)
			}
		})
	}
	wg.Wait()
	if strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("stalled clients logged errors:\n%s", logs)
	}
}

// A client that asks and never reads the answers held its connection and
// a goroutine for ever: --write-timeout drops it.
func TestClientThatStopsReadingIsDropped(t *testing.T) {
	dbPath := storetest.DSN(t)
	addr := freeAddr(t)
	const writeTimeout = 500 * time.Millisecond
	_, stop := runServerWith(t, []string{"--addr", addr, "--db", dbPath, "--public-url", "http://" + addr,
		"--write-timeout", writeTimeout.String(), "--idle-timeout", "1m"}, nil, io.Discard)
	defer stop()

	// Introspection answers anyone with tens of kilobytes: ask for it again
	// and again, more than the socket buffers hold, without reading.
	const query = "/graphql?query=%7B__schema%7Btypes%7Bname%20description%20fields%7Bname%20description%20args%7Bname%20description%7D%7D%7D%7D%7D"
	resp, err := http.Get("http://" + addr + query)
	if err != nil {
		t.Fatal(err)
	}
	one, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	requests := 64<<20/len(one) + 1 // 64 MiB of answers
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.(*net.TCPConn).SetReadBuffer(4096)
	go func() {
		req := fmt.Sprintf("GET %s HTTP/1.1\r\nHost: %s\r\n\r\n", query, addr)
		for range requests {
			if _, err := io.WriteString(c, req); err != nil {
				return
			}
		}
	}()
	time.Sleep(writeTimeout + 2*time.Second)

	c.SetReadDeadline(time.Now().Add(20 * time.Second))
	n, err := io.Copy(io.Discard, c)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("the connection of a client that stopped reading was still open (read %d bytes after it resumed)", n)
	}
	if n >= int64(requests*len(one)) {
		t.Fatalf("read all %d bytes: the server waited for the client", n)
	}
}
