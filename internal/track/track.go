// Package track serves the HTTP endpoints through which clicks reach
// Reftrack: referral URLs (GET /r/{slug}), tagged links (GET /t/{code}), the
// beacon ref.js sends from the company's site (POST /t, or GET /t.gif as an
// image) and ref.js itself.
//
// Everything a client sends is checked before the database is asked
// anything; a click is acknowledged (redirect, 204, pixel) only once the
// recorder has committed it. No raw IP address is stored or logged: a
// visitor without a cookie or a visitor id is known by a keyed hash of its
// IP address and User-Agent.
package track

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"html/template"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/redirect"
	"github.com/reftrack/reftrack/internal/throttle"
)

// Sources finds the source a ref value names; nil, nil when it names none.
// *referral.Directory implements it.
type Sources interface {
	Lookup(ctx context.Context, ref string) (*clicks.Source, error)
}

// Recorder stores a click and returns only once it is committed.
// *clicks.Recorder implements it.
type Recorder interface {
	Record(ctx context.Context, c clicks.Click) error
}

// Options configure a Handler. Sources, Recorder, Hosts, PublicURL and
// VisitorKey are required.
type Options struct {
	Sources  Sources
	Recorder Recorder
	Hosts    *redirect.Allowlist // where /t/{code}?to= may send a visitor

	// PublicURL is where Reftrack is reached, e.g. http://localhost:8080,
	// without a trailing slash: ref.js sends its beacons there, and the
	// visitor cookie is Secure when it is https.
	PublicURL string

	// VisitorKey keys the hash of IP address and User-Agent that identifies
	// a visitor without a cookie (secret.Get provides it).
	VisitorKey []byte

	MaxBeaconBytes int64 // largest beacon body; default 4096

	// Beacons (POST /t, GET /t.gif) each address and each visitor may send
	// a minute, a minute's worth at once; defaults 120 and 10. Links are
	// not limited: a click there proves nothing a beacon could forge.
	AddressBeacons, VisitorBeacons int

	// Code names an error's kind in the JSON bodies of beacons' errors, as
	// the API names it (graph.Code); default the kind in capitals.
	Code   func(reftrack.Kind) string
	Logger *slog.Logger
	Now    func() time.Time // default time.Now
}

// Handler serves the tracking endpoints.
type Handler struct {
	sources  Sources
	recorder Recorder
	hosts    *redirect.Allowlist
	key      []byte
	// cookieAttrs follow rt_vid=<id> in Set-Cookie: Max-Age without
	// Expires (every browser in use honours it), built once.
	cookieAttrs string
	maxBeacon   int64
	log         *slog.Logger
	now         func() time.Time
	script      []byte // ref.js with the public URL filled in
	code        func(reftrack.Kind) string

	referrals targets   // redirects of referral URLs, by stored destination and slug
	tagged    targets   // redirects of tagged links, by checked ?to= and code
	bodies    sync.Pool // *[]byte beacon body buffers
	byAddress *throttle.Rate
	byVisitor *throttle.Rate
	hashes    sync.Pool // *visitorHash
}

// The visitor id cookie, on Reftrack's domain here and, set by ref.js, on
// the company's site.
const (
	vidCookie    = "rt_vid"
	vidCookieAge = 365 * 24 * time.Hour
)

func cookieAttrs(secure bool) string {
	a := "; Path=/; Max-Age=" + strconv.Itoa(int(vidCookieAge/time.Second)) + "; HttpOnly"
	if secure {
		a += "; Secure"
	}
	return a + "; SameSite=Lax"
}

// New returns a Handler. It panics when a required option is missing: that
// is a wiring mistake, not something a request can cause.
func New(o Options) *Handler {
	switch {
	case o.Sources == nil:
		panic("track: Options.Sources is required")
	case o.Recorder == nil:
		panic("track: Options.Recorder is required")
	case o.Hosts == nil:
		panic("track: Options.Hosts is required")
	case len(o.VisitorKey) == 0:
		panic("track: Options.VisitorKey is required")
	}
	public := strings.TrimRight(o.PublicURL, "/")
	if u, err := url.Parse(public); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		panic(fmt.Sprintf("track: Options.PublicURL %q is not an absolute http(s) URL", o.PublicURL))
	}
	h := &Handler{
		sources:     o.Sources,
		recorder:    o.Recorder,
		hosts:       o.Hosts,
		key:         bytes.Clone(o.VisitorKey),
		cookieAttrs: cookieAttrs(strings.HasPrefix(strings.ToLower(public), "https://")),
		maxBeacon:   o.MaxBeaconBytes,
		log:         o.Logger,
		now:         o.Now,
		script:      renderScript(public),
		code:        o.Code,
	}
	if h.code == nil {
		h.code = func(k reftrack.Kind) string { return strings.ToUpper(string(k)) }
	}
	if h.maxBeacon <= 0 {
		h.maxBeacon = 4096
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	if h.now == nil {
		h.now = time.Now
	}
	if o.AddressBeacons <= 0 {
		o.AddressBeacons = 120
	}
	if o.VisitorBeacons <= 0 {
		o.VisitorBeacons = 10
	}
	h.byAddress = throttle.NewRate(o.AddressBeacons, o.AddressBeacons, limiterKeys)
	h.byVisitor = throttle.NewRate(o.VisitorBeacons, o.VisitorBeacons, limiterKeys)
	h.bodies.New = func() any { b := make([]byte, 0, 512); return &b }
	h.hashes.New = func() any { return &visitorHash{mac: hmac.New(sha256.New, h.key)} }
	return h
}

// Register adds the endpoints to mux. GET patterns answer HEAD too.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /r/{slug}", h.referralURL)
	mux.HandleFunc("GET /r/{slug}/{$}", h.referralURL) // a pasted link with a trailing slash
	mux.HandleFunc("GET /t/{code}", h.taggedLink)
	mux.HandleFunc("POST /t", h.beacon)
	mux.HandleFunc("POST /t/adopt", h.adopt)
	mux.HandleFunc("GET /t.gif", h.pixel)
	mux.HandleFunc("GET /ref.js", h.refJS)
}

// referralURL serves GET /r/{slug}: record the click, redirect to the
// referral URL's destination.
func (h *Handler) referralURL(w http.ResponseWriter, r *http.Request) {
	trackingHeaders(w)
	slug, err := parseRef(r.PathValue("slug"))
	if err != nil {
		page(w, http.StatusBadRequest, "Link not valid", "This referral link is malformed. Please check it and try again.", "")
		return
	}
	src, err := h.sources.Lookup(r.Context(), slug)
	if err != nil {
		h.log.ErrorContext(r.Context(), "look up referral URL", "ref", slug, "err", err)
		h.unavailable(w, "")
		return
	}
	if src == nil || !src.ReferralURL {
		page(w, http.StatusNotFound, "Link not found", "This referral link does not exist.", "")
		return
	}
	// Checked against the allowed hosts when it was saved; a later change
	// of the host list does not break partners' links.
	dest, err := h.referrals.get(src.RedirectURL, slug, url.Parse)
	if err != nil {
		h.log.ErrorContext(r.Context(), "stored redirect URL does not parse", "ref", slug, "err", err)
		page(w, http.StatusNotFound, "Link not found", "This referral link is not active.", "")
		return
	}
	h.click(w, r, src, slug, dest)
}

// taggedLink serves GET /t/{code}?to=<url>: record the click, known ref or
// not, and redirect to an allowed destination.
func (h *Handler) taggedLink(w http.ResponseWriter, r *http.Request) {
	trackingHeaders(w)
	code, err := parseRef(r.PathValue("code"))
	if err != nil {
		plain(w, http.StatusBadRequest, "invalid ref code")
		return
	}
	dest, err := h.tagged.get(r.URL.Query().Get("to"), code, h.hosts.Check)
	if err != nil {
		plain(w, http.StatusBadRequest, "the link's destination (to) is missing or not allowed")
		return
	}
	src, err := h.sources.Lookup(r.Context(), code)
	if err != nil {
		h.log.ErrorContext(r.Context(), "look up ref", "ref", code, "err", err)
		h.unavailable(w, redirect.WithQuery(dest.URL, "ref", code))
		return
	}
	h.click(w, r, src, code, dest) // src nil: kept as unmatched, visitor still sent on
}

// click records a click on a link and redirects to dest with ref and the
// visitor id added, so that ref.js there adopts the id and sends no second
// beacon. When the click cannot be stored the visitor gets a 503 page with
// a link to dest that carries the ref but no visitor id: ref.js will then
// report the visit itself.
func (h *Handler) click(w http.ResponseWriter, r *http.Request, src *clicks.Source, ref string, dest *redirect.Target) {
	vid, fromCookie := h.linkVisitor(r)
	if !fromCookie {
		w.Header()["Set-Cookie"] = []string{vidCookie + "=" + vid + h.cookieAttrs}
	}
	c := clicks.Click{Source: src, Ref: ref, Visitor: vid, At: h.now(), Bot: isBot(r)}
	if err := h.recorder.Record(r.Context(), c); err != nil {
		h.recordFailed(r, ref, err)
		h.unavailable(w, redirect.WithQuery(dest.URL, "ref", ref))
		return
	}
	redirectFound(w, r, dest.With(h.handover(r, vid)), dest.URL.IsAbs())
}

// beacon serves POST /t: ref.js reporting a visit that arrived with ?ref=.
func (h *Handler) beacon(w http.ResponseWriter, r *http.Request) {
	trackingHeaders(w)
	if !beaconType(r.Header.Get("Content-Type")) {
		h.jsonError(w, http.StatusUnsupportedMediaType, reftrack.Invalid, "content type must be application/json or text/plain")
		return
	}
	if r.ContentLength > h.maxBeacon {
		h.jsonError(w, http.StatusRequestEntityTooLarge, reftrack.Limit, "beacon too large")
		return
	}
	buf := h.bodies.Get().(*[]byte)
	defer h.putBody(buf)
	body, err := readAll(http.MaxBytesReader(w, r.Body, h.maxBeacon), (*buf)[:0])
	*buf = body // keeps its growth; parseBeacon copies what it returns
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			h.jsonError(w, http.StatusRequestEntityTooLarge, reftrack.Limit, "beacon too large")
			return
		}
		h.jsonError(w, http.StatusBadRequest, reftrack.Invalid, "could not read body")
		return
	}
	b, err := parseBeacon(body)
	if err != nil {
		h.jsonError(w, http.StatusBadRequest, reftrack.Invalid, err.Error())
		return
	}
	h.visit(w, r, b.Ref, b.VID, false)
}

// maxPooledBody bounds the beacon buffers kept for reuse, whatever
// MaxBeaconBytes is.
const maxPooledBody = 64 << 10

func (h *Handler) putBody(buf *[]byte) {
	if cap(*buf) <= maxPooledBody {
		h.bodies.Put(buf)
	}
}

// readAll is io.ReadAll appending to b, so that a pooled buffer serves.
func readAll(r io.Reader, b []byte) ([]byte, error) {
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// pixel serves GET /t.gif?ref=&vid=: the beacon as an image.
func (h *Handler) pixel(w http.ResponseWriter, r *http.Request) {
	trackingHeaders(w)
	q := r.URL.Query()
	ref, err := parseRef(q.Get("ref"))
	if err != nil {
		plain(w, http.StatusBadRequest, err.Error())
		return
	}
	var vid string
	if v := q.Get("vid"); v != "" {
		if vid, err = parseVisitorID(v); err != nil {
			plain(w, http.StatusBadRequest, err.Error())
			return
		}
	}
	h.visit(w, r, ref, vid, true)
}

// visit records a beacon's visit: 204 (or the pixel) for a known ref, 404
// for an unknown one, which is still kept as unmatched.
func (h *Handler) visit(w http.ResponseWriter, r *http.Request, ref, vid string, gif bool) {
	if vid == "" {
		vid, _ = h.linkVisitor(r)
	}
	if !h.allowBeacon(r, vid) {
		w.Header().Set("Retry-After", "60")
		if gif {
			writeGIF(w, http.StatusTooManyRequests)
			return
		}
		h.jsonError(w, http.StatusTooManyRequests, reftrack.Limit, "too many beacons from this address or visitor: try again in a minute")
		return
	}
	src, err := h.sources.Lookup(r.Context(), ref)
	if err != nil {
		h.log.ErrorContext(r.Context(), "look up ref", "ref", ref, "err", err)
		h.beaconUnavailable(w, gif)
		return
	}
	c := clicks.Click{Source: src, Ref: ref, Visitor: vid, At: h.now(), Bot: isBot(r)}
	if err := h.recorder.Record(r.Context(), c); err != nil {
		h.recordFailed(r, ref, err)
		h.beaconUnavailable(w, gif)
		return
	}
	switch {
	case gif && src == nil:
		writeGIF(w, http.StatusNotFound)
	case gif:
		writeGIF(w, http.StatusOK)
	case src == nil:
		h.jsonError(w, http.StatusNotFound, reftrack.NotFound, "unknown ref")
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

// refJS serves the snippet the company puts on its pages.
func (h *Handler) refJS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "ref.js", time.Time{}, bytes.NewReader(h.script))
}

//go:embed ref.js
var scriptTemplate string

// scriptPlaceholder, quotes included, is replaced by the public URL as a
// JavaScript string literal.
const scriptPlaceholder = `"__REFTRACK_PUBLIC_URL__"`

func renderScript(publicURL string) []byte {
	lit, _ := json.Marshal(publicURL) // a valid JS string literal, <>& escaped
	return []byte(strings.ReplaceAll(scriptTemplate, scriptPlaceholder, string(lit)))
}

// linkVisitor returns the visitor of a request to Reftrack's own domain: the
// rt_vid cookie when it holds a valid id (fromCookie), else the keyed hash
// of IP address and User-Agent.
func (h *Handler) linkVisitor(r *http.Request) (vid string, fromCookie bool) {
	if c, err := r.Cookie(vidCookie); err == nil {
		if v, err := parseVisitorID(c.Value); err == nil {
			return v, true
		}
	}
	return h.hashVisitor(r), false
}

// hashVisitor returns "h" and the first 22 characters of the base64url
// HMAC-SHA256 of client IP, newline, User-Agent. The IP goes no further.
func (h *Handler) hashVisitor(r *http.Request) string {
	ip := r.RemoteAddr
	if host, _, err := net.SplitHostPort(ip); err == nil {
		ip = host
	}
	vh := h.hashes.Get().(*visitorHash)
	defer vh.put(&h.hashes)
	vh.in = append(append(append(vh.in[:0], ip...), '\n'), r.UserAgent()...)
	vh.mac.Reset()
	vh.mac.Write(vh.in)
	vh.sum = vh.mac.Sum(vh.sum[:0])
	var b64 [43]byte // 32 bytes of base64 without padding
	base64.RawURLEncoding.Encode(b64[:], vh.sum)
	return "h" + string(b64[:22])
}

// visitorHash is a keyed HMAC and its buffers, pooled: a new one takes
// several allocations, and every click without a visitor id needs one.
type visitorHash struct {
	mac     hash.Hash
	in, sum []byte
}

func (vh *visitorHash) put(p *sync.Pool) {
	if cap(vh.in) > 1024 {
		vh.in = nil // an outsized User-Agent is not kept
	}
	p.Put(vh)
}

func (h *Handler) recordFailed(r *http.Request, ref string, err error) {
	if errors.Is(err, context.Canceled) {
		// The client went away before its click was queued.
		h.log.InfoContext(r.Context(), "click not recorded: request canceled", "ref", ref)
		return
	}
	h.log.ErrorContext(r.Context(), "record click", "ref", ref, "err", err)
}

// unavailable answers 503 for a link; with a destination, the page links
// to it so the visitor still gets there.
func (h *Handler) unavailable(w http.ResponseWriter, dest string) {
	w.Header().Set("Retry-After", "1")
	if dest == "" {
		page(w, http.StatusServiceUnavailable, "Try again", "This link cannot be followed right now. Please try again in a moment.", "")
		return
	}
	page(w, http.StatusServiceUnavailable, "Continue", "We could not open this link automatically.", dest)
}

func (h *Handler) beaconUnavailable(w http.ResponseWriter, gif bool) {
	w.Header().Set("Retry-After", "1")
	if gif {
		plain(w, http.StatusServiceUnavailable, "temporarily unavailable")
		return
	}
	h.jsonError(w, http.StatusServiceUnavailable, reftrack.Internal, "temporarily unavailable")
}

// beaconType reports whether a beacon's Content-Type is acceptable:
// application/json, or text/plain as navigator.sendBeacon sends a string.
// A missing one is tolerated; the body is parsed strictly anyway.
func beaconType(ct string) bool {
	switch ct {
	case "", "application/json", "text/plain", "text/plain;charset=UTF-8": // what ref.js sends, without parsing
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || mt == "text/plain")
}

// trackingHeaders are sent on every tracking response: no cache may keep a
// redirect or a beacon answer, or clicks would go uncounted. The server's
// security headers (nosniff among them) are set around every handler.
func trackingHeaders(w http.ResponseWriter) {
	h := w.Header()
	h["Cache-Control"] = noStore
	h["X-Robots-Tag"] = noIndex
}

// Shared, capped header values: an Add copies them, never writes into them.
var (
	noStore = []string{"no-store"}[:1:1]
	noIndex = []string{"noindex, nofollow"}[:1:1]
)

func plain(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	io.WriteString(w, msg+"\n")
}

// jsonError answers a beacon's error as the API answers one: a list of
// errors, each with its code.
func (h *Handler) jsonError(w http.ResponseWriter, status int, kind reftrack.Kind, msg string) {
	type extensions struct {
		Code string `json:"code"`
	}
	type jsonErr struct {
		Message    string     `json:"message"`
		Extensions extensions `json:"extensions"`
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(struct { //nolint:errcheck // the client may be gone
		Errors []jsonErr `json:"errors"`
	}{[]jsonErr{{msg, extensions{h.code(kind)}}}})
}

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}</style>
</head><body><h1>{{.Title}}</h1><p>{{.Message}}</p>
{{- if .Link}}<p><a href="{{.Link}}">Continue to the site</a></p>{{end}}
</body></html>
`))

func page(w http.ResponseWriter, status int, title, msg, link string) {
	var buf bytes.Buffer
	pageTemplate.Execute(&buf, struct{ Title, Message, Link string }{title, msg, link}) //nolint:errcheck // fixed template and strings
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// transparentGIF is a 1x1 transparent GIF.
var transparentGIF = []byte{
	0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
}

func writeGIF(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "image/gif")
	w.WriteHeader(status)
	w.Write(transparentGIF)
}
