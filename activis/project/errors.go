package project

import "errors"

// Sentinel errors returned (wrapped with context) by PCA and TSNE. Test for
// them with errors.Is.
var (
	// ErrTooFewPoints reports an input with too few rows for the requested
	// method: PCA needs at least one row (and k ≤ rows), t-SNE at least four.
	ErrTooFewPoints = errors.New("project: too few points")
	// ErrNonFinite reports a NaN or ±Inf value; the wrapping error names the
	// row and column.
	ErrNonFinite = errors.New("project: non-finite value")
	// ErrBadOption reports an option outside its valid range; the wrapping
	// error names the option.
	ErrBadOption = errors.New("project: bad option")
)
