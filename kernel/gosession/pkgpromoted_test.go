package gosession

import "testing"

// TestPackagePromotedMethods: a package calling, through interfaces,
// methods its struct types get from embedded fields of compiled types
// (testdata/pkgsource/promoted: a *csv.Writer's Error and Flush through
// its own interface, as github.com/gocarina/gocsv's Marshal does, a
// time.Duration's String through fmt.Stringer, a sync.Mutex's Lock through
// sync.Locker, a *bytes.Buffer's Len) prints what go run prints
// (pkgpromoted.go). Before, each panicked, "method not found: Error", or
// failed to import.
func TestPackagePromotedMethods(t *testing.T) {
	wantModuleOutput(t, "promoted", "import \"example.com/promoted\"\nfmt.Println(promoted.Run())", "a,b <nil> 1.5s 3\n")
}
