package core

import (
	"bytes"
	"testing"

	"github.com/ingestkit/playground/core/table"

	"github.com/stretchr/testify/require"
)

// WriteCSV streams the same bytes as AppendCSV, also past its 1 MiB pieces.
func TestWriteCSVStreamsAppendCSVBytes(t *testing.T) {
	tab, _, err := GenerateSales(GenConfig{Records: 30_000, Seed: 5, Start: DefaultStart, Span: 30 * Day, Faults: Faults{NullPrice: 0.05, MessyText: 0.1, MixedDates: 0.1, BadDates: 0.02}})
	require.NoError(t, err)
	for _, opts := range []table.CSVWriteOptions{{}, {CRLF: true, FormulaGuard: true}} {
		var buf bytes.Buffer
		require.NoError(t, table.WriteCSV(&buf, tab, opts))
		want := table.AppendCSV(nil, tab, opts)
		require.Greater(t, len(want), 1<<20)
		require.Equal(t, want, buf.Bytes())
	}
}
