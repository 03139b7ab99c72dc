package stdnew

import (
	"path"
	"testing"

	"github.com/traefik/yaegi/stdlib"
)

// TestOnlyMissing checks that the tables hold only what yaegi's own lack:
// a name in both means yaegi gained it and the tables are stale (rerun
// go generate ./kernel/gosession/symbols/).
func TestOnlyMissing(t *testing.T) {
	for key, members := range Symbols {
		for name := range members {
			if _, ok := stdlib.Symbols[key][name]; ok {
				t.Errorf("%s.%s is in yaegi's stdlib tables too", path.Dir(key), name)
			}
		}
	}
}

// TestMembers checks some members users reach for, and that a package
// yaegi lacks entirely gets its own key.
func TestMembers(t *testing.T) {
	for key, names := range map[string][]string{
		"log/slog/slog":             {"DiscardHandler", "NewMultiHandler", "GroupAttrs", "MultiHandler"},
		"os/os":                     {"OpenRoot", "Root", "CopyFS"},
		"crypto/sha3/sha3":          {"Sum256", "New512", "SHA3"},
		"go/ast/ast":                {"Preorder"},
		"encoding/binary/binary":    {"Append", "Encode", "Decode"},
		"hash/hash":                 {"Cloner", "_Cloner", "XOF", "_XOF"},
		"unicode/utf16/utf16":       {"RuneLen"},
		"testing/synctest/synctest": {"Test", "Wait"},
	} {
		for _, name := range names {
			if !Symbols[key][name].IsValid() {
				t.Errorf("%s has no %s", key, name)
			}
		}
	}
	for _, key := range []string{"iter/iter", "unsafe/unsafe", "syscall/syscall", "os/exec/exec"} {
		if Symbols[key] != nil {
			t.Errorf("%s is in the tables; the session takes it from elsewhere", key)
		}
	}
}
