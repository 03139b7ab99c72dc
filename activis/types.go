package activis

// This file fixes the shapes other packages build against; the data-plumbing
// files (instances.go, activations.go, run.go and the loaders) give them
// their methods.

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

// Activations is an N × D matrix of activations, one row per instance, held
// in memory or memory-mapped from a NumPy file. Rows are served as float32
// whatever the stored dtype: float32 rows straight from memory or the map,
// float16 and float64 rows converted on the way out.
type Activations struct {
	n, d int
	// data holds the N × D values when they are native float32 (in memory
	// or a view of the map); nil otherwise.
	data []float32
	// raw holds the N × D stored values of any other dtype (a view of the
	// map), decoded per row by conv.
	raw   []byte
	esize int
	conv  func(dst []float32, src []byte)
	// dtype is the NumPy dtype string ("<f4", "<f2", ">f8", ...).
	dtype string
	// shape is the stored shape before rows were flattened to D.
	shape []int
	// path names the file (or "file.npz:name") the values came from.
	path string
	// mapping is the whole mapped region to unmap on Close (nil when in
	// memory); the stored values start at byte off of it.
	mapping []byte
	off     int
	// closer releases the mapping; nil when in memory or shared.
	closer func() error
	// releaseAbove is the mapping size above which Scan drops pages
	// behind itself (0: DefaultReleaseAbove(); < 0: never); see
	// SetReleaseAbove.
	releaseAbove int64
}

// Dataset is a set of instances together with the model inputs for each.
type Dataset struct {
	// Instances are the instances' metadata (labels known, predictions not yet).
	Instances *Instances
	// Inputs holds one flattened model input per instance (N × prod(InputShape)).
	Inputs *Activations
	// InputShape is the shape of one instance's input, without the batch
	// dimension, e.g. [1 28 28] for a grayscale image.
	InputShape []int
	// Extra holds further model inputs by ONNX input name, one row per
	// instance, for models that take more than one: a transformer's
	// attention_mask or token_type_ids. Model.Run feeds Inputs to the
	// model's first input and these to the others; each row takes the
	// input's declared shape, its unknown dimensions from InputShape.
	Extra map[string]*Activations
}

// Run is the result of running a model over instances, or of importing
// activations computed elsewhere: instance metadata with predictions, and
// activations per tensor name.
type Run struct {
	// Instances carries labels, predictions and scores.
	Instances *Instances
	// Tensors maps a tensor (layer) name to its activations, one row per instance.
	Tensors map[string]*Activations
	// Data is the data set the model ran over, when the run came from
	// Model.Run (nil for imported activations); views use it to show the
	// instances themselves, e.g. image thumbnails.
	Data *Dataset
}
