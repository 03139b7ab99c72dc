// Package logat logs through the package log and a *log.Logger
// (TestThirdPartyLogAt).
package logat

import (
	"log"
	"os"
)

type loud struct{ v int }

func (l loud) String() string { return "loud" }

func debugf(format string, args ...any) { log.Printf(format, args...) }

// Run logs with the standard logger's flags and with a logger of its own.
func Run() {
	log.Println("a", 1)
	log.Printf("n=%d %v", 2, []loud{{1}})
	log.Print("b", "c")
	debugf("x=%s", "y")
	l := log.New(os.Stdout, "p: ", log.Lshortfile|log.Lmsgprefix)
	l.Printf("m=%d", 3)
	q := log.New(os.Stdout, "q ", 0)
	q.Println("plain", loud{5}, &node{6})
	defer func() { log.Println("recovered", recover()) }()
	l.Panicf("stop %d", 4)
}

type node struct{ id int }

func (n *node) String() string { return "node" }
