// style.js — the stylesheet, injected once per page and bundle version
// (scoped under .activis-root, see style.css).

import css from "./style.css";

/** Hash of the sources this bundle was built from (set by build.mjs). */
export const version = typeof __ACTIVIS_HASH__ === "string" ? __ACTIVIS_HASH__ : "dev";

/** Adds the stylesheet to doc unless this version's is there already. */
export function injectStyle(doc) {
  const id = "activis-style-" + version;
  if (doc.getElementById(id)) return;
  const st = doc.createElement("style");
  st.id = id;
  st.textContent = css;
  doc.head.append(st);
}
