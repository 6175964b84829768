package auth

import (
	"context"
	"fmt"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/partner"
	"github.com/reftrack/reftrack/ent/token"
	"github.com/reftrack/reftrack/internal/live"
	"github.com/reftrack/reftrack/internal/names"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/viewer"
)

// ConfiguredAdmin is the credential of the sessions opened with the
// configured admin token. It is never revoked (the token lasts as long as
// the configuration), but an admin can end what it has open.
var ConfiguredAdmin = live.Of("admin", "configured")

// EndConfiguredAdminSessions lets an admin end, on every instance, the
// websockets and event streams opened with the configured admin token: after
// a leak, before the configuration is changed and the instances restarted.
func EndConfiguredAdminSessions(ctx context.Context, revoker Revoker) error {
	if _, err := RequireRole(ctx, viewer.Admin); err != nil {
		return err
	}
	revoker.Revoke(ctx, ConfiguredAdmin)
	return nil
}

// MaxListedTokens bounds apiTokens: tokens are made by hand, a few.
const MaxListedTokens = 500

// ErrPartnerDisabled is returned for the token or session of a disabled
// partner.
var ErrPartnerDisabled = reftrack.Errorf(reftrack.Unauthenticated, "the partner is disabled")

// EnabledPartner selects the rows whose partner_id is NULL or names a
// partner that is not disabled: tokens and sessions of a disabled partner
// are refused in the same query that finds them.
func EnabledPartner(s *entsql.Selector) {
	p := entsql.Table(partner.Table)
	s.Where(entsql.Or(
		entsql.IsNull(s.C("partner_id")),
		entsql.NotExists(entsql.Select(p.C(partner.FieldID)).From(p).Where(entsql.And(
			entsql.ColumnsEQ(p.C(partner.FieldID), s.C("partner_id")),
			entsql.NotNull(p.C(partner.FieldDisabledAt)),
		))),
	))
}

// DisabledPartners is the live.Checker of partners: of ids, those disabled
// or gone.
func DisabledPartners(client *ent.Client) live.Checker {
	return live.IntChecker(func(ctx context.Context, ids []int) ([]int, error) {
		ok, err := client.Partner.Query().Where(partner.IDIn(ids...), partner.DisabledAtIsNil()).IDs(store.System(ctx))
		if err != nil {
			return nil, fmt.Errorf("check partners: %w", err)
		}
		return ok, nil
	})
}

// whyRefused tells a token refused by EnabledPartner from an unknown one.
func (a *Authenticator) whyRefused(ctx context.Context, hash []byte) error {
	n, err := a.client.Token.Query().Where(token.Hash(hash), token.RevokedAtIsNil(), token.PartnerIDNotNil()).Count(store.System(ctx))
	if err == nil && n > 0 {
		return ErrPartnerDisabled
	}
	return ErrInvalidToken
}

// Tokens lists the admin and service tokens for an admin, newest first.
func Tokens(ctx context.Context, client *ent.Client) ([]*ent.Token, error) {
	if _, err := RequireRole(ctx, viewer.Admin); err != nil {
		return nil, err
	}
	ts, err := client.Token.Query().Where(token.RoleIn(token.RoleADMIN, token.RoleSERVICE)).
		Order(ent.Desc(token.FieldCreatedAt), ent.Desc(token.FieldID)).Limit(MaxListedTokens).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	return ts, nil
}

// IssueAdminToken lets an admin create another admin token, so that the
// one printed on first start can be revoked.
func IssueAdminToken(ctx context.Context, client *ent.Client, name string) (string, error) {
	if _, err := RequireRole(ctx, viewer.Admin); err != nil {
		return "", err
	}
	name, _, err := names.Clean("an admin token name", name, names.TokenMax)
	if err != nil {
		return "", err
	}
	plain, hash := NewToken()
	if err := client.Token.Create().SetHash(hash).SetRole(token.RoleADMIN).SetName(name).Exec(ctx); err != nil {
		return "", fmt.Errorf("store admin token: %w", err)
	}
	return plain, nil
}

// RevokeToken lets an admin revoke an admin or service token; what it has
// open ends once the transaction in ctx commits. Revoking the last admin
// token is refused unless the caller came in with the configured admin
// token, which would still let an admin in.
func RevokeToken(ctx context.Context, client *ent.Client, revoker Revoker, id int) (*ent.Token, error) {
	v, err := RequireRole(ctx, viewer.Admin)
	if err != nil {
		return nil, err
	}
	t, err := client.Token.Query().Where(token.ID(id), token.RoleIn(token.RoleADMIN, token.RoleSERVICE)).Only(ctx)
	if ent.IsNotFound(err) {
		return nil, reftrack.Errorf(reftrack.NotFound, "no admin or service token with this id")
	}
	if err != nil {
		return nil, fmt.Errorf("find token: %w", err)
	}
	if t.RevokedAt != nil {
		return t, nil
	}
	configured := v.TokenID == 0 && v.SessionID == 0
	if t.Role == token.RoleADMIN && !configured {
		others, err := client.Token.Query().Where(token.RoleEQ(token.RoleADMIN), token.RevokedAtIsNil(), token.IDNEQ(id)).Exist(ctx)
		if err != nil {
			return nil, fmt.Errorf("count admin tokens: %w", err)
		}
		if !others {
			return nil, reftrack.Errorf(reftrack.Conflict, "this is the last admin token: create another (createAdminToken) before revoking it")
		}
	}
	t, err = t.Update().SetRevokedAt(time.Now().UTC()).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("revoke token: %w", err)
	}
	revoker.Revoke(ctx, live.Token(id))
	return t, nil
}
