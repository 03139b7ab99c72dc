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
package install
