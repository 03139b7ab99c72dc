package gosession

import (
	"strings"
	"testing"
)

// TestThirdPartyMapTuples imports a package (testdata/pkgsource/tuplemap)
// that assigns map elements the values of a call, of strconv.Atoi, of
// comma-ok map reads in a loop, of a select case's receive and of a
// comma-ok type assertion in tuple assignments: at 9bd3df8 yaegi stored
// none of them (`map[] <nil> map[0:true 1:false] map[] true`), without an
// error; tupleiface.go splits them (pkgtuple.go's commMapTuple for the
// select case), as go run prints. One whose key is a call's result is
// refused where it runs.
func TestThirdPartyMapTuples(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/tuplemap": testModule(t, "tuplemap")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/tuplemap"`)
	r := mustRun(t, s, "fmt.Println(tuplemap.Run())")
	if got, want := r.stream("stdout"), "map[a:1 b:2 c:5 sa:1 sx:0 t:3] <nil> map[0:true 1:false a:true x:false] map[0:4 1:0] true\n"; got != want {
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	_, err := run(t, s, "tuplemap.Refused()")
	if err == nil || !strings.Contains(errString(err), "tuplemap.go:45: a map element assigned a value of a call") {
		t.Errorf("Refused: got %v, want the refusal naming tuplemap.go:45", err)
	}
}
