// Package tagenc lists a struct's fields as encoders that read a tag key
// of their own do (BurntSushi/toml, gopkg.in/yaml.v3, mapstructure), for
// the session's tests (jsonfields.go).
package tagenc

import (
	"reflect"
	"strings"
)

// Fields returns the names the fields of the struct v have under the tag
// key: unexported fields and fields tagged "-" are left out.
func Fields(v any, key string) string {
	t := reflect.TypeOf(v)
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get(key), ",")
		if f.PkgPath != "" || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		names = append(names, name)
	}
	return strings.Join(names, " ")
}

// Inner is a struct of the package with an unexported field.
type Inner struct {
	ID    int `yaml:"id"`
	token string
}
