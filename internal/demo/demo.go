// Package demo fills an empty database with one demo partner: its referral
// URL and ref tags, a month of clicks and a few dozen signups. Everything
// goes through the domain packages (partners, referral, clicks, signups,
// customers) rather than raw inserts, so the demo also proves that the
// product works end to end, and a newcomer sees real numbers in the
// dashboard and the Playground at once.
package demo

import (
	"context"
	crand "crypto/rand"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/customertag"
	"github.com/reftrack/reftrack/internal/calendar"
	"github.com/reftrack/reftrack/internal/clicks"
	"github.com/reftrack/reftrack/internal/customers"
	"github.com/reftrack/reftrack/internal/partners"
	"github.com/reftrack/reftrack/internal/redirect"
	"github.com/reftrack/reftrack/internal/referral"
	"github.com/reftrack/reftrack/internal/sessions"
	"github.com/reftrack/reftrack/internal/signups"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/viewer"
)

// Sizes of the demo. A few thousand clicks: enough for believable charts,
// little enough to record in a fraction of a second.
const (
	days      = 30
	visitors  = 600
	bots      = 4
	botClicks = 6 // per bot
	// signupCount visitors sign up: a conversion rate of about 6%.
	signupCount = 40
	// workers make concurrent Record calls, so that group commit has
	// batches to gather.
	workers = 64
)

// demoSource is one of the demo partner's sources with how often it is
// clicked, relative to the others.
type demoSource struct {
	src    *clicks.Source
	weight int
}

// visitor is one simulated browser and its clicks in time order.
type visitor struct {
	id     string
	bot    bool
	clicks []visit
}

type visit struct {
	src *clicks.Source
	at  time.Time
}

// Fill fills an empty database with a demo partner so that a newcomer sees real numbers in the dashboard at once.
func Fill(ctx context.Context, db *store.DB, publicURL string, out io.Writer) error {
	n, err := db.Partner.Query().Count(store.System(ctx))
	if err != nil {
		return fmt.Errorf("demo: count partners: %w", err)
	}
	if n > 0 {
		fmt.Fprintln(out, "Demo data not added: the database already has partners.")
		return nil
	}
	publicURL = strings.TrimRight(publicURL, "/")
	pub, err := url.Parse(publicURL)
	if err != nil || pub.Host == "" {
		return fmt.Errorf("demo: public URL %q is not an absolute URL", publicURL)
	}
	loc, err := calendar.LoadLocation("Europe/Berlin")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}

	admin := viewer.NewContext(ctx, &viewer.Viewer{Role: viewer.Admin})
	p, token, err := partners.Create(admin, db.Client, partners.Input{
		Name: "Acme Agency", Email: "demo@acme.example", Timezone: loc.String(),
	})
	if err != nil {
		return fmt.Errorf("demo: create partner: %w", err)
	}
	asPartner := viewer.NewContext(ctx, &viewer.Viewer{Role: viewer.Partner, PartnerID: p.ID})
	// A random password, shown once: a demo reachable from a network must
	// not open with a password everyone knows.
	password := "demo-" + strings.ToLower(crand.Text()[:12])
	if err := sessions.New(db.Client, nil).SetPassword(ctx, p.ID, password); err != nil {
		return fmt.Errorf("demo: set password: %w", err)
	}

	sources, err := createSources(asPartner, db, p.ID, pub.Host, publicURL, loc)
	if err != nil {
		return err
	}
	for _, name := range []string{"VIP", "Frequent Buyer"} {
		if _, err := customers.CreateTag(asPartner, db.Client, name); err != nil {
			return fmt.Errorf("demo: create customer tag %q: %w", name, err)
		}
	}

	// A fixed seed makes every demo database alike, so docs and bug
	// reports can refer to the same picture.
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Now()
	r := calendar.LastDays(now, loc, days)
	// Clicks start at midnight of the range's first day, so that every one
	// of them falls inside the "last 30 days" a newcomer asks for.
	start := time.Date(r.From.Year, r.From.Month, r.From.Day, 0, 0, 0, 0, loc)
	crowd := simulate(rng, sources, start, now)

	total, err := recordClicks(ctx, db, crowd)
	if err != nil {
		return err
	}
	convs, err := signUp(ctx, db, rng, crowd, now)
	if err != nil {
		return err
	}
	if err := tagCustomers(asPartner, db, convs); err != nil {
		return err
	}

	printIntro(out, token, password, publicURL, r, total, len(convs))
	return nil
}

// createSources gives the partner its referral URL and three ref tags and
// returns them as click sources with their share of the traffic.
func createSources(ctx context.Context, db *store.DB, partnerID int, host, publicURL string, loc *time.Location) ([]demoSource, error) {
	hosts := redirect.NewAllowlist([]string{host})
	u, err := referral.CreateURL(ctx, db.Client, hosts, partnerID, "acme", publicURL+"/?welcome=1")
	if err != nil {
		return nil, fmt.Errorf("demo: create referral URL: %w", err)
	}
	sources := []demoSource{{
		src: &clicks.Source{
			ID: u.SourceID, PartnerID: partnerID, Ref: u.Slug, ReferralURL: true,
			Location: loc, RedirectURL: u.RedirectURL,
		},
		weight: 40,
	}}
	for _, tag := range []struct {
		name   string
		weight int
	}{{"Facebook Campaign", 30}, {"Newsletter", 20}, {"Blog Sidebar", 10}} {
		t, err := referral.CreateTag(ctx, db.Client, partnerID, tag.name)
		if err != nil {
			return nil, fmt.Errorf("demo: create ref tag %q: %w", tag.name, err)
		}
		sources = append(sources, demoSource{
			src:    &clicks.Source{ID: t.SourceID, PartnerID: partnerID, Ref: t.Code, Location: loc},
			weight: tag.weight,
		})
	}
	return sources, nil
}

// simulate invents the visitors of the last days, each with its clicks in
// time order between start and now.
func simulate(rng *rand.Rand, sources []demoSource, start, now time.Time) []*visitor {
	span := now.Sub(start)
	pick := func() *clicks.Source {
		total := 0
		for _, s := range sources {
			total += s.weight
		}
		n := rng.IntN(total)
		for _, s := range sources {
			if n < s.weight {
				return s.src
			}
			n -= s.weight
		}
		return sources[0].src
	}
	crowd := make([]*visitor, 0, visitors+bots)
	for i := 1; i <= visitors; i++ {
		v := &visitor{id: fmt.Sprintf("demo-visitor-%04d", i)}
		// Half the visitors arrive evenly, half more and more often (the
		// square root): the chart shows a partner whose traffic grows, on
		// days that look alike.
		x := rng.Float64()
		if rng.IntN(2) == 0 {
			x = math.Sqrt(x)
		}
		at := start.Add(time.Duration(x * float64(span)))
		src := pick()
		v.clicks = append(v.clicks, visit{src, at})
		// Two in five come back, one to four times, about two days apart,
		// mostly through the same link and now and then through another.
		// A return that would fall after now has not happened yet: it is
		// dropped, never moved onto today.
		if rng.IntN(5) < 2 {
			for range 1 + rng.IntN(4) {
				at = at.Add(time.Duration(rng.ExpFloat64() * float64(2*24*time.Hour)))
				if !at.Before(now) {
					break
				}
				if rng.IntN(10) == 0 {
					src = pick()
				}
				v.clicks = append(v.clicks, visit{src, at})
			}
		}
		crowd = append(crowd, v)
	}
	for i := 1; i <= bots; i++ {
		v := &visitor{id: fmt.Sprintf("demo-bot-%04d", i), bot: true}
		for range botClicks {
			v.clicks = append(v.clicks, visit{pick(), start.Add(time.Duration(rng.Int64N(int64(span))))})
		}
		crowd = append(crowd, v)
	}
	return crowd
}

// recordClicks sends every click through a real recorder and returns how
// many were recorded. Each worker owns whole visitors and sends their clicks
// in time order, so a visitor's first click is the one counted unique.
func recordClicks(ctx context.Context, db *store.DB, crowd []*visitor) (int, error) {
	rec := clicks.NewRecorder(db, clicks.Options{})
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		total    int
	)
	for w := range workers {
		wg.Go(func() {
			sent := 0
			for i := w; i < len(crowd); i += workers {
				v := crowd[i]
				for _, c := range v.clicks {
					err := rec.Record(ctx, clicks.Click{Source: c.src, Ref: c.src.Ref, Visitor: v.id, At: c.at, Bot: v.bot})
					if err != nil {
						mu.Lock()
						if firstErr == nil {
							firstErr = err
						}
						mu.Unlock()
						return
					}
					sent++
				}
			}
			mu.Lock()
			total += sent
			mu.Unlock()
		})
	}
	wg.Wait()
	rec.Close()
	if firstErr != nil {
		return 0, fmt.Errorf("demo: record clicks: %w", firstErr)
	}
	return total, nil
}

// signUp reports signups of visitors who clicked, as the company's backend
// would, each a little after the visitor's last click.
func signUp(ctx context.Context, db *store.DB, rng *rand.Rand, crowd []*visitor, now time.Time) ([]*ent.Conversion, error) {
	service := viewer.NewContext(ctx, &viewer.Viewer{Role: viewer.Service})
	first := []string{"Anna", "Ben", "Clara", "David", "Elif", "Felix", "Greta", "Hannes", "Ida", "Jonas", "Lena", "Mehmet", "Nora"}
	last := []string{"Becker", "Fischer", "Hoffmann", "Klein", "Krüger", "Meyer", "Neumann", "Schmidt", "Wagner", "Yilmaz", "Zimmermann"}
	var convs []*ent.Conversion
	for i, idx := range rng.Perm(visitors)[:signupCount] {
		v := crowd[idx] // humans come first in crowd, bots after them
		lastClick := v.clicks[len(v.clicks)-1]
		signedUp := lastClick.at.Add(5*time.Minute + time.Duration(rng.Int64N(int64(6*time.Hour))))
		if signedUp.After(now) {
			signedUp = now
		}
		n := i + 1
		in := signups.Input{
			VisitorID:     v.id,
			Email:         fmt.Sprintf("customer%02d@example.com", n),
			Name:          first[n%len(first)] + " " + last[(n*7)%len(last)],
			ExternalID:    fmt.Sprintf("demo-%04d", n),
			EmailVerified: n%3 != 0,
		}
		// Some signups carry the ref they came with, the others rely on
		// the visitor's last click.
		if n%4 == 0 {
			in.Ref = lastClick.src.Ref
		}
		rec := &signups.Recorder{Window: 90 * 24 * time.Hour, DB: db, Now: func() time.Time { return signedUp }}
		conv, err := rec.Record(service, db.Client, in)
		if err != nil {
			return nil, fmt.Errorf("demo: record signup %s: %w", in.Email, err)
		}
		convs = append(convs, conv)
	}
	return convs, nil
}

// tagCustomers labels the new customers as the partner would: trials and
// paying customers, and a few of its own tags.
func tagCustomers(ctx context.Context, db *store.DB, convs []*ent.Conversion) error {
	names := []string{"Free Trial", "Paid Customer", "VIP", "Frequent Buyer"}
	tags, err := db.CustomerTag.Query().Where(customertag.NameIn(names...)).All(ctx)
	if err != nil {
		return fmt.Errorf("demo: find customer tags: %w", err)
	}
	ids := make(map[string]int, len(tags))
	for _, t := range tags {
		ids[t.Name] = t.ID
	}
	for _, name := range names {
		if ids[name] == 0 {
			return fmt.Errorf("demo: customer tag %q not found", name)
		}
	}
	for i, conv := range convs {
		n := i + 1
		add := []int{ids["Free Trial"]}
		if n%3 == 0 {
			add = []int{ids["Paid Customer"]}
		}
		if n%5 == 0 {
			add = append(add, ids["Frequent Buyer"])
		}
		if n%7 == 0 {
			add = append(add, ids["VIP"])
		}
		if _, err := customers.AddTags(ctx, db.Client, conv.CustomerID, add); err != nil {
			return fmt.Errorf("demo: tag customer %d: %w", conv.CustomerID, err)
		}
	}
	return nil
}

// printIntro shows the password and the token, which exist nowhere else
// in plain text: the dashboard and how to sign in to it, and a query to try
// the token with in the Playground.
func printIntro(out io.Writer, token, password, publicURL string, r calendar.Range, clickCount, convCount int) {
	rng := fmt.Sprintf(`(range: {from: "%s", to: "%s"})`, r.From, r.To)
	query := `{ me { name stats` + rng + ` { uniqueClicks returningClicks totalClicks botClicks conversions conversionRate }` +
		` referralURL { url stats` + rng + ` { uniqueClicks returningClicks totalClicks conversions conversionRate } } }` +
		` refTags(first: 10) { edges { node { name code stats` + rng + ` { uniqueClicks conversions } } } } }`
	fmt.Fprintf(out, `Demo data added: partner "Acme Agency" (demo@acme.example, Europe/Berlin),
%d clicks and %d signups over the last %d days.

`, clickCount, convCount, days)
	fmt.Fprintf(out, `  Dashboard:                       %[1]s/  (open it and sign in as the demo partner:)
  Partner sign-in:                 demo@acme.example, password %[2]s (shown only once)
  Partner token (shown only once): %[3]s
  Referral URL:                    %[1]s/r/acme
  Playground:                      %[1]s/playground
`, publicURL, password, token)
	fmt.Fprintf(out, "\nSigned in to the dashboard, the Playground uses your session; with a\ntoken instead, set ")
	fmt.Fprintf(out, `the HTTP header
  {"Authorization": "Bearer %s"}
and run (stats cover the last 7 days when no range is given)
  %s
`, token, query)
}
