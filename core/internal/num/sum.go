package num

import "math"

// Sum adds floats exactly: the sum of any values, added in any order or
// in parts merged afterwards, is the same correctly rounded float64 (the
// exact sum, rounded once, half to even), as Python's math.fsum gives. A
// plain running sum depends on the order of the additions, so a column
// summed in parts would not give a whole column's figures.
//
// It keeps the exact sum as a few floats whose magnitudes do not overlap
// (Shewchuk's "Adaptive precision floating-point arithmetic", 1997): one
// to three of them for everyday data, so an Add costs a few additions.
type Sum struct {
	parts   []float64
	special float64 // the sum of the infinities and NaNs added, when any was
	odd     bool    // special holds something
	inf     bool    // an exact partial sum overflowed
}

// Add adds x.
func (s *Sum) Add(x float64) {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		s.special += x
		s.odd = true
		return
	}
	i := 0
	for _, y := range s.parts {
		// Knuth's two-sum: hi + lo is exactly x + y, whichever is larger.
		hi := x + y
		if hi-hi != 0 { // ±Inf
			s.special += hi
			s.odd, s.inf = true, true
			s.parts = s.parts[:0]
			return
		}
		bb := hi - x
		lo := (x - (hi - bb)) + (y - bb)
		if lo != 0 {
			s.parts[i] = lo
			i++
		}
		x = hi
	}
	s.parts = append(s.parts[:i], x)
}

// Merge adds everything o added.
func (s *Sum) Merge(o *Sum) {
	for _, x := range o.parts {
		s.Add(x)
	}
	if o.odd {
		s.special += o.special
		s.odd = true
	}
}

// Float64 returns the sum, correctly rounded.
func (s *Sum) Float64() float64 {
	if s.odd {
		return s.special
	}
	p := s.parts
	n := len(p)
	if n == 0 {
		return 0
	}
	n--
	hi, lo := p[n], 0.0
	for n > 0 {
		x := hi
		n--
		y := p[n]
		hi = x + y
		lo = y - (hi - x)
		if lo != 0 {
			break
		}
	}
	// Half-way cases: round away from the lost bits' side when the
	// partials below say the true sum lies beyond the half-way point.
	if n > 0 && (lo < 0 && p[n-1] < 0 || lo > 0 && p[n-1] > 0) {
		y := lo * 2
		x := hi + y
		if y == x-hi {
			hi = x
		}
	}
	return hi
}

// State returns what s holds, for a message to another engine (FromState
// makes it again there).
func (s *Sum) State() (parts []float64, special float64, odd, inf bool) {
	return s.parts, s.special, s.odd, s.inf
}

// FromState is the Sum that State described.
func FromState(parts []float64, special float64, odd, inf bool) Sum {
	return Sum{parts: parts, special: special, odd: odd, inf: inf}
}
