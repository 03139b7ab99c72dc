package activis

// This file fixes the shapes other packages build against while the core is
// written; the data-plumbing files extend these types.

// Instances holds the metadata of N instances: ids, true and predicted
// classes, per-class scores and free attributes.
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
}

// Len returns the number of instances.
func (in *Instances) Len() int { return len(in.IDs) }

// Activations is an N × D matrix of float32 activations, one row per
// instance, held in memory or memory-mapped from a file.
type Activations struct {
	n, d int
	data []float32
}

// NewActivations wraps a row-major N × D slice without copying it.
func NewActivations(data []float32, n, d int) *Activations {
	return &Activations{n: n, d: d, data: data}
}

// Len returns N, the number of rows (instances).
func (a *Activations) Len() int { return a.n }

// Dim returns D, the number of neurons per row.
func (a *Activations) Dim() int { return a.d }

// Row returns row i; the slice must not be modified.
func (a *Activations) Row(i int) []float32 { return a.data[i*a.d : (i+1)*a.d] }

// Dataset is a set of instances together with the model inputs for each.
type Dataset struct {
	// Instances are the instances' metadata (labels known, predictions not yet).
	Instances *Instances
	// Inputs holds one flattened model input per instance (N × prod(InputShape)).
	Inputs *Activations
	// InputShape is the shape of one instance's input, without the batch
	// dimension, e.g. [1 28 28] for a grayscale image.
	InputShape []int
}

// Run is the result of running a model over instances, or of importing
// activations computed elsewhere: instance metadata with predictions, and
// activations per tensor name.
type Run struct {
	// Instances carries labels, predictions and scores.
	Instances *Instances
	// Tensors maps a tensor (layer) name to its activations, one row per instance.
	Tensors map[string]*Activations
}
