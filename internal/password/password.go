// Package password hashes and checks partners' passwords with argon2id.
package password

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/reftrack/reftrack"
)

// MinLength and MaxLength bound a password, in characters and bytes.
const (
	MinLength = 10
	MaxLength = 256
)

// Parameters of new hashes: OWASP's argon2id minimum (19 MiB, 2 passes, 1
// lane). Hashes carry their parameters, so raising these later keeps old
// passwords working.
const (
	memoryKiB = 19 * 1024
	passes    = 2
	lanes     = 1
	keyLen    = 32
	saltLen   = 16
)

// concurrent bounds the hashes computed at once (19 MiB each), so that a
// burst of sign-ins costs bounded memory and CPU.
var concurrent = make(chan struct{}, 4)

// Check returns an Invalid error when plain is not acceptable as a new
// password.
func Check(plain string) error {
	if n := utf8.RuneCountInString(plain); n < MinLength {
		return reftrack.Errorf(reftrack.Invalid, "a password needs at least %d characters", MinLength)
	}
	if len(plain) > MaxLength {
		return reftrack.Errorf(reftrack.Invalid, "a password has at most %d bytes", MaxLength)
	}
	return nil
}

// Hash returns the PHC string of plain under a new random salt.
func Hash(ctx context.Context, plain string) (string, error) {
	salt := make([]byte, saltLen)
	rand.Read(salt)
	key, err := derive(ctx, plain, salt, memoryKiB, passes, lanes, keyLen)
	if err != nil {
		return "", err
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, memoryKiB, passes, lanes, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// Verify reports whether plain matches hash. An empty or malformed hash
// matches nothing, after the same work as a real one, so that the time
// taken tells nothing about whether an account exists.
func Verify(ctx context.Context, hash, plain string) (bool, error) {
	if len(plain) > MaxLength {
		plain = plain[:MaxLength]
	}
	salt, want, m, t, p, ok := parse(hash)
	if !ok {
		salt, want, m, t, p = make([]byte, saltLen), nil, memoryKiB, passes, lanes
	}
	got, err := derive(ctx, plain, salt, m, t, p, uint32(max(len(want), keyLen)))
	if err != nil {
		return false, err
	}
	return ok && subtle.ConstantTimeCompare(got, want) == 1, nil
}

func derive(ctx context.Context, plain string, salt []byte, m, t uint32, p uint8, n uint32) ([]byte, error) {
	select {
	case concurrent <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-concurrent }()
	return argon2.IDKey([]byte(plain), salt, t, m, p, n), nil
}

// parse reads a hash written by Hash; parameters beyond what Hash writes
// tenfold are refused, so a stored hash cannot make a check unbounded.
func parse(hash string) (salt, key []byte, m, t uint32, p uint8, ok bool) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return nil, nil, 0, 0, 0, false
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil ||
		m < 8 || m > 10*memoryKiB || t < 1 || t > 10*passes || p < 1 || p > 16 {
		return nil, nil, 0, 0, 0, false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	key, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) < 16 || len(key) > 64 {
		return nil, nil, 0, 0, 0, false
	}
	return salt, key, m, t, p, true
}
