package activis

import (
	"fmt"
	"strings"
)

// Accuracy returns the fraction of instances whose predicted class equals
// their true class, over the instances that have both. It returns NaN-free 0
// when no instance has both.
func (in *Instances) Accuracy() float64 {
	known, right := 0, 0
	for i := range in.Labels {
		if i >= len(in.Predicted) || in.Labels[i] < 0 || in.Predicted[i] < 0 {
			continue
		}
		known++
		if in.Labels[i] == in.Predicted[i] {
			right++
		}
	}
	if known == 0 {
		return 0
	}
	return float64(right) / float64(known)
}

// Confusion returns the confusion matrix: Confusion()[t][p] counts the
// instances of true class t predicted as p. Instances missing a label or a
// prediction are left out.
func (in *Instances) Confusion() [][]int {
	k := len(in.Classes)
	m := make([][]int, k)
	for t := range m {
		m[t] = make([]int, k)
	}
	for i := range in.Labels {
		if i >= len(in.Predicted) {
			break
		}
		t, p := in.Labels[i], in.Predicted[i]
		if t >= 0 && t < k && p >= 0 && p < k {
			m[t][p]++
		}
	}
	return m
}

// Accuracy returns the run's classification accuracy (see Instances.Accuracy).
func (r *Run) Accuracy() float64 { return r.Instances.Accuracy() }

// ClassReport returns a plain-text table of per-class precision, recall and
// counts, followed by the overall accuracy.
func (in *Instances) ClassReport() string {
	m := in.Confusion()
	var b strings.Builder
	w := 5
	for _, c := range in.Classes {
		w = max(w, len(c))
	}
	fmt.Fprintf(&b, "%-*s  %9s  %6s  %7s\n", w, "class", "precision", "recall", "support")
	for t, c := range in.Classes {
		support, predicted := 0, 0
		for p := range m {
			support += m[t][p]
			predicted += m[p][t]
		}
		prec, rec := 0.0, 0.0
		if predicted > 0 {
			prec = float64(m[t][t]) / float64(predicted)
		}
		if support > 0 {
			rec = float64(m[t][t]) / float64(support)
		}
		fmt.Fprintf(&b, "%-*s  %9.3f  %6.3f  %7d\n", w, c, prec, rec, support)
	}
	fmt.Fprintf(&b, "accuracy %.4f over %d instances\n", in.Accuracy(), in.Len())
	return b.String()
}
