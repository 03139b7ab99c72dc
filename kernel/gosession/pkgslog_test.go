package gosession

import "testing"

// TestThirdPartySlog imports a package (testdata/pkgsource/slogpkg) that
// logs values of its types with LogValue, String and Error methods through
// a *slog.Logger and slog's Any and Group: slog logged the secret
// (`token=shhhh!`) and the underlying values (`p=x`); pkgslog.go passes
// them through the compiled interfaces that keep their methods.
func TestThirdPartySlog(t *testing.T) {
	serveModules(t, map[string]map[string]string{"example.com/slogpkg": testModule(t, "slogpkg")})
	s := newSession(t)
	mustRun(t, s, `import "example.com/slogpkg"`)
	r, err := run(t, s, "slogpkg.Run()")
	if err != nil {
		t.Fatalf("slogpkg.Run: %s", errString(err))
	}
	want := `level=INFO msg=granted user=Perry token=REDACTED
level=WARN msg=file p=path:x err="code 4"
level=ERROR msg=again token=REDACTED
level=INFO msg=attrs t=REDACTED g.p=path:y
level=INFO msg=value v=REDACTED
` // go run
	if got := r.stream("stdout"); got != want {
		t.Errorf("logged\n%s\nwant (go run)\n%s", got, want)
	}
}
