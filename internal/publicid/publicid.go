// Package publicid turns the database's ids into the opaque ids and cursors
// that the API shows, and back. Database ids are sequential and global, so
// shown as they are they would tell a partner how many rows every tenant
// has created; shown encrypted under a key of the installation they tell
// nothing but equality. See docs/decisions/0040-opaque-ids.md.
package publicid

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"

	"github.com/reftrack/reftrack"
)

// Codec encrypts and decrypts ids and cursors with one installation's key.
type Codec struct {
	ids     cipher.Block // AES-256 on one block: the id and 8 zero bytes
	cursors cipher.AEAD  // AES-256-GCM over entgql's cursor
	nonces  []byte       // HMAC key deriving a cursor's nonce from its content
}

// New returns a codec keyed by secret (32 random bytes kept with the data,
// so that every instance and every restart shows the same ids).
func New(secret []byte) (*Codec, error) {
	if len(secret) < 32 {
		return nil, fmt.Errorf("publicid: the secret has %d bytes, want at least 32", len(secret))
	}
	ids, err := aes.NewCipher(derive(secret, "reftrack id v1"))
	if err != nil {
		return nil, err
	}
	cb, err := aes.NewCipher(derive(secret, "reftrack cursor v1"))
	if err != nil {
		return nil, err
	}
	cursors, err := cipher.NewGCM(cb)
	if err != nil {
		return nil, err
	}
	return &Codec{ids: ids, cursors: cursors, nonces: derive(secret, "reftrack cursor nonce v1")}, nil
}

func derive(secret []byte, label string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// Strict: otherwise the last character's unused bits are ignored and one id
// would have sixteen public forms.
var enc = base64.RawURLEncoding.Strict()

// idLen is the length of an encoded id: one AES block in base64url.
var idLen = enc.EncodedLen(aes.BlockSize)

// ErrInvalidID is the error for a value that is not an id of this
// installation.
var ErrInvalidID = reftrack.Errorf(reftrack.Invalid, "invalid ID")

// ErrInvalidCursor is the error for a value that is not a cursor of this
// installation.
var ErrInvalidCursor = reftrack.Errorf(reftrack.Invalid, "invalid cursor")

// Encode returns the public form of a database id: 22 characters of
// base64url. The same id always has the same public form.
func (c *Codec) Encode(id int) string {
	var b [aes.BlockSize]byte
	binary.BigEndian.PutUint64(b[8:], uint64(id))
	c.ids.Encrypt(b[:], b[:])
	return enc.EncodeToString(b[:])
}

// Decode returns the database id of a public id. Anything this codec did
// not encode is refused, but for a chance of 2^-64 per guess.
func (c *Codec) Decode(s string) (int, error) {
	if len(s) != idLen {
		return 0, ErrInvalidID
	}
	var b [aes.BlockSize]byte
	if n, err := enc.Decode(b[:], []byte(s)); err != nil || n != aes.BlockSize {
		return 0, ErrInvalidID
	}
	c.ids.Decrypt(b[:], b[:])
	id := binary.BigEndian.Uint64(b[8:])
	if binary.BigEndian.Uint64(b[:8]) != 0 || id == 0 || id > 1<<63-1 {
		return 0, ErrInvalidID
	}
	return int(id), nil
}

// EncodeCursor returns the public form of a pagination cursor: entgql's
// cursor (which holds the row's id) sealed with AES-GCM. The nonce is
// derived from the content, so a cursor has one public form.
func (c *Codec) EncodeCursor(cur entgql.Cursor[int]) string {
	var plain bytes.Buffer
	cur.MarshalGQL(&plain)
	p, _ := strconv.Unquote(plain.String())
	m := hmac.New(sha256.New, c.nonces)
	m.Write([]byte(p))
	nonce := m.Sum(nil)[:c.cursors.NonceSize()]
	return enc.EncodeToString(c.cursors.Seal(nonce, nonce, []byte(p), nil))
}

// maxCursor bounds an encoded cursor: ordering values (a name, an email)
// are at most a few hundred bytes.
const maxCursor = 2048

// DecodeCursor returns the cursor of a public cursor.
func (c *Codec) DecodeCursor(s string) (entgql.Cursor[int], error) {
	var cur entgql.Cursor[int]
	if len(s) > maxCursor {
		return cur, ErrInvalidCursor
	}
	b, err := enc.DecodeString(s)
	n := c.cursors.NonceSize()
	if err != nil || len(b) < n+c.cursors.Overhead() {
		return cur, ErrInvalidCursor
	}
	p, err := c.cursors.Open(nil, b[:n], b[n:], nil)
	if err != nil {
		return cur, ErrInvalidCursor
	}
	if err := cur.UnmarshalGQL(string(p)); err != nil {
		return cur, ErrInvalidCursor
	}
	return cur, nil
}

type ctxKey struct{}

// NewContext returns ctx carrying c, for the API's marshalling of ids.
func NewContext(ctx context.Context, c *Codec) context.Context {
	return context.WithValue(ctx, ctxKey{}, c)
}

// FromContext returns the codec in ctx, or nil.
func FromContext(ctx context.Context) *Codec {
	c, _ := ctx.Value(ctxKey{}).(*Codec)
	return c
}

func fromContext(ctx context.Context) (*Codec, error) {
	if c := FromContext(ctx); c != nil {
		return c, nil
	}
	return nil, fmt.Errorf("publicid: no codec in the context")
}

// MarshalID writes an id in its public form; gqlgen uses it for the ID
// scalar.
func MarshalID(id int) graphql.ContextMarshaler {
	return graphql.ContextWriterFunc(func(ctx context.Context, w io.Writer) error {
		c, err := fromContext(ctx)
		if err != nil {
			return err
		}
		io.WriteString(w, strconv.Quote(c.Encode(id)))
		return nil
	})
}

// UnmarshalID reads an id in its public form.
func UnmarshalID(ctx context.Context, v any) (int, error) {
	s, ok := v.(string)
	if !ok {
		return 0, ErrInvalidID
	}
	c, err := fromContext(ctx)
	if err != nil {
		return 0, err
	}
	return c.Decode(s)
}

// MarshalCursor writes a cursor in its public form; gqlgen uses it for the
// Cursor scalar.
func MarshalCursor(cur entgql.Cursor[int]) graphql.ContextMarshaler {
	return graphql.ContextWriterFunc(func(ctx context.Context, w io.Writer) error {
		c, err := fromContext(ctx)
		if err != nil {
			return err
		}
		io.WriteString(w, strconv.Quote(c.EncodeCursor(cur)))
		return nil
	})
}

// UnmarshalCursor reads a cursor in its public form.
func UnmarshalCursor(ctx context.Context, v any) (entgql.Cursor[int], error) {
	s, ok := v.(string)
	if !ok {
		return entgql.Cursor[int]{}, ErrInvalidCursor
	}
	c, err := fromContext(ctx)
	if err != nil {
		return entgql.Cursor[int]{}, err
	}
	return c.DecodeCursor(s)
}

// Middleware puts c in every request's context: ids are read while the
// operation is costed, before it runs.
func (c *Codec) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(NewContext(r.Context(), c)))
	})
}
