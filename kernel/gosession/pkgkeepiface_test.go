package gosession

import "testing"

// TestPackageKeptIfaces: values of a package's interface and of its types
// with methods (a func type, a pointer) kept in sync.Map, a context and a container/list come back asserting to the
// interface as go run does, and a plain func kept the same way does not
// (testdata/pkgsource/keepiface; pkgkeepiface.go). Before, asserting
// what sync.Map gave back panicked, "interface conversion: nil is not
// keepiface.Enc", as go.mongodb.org/mongo-driver's bson's encoder cache
// did.
func TestPackageKeptIfaces(t *testing.T) {
	wantModuleOutput(t, "keepiface", "import \"example.com/keepiface\"\nfmt.Println(keepiface.Run())",
		"fn ptr1 ptr2 true false conv ctx ptr5 ctx false\n")
}
