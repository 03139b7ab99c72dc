//go:build !unix

package kernelcmd

// watchParent does nothing on systems without Unix signals.
func watchParent() {}
