//go:build !unix

package main

// watchParent does nothing on systems without Unix signals.
func watchParent() {}
