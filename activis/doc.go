// Package activis is the engine of ActiVis, the visual analytics system for
// deep neural networks (Kahng, Andrews, Kalro and Chau, IEEE VIS 2017),
// rebuilt as a pure Go library with no Jupyter in it.
//
// ActiVis's central idea is that one representation holds both single
// instances and subsets of instances: a subset row is the mean activation of
// its members for every neuron of a layer. Subset statistics are computed in
// one streaming pass over every instance, while only a bounded sample of
// single instances is kept for the instance-level views.
package activis
