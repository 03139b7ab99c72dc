package kernelbuild

import (
	"fmt"
	"strings"
)

// pattern is one --with argument: a package path or "/..." pattern, and
// an optional version query.
type pattern struct {
	path    string // as go list takes it: "gonum.org/v1/plot/..."
	version string // "" or "v0.14.0", "latest", ...
}

// String is the argument as given.
func (p pattern) String() string {
	if p.version == "" {
		return p.path
	}
	return p.path + "@" + p.version
}

// parsePatterns splits the --with arguments.
func parsePatterns(with []string) ([]pattern, error) {
	var pats []pattern
	for _, w := range with {
		p, v, _ := strings.Cut(strings.TrimSpace(w), "@")
		p = strings.TrimSuffix(p, "/")
		switch {
		case p == "" || strings.HasPrefix(p, ".") || strings.HasPrefix(p, "/") || strings.ContainsAny(p, " \t\\"):
			return nil, fmt.Errorf("kernelbuild: --with %q: want an import path, such as gonum.org/v1/plot/... or github.com/google/uuid@v1.6.0", w)
		case !strings.Contains(strings.Split(p, "/")[0], "."):
			return nil, fmt.Errorf("kernelbuild: --with %q: the standard library is in the kernel already; want a third-party import path", w)
		}
		pats = append(pats, pattern{path: p, version: v})
	}
	return pats, nil
}

// shortName is the last meaningful element of a pattern's path:
// gonum.org/v1/plot/... → plot, gopkg.in/yaml.v3 → yaml, example.com/m/v2 → m.
func shortName(p pattern) string {
	elems := strings.Split(strings.TrimSuffix(p.path, "/..."), "/")
	n := elems[len(elems)-1]
	if len(elems) > 1 && isMajorSuffix(n) {
		n = elems[len(elems)-2]
	}
	if i := strings.Index(n, ".v"); i > 0 && isMajorSuffix(n[i+1:]) {
		n = n[:i]
	}
	return n
}

// isMajorSuffix reports whether s is a major version element: v2, v10.
func isMajorSuffix(s string) bool {
	if len(s) < 2 || s[0] != 'v' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// shortNames are the distinct short names of pats, in order.
func shortNames(pats []pattern) []string {
	var names []string
	seen := map[string]bool{}
	for _, p := range pats {
		if n := shortName(p); !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return names
}

// defaultName is the kernelspec name: "activis-plot", "activis-plot-uuid".
func defaultName(pats []pattern) string {
	var b strings.Builder
	b.WriteString("activis")
	for _, n := range shortNames(pats) {
		b.WriteByte('-')
		for _, r := range strings.ToLower(n) {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
				b.WriteRune(r)
			} else {
				b.WriteByte('-')
			}
		}
	}
	return b.String()
}

// defaultDisplayName is "Go (ActiVis + plot)", "Go (ActiVis + plot, uuid)".
func defaultDisplayName(pats []pattern) string {
	return "Go (ActiVis + " + strings.Join(shortNames(pats), ", ") + ")"
}
