package gosession

import (
	"fmt"
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// An import that failed, tried again.
//
// yaegi v0.16.1 marks a package interpreted from source as being imported
// (its import-cycle check) before it compiles it, and clears the mark
// nowhere: once `import "example.com/bad"` had failed (a compile error in
// the package), importing it again, after `%go get` of a fixed version,
// said "import cycle not allowed". After a failed import the session
// forgets the marks, and the half-made package scopes, of the packages
// that were not registered (forgetFailedImports), so that the next import
// compiles them afresh. Written for this package; it reads and writes
// yaegi's unexported fields (exposed, genericnames.go), which
// TestImportRetry checks against the pinned yaegi version.

// forgetFailedImports removes the import marks and scopes of the source
// packages yaegi began to import but did not register, and reports a
// description of what it could not read (yaegi's layout changed), or "".
func forgetFailedImports(in *interp.Interpreter) (problem string) {
	defer func() {
		if r := recover(); r != nil {
			problem = fmt.Sprint(r)
		}
	}()
	iv := reflect.ValueOf(in).Elem()
	rdir := exposed(iv.FieldByName("rdir"))
	srcPkg := exposed(iv.FieldByName("srcPkg"))
	scopes := exposed(iv.FieldByName("scopes"))
	if rdir.Kind() != reflect.Map || srcPkg.Kind() != reflect.Map || scopes.Kind() != reflect.Map {
		return "interp.Interpreter has no rdir, srcPkg or scopes map"
	}
	var failed []reflect.Value
	for it := rdir.MapRange(); it.Next(); {
		if !srcPkg.MapIndex(it.Key()).IsValid() {
			failed = append(failed, it.Key())
		}
	}
	for _, k := range failed {
		rdir.SetMapIndex(k, reflect.Value{})
		scopes.SetMapIndex(k, reflect.Value{})
	}
	return ""
}
