package gosession

import (
	"strings"
	"testing"
)

// TestSplitMagicsInsideTokens checks that a line starting with a magic
// character inside a block comment or a raw string stays Go code.
func TestSplitMagicsInsideTokens(t *testing.T) {
	for _, tc := range []struct {
		name, code string
		magics     []string
	}{
		{"magic lines", "x := 1\n!echo hi\n%time\ny := 2", []string{"!echo hi", "%time"}},
		{"raw string", "s := `\n%d items\n!important\n`\n!echo after", []string{"!echo after"}},
		{"block comment", "f()\n/*\n!+output\n$ ./trace\n!-output\n*/\n%env", []string{"%env"}},
		{"comment closed on its line", "/* a */ x := 1\n!ls", []string{"!ls"}},
		{"backtick in a string", "s := \"`\"\n!ls", []string{"!ls"}},
		{"backtick in a rune", "r := '`'\n!ls", []string{"!ls"}},
		{"opener in a line comment", "x := 1 // /* or `\n!ls", []string{"!ls"}},
		{"escaped quote", "s := \"\\\"`\"\n!ls", []string{"!ls"}},
		{"raw string closed then comment opened", "s := `a` /*\n!x\n*/\n?fmt", []string{"?fmt"}},
	} {
		var got []string
		var code strings.Builder
		for _, seg := range splitMagics(tc.code) {
			if seg.magic != "" {
				got = append(got, seg.magic)
			}
			code.WriteString(seg.code)
		}
		if strings.Join(got, "|") != strings.Join(tc.magics, "|") {
			t.Errorf("%s: magics %q, want %q", tc.name, got, tc.magics)
		}
	}
}

// TestMagicCharactersInRawString runs a cell whose raw string has lines
// starting with ! and %: they are the string's, not shell commands.
func TestMagicCharactersInRawString(t *testing.T) {
	s := newSession(t)
	r := mustRun(t, s, "s := `\n!echo injected\n%d items\n`\nlen(s)")
	if r.result() != "25" || r.stream("stdout") != "" {
		t.Errorf("result %q stdout %q", r.result(), r.stream("stdout"))
	}
}
