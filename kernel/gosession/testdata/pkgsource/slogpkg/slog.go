// Package slogpkg logs values of its types with log/slog
// (TestThirdPartySlog).
package slogpkg

import (
	"context"
	"log/slog"
	"os"
)

// Token is a secret that logs redacted.
type Token string

// LogValue hides the token.
func (Token) LogValue() slog.Value { return slog.StringValue("REDACTED") }

type path string

func (p path) String() string { return "path:" + string(p) }

type codeErr struct{ code int }

func (e *codeErr) Error() string { return "code " + string(rune('0'+e.code)) }

// Run logs through a logger and the package's functions.
func Run() {
	noTime := func(groups []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey && len(groups) == 0 {
			return slog.Attr{}
		}
		return a
	}
	l := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: noTime}))
	t := Token("shhhh!")
	l.Info("granted", "user", "Perry", "token", t)
	l.Warn("file", "p", path("x"), "err", &codeErr{4})
	l.With("token", t).Error("again")
	l.Log(context.Background(), slog.LevelInfo, "attrs", slog.Any("t", t), slog.Group("g", "p", path("y")))
	l.LogAttrs(context.Background(), slog.LevelInfo, "value", slog.Any("v", slog.AnyValue(t)))
}
