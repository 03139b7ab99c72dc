// Package fsys embeds a file system, which the interpreter cannot fill.
package fsys

import "embed"

//go:embed a.txt
var files embed.FS

// Read reads a.txt.
func Read() (string, error) {
	b, err := files.ReadFile("a.txt")
	return string(b), err
}
