// Package crash ends the process where it is initialised: unlocking an
// unlocked mutex is a fatal error of the Go runtime, which no recover
// stops.
package crash

import "sync"

func init() {
	var mu sync.Mutex
	mu.Unlock()
}

// Hello is never reached.
func Hello() string { return "hello" }
