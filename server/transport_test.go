package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
)

func TestGETQueriesPlaygroundAndHealth(t *testing.T) {
	s := apitest.New(t)
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/graphql?query="+url.QueryEscape("{ me { name } }"), nil)
	req.Header.Set("Authorization", "Bearer "+p.Token)
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `"name":"A"`) {
		t.Fatalf("GET /graphql = %d %s", resp.StatusCode, body)
	}
	for path, want := range map[string]string{"/": "<html", "/healthz": "ok"} {
		resp, err := s.Client().Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(strings.ToLower(string(body)), want) {
			t.Errorf("GET %s = %d %.80s", path, resp.StatusCode, body)
		}
	}
}

func TestSubscriptionOverServerSentEvents(t *testing.T) {
	s := apitest.New(t)
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")
	service := s.ServiceToken(t)
	s.MustDo(t, p.Token, `mutation { createReferralURL(input: {slug: "acme", redirectURL: "https://example.com/"}) { id } }`, nil, nil)

	body, _ := json.Marshal(map[string]any{"query": `subscription { conversionAdded { customer { email } } }`})
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Authorization", "Bearer "+p.Token)
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Fatalf("content type %q", ct)
	}
	events := make(chan string, 10)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				events <- data
			}
		}
	}()
	// The stream may start before the subscription is registered: keep
	// signing up new customers until one arrives.
	deadline := time.After(10 * time.Second)
	for i := 0; ; i++ {
		s.MustDo(t, service, `mutation($e: String!) { recordSignup(input: {ref: "acme", email: $e}) { id } }`,
			map[string]any{"e": "sse" + string(rune('a'+i)) + "@example.com"}, nil)
		select {
		case data := <-events:
			if !strings.Contains(data, "@example.com") {
				t.Fatalf("event %s", data)
			}
			return
		case <-time.After(200 * time.Millisecond):
		case <-deadline:
			t.Fatal("no event over SSE")
		}
	}
}

func TestUnmatchedRefsAreKeptForAdmins(t *testing.T) {
	s := apitest.New(t)
	for range 3 {
		click(t, s, "/t/mistyped-code?to=https://example.com/", "visitor-xxxx")
	}
	click(t, s, "/t/other-typo?to=https://example.com/", "visitor-xxxx")
	var out struct {
		UnmatchedRefs struct {
			Edges []struct {
				Node struct {
					Ref        string
					Clicks     int
					LastSeenAt string
				}
			}
		}
	}
	s.MustDo(t, apitest.AdminToken, `{ unmatchedRefs(first: 10) { edges { node { ref clicks lastSeenAt } } } }`, nil, &out)
	refs := out.UnmatchedRefs.Edges
	if len(refs) != 2 || refs[0].Node.Ref != "mistyped-code" || refs[0].Node.Clicks != 3 ||
		refs[1].Node.Clicks != 1 || refs[0].Node.LastSeenAt == "" || strings.HasPrefix(refs[0].Node.LastSeenAt, "0001") {
		t.Fatalf("unmatched refs = %+v", refs)
	}
}
