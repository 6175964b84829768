package server_test

import (
	"maps"
	"testing"
)

// TestSignupThroughNoPartnerIsNotAttributed: a well-formed signup that no
// partner brought is answered NOT_ATTRIBUTED, which the company's backend
// can tell from BAD_USER_INPUT (its own mistake), and records nothing
// (issue 17.20).
func TestSignupThroughNoPartnerIsNotAttributed(t *testing.T) {
	w := newWorld(t)
	signup := `mutation($in: RecordSignupInput!) { recordSignup(input: $in) { id } }`
	for _, tc := range []struct {
		name string
		in   map[string]any
		code string
	}{
		{"ref naming nothing", map[string]any{"ref": "no-such-ref", "email": "n1@n.example"}, "NOT_ATTRIBUTED"},
		{"visitor without a click", map[string]any{"visitorID": "visitor-never-clicked", "email": "n2@n.example"}, "NOT_ATTRIBUTED"},
		{"ref naming nothing, visitor without a click", map[string]any{"ref": "no-such-ref", "visitorID": "visitor-never-clicked", "email": "n3@n.example"}, "NOT_ATTRIBUTED"},
		{"neither ref nor visitor", map[string]any{"email": "n4@n.example"}, "NOT_ATTRIBUTED"},
		{"malformed ref", map[string]any{"ref": "no such ref!", "email": "n5@n.example"}, "BAD_USER_INPUT"},
		{"malformed email", map[string]any{"ref": w.aCode, "email": "n6@"}, "BAD_USER_INPUT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := rowCounts(t, w.s)
			r := w.s.Do(t, w.service, signup, map[string]any{"in": tc.in})
			if r.Code() != tc.code {
				t.Fatalf("code %q (%+v), want %s", r.Code(), r.Errors, tc.code)
			}
			if after := rowCounts(t, w.s); !maps.Equal(before, after) {
				t.Fatalf("rows changed: %v, then %v", before, after)
			}
		})
	}
}
