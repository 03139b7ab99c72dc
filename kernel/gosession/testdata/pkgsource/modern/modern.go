// Package modern uses generic members of the standard library that the
// interpreter's symbol tables cannot hold (TestThirdPartyModern).
package modern

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"sync/atomic"
	"time"
)

type node struct{ v int }

var cfg atomic.Pointer[node]

var load = sync.OnceValue(func() int { fmt.Println("loading"); return 42 })

var pair = sync.OnceValues(func() (string, error) { return "p", nil })

// Run uses them.
func Run() {
	fmt.Println(cfg.Load() == nil)
	cfg.Store(&node{3})
	fmt.Println(cfg.Load().v)
	old := cfg.Swap(&node{4})
	fmt.Println(old.v, cfg.Load().v, cfg.CompareAndSwap(old, &node{5}), cfg.CompareAndSwap(cfg.Load(), &node{6}), cfg.Load().v)
	fmt.Println(load(), load())
	s, err := pair()
	fmt.Println(s, err)
	n := rand.N(10)
	d := rand.N(time.Second)
	fmt.Println(n >= 0 && n < 10, d >= 0 && d < time.Second)
	fmt.Println(reflect.TypeFor[int](), reflect.TypeFor[error]())
	local := sync.OnceValue(func() string { return "once" })
	fmt.Println(local())
}
