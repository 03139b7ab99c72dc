//go:build unix && !linux

package kernelcmd

// setParentDeathSignal does nothing outside Linux: watchParent polls.
func setParentDeathSignal() {}
