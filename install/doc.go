// Package install writes and removes the Jupyter kernelspec of the activis
// kernel: a directory kernels/activis/ holding kernel.json (argv with the
// absolute path of the kernel binary and "{connection_file}", display name
// "Go (ActiVis)", language "go", interrupt_mode "message") and the logos,
// all embedded in the binary.
//
// Where it goes follows `jupyter kernelspec install`:
//
//	Options{}                  // the user's data dir: $JUPYTER_DATA_DIR, else
//	Options{User: true}        //   ~/.local/share/jupyter (XDG_DATA_HOME honoured)
//	Options{Prefix: "/opt/j"}  // /opt/j/share/jupyter/kernels/activis
//	Options{SysPrefix: true}   // $VIRTUAL_ENV or $CONDA_PREFIX /share/jupyter
//
// so that `jupyter kernelspec list` shows it:
//
//	dir, err := install.Install(install.Options{Binary: "/usr/local/bin/activis-kernel"})
//	dir, err = install.Uninstall(install.Options{})
//
// # Front end without pip
//
// JupyterLab 4 and Notebook 7 render widgets only with two prebuilt
// (federated) extensions in DATA/labextensions/ on the Jupyter data path: the
// widget manager @jupyter-widgets/jupyterlab-manager (pip's
// jupyterlab_widgets ships it) and anywidget's front end (pip's anywidget).
// `make frontend` builds both from npm (install/frontend: package.json,
// package-lock.json, our 20-line plugin anywidget-lab/index.js that
// registers npm's anywidget module) into install/labext, which the binary
// embeds; [Bundled] lists them (none in a binary built without npm).
//
// [InstallFrontend] writes each of them into the data dir of its Options,
// unless the same piece is already on the data path ([DataPath]:
// $JUPYTER_PATH, the user's dir, the environment's, the system's): matched
// by package name — @jupyter-widgets/jupyterlab-manager for the manager,
// anywidget or @activis-go/anywidget for anywidget — so it never installs a
// second copy; a copy it wrote itself is replaced when the bundled version
// differs. What it wrote is listed in the kernelspec directory
// (activis-frontend.json); [UninstallFrontend] removes exactly that.
//
//	r, err := install.InstallFrontend(install.Options{})   // after Install
//	fmt.Println(r.Written, r.Present, r.Missing, r.Anywidget)
//
// The anywidget version: the kernel calls [FindAnywidget] at start and, unless
// $ACTIVIS_ANYWIDGET_VERSION ([AnywidgetVersionEnv]) is set, sets it to the
// version found, so widgets can ask for a module version that front end
// satisfies (it is read at each kernel start, so a later `pip install
// anywidget` is seen after a kernel restart).
//
// [Doctor] (`activis-kernel doctor`) prints, for JupyterLab 4 / Notebook 7,
// the classic Notebook, VS Code and exported HTML, what will render (live
// widgets, static HTML, PNG snapshot) and what to install; [Inspect] returns
// the facts it is based on.
package install
