// Package signin is the browser's way in: small JSON endpoints that sign a
// partner or an admin in and out with a session cookie, and the middleware
// that turns that cookie into a viewer for the API, refusing any request
// that another site could have made (CSRF). Bearer tokens do not go
// through here. See docs/decisions/0060-sign-in-endpoints.md.
package signin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/graph"
	"github.com/reftrack/reftrack/internal/auth"
	"github.com/reftrack/reftrack/internal/live"
	"github.com/reftrack/reftrack/internal/sessions"
	"github.com/reftrack/reftrack/internal/throttle"
	"github.com/reftrack/reftrack/internal/viewer"
)

// Failures allowed per window before sign-in is refused for a while: per
// account (an email, or the admin), and per client address.
const (
	AccountFailures = 10
	AddressFailures = 30
	FailureWindow   = 15 * time.Minute
)

// cookieMaxAge lets the browser keep the cookie long; the server ends the
// session after sessions.IdleTimeout without use, or when it is revoked.
const cookieMaxAge = 400 * 24 * time.Hour

// maxBody bounds a sign-in request; requestTimeout its duration.
const (
	maxBody        = 4 << 10
	requestTimeout = 10 * time.Second
)

// Options configure a Handler.
type Options struct {
	Sessions *sessions.Manager
	Tokens   *auth.Authenticator // checks the admin token at admin sign-in
	// PublicURL decides the cookie's Secure flag (https) and the origin
	// that cookie-authenticated requests must come from.
	PublicURL string
	// Live ends the websockets and event streams of the sessions that
	// end (sign-out, password set).
	Live   auth.Revoker
	Logger *slog.Logger
	Now    func() time.Time
}

// Handler serves the sign-in endpoints and authenticates session cookies.
type Handler struct {
	o         Options
	origin    string // scheme://host[:port] of the public URL
	secure    bool
	cookie    string
	accounts  *throttle.Limiter
	addresses *throttle.Limiter
}

// New returns a handler.
func New(o Options) *Handler {
	if o.Now == nil {
		o.Now = time.Now
	}
	h := &Handler{
		o:         o,
		accounts:  throttle.New(AccountFailures, FailureWindow, o.Now),
		addresses: throttle.New(AddressFailures, FailureWindow, o.Now),
		cookie:    CookieName,
	}
	if u, err := url.Parse(o.PublicURL); err == nil {
		h.origin = u.Scheme + "://" + u.Host
		h.secure = u.Scheme == "https"
	}
	if h.secure {
		// The __Host- prefix makes browsers refuse the cookie unless it is
		// Secure, for the whole host and set by the host itself.
		h.cookie = SecureCookieName
	}
	return h
}

// Cookie names: with an https public URL the cookie carries the __Host-
// prefix.
const (
	CookieName       = "reftrack_session"
	SecureCookieName = "__Host-reftrack_session"
)

// Register adds the endpoints to mux.
func (h *Handler) Register(mux *http.ServeMux) {
	mux.HandleFunc("POST /auth/sign-in", h.guard(h.signIn))
	mux.HandleFunc("POST /auth/admin-sign-in", h.guard(h.adminSignIn))
	mux.HandleFunc("POST /auth/password", h.guard(h.setPassword))
	mux.HandleFunc("POST /auth/sign-out", h.guard(h.signOut))
	mux.HandleFunc("/auth/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, graph.CodeNotFound, "no such endpoint; see docs/api.md")
	})
}

// guard refuses what another site could send: a request that is not
// same-origin or whose body is not JSON. The body is bounded.
func (h *Handler) guard(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h.checkRequest(r, false); err != nil {
			writeError(w, http.StatusForbidden, graph.CodeForbidden, err.Error())
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		// Hashes wait their turn (password.concurrent): a queue that does
		// not move in time answers 503 rather than growing.
		ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
		defer cancel()
		next(w, r.WithContext(ctx))
	}
}

// checkRequest returns why a request carrying (or asking for) a session
// cookie is refused, or nil: it must come from the app's own origin, and,
// but for a websocket upgrade, carry a JSON body, which no HTML form can
// send and no other site can send without the CORS preflight that we
// refuse.
func (h *Handler) checkRequest(r *http.Request, websocket bool) error {
	site := r.Header.Get("Sec-Fetch-Site")
	origin := r.Header.Get("Origin")
	switch {
	case site != "" && site != "same-origin":
		return errCrossSite
	case origin != "" && !h.sameOrigin(origin, r):
		return errCrossSite
	case site == "" && origin == "":
		return errNoOrigin
	}
	if websocket {
		return nil
	}
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return errNotJSON
	}
	return nil
}

var (
	errCrossSite = errors.New("a request with the session cookie must come from this site's own pages")
	errNoOrigin  = errors.New("a request with the session cookie must say where it comes from (Origin or Sec-Fetch-Site)")
	errNotJSON   = errors.New("a request with the session cookie must have Content-Type: application/json")
)

// sameOrigin reports whether origin is the public URL's, or the origin of
// the host the request was sent to (a browser reaching the server by
// another name than the public URL's).
func (h *Handler) sameOrigin(origin string, r *http.Request) bool {
	if origin == h.origin {
		return true
	}
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	scheme := "http"
	if r.TLS != nil || h.secure {
		scheme = "https"
	}
	return u.Scheme == scheme && strings.EqualFold(u.Host, r.Host)
}

// Middleware authenticates a request by its session cookie when it has no
// Authorization header (bearer tokens work as they always did). A cookie
// request that fails checkRequest gets 403 and goes no further; a cookie
// naming no live session goes on anonymous, carrying the reason.
func (h *Handler) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(h.cookie)
		if err != nil || r.Header.Get("Authorization") != "" || r.Method == http.MethodOptions {
			next.ServeHTTP(w, r)
			return
		}
		websocket := strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
		if err := h.checkRequest(r, websocket); err != nil {
			writeError(w, http.StatusForbidden, graph.CodeForbidden, err.Error())
			return
		}
		v, err := h.o.Sessions.Authenticate(r.Context(), c.Value)
		switch {
		case err == nil:
			r = r.WithContext(viewer.NewContext(r.Context(), v))
		case reftrack.KindOf(err) == reftrack.Internal:
			h.o.Logger.ErrorContext(r.Context(), "authenticate session", "err", err)
			writeError(w, http.StatusServiceUnavailable, graph.CodeInternal, "authentication is unavailable")
			return
		default:
			r = r.WithContext(auth.WithError(r.Context(), err))
		}
		next.ServeHTTP(w, r)
	})
}

type signInRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Token    string `json:"token"`
}

type signedIn struct {
	Role viewer.Role `json:"role"`
}

func (h *Handler) signIn(w http.ResponseWriter, r *http.Request) {
	var in signInRequest
	if !decode(w, r, &in) {
		return
	}
	account := "partner:" + strings.ToLower(strings.TrimSpace(in.Email))
	if len(account) > 300 {
		account = account[:300]
	}
	partnerID, err := h.attempt(w, r, account, func() (int, error) {
		return h.o.Sessions.SignIn(r.Context(), in.Email, in.Password)
	})
	if err != nil {
		return
	}
	h.start(w, r, partnerID, viewer.Partner)
}

func (h *Handler) adminSignIn(w http.ResponseWriter, r *http.Request) {
	var in signInRequest
	if !decode(w, r, &in) {
		return
	}
	_, err := h.attempt(w, r, "admin", func() (int, error) {
		v, err := h.o.Tokens.Authenticate(r.Context(), strings.TrimSpace(in.Token))
		if err != nil && reftrack.KindOf(err) == reftrack.Internal {
			return 0, err
		}
		if err != nil || !v.IsAdmin() {
			return 0, reftrack.Errorf(reftrack.Unauthenticated, "wrong admin token")
		}
		return 0, nil
	})
	if err != nil {
		return
	}
	h.start(w, r, 0, viewer.Admin)
}

// attempt runs check unless the account or the address failed too often,
// and counts its failure. It writes the error response itself.
func (h *Handler) attempt(w http.ResponseWriter, r *http.Request, account string, check func() (int, error)) (int, error) {
	addr := clientAddress(r)
	if wait := max(h.accounts.Wait(account), h.addresses.Wait(addr)); wait > 0 {
		secs := int(math.Ceil(wait.Seconds()))
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		writeError(w, http.StatusTooManyRequests, graph.CodeLimitExceeded,
			fmt.Sprintf("too many failed sign-ins; try again in %d minutes", (secs+59)/60))
		return 0, errLimited
	}
	id, err := check()
	if err != nil {
		if reftrack.KindOf(err) == reftrack.Internal {
			h.internal(w, r, err)
			return 0, err
		}
		h.accounts.Fail(account)
		h.addresses.Fail(addr)
		writeError(w, http.StatusUnauthorized, graph.CodeUnauthenticated, err.Error())
		return 0, err
	}
	h.accounts.Reset(account)
	return id, nil
}

var errLimited = errors.New("limited")

func (h *Handler) setPassword(w http.ResponseWriter, r *http.Request) {
	var in signInRequest
	if !decode(w, r, &in) {
		return
	}
	addr := clientAddress(r)
	if wait := h.addresses.Wait(addr); wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
		writeError(w, http.StatusTooManyRequests, graph.CodeLimitExceeded, "too many failed attempts; try again later")
		return
	}
	partnerID, ended, err := h.o.Sessions.Accept(r.Context(), in.Token, in.Password)
	switch reftrack.KindOf(err) {
	case "":
	case reftrack.Invalid:
		writeError(w, http.StatusBadRequest, graph.CodeBadUserInput, err.Error())
		return
	case reftrack.Unauthenticated:
		h.addresses.Fail(addr)
		writeError(w, http.StatusUnauthorized, graph.CodeUnauthenticated, err.Error())
		return
	default:
		if err != nil {
			h.internal(w, r, err)
			return
		}
	}
	h.o.Live.Revoke(r.Context(), live.Sessions(ended)...)
	h.start(w, r, partnerID, viewer.Partner)
}

func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Everywhere bool `json:"everywhere"`
	}
	if !decode(w, r, &in) {
		return
	}
	ctx := r.Context()
	h.clearCookie(w)
	c, err := r.Cookie(h.cookie)
	if err != nil {
		writeJSON(w, http.StatusOK, map[string]any{})
		return
	}
	v, err := h.o.Sessions.Authenticate(ctx, c.Value)
	if err != nil {
		if reftrack.KindOf(err) == reftrack.Internal {
			h.internal(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{}) // already ended
		return
	}
	ended := []int{v.SessionID}
	if v.Role == viewer.Partner && in.Everywhere {
		ended, err = h.o.Sessions.RevokeAll(viewer.NewContext(ctx, v), nil, v.PartnerID)
	} else {
		err = h.o.Sessions.End(ctx, v.SessionID)
	}
	if err != nil {
		h.internal(w, r, err)
		return
	}
	h.o.Live.Revoke(ctx, live.Sessions(ended)...)
	writeJSON(w, http.StatusOK, map[string]any{})
}

// start opens a session and sets its cookie.
func (h *Handler) start(w http.ResponseWriter, r *http.Request, partnerID int, role viewer.Role) {
	plain, _, err := h.o.Sessions.Start(r.Context(), partnerID, r.UserAgent())
	if err != nil {
		h.internal(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: h.cookie, Value: plain, Path: "/", MaxAge: int(cookieMaxAge.Seconds()),
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode,
	})
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, signedIn{Role: role})
}

func (h *Handler) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: h.cookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: h.secure, SameSite: http.SameSiteLaxMode,
	})
}

func (h *Handler) internal(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		writeError(w, http.StatusServiceUnavailable, graph.CodeInternal, "the request took too long")
		return
	}
	h.o.Logger.ErrorContext(r.Context(), "sign-in", "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, graph.CodeInternal, "internal error")
}

// clientAddress is the key of the per-address limit: the peer's IP, or
// its /64 for IPv6 (one host usually holds a whole /64).
func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return host
	}
	if ip.To4() == nil {
		return ip.Mask(net.CIDRMask(64, 128)).String()
	}
	return ip.String()
}

func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeError(w, http.StatusRequestEntityTooLarge, graph.CodeLimitExceeded, fmt.Sprintf("the request body is larger than %d bytes", maxBody))
			return false
		}
		writeError(w, http.StatusBadRequest, graph.CodeBadUserInput, "the body must be a JSON object")
		return false
	}
	return true
}

// writeError answers in the shape of a GraphQL error, so that the app
// reads every failure the same way.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]any{{
		"message": msg, "extensions": map[string]any{"code": code},
	}}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) //nolint:errcheck // the client may be gone
}
