// Package embedded fills variables with //go:embed, as
// github.com/go-echarts/go-echarts embeds its templates, for the session's
// tests (pkgembed.go).
package embedded

import (
	_ "embed"
	"fmt"
	"strings"
	"text/template"
)

//go:embed greeting.tpl
var greeting string

// Blob is a file's bytes.
//
//go:embed blob.bin
var Blob []byte

// Greet fills the template.
func Greet(name string) string {
	var sb strings.Builder
	template.Must(template.New("g").Parse(greeting)).Execute(&sb, name)
	return fmt.Sprintf("%q %d %q", sb.String(), len(Blob), Blob[len(Blob)-1])
}
