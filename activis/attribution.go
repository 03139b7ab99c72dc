package activis

import (
	"errors"
	"fmt"
)

// Contribution methods, as Contributions.Method reports them.
const (
	// MethodLinear: exact contributions act·weight through a linear
	// readout (see Model.Linear), averaged over every member of a row.
	MethodLinear = "linear"
	// MethodAblation: contributions estimated by zeroing one neuron at a
	// time and running the rest of the graph in-process; the drop of the
	// class's logit, averaged over the sampled members of a row.
	MethodAblation = "ablation"
)

// Contributions are the contributions of a layer's neurons to one class's
// logit, per row of an explorer's matrix (Values[r][i] for row Rows[r] and
// neuron i, rows in the order of Explorer.Rows and Stats).
//
// With MethodLinear the contribution of neuron i to an instance's logit is
// act[i]·W[i, class], W the effective weight of the linear readout (the
// product of the linear layers' weights), so a row's contributions summed
// over the neurons are its mean logit minus Bias exactly. With
// MethodAblation the contribution is logit − logit with neuron i zeroed
// (a channel's whole map for a 4-D layer whose neurons are channels),
// averaged over the row's members in the ablation sample; on a linear path
// the two agree.
type Contributions struct {
	// Layer is the layer as given; Class and ClassName the class.
	Layer     string
	Class     int
	ClassName string
	// Method is MethodLinear or MethodAblation.
	Method string
	// Rows are the row names, as Explorer.Rows returns them.
	Rows []string
	// Counts holds the instances averaged per row: every member with
	// MethodLinear, the members in the ablation sample with
	// MethodAblation. A row with Count 0 has no estimate (its Values are
	// 0 and its Logit is 0).
	Counts []int
	// Values holds one contribution per neuron for each row (rows ×
	// neurons, as Stats.Rows[r].Mean).
	Values [][]float32
	// Logit is each row's mean logit of the class over the instances
	// counted.
	Logit []float64
	// Bias is the class's effective bias (MethodLinear; 0 otherwise): the
	// logit of an instance whose layer activations are all zero.
	Bias float64
	// Sample is the number of instances ablated (MethodAblation; 0
	// otherwise).
	Sample int
}

// ContributionOptions tunes Explorer.ContributionsWith. The zero value of
// every field is a sensible default.
type ContributionOptions struct {
	// Ablation forces estimation by ablation even when the layer reaches
	// the logits through linear layers.
	Ablation bool
	// Sample bounds the instances ablated: a class-stratified sample of
	// the run drawn as Explorer.Sample draws its own (the same seed),
	// always holding the instances shown as rows (default
	// DefaultAblationSample, at most the explorer's sample size). Each
	// instance costs one forward pass of the rest of the graph per neuron.
	Sample int
	// BatchSize is the number of instances per forward pass (default 64).
	BatchSize int
	// Workers is the number of goroutines (default GOMAXPROCS).
	Workers int
}

// Contributions returns the contributions of a layer's neurons ("" for
// the selected layer) to a class's logit for every row of the matrix; see
// Contributions (the type) and ContributionsWith.
func (ex *Explorer) Contributions(layer string, class int) (*Contributions, error) {
	return ex.ContributionsWith(layer, class, ContributionOptions{})
}

// ContributionsWith returns the contributions of a layer's neurons ("" for
// the selected layer) to a class's logit for every row of the matrix.
// When the layer reaches the logits through linear layers only (Model.Linear;
// e.g. fc1 of the demo CNN, read by Dropout and the last Gemm) they are
// exact and averaged over every member of each row, from the statistics
// Stats computes. Otherwise (convolutional channels, layers followed by a
// ReLU) they are estimated by ablation on a sample (see
// ContributionOptions). The error wraps ErrUnknownClass for a class out of
// range, ErrUnknownTensor for an unknown layer, ErrUnreachable when the
// output does not depend on the layer, and ErrNoRun without a run.
func (ex *Explorer) ContributionsWith(layer string, class int, opt ContributionOptions) (*Contributions, error) {
	layer, acts, err := ex.layerTensor(layer, "contributions")
	if err != nil {
		return nil, err
	}
	classes := ex.run.Instances.Classes
	if class < 0 || class >= len(classes) {
		return nil, fmt.Errorf("contributions to class %d: %w (classes: %s)", class, ErrUnknownClass, describeClasses(classes))
	}
	if ex.model == nil || ex.model.Graph == nil {
		return nil, fmt.Errorf("contributions of %q: the explorer has no model (made from activations only)", layer)
	}
	if !opt.Ablation {
		lin, err := ex.model.Linear(layer)
		switch {
		case err == nil && lin.Neurons == acts.Dim():
			return ex.linearContributions(layer, class, lin)
		case errors.Is(err, ErrUnreachable):
			return nil, fmt.Errorf("contributions: %w", err)
		}
		// Not linear (or no static shape to compose the weights), or the
		// run keeps channel means of a 4-D layer (the linear map is per
		// value): ablate, which names any other problem.
	}
	return ex.ablationContributions(layer, class, opt)
}

// linearContributions multiplies each row's mean activations by the
// class's effective weights.
func (ex *Explorer) linearContributions(layer string, class int, lin *LinearReadout) (*Contributions, error) {
	nc := len(ex.run.Instances.Classes)
	// A binary model's single logit z is class 1's; class 0's is −z, as
	// ablation and Attribute score it.
	col, sign := class, 1.0
	switch {
	case lin.Classes == 1 && nc == 2:
		col = 0
		if class == 0 {
			sign = -1
		}
	case lin.Classes != nc:
		return nil, fmt.Errorf("contributions of %q: the model has %d logits, the run %d classes", layer, lin.Classes, nc)
	}
	st, err := ex.Stats(layer)
	if err != nil {
		return nil, fmt.Errorf("contributions: %w", err)
	}
	c := &Contributions{Layer: layer, Class: class, ClassName: ex.run.Instances.Classes[class],
		Method: MethodLinear, Bias: sign * lin.Bias[col]}
	for _, r := range st.Rows {
		v := make([]float32, lin.Neurons)
		sum := c.Bias
		for i, a := range r.Mean {
			if a != a { // NaN: the row has no finite value for this neuron
				continue
			}
			x := sign * float64(a) * lin.Weight[i*lin.Classes+col]
			v[i] = float32(x)
			sum += x
		}
		logit := sum
		if r.Count == 0 {
			logit = 0
		}
		c.Rows = append(c.Rows, r.Name)
		c.Counts = append(c.Counts, r.Count)
		c.Values = append(c.Values, v)
		c.Logit = append(c.Logit, logit)
	}
	return c, nil
}
