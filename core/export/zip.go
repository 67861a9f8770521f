package export

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Zip returns the bundle as a .zip archive, its files in a folder named
// folder. Files are stored, not compressed: archive/zip would bring
// compress/flate and more into the page's WebAssembly for a download the
// browser's own tools unpack either way. Every entry is dated 1980-01-01,
// so the same bundle gives the same bytes.
func (b *Bundle) Zip(folder string) ([]byte, error) {
	folder = strings.Trim(folder, "/")
	if err := entryName(folder); err != nil {
		return nil, err
	}
	total := 22
	for _, f := range b.Files {
		if err := entryName(f.Name); err != nil {
			return nil, err
		}
		total += 30 + 46 + 2*(len(folder)+1+len(f.Name)) + len(f.Data)
	}
	if int64(total) >= 1<<32-1 || len(b.Files) >= 1<<16 {
		return nil, errors.New("export: the bundle is too large for a .zip file (4 GB); choose fewer records")
	}
	out := make([]byte, 0, total)
	dir := make([]byte, 0, 46*len(b.Files)+total/64)
	for _, f := range b.Files {
		name := folder + "/" + f.Name
		crc, size, n := crc32(f.Data), uint32(len(f.Data)), uint32(len(name))
		// Version 2.0, UTF-8 names (flag 1<<11), stored (method 0), dated
		// 1980-01-01 (DOS time 0, date 1<<5|1).
		dir = put(dir, "42222224442222244", 0x02014b50, 20, 20, 1<<11, 0, 0, 1<<5|1, crc, size, size, n, 0, 0, 0, 0, 0o644<<16, uint32(len(out)))
		dir = append(dir, name...)
		out = put(out, "42222244422", 0x04034b50, 20, 1<<11, 0, 0, 1<<5|1, crc, size, size, n, 0)
		out = append(append(out, name...), f.Data...)
	}
	start, n := uint32(len(out)), uint32(len(b.Files))
	out = append(out, dir...)
	return put(out, "42222442", 0x06054b50, 0, 0, n, n, uint32(len(dir)), start, 0), nil
}

// entryName checks a name inside the archive: relative, made of
// folders and a file name that are neither empty nor "." or "..", without
// backslashes, colons, control characters or bytes that are not UTF-8, and
// without a leading dot — so that unpacking it, on any system, writes that
// file in the bundle's folder and nowhere else. Names are made by the
// exporter from safe names ([core.SafeFileName]): an error here is a bug.
func entryName(name string) error {
	bad := name == "" || !utf8.ValidString(name) || strings.ContainsAny(name, "\\:")
	for _, part := range strings.Split(name, "/") {
		bad = bad || part == "" || part[0] == '.' || len(part) > 255
	}
	for _, r := range name {
		bad = bad || r < 0x20 || r == 0x7f || !unicode.IsPrint(r)
	}
	if bad {
		return fmt.Errorf("export: %q is not a safe name for a file in a .zip", name)
	}
	return nil
}

// put appends little-endian fields; widths gives each one's size in bytes
// ('2' or '4').
func put(dst []byte, widths string, vals ...uint32) []byte {
	for i, v := range vals {
		dst = append(dst, byte(v), byte(v>>8))
		if widths[i] == '4' {
			dst = append(dst, byte(v>>16), byte(v>>24))
		}
	}
	return dst
}

// crc32 is the IEEE CRC-32 of zip entries, bit by bit through a table made
// on first use (hash/crc32's faster tables cost the page more than the
// few megabytes a bundle holds take here).
func crc32(data []byte) uint32 {
	crcOnce.Do(func() {
		for i := range crcTable {
			c := uint32(i)
			for range 8 {
				if c&1 != 0 {
					c = 0xedb88320 ^ c>>1
				} else {
					c >>= 1
				}
			}
			crcTable[i] = c
		}
	})
	c := ^uint32(0)
	for _, b := range data {
		c = crcTable[byte(c)^b] ^ c>>8
	}
	return ^c
}

var (
	crcOnce  sync.Once
	crcTable [256]uint32
)
