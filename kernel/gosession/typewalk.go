package gosession

import "go/types"

// One walk through a go/types type for the refusals.
//
// Several refusals ask whether a value's static type holds, somewhere
// inside it, a session type with some property: a marshaling method
// (marshalers.go), any session type at all (reflecttype.go), a String or
// Error method below the top (nestedstringer.go), an embedded struct
// field json would promote (jsonfields.go), an interface below the top or
// a part PlainV cannot read (nestedprint.go), a type declared in a
// function or an unexported field (localprint.go). walkType walks the type once,
// depth first, each type at most once (so recursive types end), and a
// typePolicy says what each caller looks for and where the walk goes:
// map keys or not, channel elements or not, which struct fields. The
// policy's visit function sees every type (aliases resolved, so `any` is
// the empty interface) and answers whether the walk is over, skips the
// type's parts, or goes into them; a named type's part is its underlying
// type. The type checks of typecheck.go (validType, expressible) walk
// further, into signatures and type arguments, and stay their own.
// Written for this package.

// walkStep is a policy's answer for one type.
type walkStep int

const (
	// walkDescend goes into the type's parts, one level deeper.
	walkDescend walkStep = iota
	// walkThrough goes into the type's parts at the same depth.
	walkThrough
	// walkSkip leaves the type's parts out and goes on with the rest.
	walkSkip
	// walkFound ends the walk: the policy found what it looks for.
	walkFound
)

// typePolicy says what a walk looks for and where it goes.
type typePolicy struct {
	// mapKeys: the walk goes into map keys (before the elements).
	mapKeys bool
	// chans: the walk goes into channel elements.
	chans bool
	// field answers for field i of s, in order, before the walk goes into
	// it (walkSkip leaves it out, walkFound ends the walk); owner is the
	// named type s is the underlying type of, or nil for a struct written
	// out. nil: the walk goes into every field.
	field func(owner *types.Named, s *types.Struct, i int) walkStep
	// visit answers for t, reached depth levels below the start (a named
	// type's underlying type has the named type's depth).
	visit func(t types.Type, depth int) walkStep
}

// walkType walks t under p (see above) and reports whether p's visit
// answered walkFound.
func walkType(t types.Type, p typePolicy) bool {
	w := typeWalker{p: p, seen: map[types.Type]bool{}}
	return w.walk(t, nil, 0)
}

// typeWalker is the state of one walkType.
type typeWalker struct {
	p    typePolicy
	seen map[types.Type]bool
}

// walk walks t, the underlying type of owner when owner is not nil, at
// depth.
func (w *typeWalker) walk(t types.Type, owner *types.Named, depth int) bool {
	t = types.Unalias(t)
	if t == nil || w.seen[t] {
		return false
	}
	w.seen[t] = true
	next := depth + 1
	switch w.p.visit(t, depth) {
	case walkFound:
		return true
	case walkSkip:
		return false
	case walkThrough:
		next = depth
	}
	switch x := t.(type) {
	case *types.Pointer:
		return w.walk(x.Elem(), nil, next)
	case *types.Slice:
		return w.walk(x.Elem(), nil, next)
	case *types.Array:
		return w.walk(x.Elem(), nil, next)
	case *types.Chan:
		return w.p.chans && w.walk(x.Elem(), nil, next)
	case *types.Map:
		if w.p.mapKeys && w.walk(x.Key(), nil, next) {
			return true
		}
		return w.walk(x.Elem(), nil, next)
	case *types.Struct:
		for i := range x.NumFields() {
			at := next
			if w.p.field != nil {
				switch w.p.field(owner, x, i) {
				case walkFound:
					return true
				case walkSkip:
					continue
				case walkThrough:
					at = depth
				}
			}
			if w.walk(x.Field(i).Type(), nil, at) {
				return true
			}
		}
	case *types.Named:
		return w.walk(x.Underlying(), x, depth)
	}
	return false
}

// sessionNamed returns t as a named type declared in the session, or nil.
func sessionNamed(t types.Type) *types.Named {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Name() != "main" {
		return nil
	}
	return n
}
