package core

import "unsafe"

// strMemo remembers a costly function of a string per distinct value, for
// categorical columns where a handful of values repeat a million times (a
// regular expression, a set lookup or a re-casing then runs once per value).
// In front of the map sits a small table keyed by the string's address:
// values that share memory — as a generator's or an interned column's do —
// are found without hashing their text at all.
type strMemo[V any] struct {
	f    func(string) V
	m    map[string]V
	ptr  [1024]*byte
	size [1024]int
	val  [1024]V
}

func newStrMemo[V any](f func(string) V) *strMemo[V] {
	return &strMemo[V]{f: f, m: make(map[string]V, 64)}
}

func (c *strMemo[V]) get(s string) V {
	if len(s) == 0 {
		return c.slow(s)
	}
	p := unsafe.StringData(s)
	h := (uintptr(unsafe.Pointer(p))>>3 ^ uintptr(len(s))*0x9E37) & 1023
	if c.ptr[h] == p && c.size[h] == len(s) {
		return c.val[h]
	}
	v := c.slow(s)
	c.ptr[h], c.size[h], c.val[h] = p, len(s), v
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
