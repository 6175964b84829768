package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
)

// click sends one browser click with the given visitor cookie ("" for none)
// and returns the response.
func click(t *testing.T, s *apitest.Server, path, visitor string, header ...string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
	req.Header.Set("User-Agent", apitest.Browser)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if visitor != "" {
		req.AddCookie(&http.Cookie{Name: "rt_vid", Value: visitor})
	}
	resp, err := s.NoRedirects().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

type statsJSON struct {
	From, To        string
	UniqueClicks    int
	ReturningClicks int
	TotalClicks     int
	BotClicks       int
	Conversions     int
	ConversionRate  float64
	Daily           []struct {
		Date                                                    string
		UniqueClicks, ReturningClicks, TotalClicks, Conversions int
	}
}

const statsFields = `{ from to uniqueClicks returningClicks totalClicks botClicks conversions conversionRate daily { date uniqueClicks returningClicks totalClicks conversions } }`

func TestPartnerWalkthrough(t *testing.T) {
	s := apitest.New(t)
	p := s.CreatePartner(t, "Acme Agency", "ann@acme.example", "UTC")
	service := s.ServiceToken(t)

	var ref struct {
		CreateReferralURL struct{ ID, Slug, URL, RedirectURL string }
	}
	s.MustDo(t, p.Token, `mutation { createReferralURL(input: {slug: "acme", redirectURL: "https://example.com/pricing?plan=pro"}) { id slug url redirectURL } }`, nil, &ref)
	if want := s.URL + "/r/acme"; ref.CreateReferralURL.URL != want {
		t.Fatalf("url = %q, want %q", ref.CreateReferralURL.URL, want)
	}

	var tag struct {
		CreateRefTag struct{ ID, Name, Code string }
	}
	s.MustDo(t, p.Token, `mutation { createRefTag(input: {name: "Facebook Campaign"}) { id name code } }`, nil, &tag)
	code := tag.CreateRefTag.Code
	if len(code) < 12 {
		t.Fatalf("code %q is too short to be unguessable", code)
	}

	// The referral URL redirects with ref added and the URL's own query kept.
	resp := click(t, s, "/r/acme", "visitor-aaaa")
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, "https://example.com/pricing?") ||
		!strings.Contains(loc, "plan=pro") || !strings.Contains(loc, "ref=acme") {
		t.Fatalf("GET /r/acme = %d Location %q", resp.StatusCode, loc)
	}
	// Visitor a clicks 3 times, b twice, c once; a bot and a prefetch once.
	for _, v := range []string{"visitor-aaaa", "visitor-aaaa", "visitor-bbbb", "visitor-bbbb", "visitor-cccc"} {
		click(t, s, "/r/acme", v)
	}
	click(t, s, "/r/acme", "", "User-Agent", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)")
	click(t, s, "/r/acme", "visitor-dddd", "Sec-Purpose", "prefetch")
	// The tag: two visitors.
	to := "/t/" + code + "?to=https://shop.example.com/blog/post"
	for _, v := range []string{"visitor-aaaa", "visitor-eeee", "visitor-eeee"} {
		if r := click(t, s, to, v); r.StatusCode != http.StatusFound {
			t.Fatalf("GET %s = %d", to, r.StatusCode)
		}
	}

	// A signup through the tag's ref, then the same signup again.
	signup := `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { id customer { id email tags { name system } } } }`
	// The service learns that a signup was attributed, not to what: the
	// partner (or an admin) reads the source.
	source := func(t *testing.T, conversion string) (refTag *struct{ Code string }, referralURL *struct{ Slug string }) {
		t.Helper()
		var out struct {
			Node struct {
				RefTag      *struct{ Code string }
				ReferralURL *struct{ Slug string }
			}
		}
		s.MustDo(t, p.Token, `query($id: ID!) { node(id: $id) { ... on Conversion { refTag { code } referralURL { slug } } } }`, map[string]any{"id": conversion}, &out)
		return out.Node.RefTag, out.Node.ReferralURL
	}
	in := map[string]any{"ref": code, "email": "Bob@Example.com", "externalID": "cus_1", "name": "Bob"}
	var first, again struct {
		RecordSignup struct {
			ID       string
			Customer struct {
				ID, Email string
				Tags      []struct {
					Name   string
					System bool
				}
			}
		}
	}
	s.MustDo(t, service, signup, map[string]any{"in": in}, &first)
	s.MustDo(t, service, signup, map[string]any{"in": in}, &again)
	if first.RecordSignup.ID != again.RecordSignup.ID {
		t.Fatalf("the same signup twice made two conversions: %s, %s", first.RecordSignup.ID, again.RecordSignup.ID)
	}
	if tag, url := source(t, first.RecordSignup.ID); tag == nil || tag.Code != code || url != nil || first.RecordSignup.Customer.Email != "bob@example.com" {
		t.Fatalf("conversion = %+v, attributed to %v, %v", first.RecordSignup, tag, url)
	}
	if got := tagNames(first.RecordSignup.Customer.Tags); got != "Email Not Verified,New Signup" {
		t.Fatalf("new customer's tags = %s", got)
	}
	// A signup by visitor id only: attributed to the visitor's last click (the tag, for a).
	var byVisitor struct{ RecordSignup struct{ ID string } }
	s.MustDo(t, service, signup, map[string]any{"in": map[string]any{"visitorID": "visitor-bbbb", "email": "carol@example.com", "emailVerified": true}}, &byVisitor)
	if tag, url := source(t, byVisitor.RecordSignup.ID); url == nil || url.Slug != "acme" {
		t.Fatalf("visitor b's signup attributed to %v, %v", tag, url)
	}

	var got struct {
		Me struct {
			Stats       statsJSON
			ReferralURL struct{ Stats statsJSON }
		}
		RefTags struct {
			TotalCount int
			Edges      []struct{ Node struct{ Stats statsJSON } }
		}
	}
	s.MustDo(t, p.Token, `{ me { stats `+statsFields+` referralURL { stats `+statsFields+` } } refTags(first: 10) { totalCount edges { node { stats `+statsFields+` } } } }`, nil, &got)

	// Totals alone (no daily) are summed by the database: the same numbers.
	var totals struct {
		Me struct {
			Stats struct{ UniqueClicks, ReturningClicks, BotClicks, Conversions int }
		}
		RefTags struct {
			Edges []struct {
				Node struct {
					Stats struct{ UniqueClicks, TotalClicks int }
				}
			}
		}
	}
	s.MustDo(t, p.Token, `{ me { stats { uniqueClicks returningClicks botClicks conversions } } refTags { edges { node { stats { uniqueClicks totalClicks } } } } }`, nil, &totals)
	if m := totals.Me.Stats; m.UniqueClicks != got.Me.Stats.UniqueClicks || m.ReturningClicks != got.Me.Stats.ReturningClicks ||
		m.BotClicks != got.Me.Stats.BotClicks || m.Conversions != got.Me.Stats.Conversions ||
		totals.RefTags.Edges[0].Node.Stats.TotalClicks != got.RefTags.Edges[0].Node.Stats.TotalClicks {
		t.Errorf("totals without daily %+v differ from those with daily %+v", totals, got)
	}

	want := []struct {
		name                                        string
		got                                         statsJSON
		unique, returning, total, bots, conversions int
	}{
		{"referral URL", got.Me.ReferralURL.Stats, 3, 3, 6, 2, 1},
		{"ref tag", got.RefTags.Edges[0].Node.Stats, 2, 1, 3, 0, 1},
		{"partner", got.Me.Stats, 5, 4, 9, 2, 2},
	}
	today := time.Now().UTC().Format("2006-01-02")
	for _, w := range want {
		g := w.got
		if g.UniqueClicks != w.unique || g.ReturningClicks != w.returning || g.TotalClicks != w.total || g.BotClicks != w.bots || g.Conversions != w.conversions {
			t.Errorf("%s stats = %d unique, %d returning, %d total, %d bots, %d conversions; want %d, %d, %d, %d, %d",
				w.name, g.UniqueClicks, g.ReturningClicks, g.TotalClicks, g.BotClicks, g.Conversions,
				w.unique, w.returning, w.total, w.bots, w.conversions)
		}
		if wantRate := float64(w.conversions) / float64(w.unique); g.ConversionRate != wantRate {
			t.Errorf("%s conversion rate = %v, want %v", w.name, g.ConversionRate, wantRate)
		}
		// The default range is the last 7 days ending today, every day listed.
		if len(g.Daily) != 7 || g.To != today || g.Daily[6].Date != today || g.Daily[6].TotalClicks != w.total || g.Daily[0].TotalClicks != 0 {
			t.Errorf("%s daily = %+v", w.name, g.Daily)
		}
	}
}

func tagNames(tags []struct {
	Name   string
	System bool
}) string {
	var names []string
	for _, t := range tags {
		names = append(names, t.Name)
	}
	return strings.Join(names, ",")
}
