package track_test

import (
	"net/http/httptest"
	"testing"

	"github.com/reftrack/reftrack/internal/track"
)

const (
	chromeUA  = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
	safariUA  = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
	firefoxUA = "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0"
)

func TestIsBot(t *testing.T) {
	for _, tc := range []struct {
		name    string
		method  string
		ua      string
		headers map[string]string
		bot     bool
	}{
		{"chrome", "GET", chromeUA, nil, false},
		{"safari", "GET", safariUA, nil, false},
		{"firefox", "GET", firefoxUA, nil, false},
		{"googlebot", "GET", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", nil, true},
		{"bingbot", "GET", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", nil, true},
		{"slack unfurl", "GET", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", nil, true},
		{"slack image proxy", "GET", "Slack-ImgProxy (+https://api.slack.com/robots)", nil, true},
		{"facebook", "GET", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", nil, true},
		{"twitter", "GET", "Twitterbot/1.0", nil, true},
		{"linkedin", "GET", "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)", nil, true},
		{"whatsapp", "GET", "WhatsApp/2.23.20.0", nil, true},
		{"discord", "GET", "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)", nil, true},
		{"telegram", "GET", "TelegramBot (like TwitterBot)", nil, true},
		{"applebot", "GET", "Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1)", nil, true},
		{"yandex", "GET", "Mozilla/5.0 (compatible; YandexBot/3.0)", nil, true},
		{"baidu", "GET", "Mozilla/5.0 (compatible; Baiduspider/2.0)", nil, true},
		{"duckduckgo", "GET", "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)", nil, true},
		{"pinterest", "GET", "Pinterest/0.2 (+https://www.pinterest.com/bot.html)", nil, true},
		{"reddit", "GET", "Mozilla/5.0 (compatible; redditbot/1.0)", nil, true},
		{"embedly", "GET", "Mozilla/5.0 (compatible; Embedly/0.2)", nil, true},
		{"skype", "GET", "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5", nil, true},
		{"bitly", "GET", "bitlybot/3.0", nil, true},
		{"vk", "GET", "Mozilla/5.0 (compatible; vkShare; +http://vk.com/dev/Share)", nil, true},
		{"curl", "GET", "curl/8.5.0", nil, true},
		{"wget", "GET", "Wget/1.21.4", nil, true},
		{"python", "GET", "python-requests/2.31.0", nil, true},
		{"go", "GET", "Go-http-client/1.1", nil, true},
		{"headless chrome", "GET", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36", nil, true},
		{"generic bot/", "GET", "SomeBot/1.0", nil, true},
		{"generic crawler", "GET", "ExampleCrawler 2.0", nil, true},
		{"generic spider", "GET", "my-spider", nil, true},
		{"empty UA", "GET", "", nil, true},
		{"blank UA", "GET", "   ", nil, true},
		{"HEAD from a browser", "HEAD", chromeUA, nil, true},
		{"chrome prefetch", "GET", chromeUA, map[string]string{"Sec-Purpose": "prefetch"}, true},
		{"chrome prerender", "GET", chromeUA, map[string]string{"Sec-Purpose": "prefetch;prerender"}, true},
		{"purpose prefetch", "GET", chromeUA, map[string]string{"Purpose": "prefetch"}, true},
		{"safari preview", "GET", safariUA, map[string]string{"X-Purpose": "preview"}, true},
		{"firefox prefetch", "GET", firefoxUA, map[string]string{"X-Moz": "prefetch"}, true},
		{"unrelated purpose", "GET", chromeUA, map[string]string{"Sec-Purpose": "something-else"}, false},
		{"beacon POST", "POST", chromeUA, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, "/r/acme", nil)
			r.Header.Del("User-Agent")
			if tc.ua != "" {
				r.Header.Set("User-Agent", tc.ua)
			}
			for k, v := range tc.headers {
				r.Header.Set(k, v)
			}
			if got := track.IsBot(r); got != tc.bot {
				t.Errorf("isBot = %v, want %v", got, tc.bot)
			}
		})
	}
}
