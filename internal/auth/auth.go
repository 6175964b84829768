// Package auth issues API tokens and turns a bearer token into a viewer.
// Tokens are random and only their SHA-256 hashes are stored.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/token"
	"github.com/reftrack/reftrack/internal/config"
	"github.com/reftrack/reftrack/internal/live"
	"github.com/reftrack/reftrack/internal/names"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/viewer"
)

// prefix marks Reftrack tokens, so that a leaked one is recognisable.
const prefix = "rt_"

// NewToken returns a new random token and the hash to store.
func NewToken() (plain string, hash []byte) {
	plain = prefix + rand.Text()
	return plain, Hash(plain)
}

// Hash returns the stored form of a token.
func Hash(plain string) []byte {
	h := sha256.Sum256([]byte(plain))
	return h[:]
}

// Authenticator resolves bearer tokens to viewers.
type Authenticator struct {
	client    *ent.Client
	adminHash []byte // REFTRACK_ADMIN_TOKEN, when configured
}

// New returns an authenticator. adminToken, when not empty, is an admin
// token accepted in addition to the stored ones.
func New(client *ent.Client, adminToken string) *Authenticator {
	a := &Authenticator{client: client}
	if adminToken != "" {
		a.adminHash = Hash(adminToken)
	}
	return a
}

// ErrInvalidToken is returned for a token that is malformed, unknown or revoked.
var ErrInvalidToken = reftrack.Errorf(reftrack.Unauthenticated, "invalid or revoked token")

// Authenticate returns the viewer of a plain token.
func (a *Authenticator) Authenticate(ctx context.Context, plain string) (*viewer.Viewer, error) {
	if len(plain) > config.MaxTokenLen {
		return nil, ErrInvalidToken
	}
	h := Hash(plain)
	// The configured admin token works as given, whatever its form.
	if a.adminHash != nil && subtle.ConstantTimeCompare(h, a.adminHash) == 1 {
		return &viewer.Viewer{Role: viewer.Admin}, nil
	}
	if !strings.HasPrefix(plain, prefix) {
		return nil, ErrInvalidToken // not one we issue: no need to look it up
	}
	t, err := a.client.Token.Query().Where(token.Hash(h), token.RevokedAtIsNil(), EnabledPartner).Only(store.System(ctx))
	if ent.IsNotFound(err) {
		return nil, a.whyRefused(ctx, h)
	}
	if err != nil {
		return nil, fmt.Errorf("look up token: %w", err)
	}
	v := &viewer.Viewer{Role: viewer.Role(t.Role), TokenID: t.ID}
	if t.PartnerID != nil {
		v.PartnerID = *t.PartnerID
	}
	return v, nil
}

// FromHeader returns the token of an "Authorization: Bearer <token>" value,
// or "" when there is none.
func FromHeader(value string) string {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(value), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}

type errKey struct{}

// Middleware puts the request's viewer in its context. A request without a
// token goes on anonymous (introspection needs none); one with a bad token
// goes on anonymous too, carrying the error for the API to report.
func (a *Authenticator) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, err := a.Context(r.Context(), r.Header.Get("Authorization"))
		if err != nil && reftrack.KindOf(err) == reftrack.Internal {
			http.Error(w, "authentication is unavailable", http.StatusServiceUnavailable)
			return
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// Context returns ctx with the viewer of an Authorization header value.
func (a *Authenticator) Context(ctx context.Context, header string) (context.Context, error) {
	if strings.TrimSpace(header) == "" {
		return ctx, nil
	}
	plain := FromHeader(header)
	if plain == "" {
		err := reftrack.Errorf(reftrack.Unauthenticated, `the Authorization header must be "Bearer <token>"`)
		return context.WithValue(ctx, errKey{}, err), err
	}
	v, err := a.Authenticate(ctx, plain)
	if err != nil {
		return context.WithValue(ctx, errKey{}, err), err
	}
	return viewer.NewContext(ctx, v), nil
}

// WithError returns ctx without a viewer, carrying the reason the caller
// could not be authenticated (another credential than a token: a session
// cookie), for Require to report.
func WithError(ctx context.Context, err error) context.Context {
	return context.WithValue(ctx, errKey{}, err)
}

// Require returns the viewer of ctx, or an Unauthenticated error saying why
// there is none.
func Require(ctx context.Context) (*viewer.Viewer, error) {
	if v := viewer.FromContext(ctx); v != nil {
		return v, nil
	}
	if err, ok := ctx.Value(errKey{}).(error); ok {
		return nil, err
	}
	return nil, reftrack.Errorf(reftrack.Unauthenticated, "an Authorization: Bearer <token> header is required")
}

// RequireRole returns the viewer of ctx when it has one of roles.
func RequireRole(ctx context.Context, roles ...viewer.Role) (*viewer.Viewer, error) {
	v, err := Require(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range roles {
		if v.Role == r {
			return v, nil
		}
	}
	return nil, reftrack.Errorf(reftrack.Forbidden, "this operation needs a %s token", joinRoles(roles))
}

// PartnerFilter returns the partner whose rows an admin asked for with a
// partnerID argument (0: every partner's, or none given). A partner may
// not give one: what it sees is already its own, by the privacy rules,
// and naming any partner (its own too) is refused, so an argument never
// tells whether an id is a partner's.
func PartnerFilter(v *viewer.Viewer, partnerID *int) (int, error) {
	if partnerID == nil {
		return 0, nil
	}
	if !v.IsAdmin() {
		return 0, reftrack.Errorf(reftrack.Forbidden, "partnerID is for the admin")
	}
	return *partnerID, nil
}

// RequirePartner returns the partner id of the viewer of ctx.
func RequirePartner(ctx context.Context) (int, error) {
	v, err := RequireRole(ctx, viewer.Partner)
	if err != nil {
		return 0, err
	}
	return v.PartnerID, nil
}

func joinRoles(roles []viewer.Role) string {
	s := make([]string, len(roles))
	for i, r := range roles {
		s[i] = string(r)
	}
	return strings.Join(s, " or ")
}

// Bootstrap makes sure an admin can log in. When no admin token is
// configured and none is stored, it stores a new one and returns it, to be
// shown once; otherwise it returns "".
func Bootstrap(ctx context.Context, client *ent.Client, configured string) (string, error) {
	if configured != "" {
		return "", nil
	}
	ctx = store.System(ctx)
	n, err := client.Token.Query().Where(token.RoleEQ(token.RoleADMIN), token.RevokedAtIsNil()).Count(ctx)
	if err != nil {
		return "", fmt.Errorf("look up admin tokens: %w", err)
	}
	if n > 0 {
		return "", nil
	}
	plain, hash := NewToken()
	if err := client.Token.Create().SetHash(hash).SetRole(token.RoleADMIN).SetName("bootstrap").Exec(ctx); err != nil {
		return "", fmt.Errorf("store admin token: %w", err)
	}
	return plain, nil
}

// IssuePartnerToken stores a new token for partnerID and returns it.
func IssuePartnerToken(ctx context.Context, client *ent.Client, partnerID int) (string, error) {
	plain, hash := NewToken()
	err := client.Token.Create().SetHash(hash).SetRole(token.RolePARTNER).SetPartnerID(partnerID).
		SetName("partner").Exec(store.System(ctx))
	if err != nil {
		return "", fmt.Errorf("store partner token: %w", err)
	}
	return plain, nil
}

// IssueServiceToken lets an admin create a token for the company's backend.
func IssueServiceToken(ctx context.Context, client *ent.Client, name string) (string, error) {
	if _, err := RequireRole(ctx, viewer.Admin); err != nil {
		return "", err
	}
	name, _, err := names.Clean("a service token name", name, names.TokenMax)
	if err != nil {
		return "", err
	}
	plain, hash := NewToken()
	if err := client.Token.Create().SetHash(hash).SetRole(token.RoleSERVICE).SetName(name).Exec(ctx); err != nil {
		return "", fmt.Errorf("store service token: %w", err)
	}
	return plain, nil
}

// Revoker ends what revoked credentials have open (live.Registry).
type Revoker interface {
	Revoke(ctx context.Context, creds ...live.Credential)
}

// Rotate replaces the calling partner's tokens with a new one. The
// websockets and event streams opened with the old ones end once the
// transaction in ctx, if any, commits.
func Rotate(ctx context.Context, client *ent.Client, revoker Revoker) (string, error) {
	partnerID, err := RequirePartner(ctx)
	if err != nil {
		return "", err
	}
	sys := store.System(ctx)
	ids, err := client.Token.Query().Where(token.PartnerID(partnerID), token.RevokedAtIsNil()).IDs(sys)
	if err != nil {
		return "", fmt.Errorf("find tokens: %w", err)
	}
	if err := client.Token.Update().Where(token.IDIn(ids...)).SetRevokedAt(time.Now().UTC()).Exec(sys); err != nil {
		return "", fmt.Errorf("revoke tokens: %w", err)
	}
	plain, err := IssuePartnerToken(ctx, client, partnerID)
	if err != nil {
		return "", err
	}
	creds := make([]live.Credential, len(ids))
	for i, id := range ids {
		creds[i] = live.Token(id)
	}
	revoker.Revoke(ctx, creds...)
	return plain, nil
}

// Credentials returns what the live sessions of v depend on: its token or
// browser session, and the partner it acts for; for the configured admin
// token, ConfiguredAdmin.
func Credentials(v *viewer.Viewer) []live.Credential {
	var creds []live.Credential
	if v.TokenID != 0 {
		creds = append(creds, live.Token(v.TokenID))
	}
	if id, ok := v.Partner(); ok {
		creds = append(creds, live.Partner(id))
	}
	if v.SessionID != 0 {
		creds = append(creds, live.Session(v.SessionID))
	}
	if v.IsAdmin() && v.TokenID == 0 && v.SessionID == 0 {
		creds = append(creds, ConfiguredAdmin)
	}
	return creds
}

// RevokedTokens is the live.Checker of tokens: of ids, those revoked or
// gone.
func RevokedTokens(client *ent.Client) live.Checker {
	return live.IntChecker(func(ctx context.Context, ids []int) ([]int, error) {
		ok, err := client.Token.Query().Where(token.IDIn(ids...), token.RevokedAtIsNil()).IDs(store.System(ctx))
		if err != nil {
			return nil, fmt.Errorf("check tokens: %w", err)
		}
		return ok, nil
	})
}
