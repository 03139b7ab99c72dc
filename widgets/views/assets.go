package views

import (
	_ "embed"
	"regexp"
)

// bundleJS is the front end (widgets/js) bundled by esbuild: D3 modules,
// dagre and the four views, with the stylesheet inside. `make assets`
// rebuilds it; TestBundleMatchesSources checks it is not stale.
//
//go:embed assets/activis.js
var bundleJS string

// moduleJS is the same front end as an ES module with anywidget's default
// export {initialize, render}: the _esm of the live explorer widget.
//
//go:embed assets/activis.esm.js
var moduleJS string

var bundleHashRE = regexp.MustCompile(`^/\* activis-views sources:([0-9a-f]{16}) `)

// BundleHash returns the source hash the embedded bundle was built from
// (the first line of assets/activis.js), or "" when it has none.
func BundleHash() string {
	m := bundleHashRE.FindStringSubmatch(bundleJS)
	if m == nil {
		return ""
	}
	return m[1]
}
