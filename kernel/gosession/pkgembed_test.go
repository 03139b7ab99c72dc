package gosession

import "testing"

// TestPackageEmbed: a package's //go:embed string and []byte variables
// hold their files (testdata/pkgsource/embedded), as go run gives them;
// yaegi left them empty without an error (go-echarts' templates rendered
// nothing). An embed.FS variable, which the interpreter cannot fill, makes
// the import fail naming it and the workaround (pkgembed.go).
func TestPackageEmbed(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/embedded": testModule(t, "embedded")})
	s := newSession(t)
	r := mustRun(t, s, "import \"example.com/embedded\"\nfmt.Println(embedded.Greet(\"go\"))")
	if got, want := r.stream("stdout"), "\"Hello, go!\\nsecond line\\n\" 9 'ÿ'\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
	wantRunError(t, s, "import \"example.com/embedded/fsys\"\nfmt.Println(fsys.Read())",
		"fsys.go:7: a //go:embed variable of type embed.FS is not filled by the interpreter", "activis-kernel build --with")
}
