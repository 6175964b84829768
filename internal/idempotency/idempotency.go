// Package idempotency makes a mutation sent over HTTP with an
// Idempotency-Key header (IETF httpapi draft "The Idempotency-Key HTTP
// Header Field") run once: a retry with the same key and the same request
// gets the first response, for 24 hours. The first attempt holds a lease
// on its key while it runs; its response is kept in the mutation's own
// transaction, so a response is kept exactly when the mutation committed.
// See decision 0098.
package idempotency

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/reftrack/reftrack"
	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/idempotencykey"
	"github.com/reftrack/reftrack/internal/store"
	"github.com/reftrack/reftrack/internal/viewer"
)

// Header is the request header that carries a key.
const Header = "Idempotency-Key"

// TTL is how long a response is kept for retries.
const TTL = 24 * time.Hour

// MaxKey is the longest key accepted, in characters.
const MaxKey = 255

// Parse returns the key of a request's Idempotency-Key header lines, and
// whether there is one. A key is 1 to 255 visible ASCII characters
// (0x21-0x7E) but '"' and '\', sent bare or as a structured-field string
// (in double quotes), as the draft writes it.
func Parse(values []string) (string, bool, error) {
	switch len(values) {
	case 0:
		return "", false, nil
	case 1:
	default:
		return "", false, reftrack.Errorf(reftrack.Invalid, "send one Idempotency-Key header")
	}
	k := strings.TrimSpace(values[0])
	if len(k) >= 2 && k[0] == '"' && k[len(k)-1] == '"' {
		k = k[1 : len(k)-1]
	}
	if k == "" || len(k) > MaxKey {
		return "", false, reftrack.Errorf(reftrack.Invalid, "an Idempotency-Key is 1 to %d characters", MaxKey)
	}
	for i := 0; i < len(k); i++ {
		if c := k[i]; c < 0x21 || c > 0x7e || c == '"' || c == '\\' {
			return "", false, reftrack.Errorf(reftrack.Invalid, "an Idempotency-Key is made of visible ASCII characters, without spaces, quotes or backslashes (a UUID is a good one)")
		}
	}
	return k, true, nil
}

// Keys keeps the keys in the database, where every instance sees them.
type Keys struct {
	DB *store.DB
	// Lease is how long a first attempt holds its key; a retry after it
	// lapsed (the instance died) runs again. Longer than any request runs.
	Lease time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// Claim is a first attempt's hold on its key.
type Claim struct {
	id      int
	attempt int
}

func (k *Keys) now() time.Time {
	if k.Now != nil {
		return k.Now().UTC()
	}
	return time.Now().UTC()
}

func keyHash(scope, key string) []byte {
	h := sha256.Sum256([]byte(scope + "\x00" + key))
	return h[:]
}

// Begin looks key up for the caller scope names (its credential). It
// returns a claim when this request is to run, else (nil claim) the first
// response, when the same request already committed; KeyReused when the key came with
// another request, InProgress while the first one runs.
func (k *Keys) Begin(ctx context.Context, scope, key string, fingerprint []byte) (*Claim, []byte, error) {
	ctx = store.System(ctx)
	h := keyHash(scope, key)
	now := k.now()
	var claim *Claim
	var replay []byte
	err := store.WithTx(ctx, k.DB.Client, func(ctx context.Context, tx *ent.Tx) error {
		if err := k.DB.LockKeys(ctx, tx.Client(), "idempotency:"+hex.EncodeToString(h)); err != nil {
			return err
		}
		row, err := tx.IdempotencyKey.Query().Where(idempotencykey.KeyHash(h)).Only(ctx)
		if err != nil && !ent.IsNotFound(err) {
			return fmt.Errorf("find idempotency key: %w", err)
		}
		if row != nil && !row.ExpiresAt.After(now) {
			if err := tx.IdempotencyKey.DeleteOne(row).Exec(ctx); err != nil {
				return fmt.Errorf("delete expired idempotency key: %w", err)
			}
			row = nil
		}
		switch {
		case row == nil:
			row, err = tx.IdempotencyKey.Create().SetKeyHash(h).SetFingerprint(fingerprint).
				SetCreatedAt(now).SetExpiresAt(now.Add(TTL)).SetLockedUntil(now.Add(k.Lease)).Save(ctx)
			if err != nil {
				return fmt.Errorf("store idempotency key: %w", err)
			}
			claim = &Claim{id: row.ID, attempt: row.Attempt}
		case !bytes.Equal(row.Fingerprint, fingerprint):
			return reftrack.Errorf(reftrack.KeyReused, "this Idempotency-Key was used with a different request: use a new key for a new request")
		case row.LockedUntil == nil: // completed
			replay = []byte{}
			if row.Response != nil {
				replay = *row.Response
			}
		case row.LockedUntil.After(now):
			return reftrack.Errorf(reftrack.InProgress, "the first request with this Idempotency-Key is still running: retry later")
		default: // the first attempt's lease lapsed: it never committed
			row, err = tx.IdempotencyKey.UpdateOne(row).SetLockedUntil(now.Add(k.Lease)).AddAttempt(1).Save(ctx)
			if err != nil {
				return fmt.Errorf("take over idempotency key: %w", err)
			}
			claim = &Claim{id: row.ID, attempt: row.Attempt}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return claim, replay, nil
}

// Complete keeps response as the answer to claim's key, in the
// transaction client runs in: the mutation's, so that it is kept exactly
// when the mutation commits. It fails, and the mutation with it, when the
// claim lapsed and another attempt took the key over.
func (k *Keys) Complete(ctx context.Context, client *ent.Client, c *Claim, response []byte) error {
	n, err := client.IdempotencyKey.Update().
		Where(idempotencykey.ID(c.id), idempotencykey.Attempt(c.attempt), idempotencykey.LockedUntilNotNil()).
		SetResponse(response).ClearLockedUntil().Save(store.System(ctx))
	if err != nil {
		return fmt.Errorf("keep idempotent response: %w", err)
	}
	if n == 0 {
		return reftrack.Errorf(reftrack.InProgress, "this request outlasted its hold on its Idempotency-Key and another attempt took it over: nothing was done")
	}
	return nil
}

// Release gives up claim's key after its mutation failed (and changed
// nothing): a retry runs it again.
func (k *Keys) Release(ctx context.Context, c *Claim) error {
	_, err := k.DB.IdempotencyKey.Delete().
		Where(idempotencykey.ID(c.id), idempotencykey.Attempt(c.attempt), idempotencykey.LockedUntilNotNil()).
		Exec(store.System(ctx))
	if err != nil {
		return fmt.Errorf("release idempotency key: %w", err)
	}
	return nil
}

// Prune deletes the keys that expired before now, and returns how many.
func Prune(ctx context.Context, client *ent.Client, now time.Time) (int, error) {
	n, err := client.IdempotencyKey.Delete().Where(idempotencykey.ExpiresAtLTE(now.UTC())).Exec(store.System(ctx))
	if err != nil {
		return 0, fmt.Errorf("prune idempotency keys: %w", err)
	}
	return n, nil
}

// Scope names the credential of v: keys of different credentials never
// meet, even when equal.
func Scope(v *viewer.Viewer) string {
	return fmt.Sprintf("%s/%d/%d/%d", v.Role, v.PartnerID, v.TokenID, v.SessionID)
}

// Fingerprint is the hash of what a request asks: its document, operation
// name and variables (re-encoded, so that their order and spacing do not
// matter).
func Fingerprint(query, operationName string, variables map[string]any) []byte {
	vars, _ := json.Marshal(variables) // decoded from JSON: encodes again
	h := sha256.New()
	for _, p := range []string{query, operationName, string(vars)} {
		fmt.Fprintf(h, "%d:%s", len(p), p)
	}
	return h.Sum(nil)
}
