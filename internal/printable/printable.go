// Package printable tells text a person can see from text that only looks
// present: a body of zero-width spaces, an identifier of one NUL. Every
// package that checks a required text field uses it, so that "blank" and
// "printable" mean the same everywhere.
package printable

import (
	"unicode"
	"unicode/utf8"

	"github.com/carecomms/carecomms/internal/word"
)

// Invisible reports whether r shows nothing on its own: white space, a
// control character (Cc), a format character (Cf: zero-width spaces and
// joiners, the byte order mark, bidirectional controls, U+180E), a
// variation selector, another default-ignorable code point (the Hangul
// fillers U+115F, U+1160, U+3164, U+FFA0, the combining grapheme joiner),
// or the blank Braille pattern U+2800.
func Invisible(r rune) bool {
	if r < utf8.RuneSelf {
		return r <= ' ' || r == 0x7f
	}
	return unicode.IsSpace(r) || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp,
		unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point) ||
		r == '\u2800' || r == '\u034f'
}

// Blank reports whether s is empty once invisible characters (see
// Invisible) are removed. An empty string, and one that starts with a
// visible ASCII character, as identifiers and most bodies do, are decided
// inline at the call. Bytes that are not valid UTF-8 count as visible:
// callers check the encoding separately.
func Blank(s string) bool {
	if s == "" {
		return true
	}
	if s[0]-'!' < 0x7f-'!' {
		return false
	}
	return blank(s)
}

// blank is Blank for a string that does not start with a visible ASCII
// character.
func blank(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c > ' ' && c < 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !Invisible(r) {
			return false
		}
		i += size
	}
	return true
}

// spaces has ' ' in every byte.
const spaces = 0x2020202020202020

// printableWord reports whether every byte of w is printable ASCII: from
// ' ' to '~', so no byte of 128 or more, none below ' ' and no DEL.
func printableWord(w uint64) bool {
	const ones = word.Ones
	del := w ^ (0x7f * ones)
	return (w|(w-spaces)&^w|(del-ones)&^del)&word.Highs == 0
}

// load32 reads s[0:4] as a little-endian word, in one load.
func load32(s string) uint64 {
	b := s[:4]
	return uint64(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24)
}

// ID reports whether s is usable as an identifier: valid UTF-8, not Blank,
// and made only of graphic characters (letters, marks, numbers,
// punctuation, symbols and spaces): no control or format characters, so
// no NUL, tab, newline, zero-width space or byte order mark anywhere in
// it. Printable ASCII, the usual case, is checked eight bytes at a time
// without decoding.
func ID(s string) bool {
	n := len(s)
	var w uint64
	switch {
	case n == 0:
		return false
	case n < 4:
		// s[0], s[n/2] and s[n-1] are every byte; spaces fill the rest,
		// passing the tests and showing nothing.
		w = spaces&^0xffffff | uint64(s[0]) | uint64(s[n/2])<<8 | uint64(s[n-1])<<16
	case n <= 8:
		// Two four-byte words, overlapping when n < 8, cover every byte.
		w = load32(s) | load32(s[n-4:])<<32
	case n <= 16:
		// Two eight-byte words, overlapping when n < 16.
		a, b := word.Load64(s), word.Load64(s[n-8:])
		if printableWord(a) && printableWord(b) {
			return a != spaces || b != spaces
		}
		return idFrom(s, 0, false)
	default:
		return longID(s)
	}
	if printableWord(w) {
		return w != spaces
	}
	return idFrom(s, 0, false)
}

// longID is ID for a string longer than 16 bytes: blocks of eight while
// they are printable ASCII, the last block overlapping the one before. The
// first block with a control character, DEL or a byte of 128 or more is
// left to idFrom, which decides it.
func longID(s string) bool {
	visible := false
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := word.Load64(s[i:])
		if !printableWord(w) {
			return idFrom(s, i, visible)
		}
		visible = visible || w != spaces
	}
	if i < len(s) {
		w := word.Load64(s[len(s)-8:])
		if !printableWord(w) {
			return idFrom(s, i, visible)
		}
		visible = visible || w != spaces
	}
	return visible
}

// idFrom is ID a character at a time from s[i], where visible reports
// whether s[:i] has a visible character.
func idFrom(s string, i int, visible bool) bool {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < ' ' || c == 0x7f {
				return false
			}
			visible = visible || c != ' '
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !unicode.IsGraphic(r) {
			return false
		}
		visible = visible || !Invisible(r)
		i += size
	}
	return visible
}
