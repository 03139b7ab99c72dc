// Package ptrconstraint converts to a type parameter constrained to a
// pointer type (typeparamconv.go).
package ptrconstraint

import (
	"fmt"
	"strconv"
)

type Setter[T any] interface {
	*T
	Set(string) error
}

type IntVal struct{ V int }

func (i *IntVal) Set(s string) error {
	v, err := strconv.Atoi(s)
	i.V = v
	return err
}

func ParseAll[T any, PT Setter[T]](xs []string) ([]T, error) {
	out := make([]T, len(xs))
	for i, x := range xs {
		if err := PT(&out[i]).Set(x); err != nil {
			return nil, fmt.Errorf("item %d: %w", i, err)
		}
	}
	return out, nil
}

func Ints(xs ...string) ([]IntVal, error) { return ParseAll[IntVal](xs) }
