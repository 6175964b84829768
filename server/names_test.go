package server_test

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/reftrack/reftrack/ent/setting"
	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/customers"
	"github.com/reftrack/reftrack/internal/database"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/storetest"
)

// TestNamesAreNormalisedAndCompareCaseFolded: names are NFKC-normalised,
// refused with control and invisible characters, and compared case-folded,
// so a partner cannot make a tag that only looks like another, nor one that
// passes for a system tag (issue 17.11).
func TestNamesAreNormalisedAndCompareCaseFolded(t *testing.T) {
	w := newWorld(t) // A has the customer tag "VIP" and the ref tag "Newsletter"
	const (
		bad      = "BAD_USER_INPUT"
		conflict = "CONFLICT"
	)
	tag := `mutation($n: String!) { createCustomerTag(input: {name: $n}) { name } }`
	refTag := `mutation($n: String!) { createRefTag(input: {name: $n}) { name } }`
	partner := `mutation($n: String!) { createPartner(input: {name: $n, email: "new@p.example"}) { token } }`
	service := `mutation($n: String!) { createServiceToken(name: $n) }`
	for _, tc := range []struct {
		name, token, query, value, code string
	}{
		{"full-width VIP", w.a.Token, tag, "ＶＩＰ", conflict},
		{"vip in lower case", w.a.Token, tag, "vip", conflict},
		{"full-width system tag", w.a.Token, tag, "Ｎｅｗ Ｓｉｇｎｕｐ", conflict},
		{"system tag with a zero-width space", w.a.Token, tag, "New Signup\u200b", bad},
		{"bidi override", w.a.Token, tag, "\u202eevil", bad},
		{"NUL", w.a.Token, tag, "a\x00b", bad},
		{"line break", w.a.Token, tag, "two\nlines", bad},
		{"byte order mark", w.a.Token, tag, "\ufeffVIP", bad},
		{"hangul filler", w.a.Token, tag, "\u3164", bad},
		{"full-width ref tag", w.a.Token, refTag, "ＮＥＷＳＬＥＴＴＥＲ", conflict},
		{"ref tag with a zero-width joiner", w.a.Token, refTag, "News\u200dletter", bad},
		{"partner with a bidi isolate", apitest.AdminToken, partner, "Acme\u2066 Corp", bad},
		{"service token with a control", apitest.AdminToken, service, "back\x07end", bad},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := rowCounts(t, w.s)
			r := w.s.Do(t, tc.token, tc.query, map[string]any{"n": tc.value})
			if r.Code() != tc.code {
				t.Fatalf("%q: code %q (%+v), want %s", tc.value, r.Code(), r.Errors, tc.code)
			}
			if after := rowCounts(t, w.s); !maps.Equal(before, after) {
				t.Fatalf("a refused name changed rows: %v, then %v", before, after)
			}
		})
	}

	// What is stored is the normalised name, its spaces collapsed.
	var out struct {
		CreateCustomerTag struct{ Name string }
	}
	w.s.MustDo(t, w.a.Token, tag, map[string]any{"n": "  Ｇｏｌｄ \u3000 ｔｉｅｒ "}, &out)
	if out.CreateCustomerTag.Name != "Gold tier" {
		t.Fatalf("stored name %q, want %q", out.CreateCustomerTag.Name, "Gold tier")
	}
	if r := w.s.Do(t, w.a.Token, tag, map[string]any{"n": "GOLD TIER"}); r.Code() != conflict {
		t.Fatalf("GOLD TIER beside Gold tier: code %q", r.Code())
	}
	// Another partner may use a name A uses.
	w.s.MustDo(t, w.b.Token, tag, map[string]any{"n": "ｖｉｐ"}, &out)
	if out.CreateCustomerTag.Name != "vip" {
		t.Fatalf("B's tag stored as %q", out.CreateCustomerTag.Name)
	}
}

// TestLengthLimitsCountCharacters: the limits on names count characters in
// the code and in the schema alike, so 100 CJK characters make a valid ref
// tag name (300 bytes), and a signup is never lost over its display name
// (issue 17.12).
func TestLengthLimitsCountCharacters(t *testing.T) {
	w := newWorld(t)
	cjk := func(n int) string { return strings.Repeat("東", n) }
	for _, tc := range []struct {
		what, token, query string
		max                int
	}{
		{"ref tag", w.a.Token, `mutation($n: String!) { createRefTag(input: {name: $n}) { name } }`, 100},
		{"customer tag", w.a.Token, `mutation($n: String!) { createCustomerTag(input: {name: $n}) { name } }`, 50},
		{"partner", apitest.AdminToken, `mutation($n: String!) { createPartner(input: {name: $n, email: "cjk@p.example"}) { token } }`, 200},
		{"service token", apitest.AdminToken, `mutation($n: String!) { createServiceToken(name: $n) }`, 100},
	} {
		t.Run(tc.what, func(t *testing.T) {
			if r := w.s.Do(t, tc.token, tc.query, map[string]any{"n": cjk(tc.max + 1)}); r.Code() != "BAD_USER_INPUT" {
				t.Fatalf("%d characters: code %q, want BAD_USER_INPUT", tc.max+1, r.Code())
			}
			if r := w.s.Do(t, tc.token, tc.query, map[string]any{"n": cjk(tc.max)}); len(r.Errors) > 0 {
				t.Fatalf("%d characters (%d bytes): %+v", tc.max, len(cjk(tc.max)), r.Errors)
			}
		})
	}

	signup := `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { customer { name } } }`
	for i, tc := range []struct{ in, want string }{
		{cjk(70), cjk(70)},
		{cjk(200), cjk(200)},
		{cjk(300), cjk(200)},
		{"Bob\u202e \x00Smith\u200b", "Bob Smith"},
	} {
		var out struct {
			RecordSignup struct{ Customer struct{ Name *string } }
		}
		email := fmt.Sprintf("cjk%d@c.example", i)
		w.s.MustDo(t, w.service, signup, map[string]any{"in": map[string]any{"ref": w.aCode, "email": email, "name": tc.in}}, &out)
		if got := out.RecordSignup.Customer.Name; got == nil || *got != tc.want {
			t.Errorf("a signup named %d characters: name %v, want %d characters", len([]rune(tc.in)), got, len([]rune(tc.want)))
		}
	}
}

// TestNameKeysStoredBeforeAreNormalised: keys stored when names were only
// lower-cased are recomputed once, so an old "ＶＩＰ" conflicts with "vip";
// a key that would clash with another name's is left as it was.
func TestNameKeysStoredBeforeAreNormalised(t *testing.T) {
	dsn := storetest.DSN(t)
	ctx := store.System(context.Background())
	db, err := database.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	p := db.Partner.Create().SetName("P").SetEmail("p@p.example").SaveX(ctx)
	wide := db.CustomerTag.Create().SetName("ＶＩＰ").SetNameKey("ｖｉｐ").SetPartnerID(p.ID).SaveX(ctx)
	clash := db.CustomerTag.Create().SetName("Ｘ").SetNameKey("ｘ").SetPartnerID(p.ID).SaveX(ctx)
	db.CustomerTag.Create().SetName("x").SetNameKey("x").SetPartnerID(p.ID).SaveX(ctx)
	db.Setting.Delete().Where(setting.Key(customers.NameKeysKey)).ExecX(ctx)
	db.Close()
	db, err = database.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if k := db.CustomerTag.GetX(ctx, wide.ID).NameKey; k != "vip" {
		t.Errorf("ＶＩＰ's key = %q, want vip", k)
	}
	if k := db.CustomerTag.GetX(ctx, clash.ID).NameKey; k != "ｘ" {
		t.Errorf("Ｘ's key = %q, want it left as ｘ (x is taken)", k)
	}
}
