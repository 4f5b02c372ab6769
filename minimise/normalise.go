package minimise

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// Normalisation
//
// Matching works on a folded stream of bytes built from the original text
// in one pass:
//
//   - letters are case folded and digits kept; full-width and other
//     compatibility forms are folded to their plain form (golang.org/x/text/width,
//     then the NFKD decomposition of golang.org/x/text/unicode/norm with
//     combining marks dropped, so "ＨＩＶ" and "hív" read "hiv"); a small table
//     folds Cyrillic and Greek letters that look like Latin ones;
//   - zero-width characters, soft hyphens, other format characters and
//     combining marks are dropped;
//   - an apostrophe between two letters is dropped ("Crohn's" reads
//     "crohns");
//   - every other run of characters (spaces, punctuation, symbols) becomes
//     one space, and a space is put between a letter and a digit ("B12"
//     reads "b 12");
//   - words written one letter at a time ("H I V", "h.i.v", "H-I-V") are
//     matched by a second automaton over the joined letters.
//
// Every byte of the stream remembers where its character starts in the
// original text, so findings point into the original.

// Character classes of the folded stream.
const (
	cSep    = iota // punctuation, symbols and spaces
	cAlnum         // a letter or digit; folded bytes in out
	cIgnore        // format characters and combining marks: dropped
	cApos          // an apostrophe: dropped inside a word, a separator elsewhere
)

// Punctuation codes for non-ASCII separators that detectors care about.
const (
	pPound = 0x81 // £
	pEuro  = 0x82 // €
	pOther = 0x83 // any other non-ASCII separator
	pAlpha = 0x80 // rd: a non-ASCII letter or digit with no ASCII folding
)

// folded is one original character after folding.
type folded struct {
	class uint8
	n     uint8   // bytes in out (cAlnum)
	out   [4]byte // folded bytes (cAlnum), lower case
	punct byte    // cSep: the ASCII character it stands for, or a p* code
	upper bool    // the original was an upper-case letter
	digit bool    // out is an ASCII digit
}

// asciiFold folds one ASCII byte.
func asciiFold(b byte) folded {
	switch {
	case b-'a' < 26:
		return folded{class: cAlnum, n: 1, out: [4]byte{b}}
	case b-'A' < 26:
		return folded{class: cAlnum, n: 1, out: [4]byte{b + 'a' - 'A'}, upper: true}
	case b-'0' < 10:
		return folded{class: cAlnum, n: 1, out: [4]byte{b}, digit: true}
	case b == '\'':
		return folded{class: cApos}
	case b == '\t' || b == '\n' || b == '\v' || b == '\f' || b == '\r':
		return folded{class: cSep, punct: b}
	}
	return folded{class: cSep, punct: b}
}

// letterFold is asciiFold of the ASCII letter c, upper case when upper is
// set, without asciiFold's tests: the scanner already knows c's type.
func letterFold(c byte, upper bool) folded {
	return folded{class: cAlnum, n: 1, out: [4]byte{lower(c)}, upper: upper}
}

// digitFold is asciiFold of the ASCII digit c.
func digitFold(c byte) folded { return folded{class: cAlnum, n: 1, out: [4]byte{c}, digit: true} }

// foldAt folds the character at text[i], which may be ASCII or not, and
// returns its size in bytes (at least 1).
func foldAt(text string, i int) (folded, int) {
	b := text[i]
	if b < utf8.RuneSelf {
		return asciiFold(b), 1
	}
	r, size := utf8.DecodeRuneInString(text[i:])
	if r == utf8.RuneError && size <= 1 {
		return folded{class: cSep, punct: pOther}, 1
	}
	return foldRune(r, text[i:i+size]), size
}

// foldRune folds a non-ASCII rune; src is its UTF-8 encoding.
func foldRune(r rune, src string) folded {
	switch r {
	case 0x2019, 0x2018, 0x02BC, 0xFF07, 0x00B4, 0x2032, 0x02B9:
		return folded{class: cApos}
	case 0x00A3, 0xFFE1:
		return folded{class: cSep, punct: pPound}
	case 0x20AC:
		return folded{class: cSep, punct: pEuro}
	case 0x2024, 0xFE52, 0x3002, 0xFF61:
		return folded{class: cSep, punct: '.'}
	case 0xFE6B:
		return folded{class: cSep, punct: '@'}
	case 0x2044, 0x2215:
		return folded{class: cSep, punct: '/'}
	}
	if unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me) {
		return folded{class: cIgnore}
	}
	if unicode.IsSpace(r) {
		return folded{class: cSep, punct: ' '}
	}
	// Width: full-width ASCII and its kin fold to the plain form.
	if w := width.LookupRune(r).Folded(); w != 0 {
		if w < utf8.RuneSelf {
			return asciiFold(byte(w))
		}
		r = w
	}
	if a, up := confusable(r); a != 0 {
		return folded{class: cAlnum, n: 1, out: [4]byte{a}, upper: up}
	}
	upper := unicode.IsUpper(r) || unicode.IsTitle(r)
	// Compatibility decomposition, keeping the base letters: "é" → "e",
	// "ﬁ" → "fi", "①" → "1".
	if d := norm.NFKD.PropertiesString(src).Decomposition(); d != nil {
		f := folded{class: cAlnum, upper: upper}
		for k := 0; k < len(d); {
			dr, n := utf8.DecodeRune(d[k:])
			k += n
			switch {
			case dr < utf8.RuneSelf:
				a := asciiFold(byte(dr))
				if a.class != cAlnum || f.n >= 4 {
					continue
				}
				f.out[f.n] = a.out[0]
				f.n++
				f.digit = a.digit
			case unicode.In(dr, unicode.Mn, unicode.Me):
			default:
				if a, _ := confusable(dr); a != 0 && f.n < 4 {
					f.out[f.n] = a
					f.n++
				} else if unicode.IsLetter(dr) || unicode.IsDigit(dr) {
					f.n = appendFold(&f.out, f.n, dr)
				}
			}
		}
		if f.n > 0 {
			return f
		}
	}
	if unicode.IsLetter(r) || unicode.IsNumber(r) {
		f := folded{class: cAlnum, upper: upper}
		f.n = appendFold(&f.out, 0, r)
		return f
	}
	return folded{class: cSep, punct: pOther}
}

// appendFold appends the case-folded UTF-8 encoding of r to out[:n] if it
// fits, and returns the new length.
func appendFold(out *[4]byte, n uint8, r rune) uint8 {
	r = foldCase(r)
	if int(n)+utf8.RuneLen(r) > len(out) {
		return n
	}
	return n + uint8(utf8.EncodeRune(out[n:], r))
}

// foldCase returns the lower-case member of r's simple case-folding orbit,
// so that "K" (Kelvin sign), "K" and "k" all fold to "k".
func foldCase(r rune) rune {
	min := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < min {
			min = f
		}
	}
	return unicode.ToLower(min)
}

// confusable folds Cyrillic and Greek letters that look like Latin ones,
// a common way to slip words past filters. It reports the Latin letter and
// whether the original was upper case, or 0.
func confusable(r rune) (byte, bool) {
	switch r {
	case 'а', 'α':
		return 'a', false
	case 'А', 'Α':
		return 'a', true
	case 'В', 'Β':
		return 'b', true
	case 'с', 'ϲ':
		return 'c', false
	case 'С', 'Ϲ':
		return 'c', true
	case 'ԁ':
		return 'd', false
	case 'е', 'ε':
		return 'e', false
	case 'Е', 'Ε':
		return 'e', true
	case 'һ':
		return 'h', false
	case 'Н', 'Η':
		return 'h', true
	case 'і', 'ι', 'ӏ':
		return 'i', false
	case 'І', 'Ι', 'Ӏ':
		return 'i', true
	case 'ј':
		return 'j', false
	case 'Ј':
		return 'j', true
	case 'κ':
		return 'k', false
	case 'К', 'Κ':
		return 'k', true
	case 'М', 'Μ':
		return 'm', true
	case 'Ν':
		return 'n', true
	case 'о', 'ο', 'σ':
		return 'o', false
	case 'О', 'Ο':
		return 'o', true
	case 'р', 'ρ':
		return 'p', false
	case 'Р', 'Ρ':
		return 'p', true
	case 'ѕ':
		return 's', false
	case 'Ѕ':
		return 's', true
	case 'Т', 'Τ':
		return 't', true
	case 'μ', 'υ':
		return 'u', false
	case 'ν':
		return 'v', false
	case 'ѡ', 'ω':
		return 'w', false
	case 'х', 'χ':
		return 'x', false
	case 'Х', 'Χ':
		return 'x', true
	case 'у', 'γ':
		return 'y', false
	case 'У', 'Υ':
		return 'y', true
	case 'Ζ':
		return 'z', true
	}
	return 0, false
}

// rd reads the folded character at text[i] for the hand-written
// detectors, skipping dropped characters. It returns an ASCII byte
// (letters in their original case), pAlpha for a non-ASCII letter or
// digit, a p* code for other non-ASCII punctuation, or 0 at the end of
// the text, and the index after the character.
func rd(text string, i int) (byte, int) {
	for i < len(text) {
		b := text[i]
		if b < utf8.RuneSelf {
			return b, i + 1
		}
		f, n := foldAt(text, i)
		i += n
		switch f.class {
		case cIgnore:
			continue
		case cApos:
			return '\'', i
		case cAlnum:
			if f.n == 1 && f.out[0] < utf8.RuneSelf {
				c := f.out[0]
				if f.upper && c-'a' < 26 {
					c -= 'a' - 'A'
				}
				return c, i
			}
			return pAlpha, i
		}
		return f.punct, i
	}
	return 0, len(text)
}

// rdBack reads the folded character that ends at text[i], skipping
// dropped characters, like rd but backwards. It returns the character and
// the index where it starts, or 0 and 0 at the start of the text.
func rdBack(text string, i int) (byte, int) {
	for i > 0 {
		b := text[i-1]
		if b < utf8.RuneSelf {
			return b, i - 1
		}
		_, n := utf8.DecodeLastRuneInString(text[:i])
		i -= n
		c, _ := rd(text[:i+n], i)
		if c == 0 {
			continue // dropped character
		}
		return c, i
	}
	return 0, 0
}

// alnumNext reports whether the next character from text[i] that is not
// dropped is a letter or digit.
func alnumNext(text string, i int) bool {
	for i < len(text) {
		f, n := foldAt(text, i)
		switch f.class {
		case cIgnore:
			i += n
			continue
		case cAlnum:
			return true
		}
		return false
	}
	return false
}

// isAlnumByte reports whether an rd result is a letter or digit.
func isAlnumByte(c byte) bool {
	return c-'a' < 26 || c-'A' < 26 || c-'0' < 10 || c == pAlpha
}

func isDigit(c byte) bool  { return c-'0' < 10 }
func isLetter(c byte) bool { return c-'a' < 26 || c-'A' < 26 }
func lower(c byte) byte {
	if c-'A' < 26 {
		return c + 'a' - 'A'
	}
	return c
}

// normIter produces the folded stream of a string without the one-letter
// word joining: the same bytes the scanner's main automaton reads, less
// the leading and trailing space. New uses it for terms; Scan uses it to
// compare the patient's own details.
type normIter struct {
	text      string
	i         int
	buf       [4]byte
	bn, bi    uint8
	inTok     bool
	lastDigit bool
	space     bool // a space is due before the next character
	spaceAt   int  // where that space is
	pos       int  // original start of the byte last returned
}

// next returns the next byte of the stream and the original index where
// its character starts, or ok false at the end.
func (it *normIter) next() (b byte, at int, ok bool) {
	for {
		if it.bi < it.bn {
			b := it.buf[it.bi]
			it.bi++
			return b, it.pos, true
		}
		if it.i >= len(it.text) {
			return 0, len(it.text), false
		}
		i := it.i
		f, n := foldAt(it.text, i)
		it.i += n
		switch f.class {
		case cIgnore:
			continue
		case cApos:
			if it.inTok && alnumNext(it.text, it.i) {
				continue
			}
			f.class = cSep
		}
		if f.class == cSep {
			if it.inTok {
				it.inTok = false
				it.space = true
				it.spaceAt = i
			}
			continue
		}
		// A letter or digit.
		if it.inTok && f.digit != it.lastDigit {
			it.space = true
			it.spaceAt = i
		}
		it.inTok = true
		it.lastDigit = f.digit
		it.buf = f.out
		it.bn, it.bi = f.n, 0
		it.pos = i
		if it.space {
			it.space = false
			return ' ', it.spaceAt, true
		}
	}
}

// normalise returns the folded stream of s (without one-letter joining),
// appended to dst.
func normalise(dst []byte, s string) []byte {
	it := normIter{text: s}
	for {
		b, _, ok := it.next()
		if !ok {
			return dst
		}
		dst = append(dst, b)
	}
}
