package wire

import (
	"errors"
	"testing"
)

// The expected signatures were computed with Python's hmac module, as
// jupyter_client signs: hmac.new(key, digestmod=...) updated with each frame.
func TestSignMatchesPython(t *testing.T) {
	header, parent, meta, content := []byte(`{"msg_id":"1"}`), []byte(`{}`), []byte(`{}`), []byte(`{"code":"x"}`)
	for _, test := range []struct {
		scheme, want string
	}{
		{"hmac-sha256", "6d4e96e072a7d545daf167071b1f625b663fcd9227dc75b9859ef0fcf0aef780"},
		{"", "6d4e96e072a7d545daf167071b1f625b663fcd9227dc75b9859ef0fcf0aef780"},
		{"hmac-sha512", "3d5acae997c8eca4926821c16e87c3a39f428f63f783c60332bcd82780efd2ba1756191398b8951da0c330f9c7cfd3b619019791d871c4ab423b723224c2236f"},
		{"hmac-sha1", "8761c8173ee8250bb0c550c0569c99a31bc1384e"},
		{"hmac-md5", "462d101c2e8898fb4b530292be2ec44d"},
	} {
		s, err := NewSigner(test.scheme, "secret")
		if err != nil {
			t.Fatalf("%q: %v", test.scheme, err)
		}
		if got := string(s.Sign(header, parent, meta, content)); got != test.want {
			t.Errorf("%q: signature %s, want %s", test.scheme, got, test.want)
		}
		if err := s.Verify([]byte(test.want), header, parent, meta, content); err != nil {
			t.Errorf("%q: Verify of the right signature: %v", test.scheme, err)
		}
	}
}

func TestVerify(t *testing.T) {
	s, err := NewSigner("hmac-sha256", "secret")
	if err != nil {
		t.Fatal(err)
	}
	h, p, m, c := []byte(`{"msg_id":"1"}`), []byte(`{}`), []byte(`{}`), []byte(`{"code":"x"}`)
	good := s.Sign(h, p, m, c)
	other, _ := NewSigner("hmac-sha256", "other")
	for i, test := range []struct {
		sig     []byte
		content []byte
		want    error
	}{
		{good, c, nil},
		{[]byte("6D4E96E072A7D545DAF167071B1F625B663FCD9227DC75B9859EF0FCF0AEF780"), c, nil}, // hex case does not matter
		{nil, c, ErrMissingSignature},
		{[]byte{}, c, ErrMissingSignature},
		{good, []byte(`{"code":"y"}`), ErrBadSignature}, // tampered content
		{good[:len(good)-2], c, ErrBadSignature},        // truncated
		{[]byte("not hex at all"), c, ErrBadSignature},
		{other.Sign(h, p, m, c), c, ErrBadSignature}, // wrong key
	} {
		if err := s.Verify(test.sig, h, p, m, test.content); !errors.Is(err, test.want) {
			t.Errorf("case %d: Verify = %v, want %v", i, err, test.want)
		}
	}
}

func TestUnsignedSigner(t *testing.T) {
	for _, s := range []*Signer{nil, {}, mustSigner(t, "hmac-sha256", "")} {
		if s.Enabled() {
			t.Errorf("%v: Enabled with no key", s)
		}
		if sig := s.Sign([]byte("a"), nil, nil, nil); sig != nil {
			t.Errorf("unsigned Sign = %q, want nil", sig)
		}
		if err := s.Verify([]byte("anything"), []byte("a"), nil, nil, nil); err != nil {
			t.Errorf("unsigned Verify = %v, want nil", err)
		}
	}
}

func TestUnknownScheme(t *testing.T) {
	for _, scheme := range []string{"sha256", "hmac-whirlpool", "rsa"} {
		if _, err := NewSigner(scheme, "k"); !errors.Is(err, ErrUnknownScheme) {
			t.Errorf("%q: err = %v, want ErrUnknownScheme", scheme, err)
		}
	}
}

func mustSigner(t *testing.T, scheme, key string) *Signer {
	t.Helper()
	s, err := NewSigner(scheme, key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
