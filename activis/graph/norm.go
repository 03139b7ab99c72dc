package graph

// normRules are the shape rules of the normalisations (over a batch, an
// instance, a layer, or softmax along an axis): the output has the input's
// shape.
var normRules = map[string]shapeRule{
	"BatchNormalization": inferUnary, "InstanceNormalization": inferUnary,
	"LayerNormalization": inferUnary, "LpNormalization": inferUnary,
	"Softmax": inferUnary, "LogSoftmax": inferUnary,
}
