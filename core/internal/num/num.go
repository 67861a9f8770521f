// Package num holds the arithmetic the engine's packages share:
// division that rounds towards minus infinity (for windows and days before
// 1970), a three-way comparison, and rounding a figure down to two leading
// digits (for "choose 100,000,000 records or fewer").
package num

// RoundDown2 keeps the two leading digits of n: 104,857,600 → 100,000,000.
func RoundDown2(n int64) int64 {
	p := int64(1)
	for n/p >= 100 {
		p *= 10
	}
	return n / p * p
}

// FloorDiv is a / b rounded towards minus infinity: FloorDiv(-1, 60) is
// -1, where -1 / 60 is 0.
func FloorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// Compare is -1, 0 or +1 as a is less than, equal to or greater than b
// (NaN is equal to everything: no ordering of it is asked for).
func Compare[T int64 | float64 | byte](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Bit is 1 for true and 0 for false: a mask of rows as bytes.
func Bit(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// IsDigits reports whether s is one or more ASCII digits.
func IsDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// Digits is the value of s, a run of ASCII digits the caller has checked
// (see IsDigits) and short enough not to overflow.
func Digits(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}
