package infer

import "testing"

// TestTablesAgree checks that the Compile-time checks and the fused
// kernels are keyed by operators that have a kernel, and that no family
// table is empty.
func TestTablesAgree(t *testing.T) {
	for op := range checks {
		if kernels[op] == nil {
			t.Errorf("checks has %s, which has no kernel", op)
		}
	}
	for op := range fused {
		if kernels[op] == nil {
			t.Errorf("fused has %s, which has no kernel", op)
		}
	}
	for name, f := range kernelFamilies {
		if len(f) == 0 {
			t.Errorf("family %s has no kernels", name)
		}
	}
}
