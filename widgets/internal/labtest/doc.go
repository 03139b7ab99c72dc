// Package labtest runs a real JupyterLab 4.6 in headless Chromium for tests:
// the application built from npm (install/frontend), served by Debian's
// jupyterlab_server 2.16.5 on jupyter_server 1.23.3 (server/labserver.py),
// with a temporary Jupyter data directory where the real `activis-kernel
// install` wrote the kernelspec and the two prebuilt extensions (the widget
// manager and anywidget's front end).
//
// A test starts one Lab, opens a notebook made of cells, runs them and reads
// what JupyterLab shows:
//
//	func TestCounter(t *testing.T) {
//		lab := labtest.Start(t, labtest.Options{})   // skips when tools are missing
//		nb := lab.Open("counter.ipynb", `m := widget.New(esm, nil)`, `m`)
//		nb.RunAll()                                   // every cell, in order, waiting for each
//		lab.WaitFor(nb.OutputSelector(1)+` button`, 10*time.Second)
//		lab.Click(nb.OutputSelector(1) + ` button`)
//		i := nb.Append(`fmt.Println(m.Get("count"))`)
//		nb.Run(i)
//		if got := nb.Text(i); got != "1\n" { t.Errorf("count = %q, want 1", got) }
//		lab.Screenshot("counter")                     // build/artifacts/lab/counter.png
//		lab.CheckConsole()                            // fails on JS errors and exceptions
//	}
//
// What it offers:
//
//   - [Start]: builds or reuses the JupyterLab application (cached by the hash
//     of install/frontend's lock file and config in
//     ~/.cache/activis-go/jupyterlab/HASH, $ACTIVIS_CACHE overrides the root),
//     builds the kernel (or takes $ACTIVIS_KERNEL; a kernel built here embeds
//     the prebuilt extensions that install/frontend/build.sh embed puts into
//     install/labext), runs `activis-kernel install` into a temporary
//     JUPYTER_DATA_DIR, starts the server on a free port of 127.0.0.1 without
//     a token and opens Chromium on it. Everything stops in t.Cleanup; a
//     failed test leaves a screenshot and the server log in build/artifacts/lab.
//   - [Lab.Open] writes a notebook (code cells; kernelspec "activis") into
//     [Lab.Root], opens it and waits until its kernel is idle;
//     [Lab.OpenKernel] does so with another kernelspec (e.g. "python3", the
//     reference kernel of frontend_test.go and of BenchmarkLabRunCell).
//   - [Notebook.Run], [Notebook.RunAll], [Notebook.Append], [Notebook.SetSource]:
//     execute through JupyterLab's own commands, as a user's Shift+Enter does.
//   - [Notebook.Outputs] (nbformat JSON of a cell's outputs), [Notebook.Text]
//     (its streams and text/plain), [Notebook.OutputSelector] (a CSS selector
//     of a cell's output area in the page), [Notebook.WaitText].
//   - [Lab.Eval], [Lab.WaitFor], [Lab.WaitJS], [Lab.Click], [Lab.ClickXY],
//     [Lab.Drag], [Lab.Center], [Lab.Browser] (the chromedp context, for
//     anything else).
//   - [Lab.Reload] (the page; widgets must come back from the kernel),
//     [Notebook.RestartKernel], [Notebook.KernelStatus].
//   - [Lab.ConsoleErrors], [Lab.CheckConsole], [Lab.Screenshot].
//
// In the page, window.jupyterapp is the JupyterLab application
// (exposeAppInBrowser) for tests that need more than the helpers.
//
// Start skips the test (with the reason) under -short, or when chromium,
// Debian's python3-jupyterlab-server/python3-jupyter-server, or npm (for a
// first build of the application) are missing; .ci/deps installs them all.
// Run `make jupyterlab` to build the application ahead of the tests.
package labtest
