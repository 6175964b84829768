// Package live ends live sessions (websockets, event streams) when a
// credential they were opened with is revoked, on every instance.
//
// A session is opened with the credentials it depends on (the token it
// authenticated with, the partner it acts for, a web session…); revoking
// any of them ends it. Revocation reaches other instances through an
// Announcer (PostgreSQL NOTIFY); a periodic check of every open
// credential, by a Checker per kind, is the backstop for an announcement
// lost on the way (a listener reconnecting, a revocation made outside the
// server).
package live

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/reftrack/reftrack/ent"
)

// Credential names something a session depends on, as "kind:id".
type Credential string

// Kinds of credentials.
const (
	KindToken   = "token"
	KindPartner = "partner"
	KindSession = "session" // a browser's sign-in (internal/sessions)
)

// Token is the credential of the API token with id.
func Token(id int) Credential { return Of(KindToken, strconv.Itoa(id)) }

// Partner is the credential of everything acting for the partner with id.
func Partner(id int) Credential { return Of(KindPartner, strconv.Itoa(id)) }

// Session is the credential of the browser session with id.
func Session(id int) Credential { return Of(KindSession, strconv.Itoa(id)) }

// Sessions returns the credentials of the browser sessions ids.
func Sessions(ids []int) []Credential {
	out := make([]Credential, len(ids))
	for i, id := range ids {
		out[i] = Session(id)
	}
	return out
}

// Of returns the credential of a kind and id; kinds other than those above
// (web sessions…) register their Checker under their kind.
func Of(kind, id string) Credential { return Credential(kind + ":" + id) }

// Kind and ID split a credential.
func (c Credential) Kind() string { k, _, _ := strings.Cut(string(c), ":"); return k }

// ID returns the id part of c.
func (c Credential) ID() string { _, id, _ := strings.Cut(string(c), ":"); return id }

// Checker reports which of ids, credentials of one kind held by open
// sessions, are revoked. It runs every check interval.
type Checker func(ctx context.Context, ids []string) (revoked []string, err error)

// IntChecker makes the Checker of a kind whose ids are database ids: valid
// returns, of at most 500 ids at a time (well under SQLite's and
// PostgreSQL's parameter limits), those still valid; every other id,
// malformed ones included, is revoked.
func IntChecker(valid func(ctx context.Context, ids []int) ([]int, error)) Checker {
	return func(ctx context.Context, ids []string) ([]string, error) {
		nums := make([]int, 0, len(ids))
		for _, id := range ids {
			if n, err := strconv.Atoi(id); err == nil {
				nums = append(nums, n)
			}
		}
		ok := make(map[int]bool, len(nums))
		const chunk = 500
		for start := 0; start < len(nums); start += chunk {
			part, err := valid(ctx, nums[start:min(start+chunk, len(nums))])
			if err != nil {
				return nil, err
			}
			for _, id := range part {
				ok[id] = true
			}
		}
		var revoked []string
		for _, id := range ids {
			if n, err := strconv.Atoi(id); err != nil || !ok[n] {
				revoked = append(revoked, id)
			}
		}
		return revoked, nil
	}
}

// Announcer tells the other instances of a revocation; they call
// Registry.Revoked when it arrives.
type Announcer interface {
	AnnounceRevocation(ctx context.Context, credential string) error
}

// AnnouncerFunc is an Announcer calling f.
type AnnouncerFunc func(ctx context.Context, credential string) error

// AnnounceRevocation returns f(ctx, credential).
func (f AnnouncerFunc) AnnounceRevocation(ctx context.Context, credential string) error {
	return f(ctx, credential)
}

// Options configure a Registry.
type Options struct {
	// Announcer reaches other instances; nil for a single instance.
	Announcer Announcer
	// CheckInterval is how often open credentials are checked; default 30s.
	CheckInterval time.Duration
	Logger        *slog.Logger
}

// Registry tracks open sessions by credential.
type Registry struct {
	o Options

	mu       sync.Mutex
	byCred   map[Credential]map[*session]struct{}
	checkers map[string]Checker

	stop chan struct{}
	done chan struct{}
	once sync.Once
}

type session struct {
	creds []Credential
	end   func()
	once  sync.Once
}

// New returns a Registry and starts its periodic check. Close it.
func New(o Options) *Registry {
	if o.CheckInterval <= 0 {
		o.CheckInterval = 30 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	r := &Registry{o: o, byCred: make(map[Credential]map[*session]struct{}), checkers: make(map[string]Checker),
		stop: make(chan struct{}), done: make(chan struct{})}
	go r.checkLoop()
	return r
}

// Check registers the checker of a kind of credential.
func (r *Registry) Check(kind string, f Checker) {
	r.mu.Lock()
	r.checkers[kind] = f
	r.mu.Unlock()
}

// Open registers a session depending on creds; end is called, once and on
// a goroutine of its own, when one of them is revoked. The returned
// function unregisters the session: call it when the session ends.
func (r *Registry) Open(creds []Credential, end func()) (closeSession func()) {
	s := &session{creds: creds, end: end}
	r.mu.Lock()
	for _, c := range creds {
		m := r.byCred[c]
		if m == nil {
			m = make(map[*session]struct{})
			r.byCred[c] = m
		}
		m[s] = struct{}{}
	}
	r.mu.Unlock()
	return func() { r.remove(s) }
}

func (r *Registry) remove(s *session) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range s.creds {
		if m := r.byCred[c]; m != nil {
			delete(m, s)
			if len(m) == 0 {
				delete(r.byCred, c)
			}
		}
	}
}

// Sessions returns the number of open sessions depending on c.
func (r *Registry) Sessions(c Credential) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.byCred[c])
}

// Revoke ends the sessions depending on creds on every instance. Called
// inside a transaction (ent.TxFromContext), it acts once the transaction
// commits, and not at all if it rolls back.
func (r *Registry) Revoke(ctx context.Context, creds ...Credential) {
	if len(creds) == 0 {
		return
	}
	if tx := ent.TxFromContext(ctx); tx != nil {
		tx.OnCommit(func(next ent.Committer) ent.Committer {
			return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
				if err := next.Commit(ctx, tx); err != nil {
					return err
				}
				r.revokeNow(context.WithoutCancel(ctx), creds)
				return nil
			})
		})
		return
	}
	r.revokeNow(ctx, creds)
}

func (r *Registry) revokeNow(ctx context.Context, creds []Credential) {
	r.Revoked(creds...)
	if r.o.Announcer == nil {
		return
	}
	for _, c := range creds {
		if err := r.o.Announcer.AnnounceRevocation(ctx, string(c)); err != nil {
			// The other instances' periodic check ends those sessions.
			r.o.Logger.Warn("live: could not announce a revocation; other instances notice it at their next check",
				"credential", string(c), "err", err, "check_interval", r.o.CheckInterval)
		}
	}
}

// Revoked ends this instance's sessions depending on creds: an Announcer
// calls it when another instance revoked them.
func (r *Registry) Revoked(creds ...Credential) {
	var ended []*session
	r.mu.Lock()
	for _, c := range creds {
		for s := range r.byCred[c] {
			ended = append(ended, s)
		}
	}
	r.mu.Unlock()
	for _, s := range ended {
		r.remove(s)
		s.once.Do(func() { go s.end() })
	}
}

// CheckNow checks every open credential against its kind's Checker: an
// instance that may have missed announcements (its listener reconnected)
// calls it.
func (r *Registry) CheckNow(ctx context.Context) {
	r.mu.Lock()
	byKind := make(map[string][]string)
	for c := range r.byCred {
		byKind[c.Kind()] = append(byKind[c.Kind()], c.ID())
	}
	checkers := make(map[string]Checker, len(r.checkers))
	for k, f := range r.checkers {
		checkers[k] = f
	}
	r.mu.Unlock()
	for kind, ids := range byKind {
		f := checkers[kind]
		if f == nil {
			continue
		}
		revoked, err := f(ctx, ids)
		if err != nil {
			r.o.Logger.Warn("live: could not check credentials; trying again at the next check", "kind", kind, "err", err)
			continue
		}
		creds := make([]Credential, len(revoked))
		for i, id := range revoked {
			creds[i] = Of(kind, id)
		}
		r.Revoked(creds...)
	}
}

func (r *Registry) checkLoop() {
	defer close(r.done)
	tick := time.NewTicker(r.o.CheckInterval)
	defer tick.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-tick.C:
			ctx, cancel := context.WithTimeout(context.Background(), r.o.CheckInterval)
			r.CheckNow(ctx)
			cancel()
		}
	}
}

// Close stops the periodic check. Sessions stay as they are: the server
// closes them on shutdown.
func (r *Registry) Close() {
	r.once.Do(func() {
		close(r.stop)
		<-r.done
	})
}
