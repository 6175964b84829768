package demo_test

import (
	"regexp"
	"testing"
)

// TestPrintedQueryWorks runs the query Fill prints, with the token it
// prints, against a real server: the newcomer's first step must work.
func TestPrintedQueryWorks(t *testing.T) {
	s, out := served(t)
	text := out
	token := regexp.MustCompile(`Bearer (rt_[A-Za-z0-9]+)`).FindStringSubmatch(text)
	query := regexp.MustCompile(`(?m)^\s*(\{ me .*\})\s*$`).FindStringSubmatch(text)
	if token == nil || query == nil {
		t.Fatalf("no token or query in:\n%s", text)
	}
	var got struct {
		Me struct {
			Name        string
			Stats       struct{ UniqueClicks, Conversions int }
			ReferralURL struct {
				URL   string
				Stats struct{ UniqueClicks, TotalClicks int }
			}
		}
		RefTags struct {
			Edges []struct {
				Node struct {
					Name  string
					Stats struct{ UniqueClicks int }
				}
			}
		}
	}
	s.MustDo(t, token[1], query[1], nil, &got)
	t.Logf("%+v", got)
	if got.Me.Name != "Acme Agency" || got.Me.ReferralURL.URL != s.URL+"/r/acme" {
		t.Errorf("me = %+v", got.Me)
	}
	if got.Me.Stats.UniqueClicks == 0 || got.Me.Stats.Conversions == 0 || got.Me.ReferralURL.Stats.TotalClicks == 0 {
		t.Errorf("stats show no activity: %+v", got.Me)
	}
	if len(got.RefTags.Edges) != 3 {
		t.Errorf("ref tags = %+v", got.RefTags.Edges)
	}
	for _, e := range got.RefTags.Edges {
		if e.Node.Stats.UniqueClicks == 0 {
			t.Errorf("ref tag %q has no clicks", e.Node.Name)
		}
	}
}

// The printed password signs the demo partner in to the web app.
func TestPrintedPasswordSignsIn(t *testing.T) {
	s, out := served(t)
	m := regexp.MustCompile(`demo@acme\.example, password (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no password in:\n%s", out)
	}
	w := s.NewWeb(t)
	w.SignIn(t, "demo@acme.example", m[1])
	var me struct{ Me struct{ Name string } }
	w.MustDo(t, `{ me { name } }`, nil, &me)
	if me.Me.Name != "Acme Agency" {
		t.Fatalf("me = %+v", me.Me)
	}
}
