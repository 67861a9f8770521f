package table

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ingestkit/playground/core/workload"
)

// requireSameRead asserts that reading data in parts gives ReadCSV's
// result, field for field, and writes the same bytes; it returns whether
// the parts were joined (rather than the file read whole).
func requireSameRead(t *testing.T, data []byte, opts CSVOptions, parts int) bool {
	t.Helper()
	want, werr := ReadCSV(data, opts)
	rs, perr := ReadCSVParts(data, opts, parts)
	got, err := ReadCSVParallel(data, opts, parts)
	if werr != nil {
		require.Error(t, err)
		require.Equal(t, werr.Error(), err.Error())
		require.Equal(t, werr.Error(), perr.Error())
		return false
	}
	require.NoError(t, err)
	require.NoError(t, perr)
	require.Equal(t, want, got, "%d parts of %q", parts, clip(data))
	whole := string(AppendCSV(nil, want.Table, want.WriteOptions()))
	require.Equal(t, whole, string(AppendCSV(nil, got.Table, got.WriteOptions())))
	// The parts written one after the other are the whole file written,
	// and their records are the file's.
	var out []byte
	records := 0
	for i, r := range rs {
		o := r.WriteOptions()
		o.RowsOnly = i > 0
		out = AppendCSV(out, r.Table, o)
		records += r.Records()
		require.Equal(t, want.Warnings, r.Warnings)
	}
	require.Equal(t, whole, string(out))
	require.Equal(t, want.Records(), records)
	// What a step does to the table it read is the same too.
	if want.Table.Len() > 0 {
		idx := []int{want.Table.Len() - 1, 0}
		require.Equal(t, string(AppendCSV(nil, want.Table.Take(idx), want.WriteOptions())), string(AppendCSV(nil, got.Table.Take(idx), got.WriteOptions())))
	}
	return len(rs) > 1
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}

// testFiles are every CSV and TSV file in the module's testdata, and the
// read fuzzer's seeds.
func testFiles(t *testing.T) map[string][]byte {
	files := map[string][]byte{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.Contains(path, "testdata") && (strings.HasSuffix(path, ".csv") || strings.HasSuffix(path, ".tsv")) {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			files[path] = b
		}
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, len(files), 30)
	for i, s := range readSeeds {
		files[fmt.Sprintf("seed %d", i)] = []byte(s)
	}
	return files
}

// Every file the tests know, in 2 to 16 parts, reads as ReadCSV reads it.
func TestReadCSVParallelEqualsReadCSV(t *testing.T) {
	files := testFiles(t)
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			for _, opts := range []CSVOptions{{}, {Shared: true}, {Shared: true, Separator: ";"}, {Encoding: "windows-1252"}, {AllStrings: true}} {
				for _, parts := range []int{2, 3, 5, 16} {
					requireSameRead(t, data, opts, parts)
				}
			}
		})
	}
}

// A sales file (W1) in parts is joined, not read again whole: that is
// where the time goes.
func TestReadCSVParallelJoinsSalesFiles(t *testing.T) {
	data := workload.W1(20_000, 1)
	for _, opts := range []CSVOptions{{Shared: true}, {}} {
		for _, parts := range []int{2, 4, 7} {
			require.True(t, requireSameRead(t, data, opts, parts), "%d parts", parts)
			requireSameRemote(t, data, opts, parts)
		}
	}
	// In the file's own dialect too: a semicolon file with decimal
	// commas, CRLF, in Windows-1252.
	sc := strings.NewReplacer(",", ";", ".", ",", "\n", "\r\n", "\"Cable; USB-C\"", "Câble USB-C").Replace(string(data))
	b := []byte(sc)
	for i, c := range b {
		if c == 0xc3 && i+1 < len(b) && b[i+1] == 0xa2 { // â in Windows-1252
			b[i], b[i+1] = 0xe2, ' '
		}
	}
	require.True(t, requireSameRead(t, b, CSVOptions{Shared: true}, 3))
	requireSameRemote(t, b, CSVOptions{Shared: true}, 3)
}

// A cut inside a quoted field that spans lines is found, and the part
// after it read again from where the record ends: line numbers and
// values are ReadCSV's.
func TestReadCSVParallelCutInsideQuotes(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,note,amount\n")
	for i := range 2000 {
		switch i % 7 {
		case 3:
			fmt.Fprintf(&b, "%d,\"a note\nover\nthree lines, \"\"quoted\"\"\",%d.50\n", i, i)
		case 5:
			fmt.Fprintf(&b, "%d,\"%s\",%d.25\n", i, strings.Repeat("long line\n", 40), i)
		default:
			fmt.Fprintf(&b, "%d,plain,%d.75\n", i, i)
		}
	}
	data := []byte(b.String())
	for _, parts := range []int{2, 3, 8, 31} {
		require.True(t, requireSameRead(t, data, CSVOptions{Shared: true}, parts), "%d parts", parts)
	}
	// Unreadable records (too long, never closed, ragged) keep their lines.
	bad := strings.Replace(b.String(), "5,plain", "5,\"plain", 1)
	bad = strings.Replace(bad, "100,plain,100.75", "100,plain,100.75,extra", 1)
	for _, parts := range []int{2, 5, 13} {
		requireSameRead(t, []byte(bad), CSVOptions{Shared: true, MaxLineBytes: 300}, parts)
	}
}

// Parts that decide a column otherwise (prices with one decimal in one
// part and two in another; a column null throughout one part; a value a
// fixed type refuses) make the file read whole: the same result.
func TestReadCSVParallelDisagreeingParts(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,price,when,flag\n")
	for i := range 3000 {
		price, when, flag := fmt.Sprintf("%d.5", i), "2024-01-02", "true"
		if i >= 2000 {
			price, when, flag = fmt.Sprintf("%d.25", i), "", "x"
		}
		fmt.Fprintf(&b, "%d,%s,%s,%s\n", i, price, when, flag)
	}
	data := []byte(b.String())
	require.False(t, requireSameRead(t, data, CSVOptions{}, 3))
	require.False(t, requireSameRead(t, []byte(strings.Replace(b.String(), "2999,", "oops,", 1)), CSVOptions{Types: map[string]Type{"id": TypeInt}}, 3))
	// One part: nothing to join.
	require.False(t, requireSameRead(t, data, CSVOptions{}, 1))
	requireSameRemote(t, data, CSVOptions{}, 3)
}

func TestCutPoints(t *testing.T) {
	s := "h\na\nb\nc\nd\n"
	require.Equal(t, []int{2, 8, 10}, cutPoints(s, 2, 2, '\n'))
	require.Equal(t, []int{2, len(s)}, cutPoints(s, 2, 1, '\n'))
	require.Equal(t, []int{2, 4, 6, 8, 10}, cutPoints(s, 2, 40, '\n'))
	require.Equal(t, []int{2, 6, 7}, cutPoints("h\raa\r\nb", 2, 2, '\r'))
	require.Equal(t, []int{0, 0}, cutPoints("", 0, 3, '\n'))
}

// FuzzReadCSVParallel: any file, in any number of parts, reads as ReadCSV
// reads it, in one engine or in engines that share no memory.
func FuzzReadCSVParallel(f *testing.F) {
	for _, s := range readSeeds {
		f.Add([]byte(s), uint8(3))
	}
	f.Add([]byte("a,b\n1,\"x\ny\"\n2,\"\"\n3,\"p\nq\"\n"), uint8(4))
	f.Fuzz(func(t *testing.T, data []byte, parts uint8) {
		requireSameRead(t, data, CSVOptions{MaxLineBytes: 64}, int(parts%16)+1)
		requireSameRemote(t, data, CSVOptions{MaxLineBytes: 64}, int(parts%16)+1)
	})
}

// The decimal mark is the file's, decided over every column: columns of
// text vote too, and a column stops being tallied once it is plainly
// text. Parts that each vote otherwise than the whole file (their text
// columns vote for a decimal comma, or stop later) read "1.234" as the
// whole file does.
func TestReadCSVPartsDecideNumbersOverTheFile(t *testing.T) {
	var b strings.Builder
	b.WriteString("y;x1;x2;x3\n")
	for i := range 8 {
		x1, x2, x3 := "aaa", "aaa", "aaa"
		if i == 0 {
			x1, x2 = "1,5", "1,5"
		}
		if i < 5 {
			x3 = "1.5"
		}
		fmt.Fprintf(&b, "1.234;%s;%s;%s\n", x1, x2, x3)
	}
	for i := range 7 {
		x1, x2, x3 := "aaa", "aaa", "aaa"
		if i == 0 {
			x2, x3 = "1,5", "1,5"
		}
		if i < 5 {
			x1 = "1.5"
		}
		fmt.Fprintf(&b, "1.234;%s;%s;%s\n", x1, x2, x3)
	}
	require.True(t, requireSameRead(t, []byte(b.String()), CSVOptions{}, 2))
	tab := "y\tx\n" + strings.Repeat("1.234\t1,5\n", 7) + strings.Repeat("1.234\tabc\n", 40) + strings.Repeat("1.234\t1,5\n", 6)
	require.True(t, requireSameRead(t, []byte(tab), CSVOptions{}, 2))
}

// The warning on a tab dump's \N nulls is the file's: every part carries
// it, whichever part holds the \N.
func TestReadCSVPartsWarnOfDumpNullsInAnyPart(t *testing.T) {
	for _, c := range []struct {
		data  string
		parts int
	}{{"a\tb\n1\tA\n\t\n2\t\\N\n", 3}, {"\t0\n\t\n0\t\\N\n0\tA", 2}} {
		requireSameRead(t, []byte(c.data), CSVOptions{}, c.parts)
	}
}
