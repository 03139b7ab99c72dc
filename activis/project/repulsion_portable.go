//go:build !(goexperiment.simd && amd64)

package project

// groupSums is groupSumsPortable in builds without the simd experiment.
var groupSums = groupSumsPortable
