package core

import (
	"runtime"
	"unsafe"
)

// strMemo remembers a costly function of a string per distinct value, for
// categorical columns where a handful of values repeat a million times (a
// regular expression, a set lookup or a re-casing then runs once per value).
// In front of the map sit two small tables. The first is keyed by the
// string's address: values that share memory, as a generator's do, are found
// without reading their text. The second is indexed by the length and three
// bytes of the text: values read from a file, each in its own place, are
// found with one short comparison instead of hashing all their text for the
// map — which matters in WebAssembly, where Go's string hash has no
// hardware help.
type strMemo[V any] struct {
	f    func(string) V
	m    map[string]V
	ptr  [1024]*byte
	size [1024]int
	pval [1024]V
	key  [1024]string
	val  [1024]V
	used [1024]bool
}

func newStrMemo[V any](f func(string) V) *strMemo[V] {
	return &strMemo[V]{f: f, m: make(map[string]V, 64)}
}

func (c *strMemo[V]) get(s string) V {
	n := len(s)
	if n == 0 {
		return c.slow(s)
	}
	p := unsafe.StringData(s)
	hp := (uintptr(unsafe.Pointer(p))>>3 ^ uintptr(n)*0x9E37) & 1023
	if c.ptr[hp] == p && c.size[hp] == n {
		return c.pval[hp]
	}
	h := textSlot(s)
	if c.used[h] && sameText(c.key[h], s) {
		return c.val[h]
	}
	v := c.slow(s)
	c.key[h], c.val[h], c.used[h] = s, v, true
	c.ptr[hp], c.size[hp], c.pval[hp] = p, n, v
	return v
}

func (c *strMemo[V]) slow(s string) V {
	if v, ok := c.m[s]; ok {
		return v
	}
	v := c.f(s)
	if len(c.m) < 4096 {
		c.m[s] = v
	}
	return v
}

// textSlot places a text in a 1024-slot table by its length and three of
// its bytes: cheap, and enough to tell a column's repeated values apart.
func textSlot(s string) int {
	n := len(s)
	if n == 0 {
		return 0
	}
	return (n*0x9E37 ^ int(s[0])<<3 ^ int(s[n/2])<<7 ^ int(s[n-1])*0x85EB) & 1023
}

// sameText reports whether a == b. Texts of 4 to 16 bytes, the usual size
// of a categorical value, are compared in line as two overlapping words
// each: == calls the runtime, and in WebAssembly the call costs more than
// the comparison. (Only where a word may be read from any address.) The
// word loads are written out here rather than shared with needsQuoting:
// through a helper, sameText would exceed the inliner's budget, and its
// callers are per-cell loops.
func sameText(a, b string) bool {
	n := len(a)
	if !wordsAnywhere || n != len(b) || n < 4 || n > 16 {
		return a == b
	}
	x, y := unsafe.Pointer(unsafe.StringData(a)), unsafe.Pointer(unsafe.StringData(b))
	if n < 8 {
		return *(*uint32)(x) == *(*uint32)(y) && *(*uint32)(unsafe.Add(x, n-4)) == *(*uint32)(unsafe.Add(y, n-4))
	}
	return *(*uint64)(x) == *(*uint64)(y) && *(*uint64)(unsafe.Add(x, n-8)) == *(*uint64)(unsafe.Add(y, n-8))
}

// wordsAnywhere: the architecture reads a word from an address that is not
// a multiple of its size.
const wordsAnywhere = runtime.GOARCH == "wasm" || runtime.GOARCH == "amd64" || runtime.GOARCH == "arm64" || runtime.GOARCH == "386"
