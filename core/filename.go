package core

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxFileNameBytes is the longest name [SafeFileName] returns.
const MaxFileNameBytes = 100

// SafeFileName returns name as a file name that is safe everywhere a
// learner's file name goes: a download, an entry of a .zip, a command line
// in a README and a program. Letters and digits of any script, '-', '_',
// '+' and single dots are kept; every other character (path separators,
// spaces, quotes, control and invisible characters, shell symbols) becomes
// '_', runs of '_' and of '.' are cut to one, leading dots, dashes and
// underscores are dropped (no hidden files, no command-line options, no
// ".."), a name Windows reserves (CON, NUL, COM1…) gets a leading "file_",
// and the name is cut to [MaxFileNameBytes] keeping its extension. An
// ordinary name such as orders_2024.csv comes back unchanged; a name with
// nothing left becomes "data" plus its extension.
func SafeFileName(name string) string {
	// A second pass can still find an extension the first one made (a name
	// ending in ".csv`" gives ".csv"): repeat until nothing changes.
	s := safeNameOnce(name)
	for range 4 {
		t := safeNameOnce(s)
		if t == s {
			break
		}
		s = t
	}
	return s
}

func safeNameOnce(name string) string {
	stem, ext := name, ""
	if k := strings.LastIndexByte(name, '.'); k >= 0 && isExtension(name[k+1:]) {
		stem, ext = name[:k], name[k:]
	}
	var b strings.Builder
	run := byte(0)  // '.' or '_' while a run of them is under way
	letter := false // the last rune kept is a letter or digit (a mark may follow)
	for i, r := range stem {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(stem[i:]); n <= 1 {
				r = '_' // a byte that is not UTF-8
			}
		}
		isLetter := unicode.IsLetter(r) || unicode.IsDigit(r)
		keep := isLetter || r == '-' || r == '+' || unicode.IsMark(r) && letter && run == 0
		if keep && !unicode.IsMark(r) {
			letter = isLetter
		}
		switch {
		case keep:
			if run != 0 {
				b.WriteByte(run)
				run = 0
			}
			b.WriteRune(r)
		case r == '.':
			run = '.'
		case run == 0:
			run = '_'
		}
	}
	stem = strings.Trim(b.String(), "._-")
	if stem == "" {
		stem = "data"
	}
	if reservedName(stem) {
		stem = "file_" + stem
	}
	if len(stem)+len(ext) > MaxFileNameBytes {
		cut := MaxFileNameBytes - len(ext)
		for cut > 0 && !utf8.RuneStart(stem[cut]) {
			cut--
		}
		stem = strings.TrimRight(stem[:cut], "._-")
	}
	return stem + ext
}

// isExtension reports a file extension (without its dot): 1 to 8 ASCII
// letters and digits.
func isExtension(s string) bool {
	if len(s) == 0 || len(s) > 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; !(c >= 'a' && c <= 'z' || s[i] >= '0' && s[i] <= '9') {
			return false
		}
	}
	return true
}

// FileBase is a file's safe name without its .csv extension: the start of
// the names of what is made from it (orders.csv → orders, and then
// orders_clean.csv).
func FileBase(name string) string {
	s := SafeFileName(name)
	if len(s) > 4 && strings.EqualFold(s[len(s)-4:], ".csv") {
		s = s[:len(s)-4]
	}
	return s
}

// reservedName reports a name Windows will not create a file with, with
// or without an extension.
func reservedName(stem string) bool {
	base, _, _ := strings.Cut(stem, ".")
	switch strings.ToUpper(base) {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	u := strings.ToUpper(base)
	return len(u) == 4 && (strings.HasPrefix(u, "COM") || strings.HasPrefix(u, "LPT")) && u[3] >= '0' && u[3] <= '9'
}
