package table

import (
	"encoding/binary"
	"math"
	"slices"
	"strings"

	"github.com/ingestkit/playground/core/internal/fast"
	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/internal/wire"
)

// SortIndex returns the row order that sorts t by the named column:
// ascending (or descending), nulls last, ties kept in row order. It returns
// nil when the column does not exist.
//
// Each value is given a 64-bit key whose order is the values' (a string's
// first eight bytes), the rows are radix-sorted by key, which keeps ties in
// row order, and the strings of one key are then compared whole: on a
// million rows this is 3–10 times faster than a comparison sort.
func SortIndex(t *Table, column string, desc bool) []int {
	c := t.Col(column)
	if c == nil {
		return nil
	}
	if out, _ := sortIndex(c, t.Len(), desc); out != nil {
		return out
	}
	return compareSortIndex(c, t.Len(), desc)
}

// sortIndex is SortIndex's order and the sorted rows' keys (their values'
// keys, for strings their first eight bytes), or nil for a decimal column
// holding a NaN, which has no key.
func sortIndex(c *Column, n int, desc bool) ([]int, []uint64) {
	rows := make([]int32, 0, n-c.NullCount())
	for i := range n {
		if !c.IsNull(i) {
			rows = append(rows, int32(i))
		}
	}
	keys := make([]uint64, len(rows))
	for j, i := range rows {
		var k uint64
		switch c.Type {
		case TypeString:
			k = prefixKey(c.Str[i])
		case TypeInt, TypeTimestamp:
			k = uint64(c.Int[i]) ^ 1<<63
		case TypeDecimal:
			v := c.Dec[i]
			if v != v {
				return nil, nil // (no read makes a NaN; a step might)
			}
			k = floatKey(v)
		case TypeBool:
			k = uint64(num.Bit(c.Bool[i]))
		}
		if desc {
			k = ^k
		}
		keys[j] = k
	}
	fast.SortByKey(keys, rows)
	if c.Type == TypeString {
		// Strings that share a key (their first eight bytes) are in row
		// order: sort them by the whole string, ties still in row order.
		s := c.Str
		for lo := 0; lo < len(rows); {
			hi := lo + 1
			for hi < len(rows) && keys[hi] == keys[lo] {
				hi++
			}
			if hi-lo > 1 {
				slices.SortFunc(rows[lo:hi], func(a, b int32) int {
					r := strings.Compare(s[a], s[b])
					if desc {
						r = -r
					}
					if r == 0 {
						return int(a - b)
					}
					return r
				})
			}
			lo = hi
		}
	}
	out := make([]int, 0, n)
	for _, i := range rows {
		out = append(out, int(i))
	}
	if len(out) < n {
		for i := range n {
			if c.IsNull(i) {
				out = append(out, i)
			}
		}
	}
	return out, keys
}

// prefixKey is a key whose order is that of strings' first eight bytes.
func prefixKey(s string) uint64 {
	var b [8]byte
	copy(b[:], s)
	return binary.BigEndian.Uint64(b[:])
}

// floatKey is a key whose order is that of (non-NaN) float64s; zero and
// minus zero, equal, have one key.
func floatKey(v float64) uint64 {
	if v == 0 {
		return 1 << 63
	}
	b := math.Float64bits(v)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

// compareSortIndex is SortIndex by comparison, for what has no key.
func compareSortIndex(c *Column, n int, desc bool) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		na, nb := c.IsNull(a), c.IsNull(b)
		switch {
		case na && nb:
			return 0
		case na:
			return 1
		case nb:
			return -1
		}
		if desc {
			a, b = b, a
		}
		return num.Compare(c.Dec[a], c.Dec[b])
	})
	return idx
}

// Sorting a table held in parts (several engines each hold a run of its
// rows): each part sorts its own rows (SortIndex) and sends the engine
// that pages the whole its values in that order (SortedKeys); that engine
// merges them (MergeSorted) into which part each row of the sorted whole
// comes from. A part's rows come in its own order, so a page of the sorted
// whole is a run of each part's sorted rows, asked of the part.

// SortedKeys is a part's message for a sort across parts: the values of
// the column order sorts t by (SortIndex's order for column and desc), in
// that order, with its nulls counted. ok is false when the column is not
// t's, or holds what has no key (a NaN): such a sort is done whole.
func SortedKeys(t *Table, column string, desc bool) (order []int, msg []byte, ok bool) {
	c := t.Col(column)
	if c == nil {
		return nil, nil, false
	}
	order, keys := sortIndex(c, t.Len(), desc)
	if order == nil {
		return nil, nil, false
	}
	w := wire.Writer{B: make([]byte, 0, 16+2*len(keys))}
	w.Bool(c.Type == TypeString)
	w.Int(len(keys))
	w.Int(t.Len() - len(keys))
	if c.Type == TypeString {
		for _, i := range order[:len(keys)] {
			w.String(c.Str[i])
		}
		return order, w.B, true
	}
	// Keys ascend (descending values have inverted keys): each is written
	// as its distance from the one before, a varint of a byte or two.
	var last uint64
	for _, k := range keys {
		w.B = binary.AppendUvarint(w.B, k-last)
		last = k
	}
	return order, w.B, true
}

// MergeSorted merges the parts' SortedKeys messages (the parts in the
// order of the table's rows, each sorted with the same column and desc)
// into the order of the whole: for each row of the sorted whole, the part
// it comes from, as SortIndex on the whole would order them (ties and
// nulls in row order: the lower part first). rows are the rows each part
// holds: a message that does not count them is damaged.
func MergeSorted(msgs [][]byte, rows []int, desc bool) ([]byte, error) {
	if len(msgs) > 255 || len(rows) != len(msgs) {
		return nil, wire.ErrShort
	}
	type part struct {
		keys  []uint64
		strs  []string
		nulls int
	}
	parts := make([]part, len(msgs))
	total, isStr := 0, false
	for j, msg := range msgs {
		r := wire.Reader{B: msg}
		str := r.Bool()
		n := r.Len(1)
		nulls := r.Len(0)
		if j > 0 && str != isStr || r.Err() != nil || nulls > rows[j] || n != rows[j]-nulls {
			return nil, wire.ErrShort
		}
		isStr = str
		p := &parts[j]
		p.nulls = nulls
		if str {
			// One copy of the message; the strings are slices of it.
			rest := string(r.B)
			p.strs = make([]string, n)
			for i := range n {
				l, k := uvarintOf(rest)
				if k <= 0 || l > uint64(len(rest)-k) {
					return nil, wire.ErrShort
				}
				p.strs[i], rest = rest[k:k+int(l)], rest[k+int(l):]
			}
			if rest != "" {
				return nil, wire.ErrShort
			}
		} else {
			p.keys = make([]uint64, n)
			var last uint64
			for i := range n {
				d, k := binary.Uvarint(r.B)
				if k <= 0 {
					return nil, wire.ErrShort
				}
				last += d
				p.keys[i], r.B = last, r.B[k:]
			}
			if err := r.Done(); err != nil {
				return nil, err
			}
		}
		if r.Err() != nil {
			return nil, r.Err()
		}
		total += n + nulls
	}
	out := make([]byte, 0, total)
	at := make([]int, len(parts))
	for {
		best := -1
		for j := range parts {
			p := &parts[j]
			if at[j] == len(p.keys)+len(p.strs) {
				continue
			}
			if best < 0 {
				best = j
				continue
			}
			var less bool
			if isStr {
				r := strings.Compare(p.strs[at[j]], parts[best].strs[at[best]])
				less = r < 0 && !desc || r > 0 && desc
			} else {
				less = p.keys[at[j]] < parts[best].keys[at[best]]
			}
			if less {
				best = j
			}
		}
		if best < 0 {
			break
		}
		out = append(out, byte(best))
		at[best]++
	}
	for j, p := range parts {
		for range p.nulls {
			out = append(out, byte(j))
		}
	}
	return out, nil
}

// uvarintOf is binary.Uvarint of a string's start.
func uvarintOf(s string) (uint64, int) {
	var v uint64
	for i := 0; i < len(s) && i < binary.MaxVarintLen64; i++ {
		b := s[i]
		if b < 0x80 {
			if i == binary.MaxVarintLen64-1 && b > 1 {
				return 0, -1
			}
			return v | uint64(b)<<(7*i), i + 1
		}
		v |= uint64(b&0x7f) << (7 * i)
	}
	return 0, 0
}

// PageOfSorted is where a page of a table sorted in parts (from, as
// MergeSorted gives it) lies in its parts: the rows offset… of the sorted
// whole, at most limit, are rows first[j]… of part j's sorted rows, n[j]
// of them.
func PageOfSorted(from []byte, parts, offset, limit int) (first, n []int) {
	first, n = make([]int, parts), make([]int, parts)
	lo, hi := min(max(offset, 0), len(from)), min(max(offset, 0)+max(limit, 0), len(from))
	for j := range parts {
		first[j] = fast.CountByte(fast.String(from[:lo]), byte(j))
	}
	for _, j := range from[lo:hi] {
		n[j]++
	}
	return first, n
}
