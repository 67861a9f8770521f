package fast

import "sort"

// SortInt64s sorts x in increasing order: a least-significant-digit radix
// sort, 16 bits a pass, that skips the passes where every value has the
// same digit (latencies and delays fit in far fewer than 64 bits). It is
// faster than a comparison sort on a million values and, unlike
// slices.Sort, adds no generic sort instantiation to the WebAssembly
// download.
func SortInt64s(x []int64) {
	if len(x) < 256 {
		sort.Slice(x, func(a, b int) bool { return x[a] < x[b] })
		return
	}
	buf := make([]int64, len(x))
	src, dst := x, buf
	// The bits where some value differs from the first: a pass over a
	// digit that is the same everywhere would change nothing.
	var differ uint64
	for _, v := range x {
		differ |= uint64(v ^ x[0])
	}
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		if differ>>shift&0xFFFF == 0 {
			continue
		}
		clear(count[:])
		for _, v := range src {
			count[digit(v, shift)]++
		}
		at := 0
		for d, c := range count {
			count[d] = at
			at += c
		}
		for _, v := range src {
			d := digit(v, shift)
			dst[count[d]] = v
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &x[0] {
		copy(x, src)
	}
}

// digit is a 16-bit digit of v with the sign bit flipped, so negative
// values order before positive ones.
func digit(v int64, shift uint) int {
	return int(uint64(v)^(1<<63)) >> shift & 0xFFFF
}

// SortByKey sorts rows by keys, keys[j] being rows[j]'s, and keys with
// them: stably (rows of one key keep their order), by the same radix sort
// as SortInt64s, on unsigned keys.
func SortByKey(keys []uint64, rows []int32) {
	if len(keys) < 2 {
		return
	}
	kbuf, rbuf := make([]uint64, len(keys)), make([]int32, len(rows))
	ks, kd, rs, rd := keys, kbuf, rows, rbuf
	var differ uint64
	for _, k := range keys {
		differ |= k ^ keys[0]
	}
	var count [1 << 16]int
	for shift := uint(0); shift < 64; shift += 16 {
		if differ>>shift&0xFFFF == 0 {
			continue
		}
		clear(count[:])
		for _, k := range ks {
			count[k>>shift&0xFFFF]++
		}
		at := 0
		for d, c := range count {
			count[d] = at
			at += c
		}
		for j, k := range ks {
			d := k >> shift & 0xFFFF
			kd[count[d]], rd[count[d]] = k, rs[j]
			count[d]++
		}
		ks, kd, rs, rd = kd, ks, rd, rs
	}
	if &ks[0] != &keys[0] {
		copy(keys, ks)
		copy(rows, rs)
	}
}
