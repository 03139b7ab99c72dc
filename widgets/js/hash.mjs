// hash.mjs — the source hash stamped into the bundle: SHA-256 over the
// sorted list of source files (path, NUL, content, NUL). widgets/views
// computes the same hash in Go (assets_test.go); keep the two in step.

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** The files that determine the bundle, relative to the package root. */
export function sourceFiles(dir) {
  const out = ["build.mjs", "hash.mjs", "package-lock.json", "package.json"];
  const walk = (rel) => {
    for (const name of readdirSync(join(dir, rel))) {
      const p = rel + "/" + name;
      if (statSync(join(dir, p)).isDirectory()) walk(p);
      else if (/\.(js|css)$/.test(name)) out.push(p);
    }
  };
  walk("src");
  return out.sort();
}

/** The hex SHA-256 of the sources (first 16 hex digits). */
export function sourceHash(dir) {
  const h = createHash("sha256");
  for (const f of sourceFiles(dir)) {
    h.update(f); h.update("\0");
    h.update(readFileSync(join(dir, f))); h.update("\0");
  }
  return h.digest("hex").slice(0, 16);
}
