package server_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
)

// clock is a settable time source for the server.
type clock struct{ t atomic.Pointer[time.Time] }

func (c *clock) set(t time.Time)  { c.t.Store(&t) }
func (c *clock) now() time.Time   { return *c.t.Load() }
func newClock(t time.Time) *clock { c := &clock{}; c.set(t); return c }

func TestClicksCountOnThePartnersLocalDay(t *testing.T) {
	// Asia/Kolkata is UTC+5:30: 18:31 UTC is 00:01 the next day there.
	beforeMidnight := time.Date(2026, 3, 9, 18, 29, 0, 0, time.UTC) // 23:59 on 9 March in Kolkata
	afterMidnight := time.Date(2026, 3, 9, 18, 31, 0, 0, time.UTC)  // 00:01 on 10 March in Kolkata
	c := newClock(beforeMidnight)
	s := apitest.New(t, apitest.Options{Now: c.now})
	p := s.CreatePartner(t, "Kolkata", "k@k.example", "Asia/Kolkata")
	s.MustDo(t, p.Token, `mutation { createReferralURL(input: {slug: "kolkata", redirectURL: "https://example.com/"}) { id } }`, nil, nil)

	click(t, s, "/r/kolkata", "visitor-1111")
	c.set(afterMidnight)
	click(t, s, "/r/kolkata", "visitor-2222")
	click(t, s, "/r/kolkata", "visitor-2222")

	var out struct {
		Me struct {
			Default statsJSON `json:"default"`
			Ranged  statsJSON `json:"ranged"`
		}
	}
	s.MustDo(t, p.Token, `{ me {
		default: stats `+statsFields+`
		ranged: stats(range: {from: "2026-03-01", to: "2026-03-10"}) `+statsFields+`
	} }`, nil, &out)

	// Without a range: the 7 days ending today in Kolkata, 4 to 10 March.
	if d := out.Me.Default; d.From != "2026-03-04" || d.To != "2026-03-10" || len(d.Daily) != 7 {
		t.Fatalf("default range = %s..%s with %d days", d.From, d.To, len(d.Daily))
	}
	r := out.Me.Ranged
	if len(r.Daily) != 10 {
		t.Fatalf("10 days asked, %d given", len(r.Daily))
	}
	for i, day := range r.Daily {
		want := [3]int{} // unique, returning, total
		switch day.Date {
		case "2026-03-09":
			want = [3]int{1, 0, 1}
		case "2026-03-10":
			want = [3]int{1, 1, 2}
		}
		if got := [3]int{day.UniqueClicks, day.ReturningClicks, day.TotalClicks}; got != want {
			t.Errorf("day %d (%s) = %v, want %v", i, day.Date, got, want)
		}
	}
	if r.UniqueClicks != 2 || r.ReturningClicks != 1 || r.TotalClicks != 3 {
		t.Errorf("range totals = %+v", r)
	}
}
