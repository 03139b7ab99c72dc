package activis

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Instances holds the metadata of N instances in columnar form: ids, true and
// predicted classes, per-class scores and free attributes (numeric, text and
// categorical columns). Read one row through the Instance value returned by
// At.
type Instances struct {
	// Classes names the classes; labels and predictions index into it.
	Classes []string
	// IDs are the instances' ids, in row order.
	IDs []string
	// Labels are the true classes (index into Classes, -1 when unknown).
	Labels []int
	// Predicted are the predicted classes (index into Classes, -1 when unknown).
	Predicted []int
	// Scores are the per-class scores, row-major N × len(Classes); nil when unknown.
	Scores []float32
	// Attrs are the attribute columns in file order (every column of a
	// metadata file that is not id, label, predicted or a score).
	Attrs []*Attribute
	// Source names the file the instances were read from ("" when built in memory).
	Source string
}

// AttrKind tells how an attribute column is stored and compared.
type AttrKind int

const (
	// Numeric attributes hold numbers (NaN where a row has no value).
	Numeric AttrKind = iota
	// Categorical attributes hold one of a few distinct strings (Levels).
	Categorical
	// Text attributes hold free text, kept verbatim (e.g. a sentence).
	Text
)

// Attribute is one attribute column of Instances.
type Attribute struct {
	// Name is the column name.
	Name string
	// Kind tells which of Num or Str holds the values.
	Kind AttrKind
	// Num holds the values of a Numeric column, one per instance.
	Num []float64
	// Str holds the values of a Categorical or Text column, one per instance,
	// verbatim (no escaping: rendering is the views' job).
	Str []string
	// Levels are the distinct non-empty values of a Categorical column,
	// sorted ("" marks a missing value).
	Levels []string
}

// ErrUnknownClass is returned (wrapped, with the names) when a class name
// is not one of the instances' classes.
var ErrUnknownClass = errors.New("unknown class")

// ErrUnknownAttr is returned (wrapped, with the name) when an attribute
// name is not one of the instances' attribute columns.
var ErrUnknownAttr = errors.New("unknown attribute")

// ErrUnknownTensor is returned (wrapped, with the name) when a tensor name
// is not one of a run's tensors.
var ErrUnknownTensor = errors.New("unknown tensor")

// NewInstances returns n instances with the given classes, ids "0".."n-1"
// and unknown labels and predictions (-1), ready to be filled in.
func NewInstances(classes []string, n int) *Instances {
	in := &Instances{
		Classes:   append([]string(nil), classes...),
		IDs:       make([]string, n),
		Labels:    make([]int, n),
		Predicted: make([]int, n),
	}
	for i := range n {
		in.IDs[i] = strconv.Itoa(i)
		in.Labels[i] = -1
		in.Predicted[i] = -1
	}
	return in
}

// WithPredictions returns a copy of in that shares its ids, labels and
// attributes but carries the given predicted class indices (one per
// instance, -1 for unknown) and scores (N × len(Classes) row-major, or
// nil). in is not modified. Model runs use it to turn a Dataset's
// instances into a Run's.
func (in *Instances) WithPredictions(predicted []int, scores []float32) (*Instances, error) {
	out := *in
	out.Predicted = predicted
	out.Scores = scores
	out.Attrs = append([]*Attribute(nil), in.Attrs...)
	if err := out.Validate(); err != nil {
		return nil, err
	}
	return &out, nil
}

// Len returns the number of instances.
func (in *Instances) Len() int { return len(in.IDs) }

// ClassIndex returns the index of the named class, or an error wrapping
// ErrUnknownClass that names it and lists the known classes.
func (in *Instances) ClassIndex(name string) (int, error) {
	for i, c := range in.Classes {
		if c == name {
			return i, nil
		}
	}
	return -1, fmt.Errorf("%w %q (classes: %s)", ErrUnknownClass, name, quoteList(in.Classes))
}

// ClassIndices maps class names to indices; the error names every unknown
// name at once.
func (in *Instances) ClassIndices(names ...string) ([]int, error) {
	idx := make([]int, len(names))
	var unknown []string
	for k, n := range names {
		i, err := in.ClassIndex(n)
		if err != nil {
			unknown = append(unknown, n)
		}
		idx[k] = i
	}
	if len(unknown) > 0 {
		return idx, fmt.Errorf("%w %s (classes: %s)", ErrUnknownClass, quoteList(unknown), quoteList(in.Classes))
	}
	return idx, nil
}

// ClassName returns the name of class index c, or "" when c is -1 or out of
// range.
func (in *Instances) ClassName(c int) string {
	if c < 0 || c >= len(in.Classes) {
		return ""
	}
	return in.Classes[c]
}

// Attribute returns the named attribute column, or nil when there is none.
func (in *Instances) Attribute(name string) *Attribute {
	for _, a := range in.Attrs {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// AttrNames lists the attribute names in column order.
func (in *Instances) AttrNames() []string {
	names := make([]string, len(in.Attrs))
	for i, a := range in.Attrs {
		names[i] = a.Name
	}
	return names
}

// CheckAttr returns nil when the attribute exists, or an error wrapping
// ErrUnknownAttr that names it and lists the known ones.
func (in *Instances) CheckAttr(name string) error {
	if in.Attribute(name) != nil {
		return nil
	}
	return fmt.Errorf("%w %q (attributes: %s)", ErrUnknownAttr, name, quoteList(in.AttrNames()))
}

// SetNumeric adds or replaces a numeric attribute column; vals must hold
// one value per instance.
func (in *Instances) SetNumeric(name string, vals []float64) error {
	if len(vals) != in.Len() {
		return fmt.Errorf("attribute %q: %d values for %d instances", name, len(vals), in.Len())
	}
	in.setAttr(&Attribute{Name: name, Kind: Numeric, Num: vals})
	return nil
}

// SetText adds or replaces a text attribute column (Text, or Categorical
// when categorical is true, with its Levels computed); vals must hold one
// value per instance and are kept verbatim.
func (in *Instances) SetText(name string, vals []string, categorical bool) error {
	if len(vals) != in.Len() {
		return fmt.Errorf("attribute %q: %d values for %d instances", name, len(vals), in.Len())
	}
	a := &Attribute{Name: name, Kind: Text, Str: vals}
	if categorical {
		a.Kind = Categorical
		a.Levels = levels(vals)
	}
	in.setAttr(a)
	return nil
}

func (in *Instances) setAttr(a *Attribute) {
	for i, b := range in.Attrs {
		if b.Name == a.Name {
			in.Attrs[i] = a
			return
		}
	}
	in.Attrs = append(in.Attrs, a)
}

// Validate checks that every column has one entry per instance and that
// class indices are in range; loaders call it, and so can code that builds
// Instances by hand.
func (in *Instances) Validate() error {
	n := in.Len()
	src := in.Source
	if src == "" {
		src = "instances"
	}
	if len(in.Labels) != n {
		return fmt.Errorf("%s: %d labels for %d ids", src, len(in.Labels), n)
	}
	if len(in.Predicted) != n {
		return fmt.Errorf("%s: %d predictions for %d ids", src, len(in.Predicted), n)
	}
	if in.Scores != nil && len(in.Scores) != n*len(in.Classes) {
		return fmt.Errorf("%s: %d scores for %d instances × %d classes", src, len(in.Scores), n, len(in.Classes))
	}
	c := len(in.Classes)
	for i := 0; i < n; i++ {
		if l := in.Labels[i]; l < -1 || l >= c {
			return fmt.Errorf("%s: row %d (id %q): label index %d out of range of %d classes", src, i, in.IDs[i], l, c)
		}
		if p := in.Predicted[i]; p < -1 || p >= c {
			return fmt.Errorf("%s: row %d (id %q): predicted index %d out of range of %d classes", src, i, in.IDs[i], p, c)
		}
	}
	for _, a := range in.Attrs {
		switch a.Kind {
		case Numeric:
			if len(a.Num) != n {
				return fmt.Errorf("%s: attribute %q: %d values for %d instances", src, a.Name, len(a.Num), n)
			}
		default:
			if len(a.Str) != n {
				return fmt.Errorf("%s: attribute %q: %d values for %d instances", src, a.Name, len(a.Str), n)
			}
		}
	}
	return nil
}

// Slice returns instances start..end-1 as a new Instances sharing the
// column memory (no copy); attribute Levels are kept from the whole set.
func (in *Instances) Slice(start, end int) (*Instances, error) {
	if start < 0 || end > in.Len() || start > end {
		return nil, fmt.Errorf("instances [%d,%d) of %d: %w", start, end, in.Len(), ErrRange)
	}
	out := *in
	out.IDs = in.IDs[start:end:end]
	out.Labels = in.Labels[start:end:end]
	out.Predicted = in.Predicted[start:end:end]
	if in.Scores != nil {
		c := len(in.Classes)
		out.Scores = in.Scores[start*c : end*c : end*c]
	}
	out.Attrs = make([]*Attribute, len(in.Attrs))
	for k, a := range in.Attrs {
		b := *a
		if a.Num != nil {
			b.Num = a.Num[start:end:end]
		}
		if a.Str != nil {
			b.Str = a.Str[start:end:end]
		}
		out.Attrs[k] = &b
	}
	return &out, nil
}

// At returns the Instance value for row i (activations unavailable: Act
// returns NaN; use Run.At for those). i must be in 0..Len()-1.
func (in *Instances) At(i int) Instance { return Instance{set: in, i: i} }

// Instance is one row of Instances (and of a Run's activations), read
// through accessors. It is a small value: pass it by value. Accessors given
// an unknown class, attribute or tensor name return NaN or "" rather than
// fail; check names once beforehand with Instances.ClassIndex,
// Instances.CheckAttr or Run.CheckTensor.
type Instance struct {
	set *Instances
	run *Run
	i   int
}

// Index returns the instance's row index.
func (x Instance) Index() int { return x.i }

// ID returns the instance's id.
func (x Instance) ID() string { return x.set.IDs[x.i] }

// LabelIndex returns the true class index, -1 when unknown.
func (x Instance) LabelIndex() int { return x.set.Labels[x.i] }

// PredictedIndex returns the predicted class index, -1 when unknown.
func (x Instance) PredictedIndex() int { return x.set.Predicted[x.i] }

// Label returns the true class name, "" when unknown.
func (x Instance) Label() string { return x.set.ClassName(x.set.Labels[x.i]) }

// Predicted returns the predicted class name, "" when unknown.
func (x Instance) Predicted() string { return x.set.ClassName(x.set.Predicted[x.i]) }

// Correct reports whether the prediction is known and equals the label.
func (x Instance) Correct() bool {
	l := x.set.Labels[x.i]
	return l >= 0 && l == x.set.Predicted[x.i]
}

// Score returns the score of the named class, NaN when scores are unknown
// or the class is not one of the classes.
func (x Instance) Score(class string) float64 {
	if x.set.Scores == nil {
		return math.NaN()
	}
	c, err := x.set.ClassIndex(class)
	if err != nil {
		return math.NaN()
	}
	return float64(x.set.Scores[x.i*len(x.set.Classes)+c])
}

// Scores returns the per-class scores of the instance (a view; nil when
// unknown).
func (x Instance) Scores() []float32 {
	if x.set.Scores == nil {
		return nil
	}
	c := len(x.set.Classes)
	return x.set.Scores[x.i*c : (x.i+1)*c : (x.i+1)*c]
}

// Attr returns the value of a numeric attribute, NaN when the attribute is
// unknown, not numeric, or missing on this row.
func (x Instance) Attr(name string) float64 {
	a := x.set.Attribute(name)
	if a == nil || a.Kind != Numeric {
		return math.NaN()
	}
	return a.Num[x.i]
}

// Text returns the value of a text or categorical attribute verbatim, a
// numeric attribute formatted ("" when missing), or "" when there is no such
// attribute.
func (x Instance) Text(name string) string {
	a := x.set.Attribute(name)
	if a == nil {
		return ""
	}
	if a.Kind == Numeric {
		v := a.Num[x.i]
		if math.IsNaN(v) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return a.Str[x.i]
}

// Act returns the activation of neuron in the named tensor, NaN when the
// instance has no run, the tensor is unknown or neuron is out of range.
func (x Instance) Act(tensor string, neuron int) float64 {
	if x.run == nil {
		return math.NaN()
	}
	a := x.run.Tensors[tensor]
	if a == nil {
		return math.NaN()
	}
	return a.At(x.i, neuron)
}

// quoteList formats names as a comma-separated list of quoted strings,
// shortened after 20 entries.
func quoteList(names []string) string {
	const maxShown = 20
	var b strings.Builder
	for i, n := range names {
		if i == maxShown {
			fmt.Fprintf(&b, ", … (%d more)", len(names)-maxShown)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(n))
	}
	return b.String()
}

// levels returns the sorted distinct non-empty values of vals.
func levels(vals []string) []string {
	seen := make(map[string]struct{}, 16)
	var out []string
	for _, v := range vals {
		if _, ok := seen[v]; !ok && v != "" {
			seen[v] = struct{}{}
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}
