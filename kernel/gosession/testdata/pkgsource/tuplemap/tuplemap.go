// Package tuplemap assigns map elements the values of calls, receives and
// comma-ok forms in tuple assignments, as TestThirdPartyMapTuples runs it.
package tuplemap

import (
	"fmt"
	"strconv"
)

func two() (int, int) { return 1, 2 }

func key() string { return "k" }

// Run stores into map elements through tuple assignments.
func Run() string {
	m := map[string]int{}
	m["a"], m["b"] = two()
	var err error
	m["c"], err = strconv.Atoi("5")
	src := map[string]int{"a": 1}
	oks := map[string]bool{}
	for _, k := range []string{"a", "x"} {
		m["s"+k], oks[k] = src[k]
	}
	ch := make(chan int, 1)
	ch <- 4
	close(ch)
	got := map[int]int{}
	var ok bool
	for i := range 2 {
		select {
		case got[i], ok = <-ch:
			oks[strconv.Itoa(i)] = ok
		}
	}
	var ia any = 3
	m["t"], ok = ia.(int)
	return fmt.Sprint(m, err, oks, got, ok)
}

// Refused stores into a map element whose key is a call's result.
func Refused() {
	m := map[string]int{}
	var x int
	m[key()], x = two()
	fmt.Println(m, x)
}
