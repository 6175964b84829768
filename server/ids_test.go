package server_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"entgo.io/contrib/entgql"

	"github.com/reftrack/reftrack/ent/reftag"
	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/store"
)

// TestIDsAreOpaque: ids and cursors tell nothing of how many rows other
// partners created (issue 17.16). They are not numbers, they do not carry
// the row id in the clear, another installation's ids are refused, and a
// forged one is bad input, not a lookup.
func TestIDsAreOpaque(t *testing.T) {
	s := apitest.New(t)
	a, b := s.TwoPartners(t)
	var out struct {
		T1 struct{ ID string } `json:"t1"`
		T2 struct{ ID string } `json:"t2"`
	}
	s.MustDo(t, a.Token, `mutation { t1: createRefTag(input: {name: "One"}) { id } t2: createRefTag(input: {name: "Two"}) { id } }`, nil, &out)
	for _, id := range []string{a.ID, b.ID, out.T1.ID, out.T2.ID} {
		if _, err := strconv.ParseInt(id, 10, 64); err == nil {
			t.Fatalf("id %q is a number", id)
		}
		if len(id) != 22 {
			t.Fatalf("id %q has %d characters, want 22", id, len(id))
		}
	}
	if out.T1.ID == out.T2.ID || a.ID == b.ID {
		t.Fatalf("ids collide: %+v %s %s", out, a.ID, b.ID)
	}

	// The same row has the same id every time, and the id still works.
	var node struct{ Node struct{ ID, Name string } }
	s.MustDo(t, a.Token, `query($id: ID!) { node(id: $id) { id ... on RefTag { name } } }`, map[string]any{"id": out.T2.ID}, &node)
	if node.Node.ID != out.T2.ID || node.Node.Name != "Two" {
		t.Fatalf("node = %+v", node.Node)
	}

	// Cursors do not hold entgql's plain cursor, which carries the row id.
	var page struct {
		RefTags struct {
			Edges []struct{ Cursor string }
		}
	}
	s.MustDo(t, a.Token, `{ refTags(first: 1) { edges { cursor } } }`, nil, &page)
	cur := page.RefTags.Edges[0].Cursor
	oneID := s.DB.RefTag.Query().Where(reftag.Name("One")).OnlyX(store.System(context.Background())).ID
	var plain entgql.Cursor[int]
	if err := plain.UnmarshalGQL(cur); err == nil && plain.ID == oneID {
		t.Fatalf("cursor %q is entgql's cursor of row %d", cur, plain.ID)
	}
	if raw, err := base64.RawURLEncoding.DecodeString(cur); err == nil && strings.Contains(string(raw), "One") {
		t.Fatalf("cursor %q holds its row in the clear", cur)
	}
	var next struct {
		RefTags struct {
			Edges []struct{ Node struct{ Name string } }
		}
	}
	s.MustDo(t, a.Token, `query($c: Cursor) { refTags(first: 1, after: $c) { edges { node { name } } } }`, map[string]any{"c": cur}, &next)
	if len(next.RefTags.Edges) != 1 || next.RefTags.Edges[0].Node.Name != "Two" {
		t.Fatalf("the page after the cursor = %+v", next)
	}

	// Forged ids and cursors, and the raw row ids of before, are bad input.
	forged := []byte(out.T1.ID)
	forged[3] ^= 1
	for _, bad := range []string{string(forged), "4294967297", "1", "abc", strings.Repeat("A", 22)} {
		r := s.Do(t, a.Token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": bad})
		if r.Code() != "BAD_USER_INPUT" {
			t.Errorf("node(id: %q): code %q (%+v), want BAD_USER_INPUT", bad, r.Code(), r.Errors)
		}
	}
	r := s.Do(t, a.Token, `query($c: Cursor) { refTags(first: 1, after: $c) { totalCount } }`, map[string]any{"c": cur[:len(cur)-2] + "AA"})
	if r.Code() != "BAD_USER_INPUT" {
		t.Errorf("a forged cursor: code %q (%+v), want BAD_USER_INPUT", r.Code(), r.Errors)
	}

	// Not even an error tells the row id: B asking for A's tag.
	raw := strconv.Itoa(oneID)
	for _, q := range []string{`query($id: ID!) { node(id: $id) { id } }`, `query($id: ID!) { nodes(ids: [$id]) { id } }`} {
		r := s.Do(t, b.Token, q, map[string]any{"id": out.T1.ID})
		if body, _ := json.Marshal(r); strings.Contains(string(body), raw) {
			t.Errorf("%s as B answers %s, which holds the row id %s", q, body, raw)
		}
	}

	// Another installation's ids are refused: the key is the installation's.
	other := apitest.New(t)
	oa := other.CreatePartner(t, "A", "a@a.example", "UTC")
	if oa.ID == a.ID {
		t.Fatalf("two installations show the first partner as %q", a.ID)
	}
	r = other.Do(t, apitest.AdminToken, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": a.ID})
	if r.Code() != "BAD_USER_INPUT" {
		t.Errorf("another installation's id: code %q (%+v), want BAD_USER_INPUT", r.Code(), r.Errors)
	}
}
