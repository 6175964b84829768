package track

import (
	"net/http"
	"strings"
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
	ua = strings.ToLower(strings.TrimSpace(ua))
	if ua == "" {
		return true
	}
	for _, s := range botSignatures {
		if strings.Contains(ua, s) {
			return true
		}
	}
	return false
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
