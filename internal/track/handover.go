package track

import (
	"crypto/hmac"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/reftrack/reftrack"
)

// A link hands its visitor id over to ref.js on the company's site as
// rt_vid=<id>.<expiry>.<mac>. The mac binds the id to the expiry and to the
// address and User-Agent that clicked; ref.js adopts the id only when
// POST /t/adopt, seen from the same browser before the expiry, accepts the
// token. A partner who crafts a URL with a visitor id it knows (to beacon
// its own tag for that visitor later) gets nothing adopted: the server, not
// the snippet, decides. See docs/decisions/0050-visitor-handover.md.
const (
	handoverTTL = 2 * time.Minute
	macLen      = 16 // bytes of HMAC-SHA256 kept
	limiterKeys = 100_000
)

// handover returns the rt_vid value of a redirect for vid, built in one
// buffer: it is on the click path.
func (h *Handler) handover(r *http.Request, vid string) string {
	var buf [128]byte
	b := append(append(buf[:0], vid...), '.')
	b = strconv.AppendInt(b, h.now().Add(handoverTTL).Unix(), 10)
	exp := b[len(vid)+1:]
	b = h.appendMAC(append(b, '.'), r, vid, exp)
	return string(b)
}

// appendMAC appends to dst the base64url HMAC, under the visitor key, of a
// tag that no visitor hash input can start with, the id, the expiry, the
// client's address and its User-Agent.
func (h *Handler) appendMAC(dst []byte, r *http.Request, vid string, exp []byte) []byte {
	ip := r.RemoteAddr
	if host, _, err := net.SplitHostPort(ip); err == nil {
		ip = host
	}
	vh := h.hashes.Get().(*visitorHash)
	defer vh.put(&h.hashes)
	vh.in = append(vh.in[:0], "\x00handover\n"...)
	vh.in = append(append(vh.in, vid...), '\n')
	vh.in = append(append(vh.in, exp...), '\n')
	vh.in = append(append(vh.in, ip...), '\n')
	vh.in = append(vh.in, r.UserAgent()...)
	vh.mac.Reset()
	vh.mac.Write(vh.in)
	vh.sum = vh.mac.Sum(vh.sum[:0])
	return base64.RawURLEncoding.AppendEncode(dst, vh.sum[:macLen])
}

// adopt serves POST /t/adopt: ref.js asking whether the rt_vid token it
// found in the address bar was handed to this browser by a link. 204: adopt
// the id; 403: don't. The answer is readable by the company's sites (the
// allowed redirect hosts), which need it.
func (h *Handler) adopt(w http.ResponseWriter, r *http.Request) {
	trackingHeaders(w)
	if o := r.Header.Get("Origin"); o != "" {
		if u, err := url.Parse(o); err == nil && h.hosts.Allows(u.Host) {
			w.Header().Set("Access-Control-Allow-Origin", o)
		}
		w.Header().Add("Vary", "Origin")
	}
	if !beaconType(r.Header.Get("Content-Type")) {
		h.jsonError(w, http.StatusUnsupportedMediaType, reftrack.Invalid, "content type must be text/plain")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 256))
	if err != nil {
		h.jsonError(w, http.StatusRequestEntityTooLarge, reftrack.Limit, "token too large")
		return
	}
	addr := r.RemoteAddr
	if host, _, err := net.SplitHostPort(addr); err == nil {
		addr = host
	}
	if !h.byAddress.Allow(addr, h.now()) {
		w.Header().Set("Retry-After", "60")
		h.jsonError(w, http.StatusTooManyRequests, reftrack.Limit, "too many requests from this address: try again in a minute")
		return
	}
	vid, exp, mac, ok := splitHandover(strings.TrimSpace(string(body)))
	if !ok {
		h.jsonError(w, http.StatusBadRequest, reftrack.Invalid, "malformed visitor token")
		return
	}
	want := h.appendMAC(nil, r, vid, []byte(exp))
	t, _ := strconv.ParseInt(exp, 10, 64)
	now := h.now().Unix()
	switch {
	case !hmac.Equal([]byte(mac), want):
		h.jsonError(w, http.StatusForbidden, reftrack.Forbidden, "the visitor token was not handed to this browser")
	case now > t:
		h.jsonError(w, http.StatusForbidden, reftrack.Forbidden, "the visitor token has expired")
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

// splitHandover parses <id>.<expiry>.<mac>.
func splitHandover(s string) (vid, exp, mac string, ok bool) {
	vid, rest, ok1 := strings.Cut(s, ".")
	exp, mac, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || len(exp) == 0 || len(exp) > 12 || len(mac) != 22 {
		return "", "", "", false
	}
	if _, err := strconv.ParseUint(exp, 10, 63); err != nil {
		return "", "", "", false
	}
	if _, err := parseVisitorID(vid); err != nil {
		return "", "", "", false
	}
	return vid, exp, mac, true
}

// allowBeacon reports whether the beacon's address and visitor are within
// their limits. Both buckets are charged.
func (h *Handler) allowBeacon(r *http.Request, vid string) bool {
	addr := r.RemoteAddr
	if host, _, err := net.SplitHostPort(addr); err == nil {
		addr = host
	}
	now := h.now()
	a := h.byAddress.Allow(addr, now)
	v := h.byVisitor.Allow(vid, now)
	return a && v
}
