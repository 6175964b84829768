package webhook

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// blocked are the networks no delivery may reach: loopback, private,
// link-local (cloud metadata at 169.254.169.254 and fd00:ec2::254 among
// them), CGNAT, unique local, multicast, unspecified, and the other
// special-purpose ranges of RFC 6890 that are not the public Internet.
var blocked = func() []netip.Prefix {
	var ps []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
		"172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16",
		"198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
		"::/128", "::1/128", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32",
		"2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
	} {
		ps = append(ps, netip.MustParsePrefix(s))
	}
	return ps
}()

// Blocked reports whether ip is an address no delivery may reach. An IPv4
// address mapped into IPv6 is judged as the IPv4 address.
func Blocked(ip net.IP) bool {
	a, ok := netip.AddrFromSlice(ip)
	if !ok {
		return true
	}
	a = a.Unmap()
	for _, p := range blocked {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ErrBlocked is the error of a dial to a blocked address.
var ErrBlocked = errors.New("refused: the address is internal")

// control refuses, just before connecting, any address that Blocked
// names: it sees the address the name resolved to, so a host name that
// resolves (or rebinds) to an internal address is refused too.
func control(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	ip := net.ParseIP(host)
	if ip == nil || Blocked(ip) {
		return fmt.Errorf("%w: %s", ErrBlocked, host)
	}
	return nil
}
