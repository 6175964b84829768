package demo_test

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/demo"
)

// The printed password signs the demo partner in to the web app.
func TestPrintedPasswordSignsIn(t *testing.T) {
	s := apitest.New(t)
	var out bytes.Buffer
	if err := demo.Fill(context.Background(), s.DB, s.URL, &out); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`demo@acme\.example, password (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no password in:\n%s", out.String())
	}
	w := s.NewWeb(t)
	w.SignIn(t, "demo@acme.example", m[1])
	var me struct{ Me struct{ Name string } }
	w.MustDo(t, `{ me { name } }`, nil, &me)
	if me.Me.Name != "Acme Agency" {
		t.Fatalf("me = %+v", me.Me)
	}
}
