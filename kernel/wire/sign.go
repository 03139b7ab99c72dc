package wire

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
)

// Signer computes and checks message signatures with the scheme and key of a
// connection file. The zero Signer, like one made with an empty key, does not
// sign: it writes empty signatures and accepts any.
type Signer struct {
	scheme string
	newMAC func() hash.Hash
}

// NewSigner returns a Signer for scheme ("hmac-sha256", "hmac-sha512",
// "hmac-sha384", "hmac-sha224", "hmac-sha1" or "hmac-md5"; "" means
// hmac-sha256) and key. An empty key disables signing.
func NewSigner(scheme, key string) (*Signer, error) {
	if scheme == "" {
		scheme = "hmac-sha256"
	}
	h, err := hashFor(scheme)
	if err != nil {
		return nil, err
	}
	s := &Signer{scheme: scheme}
	if key != "" {
		k := []byte(key)
		s.newMAC = func() hash.Hash { return hmac.New(h, k) }
	}
	return s, nil
}

func hashFor(scheme string) (func() hash.Hash, error) {
	name, ok := strings.CutPrefix(scheme, "hmac-")
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownScheme, scheme)
	}
	switch name {
	case "sha256":
		return sha256.New, nil
	case "sha512":
		return sha512.New, nil
	case "sha384":
		return sha512.New384, nil
	case "sha224":
		return sha256.New224, nil
	case "sha1":
		return sha1.New, nil
	case "md5":
		return md5.New, nil
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownScheme, scheme)
}

// Enabled reports whether s signs messages (its key is not empty).
func (s *Signer) Enabled() bool { return s != nil && s.newMAC != nil }

// Sign returns the hex signature of the four signed frames (header, parent
// header, metadata, content), or nil when signing is disabled.
func (s *Signer) Sign(header, parent, metadata, content []byte) []byte {
	if !s.Enabled() {
		return nil
	}
	mac := s.newMAC()
	for _, p := range [...][]byte{header, parent, metadata, content} {
		mac.Write(p)
	}
	sum := mac.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// Verify checks sig against the four signed frames. It returns
// ErrMissingSignature for an empty signature and ErrBadSignature for a wrong
// one; with signing disabled it accepts anything.
func (s *Signer) Verify(sig, header, parent, metadata, content []byte) error {
	if !s.Enabled() {
		return nil
	}
	if len(sig) == 0 {
		return ErrMissingSignature
	}
	want := s.Sign(header, parent, metadata, content)
	// Compare case-insensitively in constant time: decode both to bytes.
	got := make([]byte, hex.DecodedLen(len(sig)))
	if _, err := hex.Decode(got, sig); err != nil {
		return ErrBadSignature
	}
	w := make([]byte, hex.DecodedLen(len(want)))
	hex.Decode(w, want) //nolint:errcheck // want is our own hex
	if !hmac.Equal(got, w) {
		return ErrBadSignature
	}
	return nil
}
