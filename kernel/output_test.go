package kernel

import "testing"

func TestIncompleteTail(t *testing.T) {
	for _, test := range []struct {
		s    string
		want int
	}{
		{"abc", 3},
		{"", 0},
		{"aé", 3},
		{"a\xc3", 1},         // first byte of é
		{"a\xe2\x82", 1},     // two of the three bytes of €
		{"a\xe2\x82\xac", 4}, // complete €
		{"\xff", 1},          // invalid, not incomplete: sent as is
	} {
		if got := incompleteTail(test.s); got != test.want {
			t.Errorf("incompleteTail(%q) = %d, want %d", test.s, got, test.want)
		}
	}
}

func TestReplayGuard(t *testing.T) {
	g := newReplayGuard(2)
	for i, test := range []struct {
		sig  string
		want bool
	}{
		{"a", true}, {"a", false}, {"b", true}, {"", true}, {"", true},
		{"c", true}, // forgets a
		{"a", true}, {"c", false},
	} {
		if got := g.fresh([]byte(test.sig)); got != test.want {
			t.Errorf("step %d: fresh(%q) = %v, want %v", i, test.sig, got, test.want)
		}
	}
}
