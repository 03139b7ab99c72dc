//go:build unix && !linux

package main

// setParentDeathSignal does nothing outside Linux: watchParent polls.
func setParentDeathSignal() {}
