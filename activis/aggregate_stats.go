// The Stats and RowStats types Aggregate's results are read as.

package activis

import "fmt"

// RowKind tells what a row of Stats stands for.
type RowKind int

const (
	// ClassRow aggregates the instances of one true class.
	ClassRow RowKind = iota
	// SubsetRow aggregates a user-defined subset.
	SubsetRow
	// InstanceRow holds one instance the user added (Count 1, Std 0).
	InstanceRow
)

// String returns "class", "subset" or "instance".
func (k RowKind) String() string {
	switch k {
	case ClassRow:
		return "class"
	case SubsetRow:
		return "subset"
	case InstanceRow:
		return "instance"
	}
	return fmt.Sprintf("RowKind(%d)", int(k))
}

// Stats are the rows × neurons statistics of one layer: ActiVis's
// activation matrix, with the added instances, the user's subsets and the
// classes as rows.
type Stats struct {
	// Layer is the tensor the statistics are of.
	Layer string
	// Neurons is the number of neurons (columns).
	Neurons int
	// Rows are the rows, in display order: instances, subsets, classes.
	Rows []RowStats
	// NaN is the number of non-finite values (NaN or ±Inf) in the layer's
	// activations; they are excluded from every statistic.
	NaN int
	// Inf is the part of NaN that was ±Inf.
	Inf int
}

// RowStats is one row of Stats: per-neuron statistics of a group.
type RowStats struct {
	// Name is the row's label (class name, subset name, or the instance id).
	Name string
	// Kind tells whether the row is a class, subset or single instance.
	Kind RowKind
	// Expr is the subset's expression ("" for Go predicates and classes get
	// `label == "…"`).
	Expr string
	// Count is the number of member instances.
	Count int
	// Mean, Std (population), Active (fraction of members > 0), Min and Max
	// hold one value per neuron; NaN where the row has no finite value.
	Mean, Std, Active, Min, Max []float32
	// Members holds the instance index for instance rows (nil otherwise).
	Members []int
	// NonFinite is the number of NaN/Inf member values skipped in this row.
	NonFinite int
}
