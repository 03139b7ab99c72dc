package gosession

import "testing"

// TestCompiledMethodValues checks method values of compiled types whose
// receiver yaegi took as a method expression (see compiledmethod.go);
// the expected output is go run's.
func TestCompiledMethodValues(t *testing.T) {
	s := newSession(t)
	code := `import "github.com/activis-go/activis/activis"
run := &activis.Run{Instances: activis.NewInstances([]string{"a", "b"}, 3)}
fs := []func() int{run.Len, run.Instances.Len}
fmt.Println(fs[0](), fs[1]())
g := run.Len
old := run
run = &activis.Run{Instances: activis.NewInstances([]string{"a"}, 2)}
fmt.Println(g(), run.Len())
run = old
var sb strings.Builder
w := sb.WriteString
w("ab")
w("c")
fmt.Println(sb.String(), sb.Len())
ck := run.Instances.ClassIndices
ids, err := ck("b", "a")
fmt.Println(ids, err)
m := &activis.Model{}
str := m.String
fmt.Println(len(str()) > 0)
`
	r, e := run(t, s, code)
	if e != nil {
		t.Fatal(errString(e))
	}
	if got, want := r.stream("stdout"), "3 3\n3 2\nabc 3\n[1 0] <nil>\ntrue\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
}
