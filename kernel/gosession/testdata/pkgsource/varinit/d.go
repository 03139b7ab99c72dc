package varinit

// Function values: self names a function reading sep, made is made by a
// call reading it (github.com/gocarina/gocsv's `var selfCSVWriter =
// DefaultCSVWriter`).
var self = defaultWriter

var made = mk()

func defaultWriter(s string) string { return s + sep }

func mk() func() string {
	v := sep
	return func() string { return "made" + v }
}

var sep = ";"

// Funcs gives what the function variables give.
func Funcs() string { return self("w") + " " + made() }
