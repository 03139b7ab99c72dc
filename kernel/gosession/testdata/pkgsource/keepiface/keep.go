// Package keepiface keeps values of its interface and of its types with
// methods in compiled containers (sync.Map, context
// values, container/list) and asserts what they give back, as
// go.mongodb.org/mongo-driver's bson caches its encoders, for the
// session's tests (pkgkeepiface.go).
package keepiface

import (
	"container/list"
	"context"
	"fmt"
	"sync"
)

// Enc encodes.
type Enc interface{ Enc() string }

// EncFunc is a function that is an Enc.
type EncFunc func() string

// Enc calls f.
func (f EncFunc) Enc() string { return f() }

type ptrEnc struct{ n int }

func (p *ptrEnc) Enc() string { return fmt.Sprint("ptr", p.n) }

type cache struct{ m sync.Map }

func (c *cache) Store(k string, e Enc) { c.m.Store(k, e) }

func (c *cache) LoadOrStore(k string, e Enc) Enc {
	if v, loaded := c.m.LoadOrStore(k, e); loaded {
		e = v.(Enc)
	}
	return e
}

func (c *cache) Load(k string) (Enc, bool) {
	if v, _ := c.m.Load(k); v != nil {
		return v.(Enc), true
	}
	return nil, false
}

type ctxKey struct{}

// Run stores encoders and encodes with what comes back.
func Run() string {
	var c cache
	c.Store("f", EncFunc(func() string { return "fn" }))
	c.Store("p", &ptrEnc{1})
	c.LoadOrStore("q", &ptrEnc{2})
	c.m.Store("direct", &ptrEnc{3})
	out := ""
	for _, k := range []string{"f", "p", "q"} {
		e, _ := c.Load(k)
		out += e.Enc() + " "
	}
	v, _ := c.m.Load("direct")
	_, isEnc := v.(Enc)
	_, isFunc := v.(EncFunc)
	out += fmt.Sprint(isEnc, isFunc, " ")

	c.m.Store("conv", Enc(EncFunc(func() string { return "conv" })))
	v, _ = c.m.Load("conv")
	out += v.(Enc).Enc() + " "

	var e Enc = EncFunc(func() string { return "ctx" })
	ctx := context.WithValue(context.Background(), ctxKey{}, e)
	out += ctx.Value(ctxKey{}).(Enc).Enc() + " "

	l := list.New()
	l.PushBack(e)
	l.PushFront(&ptrEnc{5})
	for el := l.Front(); el != nil; el = el.Next() {
		out += el.Value.(Enc).Enc() + " "
	}
	var plain any = func() string { return "plain" }
	c.m.Store("plain", plain)
	v, _ = c.m.Load("plain")
	_, isEnc = v.(Enc)
	return out + fmt.Sprint(isEnc)
}
