package export

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"strings"
)

// Zip returns the bundle as a .zip archive, its files in a folder named
// folder. Files are stored, not compressed: archive/zip would bring
// compress/flate and more into the page's WebAssembly for a download the
// browser's own tools unpack either way. Every entry is dated 1980-01-01,
// so the same bundle gives the same bytes.
func (b *Bundle) Zip(folder string) ([]byte, error) {
	type entry struct {
		name      string
		crc, size uint32
		offset    uint32
	}
	folder = strings.Trim(folder, "/")
	total := 22
	for _, f := range b.Files {
		total += 30 + 46 + 2*(len(folder)+1+len(f.Name)) + len(f.Data)
	}
	if int64(total) >= 1<<32-1 || len(b.Files) >= 1<<16 {
		return nil, errors.New("export: the bundle is too large for a .zip file (4 GB); choose fewer records")
	}
	out := make([]byte, 0, total)
	le16 := func(v int) { out = binary.LittleEndian.AppendUint16(out, uint16(v)) }
	le32 := func(v uint32) { out = binary.LittleEndian.AppendUint32(out, v) }
	const utf8Names = 1 << 11
	const dosDate = 1<<5 | 1 // 1980-01-01
	var entries []entry
	for _, f := range b.Files {
		e := entry{name: folder + "/" + f.Name, crc: crc32.ChecksumIEEE(f.Data), size: uint32(len(f.Data)), offset: uint32(len(out))}
		le32(0x04034b50)
		le16(20)
		le16(utf8Names)
		le16(0) // stored
		le16(0) // time
		le16(dosDate)
		le32(e.crc)
		le32(e.size)
		le32(e.size)
		le16(len(e.name))
		le16(0)
		out = append(out, e.name...)
		out = append(out, f.Data...)
		entries = append(entries, e)
	}
	dir := len(out)
	for _, e := range entries {
		le32(0x02014b50)
		le16(20)
		le16(20)
		le16(utf8Names)
		le16(0)
		le16(0)
		le16(dosDate)
		le32(e.crc)
		le32(e.size)
		le32(e.size)
		le16(len(e.name))
		le16(0) // extra
		le16(0) // comment
		le16(0) // disk
		le16(0) // internal attributes
		le32(0o644 << 16)
		le32(e.offset)
		out = append(out, e.name...)
	}
	size := uint32(len(out) - dir)
	le32(0x06054b50)
	le16(0)
	le16(0)
	le16(len(entries))
	le16(len(entries))
	le32(size)
	le32(uint32(dir))
	le16(0)
	return out, nil
}
