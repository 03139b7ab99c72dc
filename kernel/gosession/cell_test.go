package gosession

import (
	"reflect"
	"testing"
)

func TestSplit(t *testing.T) {
	type it struct {
		kind ItemKind
		line int
	}
	for i, test := range []struct {
		code string
		want []it
	}{
		{"x := 1", []it{{StmtItem, 1}}},
		{"1 + 2", []it{{ExprItem, 1}}},
		{"import \"fmt\"\nfmt.Println(1)", []it{{ImportItem, 1}, {ExprItem, 2}}},
		{"if x := 1; x > 0 {\n}\nswitch y := 2; y {\n}", []it{{StmtItem, 1}, {StmtItem, 3}}},
		{"package main\nfunc f() int { return 1 }\nf()", []it{{DeclItem, 2}, {ExprItem, 3}}},
		{"type T struct {\n\tA int\n}\nfunc (t T) M() {}\nvar v T\nconst c = 1", []it{{DeclItem, 1}, {DeclItem, 4}, {StmtItem, 5}, {DeclItem, 6}}},
		{"func() { println(1) }()", []it{{ExprItem, 1}}},
		{"func(x int) {}(1); y := 2", []it{{StmtItem, 1}, {StmtItem, 1}}},
		{"// doc\nfunc f() {}\n\nx := f", []it{{DeclItem, 1}, {StmtItem, 4}}},
		{"for i := 0; i < 3; i++ {\n}\ni", []it{{StmtItem, 1}, {ExprItem, 3}}},
		{"x := []int{\n1,\n2,\n}", []it{{StmtItem, 1}}},
	} {
		items, err := Split(test.code)
		if err != nil {
			t.Errorf("%d: Split(%q): %v", i, test.code, err)
			continue
		}
		var got []it
		for _, x := range items {
			got = append(got, it{x.Kind, x.Line})
			if test.code[x.Start:x.End] != x.Src {
				t.Errorf("%d: item source %q is not the cell's bytes [%d:%d] %q", i, x.Src, x.Start, x.End, test.code[x.Start:x.End])
			}
		}
		if !reflect.DeepEqual(got, test.want) {
			t.Errorf("%d: Split(%q) = %v, want %v", i, test.code, got, test.want)
		}
	}
}

func TestSplitDocComment(t *testing.T) {
	items, err := Split("// Add adds.\nfunc Add(a, b int) int { return a + b }")
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || items[0].Src[:12] != "// Add adds." {
		t.Errorf("doc comment not kept with its declaration: %+v", items)
	}
}

func TestSplitErrors(t *testing.T) {
	for _, code := range []string{"}", "x := (1", "s := \"abc"} {
		if _, err := Split(code); err == nil {
			t.Errorf("Split(%q) succeeded, want an error", code)
		}
	}
}
