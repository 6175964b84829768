package demo_test

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/demo"
)

// TestPrintedQueryWorks runs the query Fill prints, with the token it
// prints, against a real server: the newcomer's first step must work.
func TestPrintedQueryWorks(t *testing.T) {
	s := apitest.New(t)
	var out bytes.Buffer
	if err := demo.Fill(context.Background(), s.DB, s.URL, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
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
