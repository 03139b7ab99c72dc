package activis

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/expr-lang/expr/file"
)

// testRun builds a small run by hand: 8 instances of 3 classes with
// scores, a numeric, a categorical and a text attribute, and a 4-neuron
// tensor "fc1" whose neuron j of instance i is i - j.
func exTestRun(t testing.TB) *Run {
	t.Helper()
	in := NewInstances([]string{"T-shirt", "Shirt", "Bag"}, 8)
	in.IDs = []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	in.Labels = []int{0, 1, 1, 2, 1, 0, 2, -1}
	in.Predicted = []int{0, 0, 1, 2, 2, 0, 1, 1}
	for i := range in.IDs {
		s := []float32{0.1, 0.1, 0.1}
		s[max(in.Predicted[i], 0)] = 0.8
		if i == 4 {
			s[1] = 0.35 // misclassified shirt with a fair Shirt score
		}
		in.Scores = append(in.Scores, s...)
	}
	exMust(t, in.SetNumeric("brightness", []float64{0.1, 0.9, 0.5, math.NaN(), 0.7, 0.2, 0.6, 0.3}))
	exMust(t, in.SetText("colour", []string{"red", "blue", "red", "green", "blue", "red", "green", "blue"}, true))
	exMust(t, in.SetText("review", []string{"Great shirt!", "not great", "meh", "", "GREAT value", "bad", "ok", "great"}, false))
	exMust(t, in.SetNumeric("len", []float64{1, 2, 3, 4, 5, 6, 7, 8})) // shadows a builtin: attr("len") only
	data := make([]float32, 8*4)
	for i := 0; i < 8; i++ {
		for j := 0; j < 4; j++ {
			data[i*4+j] = float32(i - j)
		}
	}
	r, err := NewRun(in, map[string]*Activations{"fc1": NewActivations(data, 8, 4)})
	exMust(t, err)
	return r
}

func exMust(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func exIndices(b *IndexSet) []int {
	out := []int{}
	for i, ok := b.Next(0); ok; i, ok = b.Next(i + 1) {
		out = append(out, i)
	}
	return out
}

func TestSubsetExpressions(t *testing.T) {
	r := exTestRun(t)
	for _, test := range []struct {
		expr string
		want []int
	}{
		{`label == "Shirt"`, []int{1, 2, 4}},
		{`label == "Shirt" && predicted != label`, []int{1, 4}},
		{`label == "Shirt" && predicted != label && score("Shirt") > 0.3`, []int{4}},
		{`correct`, []int{0, 2, 3, 5}},
		{`!correct`, []int{1, 4, 6, 7}},
		{`label == ""`, []int{7}},
		{`label in ["Bag", "T-shirt"]`, []int{0, 3, 5, 6}},
		{`"great" in words`, []int{0, 1, 4, 7}},
		{`"great" in tokens(text("review")) && brightness > 0.5`, []int{1, 4}},
		{`act("fc1", 2) > 3`, []int{6, 7}},
		{`act("fc1", 0) >= 6 || index == 0`, []int{0, 6, 7}},
		{`id in ["b", "h"]`, []int{1, 7}},
		{`colour == "red"`, []int{0, 2, 5}},
		{`text("colour") == "blue" and attr("brightness") < 0.8`, []int{4, 7}},
		{`attr("len") > 6`, []int{6, 7}},
		{`len(words) == 0`, []int{3}},
		{`review contains "!"`, []int{0}},
		{`brightness != brightness`, []int{3}}, // NaN: the missing value
	} {
		t.Run(test.expr, func(t *testing.T) {
			b, err := NewSubset("s", test.expr).Members(r)
			if err != nil {
				t.Fatal(err)
			}
			if got := exIndices(b); !reflect.DeepEqual(got, test.want) {
				t.Errorf("members %v, want %v", got, test.want)
			}
		})
	}
}

func TestSubsetExpressionErrors(t *testing.T) {
	r := exTestRun(t)
	for _, test := range []struct {
		expr     string
		sentinel error
		contains []string // in the message
		line     int
		column   int
	}{
		{expr: `label == "Shirtt"`, sentinel: ErrUnknownClass, contains: []string{`"Shirtt"`, "(1:10)"}, line: 1, column: 9},
		{expr: `correct && "Sneaker" != predicted`, sentinel: ErrUnknownClass, contains: []string{`"Sneaker"`}, line: 1, column: 11},
		{expr: `label in ["Bag", "Coat"]`, sentinel: ErrUnknownClass, contains: []string{`"Coat"`}, line: 1, column: 17},
		{expr: `score("Sandal") > 0.5`, sentinel: ErrUnknownClass, contains: []string{`"Sandal"`}, line: 1, column: 6},
		{expr: `attr("brightnes") > 1`, sentinel: ErrUnknownAttr, contains: []string{`"brightnes"`, `"brightness"`}, line: 1, column: 5},
		{expr: `act("fc2", 1) > 0`, sentinel: ErrUnknownTensor, contains: []string{`"fc2"`, `"fc1"`}, line: 1, column: 4},
		{expr: `act("fc1", 4) > 0`, sentinel: ErrRange, contains: []string{"neuron 4"}, line: 1, column: 11},
		{expr: "correct &&\n  lable == \"Shirt\"", contains: []string{"lable", "(2:3)"}, line: 2, column: 2},
		{expr: `label == `, contains: []string{"(1:"}, line: 1},
		{expr: `label + 1`, contains: []string{"mismatched types"}, line: 1},
		{expr: `score("Shirt")`, contains: []string{"bool"}, line: 1},
	} {
		t.Run(test.expr, func(t *testing.T) {
			_, err := NewSubset("bad", test.expr).Members(r)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, ErrExpr) {
				t.Errorf("error %v does not wrap ErrExpr", err)
			}
			if test.sentinel != nil && !errors.Is(err, test.sentinel) {
				t.Errorf("error %v does not wrap %v", err, test.sentinel)
			}
			msg := err.Error()
			for _, c := range append(test.contains, `subset "bad"`) {
				if !strings.Contains(msg, c) {
					t.Errorf("error %q lacks %q", msg, c)
				}
			}
			var fe *file.Error
			if !errors.As(err, &fe) {
				t.Fatalf("error %v carries no position", err)
			}
			if fe.Line != test.line || (test.column != 0 && fe.Column != test.column) {
				t.Errorf("position %d:%d, want %d:%d", fe.Line, fe.Column, test.line, test.column)
			}
		})
	}
}

func TestSubsetComposition(t *testing.T) {
	r := exTestRun(t)
	shirts := ClassSubset("Shirt")
	wrong := CorrectSubset(false)
	bright := SubsetFunc("bright", func(in Instance) bool { return in.Attr("brightness") > 0.5 })
	for _, test := range []struct {
		s        *Subset
		want     []int
		wantExpr string
	}{
		{shirts, []int{1, 2, 4}, `label == "Shirt"`},
		{And("wrong shirts", shirts, wrong), []int{1, 4}, `(label == "Shirt") && (!correct)`},
		{shirts.Or("shirts or bright", bright), []int{1, 2, 4, 6}, ""},
		{Not("not shirts", shirts), []int{0, 3, 5, 6, 7}, `!(label == "Shirt")`},
		{shirts.And("x", bright.Not("dim")), []int{2}, ""},
		{Or("none"), []int{}, "false"},
		{And("all"), []int{0, 1, 2, 3, 4, 5, 6, 7}, "true"},
		{PredictedSubset("Bag"), []int{3, 4}, `predicted == "Bag"`},
		{AttrRange("mid", "brightness", 0.3, 0.7), []int{2, 6, 7}, `attr("brightness") >= 0.3 && attr("brightness") < 0.7`},
		{AttrEquals("green", "colour", "green"), []int{3, 6}, `text("colour") == "green"`},
		{AttrContains("great", "review", "Great"), []int{0, 1, 4, 7}, `"great" in tokens(text("review"))`},
		{NeuronAbove("n1", "fc1", 1, 4.5), []int{6, 7}, `act("fc1", 1) > 4.5`},
		{IndexSubset("picked", 5, 2, 5), []int{2, 5}, ""},
	} {
		t.Run(test.s.Name(), func(t *testing.T) {
			b, err := test.s.Members(r)
			if err != nil {
				t.Fatal(err)
			}
			if got := exIndices(b); !reflect.DeepEqual(got, test.want) {
				t.Errorf("members %v, want %v", got, test.want)
			}
			if test.s.Expr() != test.wantExpr {
				t.Errorf("expr %q, want %q", test.s.Expr(), test.wantExpr)
			}
			if test.wantExpr != "" {
				// The expression alone reproduces the subset.
				b2, err := NewSubset("again", test.wantExpr).Members(r)
				if err != nil {
					t.Fatal(err)
				}
				if !b2.Equal(b) {
					t.Errorf("expression gives %v, composition %v", exIndices(b2), exIndices(b))
				}
			}
		})
	}
}

func TestSubsetFuncPanicAndRange(t *testing.T) {
	r := exTestRun(t)
	_, err := SubsetFunc("boom", func(in Instance) bool {
		if in.Index() == 3 {
			panic("bad row")
		}
		return true
	}).Members(r)
	if err == nil || !strings.Contains(err.Error(), `instance 3 (id "d")`) || !strings.Contains(err.Error(), "bad row") {
		t.Errorf("panicking predicate: %v", err)
	}
	if _, err := IndexSubset("x", 1, 99).Members(r); !errors.Is(err, ErrRange) {
		t.Errorf("index out of range: %v", err)
	}
	if err := NewSubset("x", `label == "Nope"`).Check(r); !errors.Is(err, ErrUnknownClass) {
		t.Errorf("Check: %v", err)
	}
}

func TestExprMembersParallel(t *testing.T) {
	// Enough instances for several workers; compare with Eval one by one.
	n := 20000
	in := NewInstances([]string{"a", "b"}, n)
	for i := 0; i < n; i++ {
		in.Labels[i] = i % 2
		in.Predicted[i] = (i / 3) % 2
	}
	r, err := NewRun(in, nil)
	exMust(t, err)
	e, err := CompileExpr(`label != predicted && index % 7 != 0`, r)
	exMust(t, err)
	b, err := e.Members(r)
	exMust(t, err)
	for i := 0; i < n; i++ {
		want, err := e.Eval(r, i)
		exMust(t, err)
		if b.Has(i) != want {
			t.Fatalf("instance %d: member %v, Eval %v", i, b.Has(i), want)
		}
	}
}

func TestTokens(t *testing.T) {
	got := Tokens("Great, it's GREAT—really great!!  42x")
	want := []string{"great", "it's", "great", "really", "great", "42x"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tokens = %q, want %q", got, want)
	}
}
