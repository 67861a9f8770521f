package fast

import (
	"encoding/binary"
	"go/parser"
	"go/token"
	"io/fs"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// SameText is ==, for texts of every length and at any offset in memory.
func TestSameTextIsEquality(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	buf := make([]byte, 64)
	for range 100_000 {
		for i := range buf {
			buf[i] = "ab"[r.IntN(2)]
		}
		text := string(buf)
		n := r.IntN(21)
		i, j := r.IntN(64-n+1), r.IntN(64-n+1)
		a, b := text[i:i+n], text[j:j+n]
		if r.IntN(3) == 0 {
			b = text[j : j+r.IntN(64-j+1)]
		}
		require.Equal(t, a == b, SameText(a, b), "%q %q", a, b)
	}
}

// ZeroBytes marks exactly the zero bytes of a word, whatever the others
// hold (a carry from one byte never reaches the next).
func TestZeroBytesMarksTheZeroBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	for range 200_000 {
		var b [8]byte
		for i := range b {
			switch r.IntN(4) {
			case 0:
				b[i] = 0
			case 1:
				b[i] = byte(1 << r.IntN(8)) // one bit: the carries' edge cases
			default:
				b[i] = byte(r.Uint32())
			}
		}
		var want uint64
		for i, c := range b {
			if c == 0 {
				want |= 0x80 << (8 * i)
			}
		}
		require.Equal(t, want, ZeroBytes(binary.LittleEndian.Uint64(b[:])), "% x", b)
	}
}

// Ends' two words hold every byte of the text, in order, at every length
// from 4 to 16 and every offset: the first word its first bytes, the last
// its last ones; under eight bytes, four each with the upper bytes zero.
func TestEndsHoldsEveryByte(t *testing.T) {
	if !WordsAnywhere {
		t.Skip("Ends is only used where a word may be read from any address")
	}
	text := strings.Repeat("0123456789abcdefghijklmnopqrstuvwxyz", 2)
	for n := 4; n <= 16; n++ {
		for off := 0; off+n <= len(text); off++ {
			s := text[off : off+n]
			a, b := Ends(s)
			w := 8
			if n < 8 {
				w = 4
			}
			var wa, wb [8]byte
			copy(wa[:], s[:w])
			copy(wb[:], s[n-w:])
			require.Equal(t, binary.LittleEndian.Uint64(wa[:]), a, "%q", s)
			require.Equal(t, binary.LittleEndian.Uint64(wb[:]), b, "%q", s)
		}
	}
}

// String and Bytes view the same memory, without a copy, and the empty
// cases give the empty value.
func TestStringAndBytesShareMemory(t *testing.T) {
	b := []byte("north,south")
	s := String(b)
	require.Equal(t, "north,south", s)
	b[0] = 'N' // the caller's promise broken on purpose: the view follows
	require.Equal(t, "North,south", s)
	require.Equal(t, []byte("east"), Bytes("east"))
	require.Equal(t, "", String(nil))
	require.Equal(t, "", String([]byte{}))
	require.Empty(t, Bytes(""))
}

// A Memo's Get is its function, for values that share memory, values each
// in their own memory, colliding slots, the empty text and more distinct
// values than the map keeps.
func TestMemoIsItsFunction(t *testing.T) {
	calls := 0
	f := func(s string) string { calls++; return strings.ToUpper(s) + "!" }
	m := NewMemo(f)
	r := rand.New(rand.NewPCG(6, 6))
	shared := []string{"North", "South", "East", "West", "", "a", "Electronics", "Home & Kitchen"}
	for i := range 100_000 {
		var s string
		switch r.IntN(3) {
		case 0:
			s = shared[r.IntN(len(shared))]
		case 1:
			s = strings.Clone(shared[r.IntN(len(shared))]) // the same text elsewhere
		default:
			s = string(rune('a'+r.IntN(26))) + strings.Repeat("x", r.IntN(20)) + string(rune('0'+i%10000))
		}
		require.Equal(t, strings.ToUpper(s)+"!", m.Get(s), "%q", s)
	}
	require.Less(t, calls, 100_000, "the memo remembered nothing")
}

// The engine's other packages read memory only through this one: no file
// of core outside it imports "unsafe".
func TestTheTricksLiveHere(t *testing.T) {
	here, err := filepath.Abs(".")
	require.NoError(t, err)
	root := filepath.Join(here, "..", "..")
	fset := token.NewFileSet()
	seen := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasPrefix(path, here) {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		seen++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			require.NotEqual(t, "unsafe", p, "%s imports unsafe: such code belongs in core/internal/fast", path)
		}
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, seen, 50, "the walk found too few of core's files")
}

// CountByte is bytes.Count of one byte, a word at a time or not: every
// byte value, texts of every length up to 40 at every start (so that the
// words fall at every alignment), random and of runs of the byte.
func TestCountByteIsCount(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	buf := make([]byte, 48)
	for round := range 300 {
		for i := range buf {
			buf[i] = byte(r.IntN(4)) * 0x55 // few values: many matches
			if round%3 == 0 {
				buf[i] = byte(r.IntN(256))
			}
		}
		for _, c := range []byte{0, 0x55, 0xAA, 0xFF, '\n', '\r', byte(round)} {
			for from := range 8 {
				for to := from; to <= 40; to++ {
					s := string(buf[from:to])
					want := strings.Count(s, string([]byte{c}))
					require.Equal(t, want, countWords(s, c), "%q in %q", c, s)
					require.Equal(t, want, CountByte(s, c), "%q in %q", c, s)
				}
			}
		}
	}
	require.Equal(t, 0, CountByte("", '\n'))
}
