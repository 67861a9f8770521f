package profile

import (
	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/internal/wire"
	"github.com/ingestkit/playground/core/table"
)

// The steps' results as messages, for parts held by engines that share
// no memory (a page's engine workers): each part's engine sends its Part
// (Bytes) to the engine that merges, which sends each the Merged (Bytes)
// and gets back its Finished (Bytes). Reading a damaged message is an
// error, never a panic.

// Bytes is p as a message (ReadPart reads it).
func (p *Part) Bytes() []byte {
	var w wire.Writer
	w.Int(p.first)
	w.Int(p.total)
	w.Int(p.rows)
	w.Int(len(p.cols))
	for i := range p.cols {
		c := &p.cols[i]
		w.String(c.name)
		w.Byte(byte(c.typ))
		w.Int(c.nulls)
		w.Float(c.lo)
		w.Float(c.hi)
		writeSum(&w, &c.sum)
		w.Int(len(c.keys))
		for k, key := range c.keys {
			w.Int64(int64(key))
			w.Int(c.counts[k])
		}
		writeRange(&w, &c.textRange)
		w.Strings(c.texts)
		if c.typ == table.TypeString {
			w.Ints(c.counts)
		}
	}
	return w.B
}

// ReadPart reads a Part from its message.
func ReadPart(b []byte) (*Part, error) {
	r := wire.Reader{B: b}
	p := &Part{first: r.Int(), total: r.Int(), rows: r.Int()}
	p.cols = make([]partCol, r.Len(8))
	for i := range p.cols {
		c := &p.cols[i]
		c.name, c.typ, c.nulls, c.lo, c.hi = r.String(), table.Type(r.Byte()), r.Int(), r.Float(), r.Float()
		c.sum = readSum(&r)
		if n := r.Len(2); n > 0 {
			c.keys, c.counts = make([]uint64, n), make([]int, n)
			for k := range n {
				c.keys[k], c.counts[k] = uint64(r.Int64()), r.Int()
			}
		}
		c.textRange = readRange(&r)
		c.texts = r.Strings()
		if c.typ == table.TypeString {
			c.counts = r.Ints()
			if len(c.counts) != len(c.texts) {
				return nil, wire.ErrShort
			}
		}
	}
	if err := r.Done(); err != nil {
		return nil, err
	}
	if p.first < 0 || p.rows < 0 || p.total < p.first+p.rows {
		return nil, wire.ErrShort
	}
	return p, nil
}

// Bytes is m as a message (ReadMerged reads it).
func (m *Merged) Bytes() []byte {
	var w wire.Writer
	w.Int(m.total)
	w.Int(len(m.cols))
	for i := range m.cols {
		c := &m.cols[i]
		w.String(c.name)
		w.Byte(byte(c.typ))
		w.Int(c.nulls)
		w.Float(c.lo)
		w.Float(c.hi)
		writeSum(&w, &c.sum)
		w.Int(c.distinct)
		w.Bool(c.capped)
		w.Int(len(c.top))
		for _, x := range c.top {
			w.Int64(int64(x.k))
			w.Int(x.n)
		}
		w.Int(len(c.topText))
		for _, x := range c.topText {
			w.String(x.Value)
			w.Int(x.Count)
		}
		writeRange(&w, &c.textRange)
	}
	return w.B
}

// ReadMerged reads a Merged from its message.
func ReadMerged(b []byte) (*Merged, error) {
	r := wire.Reader{B: b}
	m := &Merged{total: r.Int()}
	m.cols = make([]mergedCol, r.Len(8))
	for i := range m.cols {
		c := &m.cols[i]
		c.name, c.typ, c.nulls, c.lo, c.hi = r.String(), table.Type(r.Byte()), r.Int(), r.Float(), r.Float()
		c.sum = readSum(&r)
		c.distinct, c.capped = r.Int(), r.Bool()
		if n := r.Len(2); n > 0 {
			c.top = make([]keyCount, n)
			for k := range c.top {
				c.top[k] = keyCount{k: uint64(r.Int64()), n: r.Int()}
			}
		}
		if n := r.Len(2); n > 0 {
			c.topText = make([]TopValue, n)
			for k := range c.topText {
				c.topText[k] = TopValue{Value: r.String(), Count: r.Int()}
			}
		}
		c.textRange = readRange(&r)
	}
	if err := r.Done(); err != nil {
		return nil, err
	}
	return m, nil
}

// Bytes is f as a message (ReadFinished reads it).
func (f *Finished) Bytes() []byte {
	var w wire.Writer
	w.Int(len(f.hist))
	for j := range f.hist {
		w.Ints(f.hist[j])
		w.Strings(f.texts[j])
		w.Int(len(f.found[j]))
		for _, b := range f.found[j] {
			w.Bool(b)
		}
	}
	return w.B
}

// ReadFinished reads a Finished from its message, a part's of a table
// whose merge is m.
func ReadFinished(b []byte, m *Merged) (*Finished, error) {
	r := wire.Reader{B: b}
	n := r.Len(3)
	if n != len(m.cols) {
		return nil, wire.ErrShort
	}
	f := &Finished{hist: make([][]int, n), texts: make([][]string, n), found: make([][]bool, n)}
	for j := range n {
		f.hist[j], f.texts[j] = r.Ints(), r.Strings()
		if k := r.Len(1); k > 0 {
			f.found[j] = make([]bool, k)
			for b := range k {
				f.found[j][b] = r.Bool()
			}
		}
		top := len(m.cols[j].top)
		if len(f.hist[j]) > 10 || len(f.texts[j]) != len(f.found[j]) || len(f.found[j]) != 0 && len(f.found[j]) != top {
			return nil, wire.ErrShort
		}
		if len(f.found[j]) == 0 && top > 0 {
			f.texts[j], f.found[j] = make([]string, top), make([]bool, top)
		}
	}
	if err := r.Done(); err != nil {
		return nil, err
	}
	return f, nil
}

func writeSum(w *wire.Writer, s *num.Sum) {
	parts, special, odd, inf := s.State()
	w.Int(len(parts))
	for _, x := range parts {
		w.Float(x)
	}
	w.Float(special)
	w.Bool(odd)
	w.Bool(inf)
}

func readSum(r *wire.Reader) num.Sum {
	var parts []float64
	if n := r.Len(8); n > 0 {
		parts = make([]float64, n)
		for i := range parts {
			parts[i] = r.Float()
		}
	}
	return num.FromState(parts, r.Float(), r.Bool(), r.Bool())
}

func writeRange(w *wire.Writer, t *textRange) {
	w.Bool(t.seen)
	w.Int(t.minLen)
	w.Int(t.maxLen)
	w.String(t.min)
	w.String(t.max)
	w.Bool(t.leadingZero)
}

func readRange(r *wire.Reader) textRange {
	return textRange{seen: r.Bool(), minLen: r.Int(), maxLen: r.Int(), min: r.String(), max: r.String(), leadingZero: r.Bool()}
}
