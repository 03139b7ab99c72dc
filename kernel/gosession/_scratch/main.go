package main

import (
	"fmt"
	"os"

	"github.com/activis-go/activis/kernel/gosession/symbols"
	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

func main() {
	i := interp.New(interp.Options{Stdout: os.Stdout, Stderr: os.Stderr})
	i.Use(stdlib.Symbols)
	i.Use(symbols.Symbols)
	for _, s := range os.Args[1:] {
		func() {
			defer func() {
				if r := recover(); r != nil {
					fmt.Println("PANIC", r)
				}
			}()
			v, err := i.Eval(s)
			fmt.Printf("== %q\n   -> %v err=%v\n", s, v, err)
		}()
	}
}
