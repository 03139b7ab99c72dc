// Package loopvar captures loop variables in closures, goroutines and
// pointers (Go 1.22: a variable per iteration).
package loopvar

import (
	"fmt"
	"sync"
)

// Closures captures range variables.
func Closures() string {
	var fs []func() string
	for i, s := range []string{"a", "b", "c"} {
		fs = append(fs, func() string { return fmt.Sprint(i, s) })
	}
	out := ""
	for _, f := range fs {
		out += f() + " "
	}
	return out
}

// Pointers takes the address of a three-clause loop variable.
func Pointers() []int {
	var ps []*int
	for i := 0; i < 3; i++ {
		ps = append(ps, &i)
	}
	var out []int
	for _, p := range ps {
		out = append(out, *p)
	}
	return out
}

// CopyBack changes a captured loop variable in the body.
func CopyBack() []int {
	var fs []func() int
outer:
	for i, n := 0, 10; i < n; i++ {
		fs = append(fs, func() int { return i * 10 })
		if i%2 == 0 {
			i++
			continue outer
		}
		i += 2
	}
	var out []int
	for _, f := range fs {
		out = append(out, f())
	}
	return out
}

// Goroutines sums loop variables read by goroutines.
func Goroutines() int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	sum := 0
	for i := 0; i < 100; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			sum += i
			mu.Unlock()
		}()
	}
	wg.Wait()
	return sum
}

// Fail panics on the line after a rewritten loop (line 79).
func Fail() {
	for i := 0; i < 1; i++ {
		defer func() { _ = &i }()
		i++
	}
	panic("loopvar line 79")
}

// Redeclare declares the loop variables again in the loop bodies.
func Redeclare() []int {
	var ps []*int
	for x := 70; x < 73; x++ {
		ps = append(ps, &x)
		x := x - 70
		ps = append(ps, &x)
	}
	for i, v := range []int{5, 6} {
		f := func() int { return i + v }
		i := f() * 10
		ps = append(ps, &i)
	}
	for i := 0; i < 6; i++ {
		q := &i
		i++
		i := *q * 2
		ps = append(ps, &i)
	}
	var out []int
	for _, p := range ps {
		out = append(out, *p)
	}
	return out
}
