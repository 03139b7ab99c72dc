package gosession

import (
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// fatalExports replaces runtime functions that would kill the kernel
// process with ones that panic in the cell: runtime.Breakpoint raises
// SIGTRAP, which ends the process when no debugger is attached.
func fatalExports() interp.Exports {
	return interp.Exports{"runtime/runtime": {
		"Breakpoint": reflect.ValueOf(func() {
			panic("runtime.Breakpoint: no debugger is attached to the kernel (it would stop the process); the cell stopped here")
		}),
	}}
}
