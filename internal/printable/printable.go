// Package printable tells text a person can see from text that only looks
// present: a body of zero-width spaces, an identifier of one NUL. Every
// package that checks a required text field uses it, so that "blank" and
// "printable" mean the same everywhere.
package printable

import (
	"unicode"
	"unicode/utf8"
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
// Invisible) are removed. A string that starts with a visible ASCII
// character, as identifiers and most bodies do, is decided at its first
// byte. Bytes that are not valid UTF-8 count as visible: callers check the
// encoding separately.
func Blank(s string) bool {
	if s != "" && s[0] > ' ' && s[0] < 0x7f {
		return false
	}
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

// ID reports whether s is usable as an identifier: valid UTF-8, not Blank,
// and made only of graphic characters (letters, marks, numbers,
// punctuation, symbols and spaces): no control or format characters, so
// no NUL, tab, newline, zero-width space or byte order mark anywhere in
// it. Printable ASCII, the usual case, is checked a byte at a time without
// decoding.
func ID(s string) bool {
	visible := false
	i := 0
	// Eight bytes at a time while they are printable ASCII: one 64-bit
	// load and three word tests in place of eight byte tests. The first
	// block with a control character, DEL or a byte of 128 or more is left
	// to the loop below, which decides it.
	for ; i+8 <= len(s); i += 8 {
		b := s[i : i+8]
		w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		const ones, highs, spaces = 0x0101010101010101, 0x8080808080808080, 0x2020202020202020
		del := w ^ (0x7f * ones)
		if w&highs != 0 || (w-spaces)&^w&highs != 0 || (del-ones)&^del&highs != 0 {
			break // a byte of 128 or more, one below ' ', or DEL
		}
		visible = visible || w != spaces
	}
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
