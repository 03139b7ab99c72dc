// anywidget.js — the entry of the ES module bundle (assets/activis.esm.js)
// that a live widget's model carries as its _esm: anywidget's contract,
// export default {initialize, render}, each returning a cleanup.

import widget from "./widget.js";
import { injectStyle, version } from "./style.js";

export { version };

export default {
  initialize(ctx) {
    return widget.initialize(ctx);
  },
  render(ctx) {
    try {
      return widget.render({ ...ctx, injectStyle: () => injectStyle(document) });
    } catch (e) {
      const p = document.createElement("div");
      p.className = "av-error";
      p.textContent = "ActiVis views failed to start: " + (e && e.message ? e.message : String(e));
      ctx.el.append(p);
      return () => p.remove();
    }
  },
};
