// Package ctxkey keeps values in contexts under keys of its own types
// (TestThirdPartyContextKeys).
package ctxkey

import (
	"context"
	"fmt"
)

type userKey struct{}
type reqKey struct{}

type traceKey int

const (
	spanKey traceKey = iota
	parentKey
)

// Key is an exported key type.
type Key string

// RoleKey holds a role.
const RoleKey Key = "role"

// WithUser returns ctx with the user u.
func WithUser(ctx context.Context, u string) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// User returns the user of ctx.
func User(ctx context.Context) (string, bool) {
	u, ok := ctx.Value(userKey{}).(string)
	return u, ok
}

// Role returns the role of ctx.
func Role(ctx context.Context) any { return ctx.Value(RoleKey) }

// Keys stores values under keys of several of its types and reads them.
func Keys() string {
	ctx := WithUser(context.Background(), "ann")
	ctx = context.WithValue(ctx, reqKey{}, 42)
	ctx = context.WithValue(ctx, spanKey, "s0")
	ctx = context.WithValue(ctx, parentKey, "p1")
	u, ok := User(ctx)
	return fmt.Sprint(u, ok, ctx.Value(reqKey{}), ctx.Value(spanKey), ctx.Value(parentKey), ctx.Value(1), ctx.Value(struct{}{}))
}
