package num

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

// FloorDiv rounds towards minus infinity, for every sign of a and b.
func TestFloorDivRoundsDown(t *testing.T) {
	for a := int64(-130); a <= 130; a++ {
		for _, b := range []int64{-60, -7, -1, 1, 7, 60} {
			assert.Equal(t, int64(math.Floor(float64(a)/float64(b))), FloorDiv(a, b), "%d / %d", a, b)
		}
	}
}

func TestCompareIsMinusZeroOrPlusOne(t *testing.T) {
	assert.Equal(t, -1, Compare(int64(1), 2))
	assert.Equal(t, 0, Compare(2.5, 2.5))
	assert.Equal(t, 1, Compare(byte('b'), 'a'))
}

func TestRoundDown2KeepsTwoDigits(t *testing.T) {
	for n, want := range map[int64]int64{0: 0, 7: 7, 99: 99, 104: 100, 104_857_600: 100_000_000, 5_999: 5_900} {
		assert.Equal(t, want, RoundDown2(n))
	}
}

func TestDigitsReadsWhatIsDigitsAccepts(t *testing.T) {
	for s, want := range map[string]int{"0": 0, "007": 7, "2024": 2024, "86400": 86400} {
		assert.True(t, IsDigits(s), s)
		assert.Equal(t, want, Digits(s), s)
	}
	for _, s := range []string{"", "-1", "1.5", " 1", "1e3", "١٢"} {
		assert.False(t, IsDigits(s), s)
	}
	assert.Equal(t, byte(1), Bit(true))
	assert.Equal(t, byte(0), Bit(false))
}
