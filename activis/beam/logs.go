package activisbeam

import (
	"context"
	"io"
	"log/slog"
	"strings"
)

// QuietLogs makes the default slog logger (which prism and the SDK harness
// log through) show warnings, errors and the pipeline's own progress lines
// ("activis: ..."), and drop the runner's routine messages. Call it after
// beam.Init, which installs Beam's handler.
func QuietLogs(w io.Writer) {
	slog.SetDefault(slog.New(&quiet{slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelInfo})}))
}

// quiet passes records at Warn and above, and those from the pipeline.
type quiet struct{ slog.Handler }

func (q *quiet) Enabled(ctx context.Context, l slog.Level) bool { return q.Handler.Enabled(ctx, l) }

func (q *quiet) Handle(ctx context.Context, r slog.Record) error {
	if r.Level >= slog.LevelWarn || strings.Contains(r.Message, "activis: ") {
		return q.Handler.Handle(ctx, r)
	}
	return nil
}

func (q *quiet) WithAttrs(a []slog.Attr) slog.Handler { return &quiet{q.Handler.WithAttrs(a)} }
func (q *quiet) WithGroup(g string) slog.Handler      { return &quiet{q.Handler.WithGroup(g)} }
