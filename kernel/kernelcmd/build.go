package kernelcmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/activis-go/activis/install"
	"github.com/activis-go/activis/kernel/kernelbuild"
)

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string { return strings.Join(*l, " ") }

func (l *stringList) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// buildCmd is `activis-kernel build`: a kernel with more packages compiled
// in (package kernelbuild), installed as its own kernelspec.
func buildCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o kernelbuild.Options
	var with stringList
	fs.Var(&with, "with", "compile in `PACKAGE`: an import path, PATH/... for all the packages below it, either followed by @VERSION (repeatable)")
	fs.StringVar(&o.Name, "name", "", "kernelspec `name` (default activis-<short names>, such as activis-plot)")
	fs.StringVar(&o.DisplayName, "display-name", "", "display name (default \"Go (ActiVis + <short names>)\")")
	fs.StringVar(&o.Out, "out", "", "put the binary in `DIR` (default the kernelspec directory; the working directory with --no-install)")
	fs.BoolVar(&o.NoInstall, "no-install", false, "only build the binary")
	fs.StringVar(&o.Source, "src", "", "build against the activis checkout in `DIR` (default the source this binary was built from)")
	fs.StringVar(&o.WorkDir, "work", "", "keep the generated module in `DIR`")
	fs.BoolVar(&o.Install.User, "user", false, "install for the current user (the default)")
	fs.StringVar(&o.Install.Prefix, "prefix", "", "install into `DIR`/share/jupyter")
	fs.BoolVar(&o.Install.SysPrefix, "sys-prefix", false, "install into the active virtualenv or conda environment")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	o.With = append(with, fs.Args()...)
	if len(o.With) == 0 {
		fmt.Fprintln(stderr, "activis-kernel build: no package given; for example: activis-kernel build --with gonum.org/v1/plot/...")
		return 2
	}
	o.Log = stderr
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := kernelbuild.Build(ctx, o)
	if err != nil {
		fmt.Fprintln(stderr, "activis-kernel build:", err)
		if errors.Is(err, install.ErrNoSysPrefix) {
			return 2
		}
		return 1
	}
	fmt.Fprintf(stdout, "built %s (%d packages compiled in, %.1f MB, %v)\n", res.Binary, len(res.Packages), float64(res.Size)/1e6, res.Duration.Round(1e8))
	if res.KernelDir != "" {
		fmt.Fprintf(stdout, "installed kernelspec %s (%q) in %s; remove it with: %s uninstall --name %s\n", res.Name, res.DisplayName, res.KernelDir, res.Binary, res.Name)
	} else {
		fmt.Fprintf(stdout, "install it with: %s install --name %s\n", res.Binary, res.Name)
	}
	return 0
}
