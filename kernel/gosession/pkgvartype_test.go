package gosession

import "testing"

// TestPackageIndexVarTypes: package variables that index a composite
// literal of a type declared later (testdata/pkgsource/vartype, the
// array-size assertion of go.mongodb.org/mongo-driver's bson/bsoncodec)
// import and read as go run does (pkgvartype.go). Before, the import
// failed with "interpreter panic: runtime error: invalid memory address
// or nil pointer dereference".
func TestPackageIndexVarTypes(t *testing.T) {
	wantModuleOutput(t, "vartype", "import \"example.com/vartype\"\nfmt.Println(vartype.Read())", "5 9b27\n")
}
