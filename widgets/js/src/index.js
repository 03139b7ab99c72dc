// index.js — the bundle's entry: defines window.ActiVis once per page (the
// HTML of every output carries the bundle inside a guard, so only the first
// copy runs), injects the stylesheet once, and mounts outputs.

import { mount, views } from "./app.js";
import { injectStyle, version } from "./style.js";

export { version };

const api = {
  version,
  views,
  /** Mounts the output whose root element is root; errors leave the static snapshot in place. */
  mount(root) {
    try {
      injectStyle(document);
      return mount(root, window);
    } catch (e) {
      const p = document.createElement("div");
      p.className = "av-error";
      p.textContent = "ActiVis views failed to start: " + (e && e.message ? e.message : String(e));
      if (root) root.append(p);
      return null;
    }
  },
};

if (typeof window !== "undefined") window.ActiVis = api;
export default api;
