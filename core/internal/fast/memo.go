package fast

import "unsafe"

// Memo remembers a costly function of a string per distinct value, for
// categorical columns where a handful of values repeat a million times (a
// regular expression, a set lookup or a re-casing then runs once per value).
// In front of the map sit two small tables. The first is keyed by the
// string's address: values that share memory, as a generator's do, are found
// without reading their text. The second is indexed by the length and three
// bytes of the text: values read from a file, each in its own place, are
// found with one short comparison instead of hashing all their text for the
// map — which matters in WebAssembly, where Go's string hash has no
// hardware help.
//
// The function must be pure: Get(s) is always f(s). The map keeps at most
// 4,096 values; past that, f runs again for values the tables do not hold.
type Memo[V any] struct {
	f    func(string) V
	m    map[string]V
	ptr  [1024]*byte
	size [1024]int
	pval [1024]V
	key  [1024]string
	val  [1024]V
	used [1024]bool
}

// NewMemo returns a Memo of f.
func NewMemo[V any](f func(string) V) *Memo[V] {
	return &Memo[V]{f: f, m: make(map[string]V, 64)}
}

// Get returns f(s).
func (c *Memo[V]) Get(s string) V {
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
	if c.used[h] && SameText(c.key[h], s) {
		return c.val[h]
	}
	v := c.slow(s)
	c.key[h], c.val[h], c.used[h] = s, v, true
	c.ptr[hp], c.size[hp], c.pval[hp] = p, n, v
	return v
}

func (c *Memo[V]) slow(s string) V {
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
