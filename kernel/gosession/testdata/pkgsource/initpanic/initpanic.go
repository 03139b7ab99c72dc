// Package initpanic panics while it is initialised, after initialising
// variables of its own (TestImportProbe): importing it in the session left
// yaegi's state half made, and later cells failed.
package initpanic

// Ready is initialised before the panic.
var Ready = map[string]int{"a": 1}

var fs = []func() int{one}

func one() int { return 1 }

var bad = func() int { panic("init boom") }()

// F is never reached.
func F() int { return Ready["a"] + fs[0]() + bad }
