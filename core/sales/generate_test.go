package sales

import (
	"math"
	"testing"

	"github.com/ingestkit/playground/core/table"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Each fault lands on exactly round(rate × records) rows, no row gets
// two, and each row holds the fault it is listed with.
func TestFaultCountsAreExactAndDistinct(t *testing.T) {
	for _, n := range []int{1, 7, 150, 1000, 12345} {
		cfg := Config{Records: n, Seed: uint64(n), Start: DefaultStart, Span: table.Day,
			Faults: Faults{NullPrice: 0.04, BadQuantity: 0.03, Duplicates: 0.02, MessyText: 0.1, MixedDates: 0.1, BadDates: 0.01, Outliers: 0.01}}
		tab, log, err := Generate(cfg)
		require.NoError(t, err)
		require.Equal(t, n, tab.Len())
		seen := map[int]string{}
		rates := cfg.Faults.rates()
		for k, f := range log {
			assert.Equal(t, int(math.Round(rates[k]*float64(n))), len(f.Rows), "%s at n=%d", f.Kind, n)
			for _, r := range f.Rows {
				_, dup := seen[r]
				assert.False(t, dup, "row %d has two faults", r)
				seen[r] = f.Kind
			}
		}
		// The faults are really there.
		price, qty, ts := tab.Col(ColPrice), tab.Col(ColQuantity), tab.Col(ColOrderTS)
		for _, r := range log[0].Rows {
			assert.True(t, price.IsNull(r))
		}
		for _, r := range log[1].Rows {
			assert.LessOrEqual(t, qty.Int[r], int64(0))
		}
		for _, r := range log[5].Rows {
			_, _, ok := table.ParseTimestamp(ts.Str[r])
			assert.False(t, ok, ts.Str[r])
		}
		for _, r := range log[4].Rows {
			_, _, ok := table.ParseTimestamp(ts.Str[r])
			assert.True(t, ok, ts.Str[r])
		}
		for _, r := range log[3].Rows {
			assert.NotContains(t, Categories(), tab.Col(ColCategory).Str[r])
		}
	}
}

// The generated numbers are the numbers their CSV says: a program that
// reads the exported input gets the values the engine checked.
func TestGeneratedValuesEqualTheirText(t *testing.T) {
	tab, _, err := Generate(Config{Records: 20_000, Seed: 3, Start: DefaultStart, Span: table.Day,
		Faults: Faults{NullPrice: 0.1, BadQuantity: 0.1, Duplicates: 0.1, Outliers: 0.3}})
	require.NoError(t, err)
	for _, name := range []string{ColPrice, ColDiscount} {
		c := tab.Col(name)
		for i := 0; i < tab.Len(); i++ {
			if c.IsNull(i) {
				continue
			}
			v, ok := table.ParseDecimal(c.Value(i))
			require.True(t, ok)
			require.Equal(t, v, c.Dec[i], "%s row %d is %v but is written %s", name, i, c.Dec[i], c.Value(i))
		}
	}
}
