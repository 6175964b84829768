package server_test

import (
	"testing"

	"github.com/reftrack/reftrack/internal/apitest"
)

// Issue 17.18: an admin token that does not begin with rt_ (openssl rand
// -hex 32) passed the configuration check, then was refused on every request.
func TestConfiguredAdminTokenWorksAsGiven(t *testing.T) {
	const hexToken = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	s := apitest.New(t, apitest.Options{Env: map[string]string{"REFTRACK_ADMIN_TOKEN": hexToken}})

	var out struct{ CreatePartner struct{ Token string } }
	s.MustDo(t, hexToken, `mutation { createPartner(input: {name: "A", email: "a@a.example"}) { token } }`, nil, &out)
	var list struct{ Partners struct{ TotalCount int } }
	s.MustDo(t, hexToken, `{ partners { totalCount } }`, nil, &list)
	if list.Partners.TotalCount != 1 {
		t.Fatalf("admin sees %d partners, want 1", list.Partners.TotalCount)
	}

	// Other tokens without the prefix are still unknown, and the old
	// default admin token of the test server no longer works.
	for _, token := range []string{hexToken[:63] + "9", apitest.AdminToken} {
		if r := s.Do(t, token, `{ partners { totalCount } }`, nil); r.Code() != "UNAUTHENTICATED" {
			t.Errorf("token %.8s…: code %q, want UNAUTHENTICATED", token, r.Code())
		}
	}
}
