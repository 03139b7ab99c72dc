#!/bin/sh
# Builds, or finds already built, the front end of package.json:
#
#   build.sh app            the JupyterLab 4.6 application tests run
#                           (static/, schemas/, themes/ for labserver.py)
#   build.sh labextensions  the two prebuilt extensions activis-kernel embeds:
#                           @jupyter-widgets/jupyterlab-manager, @activis-go/anywidget
#   build.sh embed          the same, copied into ../labext/ (gitignored but
#                           its README.md), which the kernel binary embeds
#
# and prints the directory holding the result. Results are cached in
# ${ACTIVIS_CACHE:-$HOME/.cache/activis-go}/{jupyterlab,labextensions}/KEY,
# KEY being a hash of the lock file, package.json, the app config and the
# plugin source, so a fresh clone on the same machine reuses them; a cache
# miss runs `npm ci` (when node_modules is missing or older than the lock
# file) and the build. Progress goes to stderr. Concurrent runs wait on a lock.
set -eu
what=${1:-}
case $what in app|labextensions|embed) ;; *) echo "usage: build.sh app|labextensions|embed" >&2; exit 2 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
if [ "$what" = embed ]; then
  src=$(sh "$here/build.sh" labextensions)
  key=$(basename "$src")
  dest=$(cd .. && pwd)/labext
  if [ "$(cat "$dest/.key" 2>/dev/null)" != "$key" ]; then
    exec 9>"${ACTIVIS_CACHE:-${HOME:-/tmp}/.cache/activis-go}/build.lock"
    flock 9
    if [ "$(cat "$dest/.key" 2>/dev/null)" != "$key" ]; then
      find "$dest" -mindepth 1 -maxdepth 1 ! -name README.md ! -name .gitignore -exec rm -rf {} +
      cp -R "$src"/@* "$dest"/
      echo "$key" >"$dest/.key"
      echo "build.sh: prebuilt extensions copied into $dest" >&2
    fi
  fi
  echo "$dest"
  exit 0
fi
key=$(cat build.sh package.json package-lock.json app/*.js anywidget-lab/package.json anywidget-lab/index.js | sha256sum | cut -c1-16)
cache=${ACTIVIS_CACHE:-${HOME:-/tmp}/.cache/activis-go}
case $what in app) out=$cache/jupyterlab/$key ;; labextensions) out=$cache/labextensions/$key ;; esac
if [ -f "$out/.complete" ]; then echo "$out"; exit 0; fi
mkdir -p "$cache"
exec 9>"$cache/build.lock"
flock 9
if [ -f "$out/.complete" ]; then echo "$out"; exit 0; fi
# Only a cache miss needs Node.js and npm (exit 3: the caller may skip).
for tool in node npm; do
  command -v $tool >/dev/null || { echo "build.sh: $tool not found (apt-get install nodejs npm)" >&2; exit 3; }
done

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "build.sh: npm ci in $here" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
# The core package the prebuilt extensions are built against: ours, minus the
# extensions themselves (a package may not share itself).
mkdir -p build/core
node -e '
const p = require("./package.json");
for (const d of ["@activis-go/anywidget", "@jupyter-widgets/jupyterlab-manager", "anywidget"]) delete p.dependencies[d];
require("fs").writeFileSync("build/core/package.json", JSON.stringify(p, null, 2));'
# The plugin registers anywidget at its own version: it must be anywidget's.
node -e '
const want = require("./anywidget-lab/package.json").version;
const got = JSON.parse(require("fs").readFileSync("node_modules/anywidget/package.json", "utf8")).version;
if (want !== got) { console.error(`build.sh: anywidget-lab/package.json has version ${want}, the anywidget it wraps is ${got}`); process.exit(1); }'

tmp=$out.tmp.$$
rm -rf "$tmp"
mkdir -p "$tmp"
start=$(date +%s)
case $what in
app)
  echo "build.sh: building the JupyterLab application into $out (about 20 s to a few minutes)" >&2
  JUPYTERLAB_OUT=$tmp node node_modules/webpack/bin/webpack.js --config app/webpack.config.js >"$tmp.log" 2>&1 \
    || { tail -40 "$tmp.log" >&2; exit 1; }
  rm -rf "$tmp/work"
  ;;
labextensions)
  for pkg in node_modules/@jupyter-widgets/jupyterlab-manager anywidget-lab; do
    name=$(node -p "require('./$pkg/package.json').name")
    echo "build.sh: build-labextension $name" >&2
    node node_modules/@jupyterlab/builder/lib/build-labextension.js --core-path build/core "$pkg" >"$tmp.log" 2>&1 \
      || { tail -40 "$tmp.log" >&2; exit 1; }
    mkdir -p "$tmp/$(dirname "$name")"
    cp -R "$pkg/labextension" "$tmp/$name"
  done
  ;;
esac
rm -f "$tmp.log"
echo "built in $(( $(date +%s) - start )) s" >"$tmp/.complete"
rm -rf "$out"
mv "$tmp" "$out"
# Keep the three newest builds of this kind; older keys are stale.
for old in $(ls -1dt "$(dirname "$out")"/*/ 2>/dev/null | tail -n +4); do rm -rf "$old"; done
echo "build.sh: $what built in $(( $(date +%s) - start )) s" >&2
echo "$out"
