// Package funcvar returns functions held in local variables, as
// github.com/olekukonko/tablewriter v0.0.5's pad does (TestFuncVarReturns).
package funcvar

// Pad centres s (a marker here).
func Pad(s, pad string, width int) string { return s + "|" }

// PadRight pads on the right (a marker here).
func PadRight(s, pad string, width int) string { return s + ">" }

// PadFunc is a named func type.
type PadFunc func(string, string, int) string

// PadOf returns the padding function for align, from a local variable.
func PadOf(align int) func(string, string, int) string {
	padFunc := Pad
	switch align {
	case 1:
		padFunc = PadRight
	}
	return padFunc
}

// Named returns a local of a named func type, with an error.
func Named() (PadFunc, error) {
	var f PadFunc = PadRight
	return f, nil
}

// Direct returns a function by name.
func Direct() func(string, string, int) string { return Pad }
