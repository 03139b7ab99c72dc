package logat

import (
	"bytes"
	"log"
)

// Output logs through Output with call depth 1, of a logger and of the
// package log, and returns what the logger wrote (TestThirdPartyLogOutput).
func Output() string {
	var buf bytes.Buffer
	logger := log.New(&buf, "INFO: ", log.Lshortfile)
	logger.Output(1, "one")
	log.Output(1, "std")
	quiet := log.New(&buf, "", 0)
	quiet.Output(2, "no file asked")
	return buf.String()
}

// OutputCaller logs through Output with call depth 2, as the log
// package's ExampleLogger_Output does.
func OutputCaller() {
	var buf bytes.Buffer
	logger := log.New(&buf, "INFO: ", log.Lshortfile)
	infof := func(info string) { logger.Output(2, info) }
	infof("Hello world")
}
