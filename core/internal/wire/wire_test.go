package wire

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRoundTrip(t *testing.T) {
	var w Writer
	w.Int(-5)
	w.Int64(math.MinInt64)
	w.Bool(true)
	w.Byte(7)
	w.Float(math.Copysign(0, -1))
	w.String("größe, \"x\"\n")
	w.Ints([]int{0, math.MaxInt32, -1})
	w.Strings([]string{"", "a"})
	w.Ints(nil)
	r := Reader{B: w.B}
	require.Equal(t, -5, r.Int())
	require.Equal(t, int64(math.MinInt64), r.Int64())
	require.True(t, r.Bool())
	require.Equal(t, byte(7), r.Byte())
	f := r.Float()
	require.True(t, f == 0 && math.Signbit(f))
	require.Equal(t, "größe, \"x\"\n", r.String())
	require.Equal(t, []int{0, math.MaxInt32, -1}, r.Ints())
	require.Equal(t, []string{"", "a"}, r.Strings())
	require.Nil(t, r.Ints())
	require.NoError(t, r.Done())
}

// A damaged message is an error from every read after it, never a panic
// or a huge allocation.
func TestDamaged(t *testing.T) {
	var w Writer
	w.String("hello")
	w.Ints([]int{1, 2, 3})
	for n := range len(w.B) {
		r := Reader{B: w.B[:n]}
		_ = r.String()
		_ = r.Ints()
		require.Error(t, r.Done(), "cut at %d", n)
	}
	r := Reader{B: []byte{0xfe, 0xff, 0xff, 0xff, 0x0f}} // a length of a billion
	require.Nil(t, r.Strings())
	require.Error(t, r.Err())
	r = Reader{B: append(w.B, 0)}
	_, _ = r.String(), r.Ints()
	require.Error(t, r.Done(), "a byte left over")
}
