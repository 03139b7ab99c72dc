// Command activis-kernel is the Go (ActiVis) Jupyter kernel.
//
// Usage:
//
//	activis-kernel CONNECTION_FILE     serve a front end (what kernel.json runs)
//	activis-kernel install [flags]     write the kernelspec "activis"
//	activis-kernel uninstall [flags]   remove it
//	activis-kernel version             print the versions
//
// install and uninstall take --user (the default: $JUPYTER_DATA_DIR or
// ~/.local/share/jupyter), --prefix DIR or --sys-prefix, and --name;
// install also takes --display-name.
//
// While serving, SIGINT interrupts the running cell (like an
// interrupt_request) and SIGTERM shuts the kernel down. The history of
// executed cells is kept in $ACTIVIS_HISTORY, by default
// <Jupyter data dir>/activis/history.jsonl; ACTIVIS_HISTORY=off keeps it in
// memory only.
package main

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

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  activis-kernel CONNECTION_FILE      run the kernel (Jupyter starts it this way)
  activis-kernel install [--user | --prefix DIR | --sys-prefix] [--name NAME] [--display-name NAME]
  activis-kernel uninstall [--user | --prefix DIR | --sys-prefix] [--name NAME]
  activis-kernel version
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "install", "uninstall":
		return installCmd(args[0], args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "activis-kernel %s (Jupyter protocol %s, %s, %s)\n", kernel.Version, wire.ProtocolVersion, runtime.Version(), sessionKind)
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	if strings.HasPrefix(args[0], "-") || len(args) > 1 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if err := serve(args[0], stderr); err != nil {
		fmt.Fprintln(stderr, "activis-kernel:", err)
		return 1
	}
	return 0
}

func installCmd(cmd string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o install.Options
	fs.BoolVar(&o.User, "user", false, "install for the current user ($JUPYTER_DATA_DIR or ~/.local/share/jupyter; the default)")
	fs.StringVar(&o.Prefix, "prefix", "", "install into `DIR`/share/jupyter")
	fs.BoolVar(&o.SysPrefix, "sys-prefix", false, "install into the active virtualenv or conda environment")
	fs.StringVar(&o.Name, "name", install.DefaultName, "kernelspec `name`")
	if cmd == "install" {
		fs.StringVar(&o.DisplayName, "display-name", "", "display name shown by front ends (default \"Go (ActiVis)\")")
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
		return 0
	}
	dir, err := install.Uninstall(o)
	if err != nil {
		fmt.Fprintln(stderr, "activis-kernel:", err)
		return 1
	}
	fmt.Fprintf(stdout, "removed kernelspec %s from %s\n", filepath.Base(dir), dir)
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
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
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

	b := newSessionBuilder()
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
