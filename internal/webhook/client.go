package webhook

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Timeout bounds one delivery, from dialling to the end of the response
// body that is read.
const Timeout = 15 * time.Second

// ResponseBytes is how much of a response is kept for the delivery log.
const ResponseBytes = 1024

// Client sends deliveries. Its zero value is not usable: use NewClient.
type Client struct {
	hc *http.Client
}

// NewClient returns a client that follows no redirect, gives up after
// Timeout and, unless allowPrivate is set (development and tests), refuses
// to connect to any address Blocked names and to plain http.
func NewClient(allowPrivate bool) *Client {
	d := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = control
	}
	tr := &http.Transport{
		// No proxy: a proxy would dial the endpoint for us, unchecked.
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   16,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: Timeout,
	}
	return &Client{hc: &http.Client{
		Transport: tr,
		Timeout:   Timeout,
		// A 3xx is the endpoint's answer, and a failure: never followed.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Message is one delivery to send.
type Message struct {
	URL  string
	ID   string // the event's public id, the webhook-id
	Time time.Time
	Body []byte
	Keys [][]byte // the endpoint's signing keys, newest first
}

// Result is what one attempt gave.
type Result struct {
	Status   int // 0 when no response came
	Latency  time.Duration
	Response []byte // the first ResponseBytes of the body, or the error
	// RetryAfter is the wait the endpoint asked for (429, 503), or 0.
	RetryAfter time.Duration
	Err        error
}

// OK reports whether the endpoint took the delivery: any 2xx.
func (r Result) OK() bool { return r.Err == nil && r.Status >= 200 && r.Status < 300 }

// Gone reports whether the endpoint asked never to be called again (410).
func (r Result) Gone() bool { return r.Err == nil && r.Status == http.StatusGone }

// Send posts m, signed, and reports what came back.
func (c *Client) Send(ctx context.Context, m Message) Result {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, m.URL, bytes.NewReader(m.Body))
	if err != nil {
		return Result{Err: err, Response: []byte(err.Error())}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Reftrack-Webhooks/1")
	Sign(req.Header, m.Keys, m.ID, m.Time, m.Body)
	resp, err := c.hc.Do(req)
	if err != nil {
		return Result{Latency: time.Since(start), Err: err, Response: []byte(errorText(err))}
	}
	defer resp.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(resp.Body, ResponseBytes))
	// Drain a little more so the connection can be reused; not more.
	io.CopyN(io.Discard, resp.Body, 64<<10)
	r := Result{Status: resp.StatusCode, Latency: time.Since(start), Response: head}
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable {
		r.RetryAfter = RetryAfter(resp.Header.Get("Retry-After"), time.Now())
	}
	return r
}

func errorText(err error) string {
	if errors.Is(err, ErrBlocked) {
		return ErrBlocked.Error()
	}
	s := err.Error()
	if len(s) > ResponseBytes {
		s = s[:ResponseBytes]
	}
	return s
}

// RetryAfter reads a Retry-After header: seconds or an HTTP date. It
// returns 0 when the header is absent or not understood.
func RetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n <= 0 {
			return 0
		}
		if n > int64(MaxRetryAfter/time.Second) {
			return MaxRetryAfter
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now), MaxRetryAfter)
	}
	return 0
}
