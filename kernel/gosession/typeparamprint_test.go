package gosession

import "testing"

// TestTypeParamSlicePrint checks that a []T printed with %v in a generic
// function calls the String methods of its elements (typeparamprint.go),
// also for a type declared after the function; yaegi printed the
// underlying values.
func TestTypeParamSlicePrint(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, `import "fmt"
func join[T any](xs ...T) string { return fmt.Sprintf("<%v>", xs) }`)
	mustRun(t, s, `type Day int
func (d Day) String() string { return [...]string{"Mon", "Tue"}[d] }`)
	if got := mustRun(t, s, `join(Day(0), Day(1))`).result(); got != `"<[Mon Tue]>"` {
		t.Errorf("join(Day(0), Day(1)) = %s, want \"<[Mon Tue]>\"", got)
	}
}
