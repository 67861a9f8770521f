// Package wire writes and reads the messages engines working on parts of
// one file send each other (a page's engine workers hold no memory in
// common): plain bytes, numbers as varints, text with its length first.
//
// A Reader never panics on bad bytes: it notes the first problem, returns
// zero values from then on, and Err reports it.
package wire

import (
	"encoding/binary"
	"errors"
	"math"
)

// Writer appends values to a message.
type Writer struct{ B []byte }

// Int writes a signed integer.
func (w *Writer) Int(v int) { w.B = binary.AppendVarint(w.B, int64(v)) }

// Int64 writes a signed 64-bit integer.
func (w *Writer) Int64(v int64) { w.B = binary.AppendVarint(w.B, v) }

// Bool writes a boolean.
func (w *Writer) Bool(v bool) {
	b := byte(0)
	if v {
		b = 1
	}
	w.B = append(w.B, b)
}

// Byte writes one byte.
func (w *Writer) Byte(v byte) { w.B = append(w.B, v) }

// Float writes a float64, bit for bit.
func (w *Writer) Float(v float64) { w.B = binary.LittleEndian.AppendUint64(w.B, math.Float64bits(v)) }

// String writes a string.
func (w *Writer) String(s string) {
	w.B = binary.AppendUvarint(w.B, uint64(len(s)))
	w.B = append(w.B, s...)
}

// Ints writes a slice of integers.
func (w *Writer) Ints(v []int) {
	w.Int(len(v))
	for _, x := range v {
		w.Int(x)
	}
}

// Strings writes a slice of strings.
func (w *Writer) Strings(v []string) {
	w.Int(len(v))
	for _, s := range v {
		w.String(s)
	}
}

// ErrShort is the error of a message that ends too soon or holds a value
// out of range.
var ErrShort = errors.New("wire: the message is damaged")

// Reader reads values from a message, in the order they were written.
type Reader struct {
	B   []byte
	err error
}

// Err is the first problem met, or nil.
func (r *Reader) Err() error { return r.err }

func (r *Reader) fail() {
	if r.err == nil {
		r.err = ErrShort
	}
	r.B = nil
}

// Int reads a signed integer.
func (r *Reader) Int() int {
	v := r.Int64()
	if int64(int(v)) != v {
		r.fail()
		return 0
	}
	return int(v)
}

// Int64 reads a signed 64-bit integer.
func (r *Reader) Int64() int64 {
	v, n := binary.Varint(r.B)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.B = r.B[n:]
	return v
}

// Len reads a length written by Int: at least 0 and at most the bytes
// left divided by min, the fewest bytes one element takes.
func (r *Reader) Len(min int) int {
	n := r.Int()
	if n < 0 || min > 0 && n > len(r.B)/min {
		r.fail()
		return 0
	}
	return n
}

// Bool reads a boolean.
func (r *Reader) Bool() bool { return r.Byte() != 0 }

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if len(r.B) < 1 {
		r.fail()
		return 0
	}
	b := r.B[0]
	r.B = r.B[1:]
	return b
}

// Float reads a float64.
func (r *Reader) Float() float64 {
	if len(r.B) < 8 {
		r.fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.B))
	r.B = r.B[8:]
	return v
}

// String reads a string.
func (r *Reader) String() string {
	n, k := binary.Uvarint(r.B)
	if k <= 0 || n > uint64(len(r.B)-k) {
		r.fail()
		return ""
	}
	s := string(r.B[k : k+int(n)])
	r.B = r.B[k+int(n):]
	return s
}

// Ints reads a slice of integers.
func (r *Reader) Ints() []int {
	n := r.Len(1)
	if n == 0 {
		return nil
	}
	v := make([]int, n)
	for i := range v {
		v[i] = r.Int()
	}
	return v
}

// Strings reads a slice of strings.
func (r *Reader) Strings() []string {
	n := r.Len(1)
	if n == 0 {
		return nil
	}
	v := make([]string, n)
	for i := range v {
		v[i] = r.String()
	}
	return v
}

// Done reports an error unless the whole message was read without one.
func (r *Reader) Done() error {
	if r.err == nil && len(r.B) != 0 {
		r.fail()
	}
	return r.err
}
