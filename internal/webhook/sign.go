// Package webhook is the wire side of webhooks, with no database: secrets
// and signatures as the Standard Webhooks specification defines them, the
// check of an endpoint's URL, the HTTP client that refuses internal
// addresses at dial time, and the retry schedule. internal/delivery stores
// endpoints and deliveries and uses it.
package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The headers of a delivery (Standard Webhooks).
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// secretPrefix starts every secret; secretBytes is how much randomness one
// holds (the specification asks for 24 to 64 bytes).
const (
	secretPrefix = "whsec_"
	secretBytes  = 32
)

// NewSecret returns a new signing secret: whsec_ and the base64 of 32
// random bytes.
func NewSecret() string {
	b := make([]byte, secretBytes)
	rand.Read(b)
	return secretPrefix + base64.StdEncoding.EncodeToString(b)
}

// SecretKey returns the key a secret holds.
func SecretKey(secret string) ([]byte, error) {
	rest, ok := strings.CutPrefix(secret, secretPrefix)
	if !ok {
		return nil, errors.New("webhook secret does not start with " + secretPrefix)
	}
	key, err := base64.StdEncoding.DecodeString(rest)
	if err != nil || len(key) < 24 {
		return nil, errors.New("webhook secret is not the base64 of 24 bytes or more")
	}
	return key, nil
}

// Signature returns the signature of one message with one key:
// v1, and the base64 of HMAC-SHA256 of id.timestamp.body.
func Signature(key []byte, id string, ts time.Time, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id))
	m.Write([]byte{'.'})
	m.Write(strconv.AppendInt(nil, ts.Unix(), 10))
	m.Write([]byte{'.'})
	m.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// Sign sets the three headers of a delivery on h: one signature per key,
// space-separated, so that a receiver holding either secret during a
// rotation accepts it.
func Sign(h http.Header, keys [][]byte, id string, ts time.Time, body []byte) {
	sigs := make([]string, len(keys))
	for i, k := range keys {
		sigs[i] = Signature(k, id, ts, body)
	}
	h.Set(HeaderID, id)
	h.Set(HeaderTimestamp, strconv.FormatInt(ts.Unix(), 10))
	h.Set(HeaderSignature, strings.Join(sigs, " "))
}
