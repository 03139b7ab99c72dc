// Package kernelcmd is the activis-kernel command as a library: Main runs it
// on its arguments. The command kernel/cmd/activis-kernel is Main with the
// standard packages; a kernel made by `activis-kernel build --with MODULE`
// (package kernelbuild) is a generated main that links more compiled
// packages into the interpreter's symbol table and calls Main with its own
// kernelspec name.
//
// Usage:
//
//	activis-kernel CONNECTION_FILE     serve a front end (what kernel.json runs)
//	activis-kernel install [flags]     write the kernelspec "activis"
//	activis-kernel uninstall [flags]   remove it
//	activis-kernel doctor [--name N]   say what each front end will render and what to install
//	activis-kernel version             print the versions
//	activis-kernel build --with MODULE/...  build a kernel with more compiled packages
//
// install and uninstall take --user (the default: $JUPYTER_DATA_DIR or
// ~/.local/share/jupyter), --prefix DIR or --sys-prefix, and --name;
// install also takes --display-name and --no-frontend.
//
// install also writes the two prebuilt JupyterLab extensions that JupyterLab
// 4 and Notebook 7 need to render widgets, when the binary carries them
// (`make build` embeds them; see install/labext) and they are not already on
// the Jupyter data path (pip's jupyterlab_widgets and anywidget provide the
// same): the widget manager @jupyter-widgets/jupyterlab-manager and
// anywidget's front end, into <data dir>/labextensions/. It never installs a
// second copy, prints what it found and that the Jupyter server must be
// restarted; --no-frontend skips this. uninstall removes only what install
// wrote (listed in the kernelspec's activis-frontend.json).
//
// At start the kernel looks for the anywidget front end on the Jupyter data
// path and, unless ACTIVIS_ANYWIDGET_VERSION is set, sets it to that
// version, so widgets ask for a module version the front end satisfies.
//
// While serving, SIGINT interrupts the running cell (like an
// interrupt_request) and SIGTERM shuts the kernel down; so does the death
// of its parent process or of the process named by JPY_PARENT_PID
// (parent_unix.go). The history of
// executed cells is kept in $ACTIVIS_HISTORY, by default
// <Jupyter data dir>/activis/history.jsonl; ACTIVIS_HISTORY=off keeps it in
// memory only.
package kernelcmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/activis-go/activis/install"
	"github.com/activis-go/activis/kernel"
	"github.com/activis-go/activis/kernel/wire"
)

// Config describes a build of the kernel command.
type Config struct {
	// Name is the kernelspec name install, uninstall and doctor use when
	// --name is not given; "" means install.DefaultName.
	Name string
	// DisplayName is the display name install writes when --display-name
	// is not given; "" means "Go (ActiVis)".
	DisplayName string
	// Packages are the packages compiled into this kernel beyond the
	// standard ones (what `activis-kernel build --with` added), for
	// version.
	Packages []string
}

// name returns the kernelspec name of c.
func (c Config) name() string {
	if c.Name == "" {
		return install.DefaultName
	}
	return c.Name
}

const usage = `usage:
  activis-kernel CONNECTION_FILE      run the kernel (Jupyter starts it this way)
  activis-kernel install [--user | --prefix DIR | --sys-prefix] [--name NAME] [--display-name NAME] [--no-frontend]
  activis-kernel uninstall [--user | --prefix DIR | --sys-prefix] [--name NAME]
  activis-kernel doctor [--name NAME]
  activis-kernel build --with MODULE[/...][@VERSION] [--with ...] [--name NAME] [--display-name NAME] [--out DIR] [--no-install] [--user | --prefix DIR | --sys-prefix]
  activis-kernel version
`

// Main runs the command on args (without the program name), writing to
// stdout and stderr, and returns the exit status.
func Main(cfg Config, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "install", "uninstall":
		return installCmd(cfg, args[0], args[1:], stdout, stderr)
	case "doctor":
		return doctorCmd(cfg, args[1:], stdout, stderr)
	case "build":
		return buildCmd(args[1:], stdout, stderr)
	case "probe-import": // hidden: the session's child process (session_yaegi.go)
		if len(args) != 2 {
			fmt.Fprint(stderr, usage)
			return 2
		}
		return probeImportCmd(args[1])
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "activis-kernel %s (Jupyter protocol %s, %s, %s)\n", kernel.Version, wire.ProtocolVersion, runtime.Version(), sessionKind)
		if len(cfg.Packages) > 0 {
			fmt.Fprintf(stdout, "compiled in: %s\n", strings.Join(cfg.Packages, " "))
		}
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	if strings.HasPrefix(args[0], "-") || len(args) > 1 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	watchParent()
	if err := serve(args[0], stderr); err != nil {
		fmt.Fprintln(stderr, "activis-kernel:", err)
		return 1
	}
	return 0
}

func installCmd(cfg Config, cmd string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o install.Options
	fs.BoolVar(&o.User, "user", false, "install for the current user ($JUPYTER_DATA_DIR or ~/.local/share/jupyter; the default)")
	fs.StringVar(&o.Prefix, "prefix", "", "install into `DIR`/share/jupyter")
	fs.BoolVar(&o.SysPrefix, "sys-prefix", false, "install into the active virtualenv or conda environment")
	fs.StringVar(&o.Name, "name", cfg.name(), "kernelspec `name`")
	noFrontend := false
	if cmd == "install" {
		def := cfg.DisplayName
		if def == "" {
			def = "Go (ActiVis)"
		}
		fs.StringVar(&o.DisplayName, "display-name", cfg.DisplayName, fmt.Sprintf("display name shown by front ends (default %q)", def))
		fs.BoolVar(&noFrontend, "no-frontend", false, "do not install the JupyterLab widget extensions")
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "activis-kernel %s: unexpected argument %q\n", cmd, fs.Arg(0))
		return 2
	}
	if cmd == "install" {
		dir, err := install.Install(o)
		if err != nil {
			fmt.Fprintln(stderr, "activis-kernel:", err)
			return 1
		}
		fmt.Fprintf(stdout, "installed kernelspec %s in %s\n", filepath.Base(dir), dir)
		if noFrontend {
			return 0
		}
		r, err := install.InstallFrontend(o)
		if err != nil {
			fmt.Fprintln(stderr, "activis-kernel:", err)
			return 1
		}
		printFrontend(stdout, r)
		return 0
	}
	removed, err := install.UninstallFrontend(o)
	if err != nil {
		fmt.Fprintln(stderr, "activis-kernel:", err)
		return 1
	}
	for _, d := range removed {
		fmt.Fprintf(stdout, "removed JupyterLab extension %s\n", d)
	}
	dir, err := install.Uninstall(o)
	if err != nil {
		fmt.Fprintln(stderr, "activis-kernel:", err)
		return 1
	}
	fmt.Fprintf(stdout, "removed kernelspec %s from %s\n", filepath.Base(dir), dir)
	return 0
}

// printFrontend says what InstallFrontend did and what the user must do next.
func printFrontend(w io.Writer, r *install.FrontendReport) {
	for _, e := range r.Written {
		fmt.Fprintf(w, "installed JupyterLab extension %s in %s\n", e, e.Dir)
	}
	for _, e := range r.Present {
		fmt.Fprintf(w, "found JupyterLab extension %s in %s (not installed again)\n", e, e.Dir)
	}
	for _, m := range r.Missing {
		fmt.Fprintf(w, "not installed: the %s: this activis-kernel was built without the JupyterLab front end "+
			"(build it with `make build`, npm needed) or run `pip install anywidget`; until then JupyterLab and Notebook 7 show static views\n", m)
	}
	if r.Anywidget != nil {
		fmt.Fprintf(w, "anywidget front end: %s (the kernel tells its widgets this version through %s)\n", r.Anywidget, install.AnywidgetVersionEnv)
	}
	if len(r.Written) > 0 {
		fmt.Fprintln(w, "restart the Jupyter server (JupyterLab, Notebook 7) so that it loads the new extensions")
	}
}

func doctorCmd(cfg Config, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("doctor", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o install.Options
	fs.StringVar(&o.Name, "name", cfg.name(), "kernelspec `name`")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "activis-kernel doctor: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if err := install.Doctor(stdout, o); err != nil {
		fmt.Fprintln(stderr, "activis-kernel:", err)
		return 1
	}
	return 0
}

// historyFile returns where the history is kept, "" for memory only.
func historyFile() string {
	if f, ok := os.LookupEnv("ACTIVIS_HISTORY"); ok {
		if f == "off" {
			return ""
		}
		return f
	}
	d, err := install.UserDataDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "activis", "history.jsonl")
}

func serve(connFile string, stderr io.Writer) error {
	b := newSessionBuilder()
	// Compiled code's output to the process's stdout and stderr goes to
	// the cells; the kernel logs to the original stderr.
	stderr, restore, capErr := b.captureStdio(stderr)
	defer restore()
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	if capErr != nil {
		log.Warn("output of compiled code to the process's stdout and stderr stays in the kernel's log", "err", capErr)
	}
	// Widgets ask for the anywidget version the front end has (install doc).
	if _, set := os.LookupEnv(install.AnywidgetVersionEnv); !set {
		if e, ok := install.FindAnywidget(); ok {
			os.Setenv(install.AnywidgetVersionEnv, e.Version)
		}
	}
	info, err := wire.ReadConnectionFile(connFile)
	if err != nil {
		return err
	}
	codec, err := wire.NewCodec(info.SignatureScheme, info.Key)
	if err != nil {
		return err
	}
	hist, err := kernel.NewHistory(historyFile())
	if err != nil {
		log.Warn("history kept in memory only", "err", err)
		hist, _ = kernel.NewHistory("")
	}
	tr, err := wire.Listen(info)
	if err != nil {
		return err
	}
	defer tr.Close()

	sess, err := b.session()
	if err != nil {
		return fmt.Errorf("starting the Go session: %w", err)
	}
	defer sess.Close()
	k, err := kernel.New(kernel.Config{
		Session: sess, Transport: tr, Codec: codec, Connection: info, History: hist, Logger: log,
	})
	if err != nil {
		return err
	}
	b.attach(k.Comms())

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sig := make(chan os.Signal, 4)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	go func() {
		for s := range sig {
			if s == os.Interrupt {
				log.Info("SIGINT: interrupting the running cell")
				k.Interrupt()
				continue
			}
			log.Info("terminating", "signal", s.String())
			cancel()
		}
	}()
	err = k.Run(ctx)
	// Let the PUB socket send the last status and shutdown messages.
	time.Sleep(50 * time.Millisecond)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
