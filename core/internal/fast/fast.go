// Package fast holds the engine's speed tricks: reading memory a word at a
// time, viewing bytes as a string without a copy, a cache for per-value work
// on categorical columns and a radix sort. Each does exactly what a plain
// loop, == or slices.Sort does (the tests hold them to it); only the cost
// differs.
//
// They exist because the engine runs in WebAssembly, where a call into the
// runtime (a string comparison, a byte search, a string hash) costs more
// than the work it does, and the CSV loops make that call once per cell, a
// million times per column. The loops that lean on them are in the files
// that import this package (grep -rl internal/fast core): among them the
// CSV reader's field scan (csvParser.recordInto in core/table/csv.go), the
// writer's quoting test (needsQuoting, same file), the dialect sniffer,
// the hash tables of the rule checks (core/quality/check.go) and of the
// profile (core/profile), and the patterns' per-value caches and sorts.
// A change here or there needs the benchmarks measured before and after,
// natively and in WebAssembly:
//
//	go test -run '^$' -bench W1 ./core/
//	PATH="$(go env GOROOT)/lib/wasm:$PATH" GOOS=js GOARCH=wasm go test -run '^$' -bench W1 ./core/
//
// The word functions are small on purpose: the Go compiler inlines them
// into the per-cell loops that call them, across the package boundary as
// within it (go build -gcflags=-m ./core/table shows it); Memo.Get and
// SortInt64s are calls.
package fast

import (
	"bytes"
	"math/bits"
	"runtime"
	"unsafe"
)

// WordsAnywhere: the architecture reads a word from an address that is not
// a multiple of its size. Where it does not, the word tricks fall back to
// plain code.
const WordsAnywhere = runtime.GOARCH == "wasm" || runtime.GOARCH == "amd64" || runtime.GOARCH == "arm64" || runtime.GOARCH == "386"

// String returns b's bytes as a string without copying them. The caller
// promises that b is not changed while the string is in use.
func String(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// Bytes returns s's bytes as a slice without copying them, to be read
// only.
func Bytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// Ones has a 1 in every byte: Ones*c repeats byte c eight times.
const Ones = 0x0101010101010101

const lo7 = 0x7F7F7F7F7F7F7F7F

// ZeroBytes sets the high bit of each byte of y that is zero, and no other
// bit. So ZeroBytes(x ^ Ones*c) marks the bytes of x equal to c, exactly (no
// carry crosses bytes): the lowest set bit, over 8, is the first such
// byte's offset, the next one the second's, and so on. Eight bytes are
// searched in a few instructions, where a call to find each one costs more
// than the rest of reading the field.
func ZeroBytes(y uint64) uint64 { return ^((y&lo7 + lo7) | y | lo7) }

// Ends returns the first and the last word of s, which holds 4 to 16
// bytes, so that every byte of s is in one or both: two words of eight
// bytes, or of four (the upper bytes then zero) for texts under eight bytes.
// Only where WordsAnywhere holds; the caller checks both.
func Ends(s string) (a, b uint64) {
	n := len(s)
	p := unsafe.Pointer(unsafe.StringData(s))
	if n < 8 {
		return uint64(*(*uint32)(p)), uint64(*(*uint32)(unsafe.Add(p, n-4)))
	}
	return *(*uint64)(p), *(*uint64)(unsafe.Add(p, n-8))
}

// SameText reports whether a == b. Texts of 4 to 16 bytes, the usual size
// of a categorical value, are compared in line as two overlapping words
// each: == calls the runtime, and in WebAssembly the call costs more than
// the comparison. The loads are written out rather than taken from Ends:
// through it, SameText would exceed the inliner's budget, and its callers
// are per-cell loops.
func SameText(a, b string) bool {
	n := len(a)
	if !WordsAnywhere || n != len(b) || n < 4 || n > 16 {
		return a == b
	}
	x, y := unsafe.Pointer(unsafe.StringData(a)), unsafe.Pointer(unsafe.StringData(b))
	if n < 8 {
		return *(*uint32)(x) == *(*uint32)(y) && *(*uint32)(unsafe.Add(x, n-4)) == *(*uint32)(unsafe.Add(y, n-4))
	}
	return *(*uint64)(x) == *(*uint64)(y) && *(*uint64)(unsafe.Add(x, n-8)) == *(*uint64)(unsafe.Add(y, n-8))
}

// CountByte returns how many bytes of s are c, as bytes.Count does. In
// WebAssembly, where the runtime compares a byte at a time, it counts
// eight at a time (ZeroBytes, and a population count the WebAssembly
// instruction does); elsewhere the runtime's count, in vector
// instructions, is the faster.
func CountByte(s string, c byte) int {
	if runtime.GOARCH != "wasm" {
		return bytes.Count(Bytes(s), []byte{c})
	}
	return countWords(s, c)
}

// countWords is CountByte a word at a time.
func countWords(s string, c byte) int {
	n, i := 0, 0
	if WordsAnywhere && len(s) >= 8 {
		p, pat := unsafe.Pointer(unsafe.StringData(s)), Ones*uint64(c)
		for ; i+8 <= len(s); i += 8 {
			n += bits.OnesCount64(ZeroBytes(*(*uint64)(unsafe.Add(p, i)) ^ pat))
		}
	}
	for ; i < len(s); i++ {
		if s[i] == c {
			n++
		}
	}
	return n
}
