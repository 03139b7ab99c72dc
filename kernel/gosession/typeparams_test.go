package gosession

import (
	"context"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

func TestRenameTypeParams(t *testing.T) {
	src := `package main
type Stack[T any] struct{ items []T }
func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }
func Map[T, U any](s []T, f func(T) U) []U { var out []U; return out }
func Plain(T int) int { return T }
`
	f, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	renameTypeParams(f)
	got := nodeString(token.NewFileSet(), f)
	for _, want := range []string{
		"type Stack[_activis_T any] struct{ items []_activis_T }",
		"func (s *Stack[_activis_T]) Push(v _activis_T) {",
		"func Map[_activis_T, _activis_U any](s []_activis_T, f func(_activis_T) _activis_U) []_activis_U",
		"func Plain(T int) int {\n\treturn T\n}", // not a type parameter
	} {
		if !strings.Contains(got, want) {
			t.Errorf("renamed source lacks %q:\n%s", want, got)
		}
	}
	if msg := userTypeParams("cannot use x (type _activis_T) as _activis_Elem"); msg != "cannot use x (type T) as Elem" {
		t.Errorf("userTypeParams = %q", msg)
	}
}

// TestTypeParamsInspection checks that inspection shows the user's type
// parameter names.
func TestTypeParamsInspection(t *testing.T) {
	s := newSession(t)
	mustRun(t, s, "func Map[T, U any](s []T, f func(T) U) []U { return nil }")
	res := s.Execute(context.Background(), kernelReq("?Map"), &recorder{})
	if res.Err != nil || len(res.Payload) != 1 {
		t.Fatalf("?Map: %s, payload %v", errString(res.Err), res.Payload)
	}
	text, _ := res.Payload[0]["data"].(map[string]any)["text/plain"].(string)
	if !strings.Contains(text, "func Map[T, U any](s []T, f func(T) U) []U") || strings.Contains(text, "_activis") {
		t.Errorf("?Map shows %q", text)
	}
}
