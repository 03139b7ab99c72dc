// Package pkglog logs through a *log.Logger of its own (logfatal.go).
package pkglog

import (
	"fmt"
	"log"
	"strings"
)

var buf strings.Builder

var logger = log.New(&buf, "pkg: ", 0)

// Fail logs n with the logger's Fatalf.
func Fail(n int) { logger.Fatalf("bad %d", n) }

// Out returns what the logger wrote and its type.
func Out() string { return buf.String() + fmt.Sprintf("%T", logger) }
