package pkgfix

import (
	"fmt"
	"strings"
)

func record(b *strings.Builder, xs ...int) { fmt.Fprint(b, xs, " ") }

// DeferArgs defers calls whose arguments change after the defer.
func DeferArgs() (out string) {
	var b strings.Builder
	defer func() { out = b.String() }()
	x := 1
	defer record(&b, x, x*10)
	x = 2
	for i := 0; i < 3; i++ {
		defer record(&b, i)
	}
	xs := []int{7}
	defer record(&b, xs...)
	xs = []int{8}
	return ""
}

// DeferCleanup defers a function literal made before (yaegi deadlocks).
func DeferCleanup() (out string) {
	cleanup := func() { out += "cleaned" }
	defer cleanup()
	return ""
}
