package views

import (
	"github.com/activis-go/activis/activis"
	"github.com/activis-go/activis/activis/graph"
)

// viewData is everything the views show, gathered from an Explorer (see
// explorer.go) or built directly by tests. Payload construction works from
// this neutral form only, so it is testable without a model or a kernel.
type viewData struct {
	// Title names the output ("ActiVis · model.onnx").
	Title string
	// Instances carries ids, labels, predictions and text attributes of all N instances.
	Instances *activis.Instances
	// Layer is the selected layer; Layers lists every inspectable layer in order.
	Layer  string
	Layers []layerData
	// Sample are the instance indices the instance-level views show
	// (stratified sample plus added instances).
	Sample []int
	// Selection are the selected instance indices.
	Selection []int
	// Suggest are the suggested subsets (nil: none, the list is not shown).
	Suggest *suggestData
	// Attrib tells which attributions the kernel computes on request (nil: none).
	Attrib *attribPayload
	// Graph is the model graph (nil when the explorer has activations only).
	Graph *graph.Graph
	// Inputs and InputShape are the model inputs, for thumbnails (nil when unknown).
	Inputs     *activis.Activations
	InputShape []int
}

// layerData is one layer's statistics, orders, activations and projection.
type layerData struct {
	Name string
	// Neurons is the layer's width (used when Stats is nil).
	Neurons int
	// Stats are the rows (nil: the layer is listed but not embedded; it is
	// shown once selected in the kernel).
	//
	// Stats are the rows (instances, subsets, classes) × neurons statistics.
	Stats *activis.Stats
	// Orders maps an ordering name ("variance", "clustered") to a neuron order.
	Orders map[string][]int
	// Acts are the N × D activations (rows read for sampled instances only).
	Acts *activis.Activations
	// ProjX, ProjY and ProjIDs are the 2-D projection of instances ProjIDs;
	// nil when no projection is available for the layer.
	ProjX, ProjY []float64
	ProjIDs      []int
	// ProjMethod names the projection ("t-SNE", "PCA").
	ProjMethod string
}
