package graph

// RuleFamilies exposes the shape-rule families to the external tests:
// family name → its op types.
func RuleFamilies() map[string][]string {
	out := map[string][]string{}
	for _, f := range families {
		for op := range f.rules {
			out[f.name] = append(out[f.name], op)
		}
	}
	return out
}
