package typed

import "fmt"

// DeferLoop defers function literals using the variables of loops.
func DeferLoop() (out string) {
	for _, v := range []string{"a", "b", "c"} {
		w := v + "!"
		defer func() { out += v + w }()
	}
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			defer func(sep string) { out += fmt.Sprint(i, j, sep) }(";")
		}
	}
	return ""
}

// level is read by DeferReceiver, in another file.
var level = 1
