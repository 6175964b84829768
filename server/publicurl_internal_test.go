package server

import (
	"net"
	"strings"
	"testing"
)

func TestUnreachablePublicURL(t *testing.T) {
	tcp := func(s string) net.Addr {
		a, err := net.ResolveTCPAddr("tcp", s)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	tests := []struct {
		publicURL, addr, want string // want: part of the problem, "" for none
	}{
		{"http://localhost:8080", "[::]:8080", ""},
		{"http://localhost:8080", "127.0.0.1:8080", ""},
		{"http://127.0.0.1:18401", "127.0.0.1:18401", ""},
		{"http://[::1]:9000", "0.0.0.0:9000", ""},
		{"https://ref.example.com", "127.0.0.1:8080", ""}, // a proxy in front
		{"http://10.0.0.5:9000", "127.0.0.1:8080", ""},    // may be a proxy too
		{"http://localhost:8080", "127.0.0.1:18401", "port 8080 of this machine, but the server listens on port 18401"},
		{"http://localhost", "0.0.0.0:8080", "port 80 of this machine"},
		{"https://localhost:8080", "0.0.0.0:8080", "speaks plain http"},
		{"http://localhost:8080", "10.0.0.5:8080", "listens on 10.0.0.5 only"},
		{"http://app.localhost:8080", "127.0.0.1:9000", "port 8080"},
	}
	for _, tt := range tests {
		got := unreachablePublicURL(tt.publicURL, tcp(tt.addr))
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("%s on %s: %q, want %q", tt.publicURL, tt.addr, got, tt.want)
		}
	}
}
