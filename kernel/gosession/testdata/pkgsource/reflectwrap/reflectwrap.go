// Package reflectwrap gives reflect.DeepEqual and text/template values
// holding its interface type, as TestThirdPartyReflectWrap runs it.
package reflectwrap

import (
	"fmt"
	"reflect"
	"strings"
	"text/template"
)

type Shape interface{ Area() float64 }

type Circle struct{ R float64 }

func (c Circle) Area() float64 { return 3 * c.R * c.R }

type Scene struct {
	Name   string
	Main   Shape
	Shapes []Shape
	By     map[string]Shape
}

// New returns a scene holding circles as Shapes.
func New(r float64) Scene {
	return Scene{"s", Circle{r}, []Shape{Circle{1}, Circle{3}}, map[string]Shape{"a": Circle{4}}}
}

// Run compares scenes and executes a template with one.
func Run() string {
	var sb strings.Builder
	t := template.Must(template.New("x").Parse("{{.Name}} {{.Main}} {{range .Shapes}}[{{.}}]{{end}} {{.By.a.R}}"))
	if err := t.Execute(&sb, New(2)); err != nil {
		return err.Error()
	}
	var a, b any = Circle{1}, Circle{1}
	return fmt.Sprint(sb.String(), " ", reflect.DeepEqual(New(2), New(2)), reflect.DeepEqual(New(2), New(3)), reflect.DeepEqual(a, b))
}
