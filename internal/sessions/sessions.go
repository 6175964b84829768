// Package sessions signs browsers in: partners with email and password,
// admins with the admin token. A session is a random cookie value of which
// only the SHA-256 hash is stored; it ends when revoked or after IdleTimeout
// without a request. Invitations are the one-time links that let a partner
// set its password.
package sessions

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/invitation"
	"github.com/reftrack/reftrack/ent/partner"
	"github.com/reftrack/reftrack/ent/session"
	"github.com/reftrack/reftrack/internal/auth"
	"github.com/reftrack/reftrack/internal/email"
	"github.com/reftrack/reftrack/internal/live"
	"github.com/reftrack/reftrack/internal/password"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/viewer"
)

const (
	// IdleTimeout ends a session that made no request for that long.
	IdleTimeout = 30 * 24 * time.Hour
	// touchEvery is how stale last_seen_at may get before a request moves
	// it: at most one write an hour per session.
	touchEvery = time.Hour
	// InvitationTTL is how long an invitation or reset link stays usable.
	InvitationTTL = 7 * 24 * time.Hour
	// MaxListed bounds the sessions a list returns.
	MaxListed = 100
	// maxSecretLen bounds what a client may make the server hash.
	maxSecretLen = 64
)

// ErrBadCredentials is the one answer for an unknown email and a wrong
// password.
var ErrBadCredentials = reftrack.Errorf(reftrack.Unauthenticated, "wrong email or password")

// ErrNoSession is the error for a cookie that names no live session.
var ErrNoSession = reftrack.Errorf(reftrack.Unauthenticated, "the session has ended; sign in again")

// ErrBadInvitation is the error for an invitation link that is unknown,
// used, replaced or expired.
var ErrBadInvitation = reftrack.Errorf(reftrack.Unauthenticated,
	"this link is unknown, already used or expired; ask the program's admin for a new one")

// Manager starts, checks and ends sessions, and issues invitations.
type Manager struct {
	client *ent.Client
	now    func() time.Time
}

// New returns a manager reading the time from now.
func New(client *ent.Client, now func() time.Time) *Manager {
	if now == nil {
		now = time.Now
	}
	return &Manager{client: client, now: func() time.Time { return now().UTC() }}
}

func hash(plain string) []byte {
	h := sha256.Sum256([]byte(plain))
	return h[:]
}

// SignIn returns the partner that email and plain name, or
// ErrBadCredentials. An unknown email costs the same hash as a known one.
// A disabled partner learns that it is disabled, once its password is
// right.
func (m *Manager) SignIn(ctx context.Context, addr, plain string) (int, error) {
	ctx = store.System(ctx)
	var stored string
	id, disabled := 0, false
	if norm, err := email.Normalize(addr); err == nil {
		p, err := m.client.Partner.Query().Where(partner.Email(norm)).Only(ctx)
		switch {
		case err == nil:
			stored, id, disabled = p.PasswordHash, p.ID, p.DisabledAt != nil
		case !ent.IsNotFound(err):
			return 0, fmt.Errorf("look up partner: %w", err)
		}
	}
	ok, err := password.Verify(ctx, stored, plain)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, ErrBadCredentials
	}
	if disabled {
		return 0, auth.ErrPartnerDisabled
	}
	return id, nil
}

// Start creates a session for partnerID (0 for an admin) and returns the
// cookie value, shown only to the browser.
func (m *Manager) Start(ctx context.Context, partnerID int, userAgent string) (string, *ent.Session, error) {
	plain := rand.Text()
	c := m.client.Session.Create().SetHash(hash(plain)).SetUserAgent(clip(userAgent, 200)).
		SetCreatedAt(m.now()).SetLastSeenAt(m.now())
	if partnerID != 0 {
		c.SetPartnerID(partnerID)
	}
	s, err := c.Save(store.System(ctx))
	if err != nil {
		return "", nil, fmt.Errorf("store session: %w", err)
	}
	return plain, s, nil
}

// Authenticate returns the viewer of a cookie value, moving the session's
// last-seen time forward when it is more than an hour old.
func (m *Manager) Authenticate(ctx context.Context, plain string) (*viewer.Viewer, error) {
	if plain == "" || len(plain) > maxSecretLen {
		return nil, ErrNoSession
	}
	sys := store.System(ctx)
	// A disabled partner's sessions are refused (auth.EnabledPartner).
	s, err := m.client.Session.Query().Where(session.Hash(hash(plain)), session.RevokedAtIsNil(), auth.EnabledPartner).Only(sys)
	if ent.IsNotFound(err) {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("look up session: %w", err)
	}
	now := m.now()
	if now.Sub(s.LastSeenAt) > IdleTimeout {
		return nil, ErrNoSession
	}
	if now.Sub(s.LastSeenAt) > touchEvery {
		// A lost race with another request or a revocation is harmless:
		// the condition keeps a revoked session revoked.
		err := m.client.Session.Update().Where(session.ID(s.ID), session.RevokedAtIsNil()).
			SetLastSeenAt(now).Exec(sys)
		if err != nil {
			return nil, fmt.Errorf("touch session: %w", err)
		}
	}
	v := &viewer.Viewer{Role: viewer.Admin, SessionID: s.ID}
	if s.PartnerID != nil {
		v.Role, v.PartnerID = viewer.Partner, *s.PartnerID
	}
	return v, nil
}

// Revoked is the live.Checker of sessions: of ids, those revoked, expired
// or gone.
func (m *Manager) Revoked(ctx context.Context, ids []string) ([]string, error) {
	return live.IntChecker(func(ctx context.Context, ids []int) ([]int, error) {
		ok, err := m.client.Session.Query().Where(session.IDIn(ids...), session.RevokedAtIsNil(),
			session.LastSeenAtGT(m.now().Add(-IdleTimeout))).IDs(store.System(ctx))
		if err != nil {
			return nil, fmt.Errorf("check sessions: %w", err)
		}
		return ok, nil
	})(ctx, ids)
}

// End revokes one session, whoever asks (sign-out of the session's own
// browser).
func (m *Manager) End(ctx context.Context, sessionID int) error {
	_, err := m.client.Session.Update().Where(session.ID(sessionID), session.RevokedAtIsNil()).
		SetRevokedAt(m.now()).Save(store.System(ctx))
	return err
}

// Revoke revokes the session id through client (the request's
// transaction) as the viewer of ctx: the privacy rules
// let a partner revoke only its own.
func (m *Manager) Revoke(ctx context.Context, client *ent.Client, id int) error {
	if viewer.FromContext(ctx) == nil {
		return reftrack.Errorf(reftrack.Unauthenticated, "sign in first")
	}
	n, err := client.Session.Update().Where(session.ID(id), session.RevokedAtIsNil()).
		SetRevokedAt(m.now()).Save(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		return reftrack.Errorf(reftrack.NotFound, "session not found")
	}
	return nil
}

// RevokeAll revokes every live session of partnerID (0: the viewer's own
// partner) through client (nil: the manager's) as the viewer of ctx, and
// returns their ids.
func (m *Manager) RevokeAll(ctx context.Context, client *ent.Client, partnerID int) ([]int, error) {
	v := viewer.FromContext(ctx)
	if own, ok := v.Partner(); ok && (partnerID == 0 || partnerID == own) {
		partnerID = own
	} else if !v.IsAdmin() || partnerID == 0 {
		return nil, reftrack.Errorf(reftrack.Forbidden, "only a partner's own sessions, or an admin, may be revoked")
	}
	if client == nil {
		client = m.client
	}
	return m.revokeAll(ctx, client, partnerID)
}

func (m *Manager) revokeAll(ctx context.Context, client *ent.Client, partnerID int) ([]int, error) {
	ids, err := client.Session.Query().Where(session.PartnerID(partnerID), session.RevokedAtIsNil()).IDs(ctx)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	if _, err := client.Session.Update().Where(session.IDIn(ids...), session.RevokedAtIsNil()).
		SetRevokedAt(m.now()).Save(ctx); err != nil {
		return nil, fmt.Errorf("revoke sessions: %w", err)
	}
	return ids, nil
}

// List returns the live sessions the viewer of ctx may see, of partnerID
// when it is not 0 (for an admin), most recently used first.
func (m *Manager) List(ctx context.Context, partnerID int) ([]*ent.Session, error) {
	v := viewer.FromContext(ctx)
	if v == nil {
		return nil, reftrack.Errorf(reftrack.Unauthenticated, "sign in first")
	}
	q := m.client.Session.Query().Where(session.RevokedAtIsNil(), session.LastSeenAtGT(m.now().Add(-IdleTimeout)))
	switch {
	case partnerID != 0:
		q.Where(session.PartnerID(partnerID))
	case v.IsAdmin():
		q.Where(session.PartnerIDIsNil())
	}
	return q.Order(ent.Desc(session.FieldLastSeenAt), ent.Desc(session.FieldID)).Limit(MaxListed).All(ctx)
}

// Invite issues a one-time link token for partnerID, valid InvitationTTL,
// replacing any earlier unused one; ctx must allow writing invitations
// (an admin).
func (m *Manager) Invite(ctx context.Context, client *ent.Client, partnerID int) (string, time.Time, error) {
	now := m.now()
	if _, err := client.Invitation.Update().
		Where(invitation.PartnerID(partnerID), invitation.UsedAtIsNil()).
		SetUsedAt(now).Save(ctx); err != nil {
		return "", time.Time{}, fmt.Errorf("replace invitations: %w", err)
	}
	plain := rand.Text()
	expires := now.Add(InvitationTTL)
	err := client.Invitation.Create().SetHash(hash(plain)).SetPartnerID(partnerID).
		SetCreatedAt(now).SetExpiresAt(expires).Exec(ctx)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("store invitation: %w", err)
	}
	return plain, expires, nil
}

// SetPassword sets a partner's password directly, for a tool run by the
// operator (the demo); partners set theirs through an invitation.
func (m *Manager) SetPassword(ctx context.Context, partnerID int, plain string) error {
	if err := password.Check(plain); err != nil {
		return err
	}
	h, err := password.Hash(ctx, plain)
	if err != nil {
		return err
	}
	return m.client.Partner.UpdateOneID(partnerID).SetPasswordHash(h).Exec(store.System(ctx))
}

// Accept uses an invitation token once: it sets the partner's password,
// ends the partner's other sessions (a reset signs out everywhere), and
// returns the partner and the sessions ended.
func (m *Manager) Accept(ctx context.Context, token, plain string) (partnerID int, ended []int, err error) {
	if err := password.Check(plain); err != nil {
		return 0, nil, err
	}
	if token == "" || len(token) > maxSecretLen {
		return 0, nil, ErrBadInvitation
	}
	sys := store.System(ctx)
	inv, err := m.client.Invitation.Query().Where(invitation.Hash(hash(token))).Only(sys)
	if ent.IsNotFound(err) {
		return 0, nil, ErrBadInvitation
	}
	if err != nil {
		return 0, nil, fmt.Errorf("look up invitation: %w", err)
	}
	now := m.now()
	if inv.UsedAt != nil || !now.Before(inv.ExpiresAt) {
		return 0, nil, ErrBadInvitation
	}
	h, err := password.Hash(ctx, plain)
	if err != nil {
		return 0, nil, err
	}
	tx, err := m.client.Tx(sys)
	if err != nil {
		return 0, nil, err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	// The condition makes the link single-use even under concurrent use.
	n, err := tx.Invitation.Update().Where(invitation.ID(inv.ID), invitation.UsedAtIsNil()).SetUsedAt(now).Save(sys)
	if err != nil {
		return 0, nil, fmt.Errorf("use invitation: %w", err)
	}
	if n == 0 {
		return 0, nil, ErrBadInvitation
	}
	if err := tx.Partner.UpdateOneID(inv.PartnerID).SetPasswordHash(h).Exec(sys); err != nil {
		return 0, nil, fmt.Errorf("set password: %w", err)
	}
	if ended, err = m.revokeAll(sys, tx.Client(), inv.PartnerID); err != nil {
		return 0, nil, err
	}
	if err := tx.Commit(); err != nil {
		return 0, nil, fmt.Errorf("commit password: %w", err)
	}
	return inv.PartnerID, ended, nil
}

// pruneBatch bounds the rows one delete removes, so that pruning a large
// backlog never holds the write lock for long.
const pruneBatch = 1000

// Prune deletes the sessions that can never be used again (revoked, or
// idle for IdleTimeout) and the invitations that can never be used again
// (used, replaced or expired), and returns how many of each it deleted.
// Live sessions and usable links are left alone. A deleted session still
// counts as revoked (Revoked reports ids that are gone).
func (m *Manager) Prune(ctx context.Context) (sessions, invitations int, err error) {
	sys := store.System(ctx)
	now := m.now()
	for {
		ids, err := m.client.Session.Query().
			Where(session.Or(session.RevokedAtNotNil(), session.LastSeenAtLT(now.Add(-IdleTimeout)))).
			Limit(pruneBatch).IDs(sys)
		if err != nil {
			return sessions, invitations, fmt.Errorf("find ended sessions: %w", err)
		}
		if len(ids) == 0 {
			break
		}
		n, err := m.client.Session.Delete().Where(session.IDIn(ids...)).Exec(sys)
		if err != nil {
			return sessions, invitations, fmt.Errorf("delete ended sessions: %w", err)
		}
		sessions += n
	}
	for {
		ids, err := m.client.Invitation.Query().
			Where(invitation.Or(invitation.UsedAtNotNil(), invitation.ExpiresAtLTE(now))).
			Limit(pruneBatch).IDs(sys)
		if err != nil {
			return sessions, invitations, fmt.Errorf("find spent links: %w", err)
		}
		if len(ids) == 0 {
			break
		}
		n, err := m.client.Invitation.Delete().Where(invitation.IDIn(ids...)).Exec(sys)
		if err != nil {
			return sessions, invitations, fmt.Errorf("delete spent links: %w", err)
		}
		invitations += n
	}
	return sessions, invitations, nil
}

func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "")
	for len(s) > n {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}
