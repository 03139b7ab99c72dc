package astype

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
)

// NotFound is an error of this package held by pointer.
type NotFound struct{ Name string }

func (e *NotFound) Error() string { return "not found: " + e.Name }

// Code is an error of this package held by value.
type Code int

func (c Code) Error() string { return fmt.Sprintf("code %d", int(c)) }

func find(name string) error { return fmt.Errorf("lookup: %w", &NotFound{name}) }

// Run prints what errors.AsType finds.
func Run() {
	err := find("x")
	if nf, ok := errors.AsType[*NotFound](err); ok {
		fmt.Println("found", nf.Name)
	}
	_, ok := errors.AsType[Code](err)
	fmt.Println(ok)
	c, ok := errors.AsType[Code](fmt.Errorf("w: %w", Code(7)))
	fmt.Println(c, ok, int(c)+1)
	pe, ok := errors.AsType[*fs.PathError](fmt.Errorf("w: %w", &fs.PathError{Op: "open", Path: "/x", Err: fs.ErrNotExist}))
	fmt.Println(pe.Path, ok)
	_, ok = errors.AsType[*fs.PathError](err)
	fmt.Println(ok)
	joined := errors.Join(errors.New("a"), Code(3))
	c, ok = errors.AsType[Code](joined)
	fmt.Println(c, ok)
	timeout := fmt.Errorf("w: %w", os.ErrDeadlineExceeded)
	ne, ok := errors.AsType[net.Error](timeout)
	fmt.Println(ok, ne.Timeout())
	_, ok = errors.AsType[net.Error](err)
	fmt.Println(ok)
}
