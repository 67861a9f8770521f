package say

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestCountGroupsThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", -1000: "-1,000", 5_000_000: "5,000,000",
		-123_456_789: "-123,456,789", 9_223_372_036_854_775_807: "9,223,372,036,854,775,807"} {
		assert.Equal(t, want, Count(n))
	}
}

func TestCountedSaysTheNoun(t *testing.T) {
	assert.Equal(t, "1 event", Counted(1, "event"))
	assert.Equal(t, "0 events", Counted(0, "event"))
	assert.Equal(t, "12,000 rows", Counted(12_000, "row"))
}

func TestBytesWritesDecimalUnits(t *testing.T) {
	for n, want := range map[int64]string{850: "850 B", 999: "999 B", 1000: "1.0 KB", 12_400_000: "12.4 MB", 1_100_000_000: "1.1 GB"} {
		assert.Equal(t, want, Bytes(n))
	}
}

// Clip keeps short texts whole and cuts long ones at a character's start,
// never inside one.
func TestClipCutsAtACharacter(t *testing.T) {
	short := strings.Repeat("a", 500)
	assert.Equal(t, short, Clip(short))
	long := strings.Repeat("a", 499) + "éé"
	got := Clip(long)
	assert.True(t, utf8.ValidString(got))
	assert.Equal(t, strings.Repeat("a", 499)+"…", got)
}

func TestMoneyGroupsThousandsAndKeepsCents(t *testing.T) {
	for x, want := range map[float64]string{0: "0.00", 9.5: "9.50", 999.999: "1,000.00", 5582949.644: "5,582,949.64", -1234.5: "-1,234.50", 123: "123.00"} {
		assert.Equal(t, want, Money(x), "%v", x)
	}
}

func TestAPicksTheArticleOfEveryTypeName(t *testing.T) {
	for noun, want := range map[string]string{"integer": "an integer", "decimal": "a decimal", "string": "a string",
		"timestamp": "a timestamp", "boolean": "a boolean", "": "a "} {
		assert.Equal(t, want, A(noun))
	}
}
