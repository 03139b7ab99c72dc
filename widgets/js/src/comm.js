// comm.js — the bridge from the views to the kernel. The classic Notebook
// exposes its kernel as window.Jupyter.notebook.kernel; there the views open
// a comm on target "activis" and send selections, removals and subset
// expressions. Elsewhere (JupyterLab's global scope, exported HTML) there is
// no kernel and the views run on their embedded data.

/** The classic Notebook's kernel, or null. */
export function findKernel(win) {
  try {
    const k = win && win.Jupyter && win.Jupyter.notebook && win.Jupyter.notebook.kernel;
    return k && k.comm_manager ? k : null;
  } catch (e) {
    return null;
  }
}

/**
 * Opens a comm for one output. onMessage receives the kernel's messages
 * ({type:"error", message} or {type:"ok", ...}). Returns send(msg) or null.
 */
export function connect(win, displayId, onMessage) {
  const kernel = findKernel(win);
  if (!kernel) return null;
  let comm;
  try {
    comm = kernel.comm_manager.new_comm("activis", { display_id: displayId });
  } catch (e) {
    return null;
  }
  if (comm && comm.on_msg) comm.on_msg((m) => onMessage(m && m.content ? m.content.data : {}));
  return (msg) => {
    try { comm.send({ display_id: displayId, ...msg }); } catch (e) { /* kernel gone: keep working offline */ }
  };
}
