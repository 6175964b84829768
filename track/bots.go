package track

import (
	"bytes"
	"net/http"
	"strings"
	"unicode/utf8"
)

// botSignatures are lowercase User-Agent substrings of crawlers, link
// preview fetchers and scripted clients. Their clicks are redirected like
// any other but count only as bot clicks.
var botSignatures = []string{
	"googlebot", "bingbot", "slackbot", "slack-imgproxy", "facebookexternalhit",
	"facebot", "twitterbot", "linkedinbot", "whatsapp", "discordbot",
	"telegrambot", "applebot", "yandexbot", "baiduspider", "duckduckbot",
	"pinterest", "redditbot", "embedly", "skypeuripreview", "bitlybot",
	"vkshare", "curl/", "wget/", "python-requests", "go-http-client",
	"headlesschrome", "bot/", "crawler", "spider",
}

// isBot reports whether r is not a person following a link: a known bot or
// preview fetcher, a client with no User-Agent, a HEAD request or a
// prefetch.
func isBot(r *http.Request) bool {
	return r.Method == http.MethodHead || isPrefetch(r.Header) || isBotAgent(r.UserAgent())
}

func isBotAgent(ua string) bool {
	ua = strings.TrimSpace(ua)
	if ua == "" {
		return true
	}
	var buf [256]byte // most User-Agents, lowercased without allocating
	lower := append(buf[:0], ua...)
	if !lowerASCII(lower) {
		lower = []byte(strings.ToLower(ua)) // Unicode folding: the Kelvin sign is a k
	}
	for _, s := range botSignatures {
		if bytes.Contains(lower, []byte(s)) {
			return true
		}
	}
	return false
}

// lowerASCII lowercases b in place when it is all ASCII, and says whether
// it was.
func lowerASCII(b []byte) bool {
	for i, c := range b {
		switch {
		case c >= utf8.RuneSelf:
			return false
		case 'A' <= c && c <= 'Z':
			b[i] = c + 'a' - 'A'
		}
	}
	return true
}

// isPrefetch reports whether the browser fetches the link speculatively
// rather than because someone followed it.
func isPrefetch(h http.Header) bool {
	return headerContains(h, "Sec-Purpose", "prefetch") ||
		headerContains(h, "Purpose", "prefetch") ||
		headerContains(h, "X-Purpose", "preview") ||
		headerContains(h, "X-Moz", "prefetch")
}

func headerContains(h http.Header, name, word string) bool {
	for _, v := range h.Values(name) {
		if strings.Contains(strings.ToLower(v), word) {
			return true
		}
	}
	return false
}
