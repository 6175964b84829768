package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	entevent "github.com/reftrack/reftrack/ent/event"
	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/idempotency"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/viewer"
)

// keyed is one POST /graphql with headers, as it came back.
type keyed struct {
	status int
	header http.Header
	body   []byte
	code   string
}

// postWithKey posts query with the Idempotency-Key header values given
// (none when keys is empty), accepting media ("" for JSON).
func postWithKey(t *testing.T, s *apitest.Server, token, media, query string, vars map[string]any, keys ...string) keyed {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	if media != "" {
		req.Header.Set("Accept", media)
	}
	for _, k := range keys {
		req.Header.Add("Idempotency-Key", k)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out struct {
		Errors []struct {
			Extensions struct{ Code string }
		}
	}
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("status %d body %q: %v", resp.StatusCode, b, err)
	}
	k := keyed{status: resp.StatusCode, header: resp.Header, body: b}
	if len(out.Errors) > 0 {
		k.code = out.Errors[0].Extensions.Code
	}
	return k
}

const createTag = `mutation($n: String!) { createRefTag(input: {name: $n}) { id name code } }`

func refTagCount(t *testing.T, s *apitest.Server, token string) int {
	t.Helper()
	var out struct{ RefTags struct{ TotalCount int } }
	s.MustDo(t, token, `{ refTags { totalCount } }`, nil, &out)
	return out.RefTags.TotalCount
}

// TestIdempotencyKey: a mutation retried with its key is answered its first
// response and done once; the key with another request, or from a retry
// while the first runs, is refused and changes nothing.
func TestIdempotencyKey(t *testing.T) {
	s := apitest.New(t)
	a, b := s.TwoPartners(t)

	first := postWithKey(t, s, a.Token, "", createTag, map[string]any{"n": "Spring"}, "key-1")
	if first.status != 200 || first.code != "" || first.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("first: %d %s", first.status, first.body)
	}
	// The same request again, also as a structured-field string and in
	// the GraphQL response type: the first response, byte for byte.
	for _, retry := range []keyed{
		postWithKey(t, s, a.Token, "", createTag, map[string]any{"n": "Spring"}, "key-1"),
		postWithKey(t, s, a.Token, "application/graphql-response+json", createTag, map[string]any{"n": "Spring"}, `"key-1"`),
	} {
		if retry.status != 200 || !bytes.Equal(retry.body, first.body) || retry.header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("retry: %d %q replayed %q; want %q", retry.status, retry.body, retry.header.Get("Idempotent-Replayed"), first.body)
		}
	}
	if n := refTagCount(t, s, a.Token); n != 1 {
		t.Fatalf("%d ref tags after three sends of one key, want 1", n)
	}
	if n := s.DB.Event.Query().Where(entevent.Type("ref_tag.created")).CountX(store.System(context.Background())); n != 1 {
		t.Fatalf("%d ref_tag.created events after three sends of one key, want 1", n)
	}

	// The key with another request: 422 in both media types, nothing done.
	for _, media := range []string{"", "application/graphql-response+json"} {
		r := postWithKey(t, s, a.Token, media, createTag, map[string]any{"n": "Autumn"}, "key-1")
		if r.status != http.StatusUnprocessableEntity || r.code != "IDEMPOTENCY_KEY_REUSED" {
			t.Fatalf("another request with the key (%q): %d %s", media, r.status, r.body)
		}
	}
	if n := refTagCount(t, s, a.Token); n != 1 {
		t.Fatalf("%d ref tags after a reused key, want 1", n)
	}

	// Another credential's equal key is its own.
	if r := postWithKey(t, s, b.Token, "", createTag, map[string]any{"n": "Spring"}, "key-1"); r.status != 200 || r.code != "" || r.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("B with A's key: %d %s", r.status, r.body)
	}
	if n := refTagCount(t, s, b.Token); n != 1 {
		t.Fatalf("B has %d ref tags, want 1", n)
	}

	// A refused mutation keeps nothing: the retry runs again (and is
	// refused again), and the key can then carry the corrected request.
	for range 2 {
		r := postWithKey(t, s, a.Token, "", createTag, map[string]any{"n": " "}, "key-2")
		if r.code != "BAD_USER_INPUT" || r.header.Get("Idempotent-Replayed") != "" {
			t.Fatalf("refused mutation with a key: %d %s", r.status, r.body)
		}
	}
	if r := postWithKey(t, s, a.Token, "", createTag, map[string]any{"n": "Winter"}, "key-2"); r.code != "" {
		t.Fatalf("the key of a refused request, with another: %d %s", r.status, r.body)
	}
	if n := refTagCount(t, s, a.Token); n != 2 {
		t.Fatalf("%d ref tags, want 2", n)
	}

	// A query with a key is answered afresh and keeps nothing.
	count := `{ refTags { totalCount } }`
	q1 := postWithKey(t, s, a.Token, "", count, nil, "key-q")
	postWithKey(t, s, a.Token, "", createTag, map[string]any{"n": "Summer"}, "key-3")
	q2 := postWithKey(t, s, a.Token, "", count, nil, "key-q")
	if !strings.Contains(string(q1.body), `"totalCount":2`) || !strings.Contains(string(q2.body), `"totalCount":3`) || q2.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("queries with one key: %s then %s", q1.body, q2.body)
	}
	if r := postWithKey(t, s, a.Token, "", createTag, map[string]any{"n": "Later"}, "key-q"); r.code != "" {
		t.Fatalf("a query's key then used by a mutation: %d %s", r.status, r.body)
	}
}

// TestIdempotencyKeyRefused: a malformed key is 400 BAD_USER_INPUT in both
// media types, for a mutation and a query, and nothing runs.
func TestIdempotencyKeyRefused(t *testing.T) {
	s := apitest.New(t)
	a, _ := s.TwoPartners(t)
	for name, keys := range map[string][]string{
		"empty":       {""},
		"too long":    {strings.Repeat("k", 256)},
		"space":       {"two words"},
		"non-ASCII":   {"clé"},
		"quote":       {`a"b`},
		"two headers": {"a", "b"},
	} {
		for _, media := range []string{"", "application/graphql-response+json"} {
			for _, q := range []string{createTag, `query($n: String!) { refTags(where: {name: $n}) { totalCount } }`} {
				r := postWithKey(t, s, a.Token, media, q, map[string]any{"n": "Spring"}, keys...)
				if r.status != http.StatusBadRequest || r.code != "BAD_USER_INPUT" {
					t.Errorf("%s (%q): %d %s", name, media, r.status, r.body)
				}
			}
		}
	}
	if n := refTagCount(t, s, a.Token); n != 0 {
		t.Fatalf("%d ref tags after refused keys, want 0", n)
	}
}

// TestIdempotencyKeyInProgress: a retry while the first attempt holds the
// key is told so (409) and does nothing; once the holder's lease lapsed
// (its instance died before committing), the retry runs.
func TestIdempotencyKeyInProgress(t *testing.T) {
	s := apitest.New(t)
	ctx := context.Background()
	mutation := `mutation { createServiceToken(name: "backend") }`
	tokens := func() int {
		var out struct{ APITokens []struct{ ID string } }
		s.MustDo(t, apitest.AdminToken, `{ apiTokens { id } }`, nil, &out)
		return len(out.APITokens)
	}
	// The first attempt, as the server would hold it for the configured
	// admin token.
	scope := idempotency.Scope(&viewer.Viewer{Role: viewer.Admin})
	fp := idempotency.Fingerprint(mutation, "", nil)
	if _, _, err := (&idempotency.Keys{DB: s.DB, Lease: time.Hour}).Begin(ctx, scope, "running", fp); err != nil {
		t.Fatal(err)
	}
	for _, media := range []string{"", "application/graphql-response+json"} {
		r := postWithKey(t, s, apitest.AdminToken, media, mutation, nil, "running")
		if r.status != http.StatusConflict || r.code != "REQUEST_IN_PROGRESS" {
			t.Fatalf("retry while running (%q): %d %s", media, r.status, r.body)
		}
	}
	if n := tokens(); n != 0 {
		t.Fatalf("%d tokens after retries of a running request, want 0", n)
	}

	// A holder whose lease has lapsed.
	if _, _, err := (&idempotency.Keys{DB: s.DB, Lease: -time.Second}).Begin(ctx, scope, "lapsed", fp); err != nil {
		t.Fatal(err)
	}
	r := postWithKey(t, s, apitest.AdminToken, "", mutation, nil, "lapsed")
	if r.status != 200 || r.code != "" {
		t.Fatalf("retry after the lease lapsed: %d %s", r.status, r.body)
	}
	again := postWithKey(t, s, apitest.AdminToken, "", mutation, nil, "lapsed")
	if !bytes.Equal(again.body, r.body) || again.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("then: %s, want %s replayed", again.body, r.body)
	}
	if n := tokens(); n != 1 {
		t.Fatalf("%d tokens, want 1", n)
	}
}
