// Command activis-kernel is the Go (ActiVis) Jupyter kernel.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "activis-kernel: under construction")
	os.Exit(2)
}
