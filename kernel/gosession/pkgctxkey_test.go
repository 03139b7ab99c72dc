package gosession

import "testing"

// TestThirdPartyContextKeys imports a package (testdata/pkgsource/ctxkey)
// that keeps values in contexts under keys of its own unexported types:
// yaegi gave userKey{} and reqKey{} one run-time type (User found 42),
// and a plain 1 found the value of its int key (`false 42s0p1p142`);
// pkgctxkey.go tags such keys with their type's name. Its exported key
// type is left untagged, so that a cell using it finds the package's
// values and the package the cell's.
func TestThirdPartyContextKeys(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/ctxkey": testModule(t, "ctxkey")})
	s := newSession(t)
	mustRun(t, s, "import (\n\"context\"\n\"example.com/ctxkey\"\n)")
	r, err := run(t, s, `fmt.Println(ctxkey.Keys())
ctx := context.WithValue(context.Background(), ctxkey.RoleKey, "admin")
fmt.Println(ctx.Value(ctxkey.RoleKey), ctxkey.Role(ctx), ctx.Value(ctxkey.Key("role")))`)
	if err != nil {
		t.Fatalf("ctxkey: %s", errString(err))
	}
	if got, want := r.stream("stdout"), "anntrue 42s0p1<nil> <nil>\nadmin admin admin\n"; got != want { // go run
		t.Errorf("printed %q, want %q (go run)", got, want)
	}
}
