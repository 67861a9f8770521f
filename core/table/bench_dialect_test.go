package table

import (
	"bytes"
	"testing"

	"github.com/ingestkit/playground/core/workload"
)

// BenchmarkDetect: finding the dialect of W1 at 1,000,000 rows (65 MB) —
// a sep= line, then the separator from the file's first 64 KiB — the cost
// dialect detection adds to reading any file.
func BenchmarkDetect(b *testing.B) {
	data := workload.W1(1_000_000, 1)
	b.ReportAllocs()
	for b.Loop() {
		if n, _ := sepLine(data); n == 0 {
			_, _ = detectSeparator(data)
		}
	}
}

// BenchmarkReadDialects: W1 at 100,000 rows read as written in other
// dialects: semicolons, semicolons with decimal commas (every '.' of the
// file a ','), and Windows-1252 (UTF-8 text with one "é" a row, in
// Windows-1252).
func BenchmarkReadDialects(b *testing.B) {
	w1 := workload.W1(100_000, 1)
	res, err := ReadCSV(w1, CSVOptions{})
	if err != nil {
		b.Fatal(err)
	}
	semi := AppendCSV(nil, res.Table, CSVWriteOptions{Separator: ";"})
	comma := bytes.ReplaceAll(semi, []byte("."), []byte(","))
	cp := bytes.ReplaceAll(w1, []byte("\n"), []byte("\xe9\n"))
	for _, c := range []struct {
		name string
		data []byte
	}{{"comma", w1}, {"semicolon", semi}, {"decimal-comma", comma}, {"windows-1252", cp}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(c.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ReadCSV(c.data, CSVOptions{Shared: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
