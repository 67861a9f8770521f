package workload

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestW1HoldsWhatItPromises checks the file against what W1 promises, read with encoding/csv.
func TestW1HoldsWhatItPromises(t *testing.T) {
	const n = 20_000
	data := W1(n, 1)
	require.Equal(t, data, W1(n, 1), "same seed, same bytes")
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, n+1)
	assert.Equal(t, W1Header, strings.Join(rows[0], ","))
	var cable, lead, trail, noPrice, badQty, padded int
	customers := map[string]bool{}
	for i, r := range rows[1:] {
		require.Equal(t, strconv.Itoa(i+1), r[0])
		ts, err := time.Parse(time.RFC3339, r[1])
		require.NoError(t, err)
		require.Equal(t, 2025, ts.Year())
		customers[r[2]] = true
		if r[3] == "Cable, USB-C" {
			cable++
		}
		lead += b2i(strings.HasPrefix(r[4], " "))
		trail += b2i(strings.HasSuffix(r[4], "  "))
		if r[5] == "" {
			noPrice++
		} else {
			p, err := strconv.ParseFloat(r[5], 64)
			require.NoError(t, err)
			require.True(t, p >= 5 && p <= 500, r[5])
			require.Equal(t, 2, len(r[5])-strings.IndexByte(r[5], '.')-1, r[5])
		}
		q, err := strconv.Atoi(r[6])
		require.NoError(t, err)
		require.True(t, q >= -2 && q <= 10, r[6])
		badQty += b2i(q <= 0)
		padded += b2i(r[7] != strings.TrimSpace(r[7]))
	}
	share := func(k int) float64 { return float64(k) / n }
	assert.InDelta(t, 0.01, share(cable), 0.004)
	assert.InDelta(t, 0.10, share(lead), 0.01)
	assert.InDelta(t, 0.10, share(trail), 0.01)
	assert.InDelta(t, 0.04, share(noPrice), 0.006)
	assert.InDelta(t, 0.04, share(badQty), 0.006)
	assert.InDelta(t, 0.10, share(padded), 0.01)
	// 20,000 draws over 5,000 codes reach 5000·(1-e⁻⁴) ≈ 4,908 of them.
	assert.InDelta(t, 4908, len(customers), 60)
	assert.InDelta(t, 65, float64(len(data))/n, 8, "bytes a row")
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
