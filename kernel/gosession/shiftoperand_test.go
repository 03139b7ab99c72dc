package gosession

import "testing"

// TestShiftTypes checks that an untyped constant shifted by a variable
// takes the type of its context (shiftoperand.go): yaegi made it an int,
// and appending it to a []uint16 panicked.
func TestShiftTypes(t *testing.T) {
	s := newSession(t)
	code := "masks := []uint16{}\nfor i := 0; i < 3; i++ {\n\tmasks = append(masks, 1<<i)\n}\nn := 8\nvar o uint8 = 1 << n\nfmt.Sprint(masks, o)"
	if got := mustRun(t, s, code).result(); got != `"[1 2 4] 0"` {
		t.Errorf("shifts = %s, want \"[1 2 4] 0\"", got)
	}
}
