package gosession

import (
	"errors"
	"strings"
	"testing"
)

// TestRefuseHeld checks the run-time half of assertheld.go: a wrapper of a
// compiled interface holding a value that is not a pointer is refused with
// the workaround, anything else answers false.
func TestRefuseHeld(t *testing.T) {
	x := 1
	for _, v := range []any{nil, 5, errors.New("e"), guarded_fmt_Stringer{IValue: &x}} {
		if ifaceRefuseHeld(v, "I", "line 1", "T") {
			t.Errorf("ifaceRefuseHeld(%#v) = true", v)
		}
	}
	defer func() {
		err, _ := recover().(error)
		if err == nil || !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "give T pointer receivers") ||
			!strings.Contains(err.Error(), "compiled interface (fmt.Stringer) asserted to the interface I") {
			t.Errorf("ifaceRefuseHeld of a wrapped value: %v", err)
		}
	}()
	ifaceRefuseHeld(guarded_fmt_Stringer{IValue: 5}, "I", "line 1", "T")
	t.Error("ifaceRefuseHeld of a wrapped value did not panic")
}
