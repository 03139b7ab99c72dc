package display_test

import (
	"fmt"

	"github.com/activis-go/activis/widgets/display"
)

// A value's bundle: Renderer values render themselves, anything else
// becomes readable (and, when large, truncated) text.
func ExampleConvert() {
	b, _ := display.Convert(display.HTML("<b>bold</b>"), nil)
	fmt.Println(b.Data["text/html"])
	b, _ = display.Convert(make([]int, 100), nil)
	fmt.Println(b.Data["text/plain"])
	// Output:
	// <b>bold</b>
	// [0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 …+80]
	// (cut: showing 20 of 100 elements of []int)
}
