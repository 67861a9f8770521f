// Package testhook holds the switches that tests turn on to make the
// engine check itself as it goes, at a cost no user should pay.
//
// Each package whose tests want a switch sets it in its TestMain (core's
// and core/table's do); benchmarks leave them off, so that they measure
// what a user runs.
package testhook

// VerifyFileRuns makes the CSV writer format every row it copies from the
// file it was read from as well, and panic when the two differ: a check
// that copying a cell's bytes gives what formatting its value would.
var VerifyFileRuns = false
