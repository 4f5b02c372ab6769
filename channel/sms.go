package channel

import (
	"strings"
	"unicode/utf8"
)

// SMS size limits (P4).
const (
	// GSM7SingleSegment is the number of septets in a one-segment message.
	GSM7SingleSegment = 160
	// GSM7Segment is the number of septets in each segment of a
	// concatenated message; the user data header takes the rest.
	GSM7Segment = 153
	// UCS2SingleSegment is the number of UTF-16 code units in a
	// one-segment message.
	UCS2SingleSegment = 70
	// UCS2Segment is the number of UTF-16 code units in each segment of a
	// concatenated message.
	UCS2Segment = 67
	// MaxSMSUnits is the most units (SMSInfo.Units) a message may have:
	// 918, six concatenated GSM-7 segments.
	MaxSMSUnits = 918
)

// SMSInfo describes how a body would be sent as an SMS.
type SMSInfo struct {
	// Encoding is GSM7 when every character is in the GSM 03.38 default
	// alphabet or its extension table, and UCS2 otherwise.
	Encoding Encoding `json:"encoding"`
	// Units is the message length in the encoding's units: septets for
	// GSM7, where an extension-table character (^{}\[~]|€ and form feed)
	// counts 2 for its escape, and UTF-16 code units for UCS2, where a
	// character outside the Basic Multilingual Plane (most emoji) counts 2.
	Units int `json:"units"`
	// Segments is the number of SMS segments the message needs, at least 1.
	Segments int `json:"segments"`
	// TooLong reports whether Units exceeds MaxSMSUnits (918): for GSM7 the
	// septets counted above, for UCS2 the UTF-16 code units.
	TooLong bool `json:"too_long,omitempty"`
	// Replacements lists characters that have a GSM replacement, in order.
	// They are suggestions: the body is not changed. Applying all of them
	// (SuggestGSM) may let the message be sent as GSM7.
	Replacements []Replacement `json:"replacements,omitempty"`
}

// Replacement suggests replacing a character outside the GSM alphabet with
// GSM characters, such as a typographic apostrophe with "'".
type Replacement struct {
	// Start and End are the byte span of the character in the body.
	Start int `json:"start"`
	End   int `json:"end"`
	// Char is the character found.
	Char string `json:"char"`
	// With is the GSM text to use instead; "" means remove the character
	// (zero-width spaces and joiners, soft hyphens, byte order marks,
	// U+180E).
	With string `json:"with"`
}

// The GSM 03.38 default alphabet and extension table for code points
// below 128, as bit sets: bit r of lo for r < 64, bit r-64 of hi otherwise.
const (
	gsmBasicLo uint64 = 1<<'\n' | 1<<'\r' | 0xFFFFFFFF<<32       // LF, CR, space to ?
	gsmBasicHi uint64 = 1 | (1<<26-1)<<1 | 1<<31 | (1<<26-1)<<33 // @, A-Z, _, a-z
	gsmExtLo   uint64 = 1 << '\f'                                // form feed
	gsmExtHi   uint64 = 0xF<<27 | 0xF<<59                        // [\]^ and {|}~
)

// gsmSeptets returns the septets r takes in GSM-7: 1 for the default
// alphabet, 2 for the extension table, 0 when r has no GSM encoding.
func gsmSeptets(r rune) int {
	if r < utf8.RuneSelf {
		return asciiSeptets(byte(r))
	}
	return nonASCIISeptets(r)
}

// asciiSeptets is gsmSeptets for a code point below 128.
func asciiSeptets(c byte) int {
	var basic, ext uint64
	if c < 64 {
		basic, ext = gsmBasicLo>>c, gsmExtLo>>c
	} else {
		basic, ext = gsmBasicHi>>(c-64), gsmExtHi>>(c-64)
	}
	return int(basic&1) | int(ext&1)<<1
}

// gsmBasicByte is 1 for the bytes below 128 that are in the GSM-7 basic
// set (asciiSeptets returns 1) and 0 for every other byte. It is read-only.
var gsmBasicByte = func() (t [256]uint8) {
	for c := range 128 {
		if asciiSeptets(byte(c)) == 1 {
			t[c] = 1
		}
	}
	return t
}()

// basicPrefix returns the length of the longest prefix of s whose bytes
// are all in the GSM-7 basic set below 128. It tests eight bytes at a time
// with one table look-up each and no branch between them, which makes
// CountSMS several times faster on plain text than a per-character loop.
// Bounding the blocks by i < len(s)-7 lets the compiler prove b[7] in
// range, so a block has no bounds checks.
func basicPrefix(s string) int {
	i, end := 0, len(s)-7
	t := &gsmBasicByte
	for ; i < end; i += 8 {
		b := s[i:]
		if t[b[0]]&t[b[1]]&t[b[2]]&t[b[3]]&t[b[4]]&t[b[5]]&t[b[6]]&t[b[7]] == 0 {
			break
		}
	}
	for i < len(s) && gsmBasicByte[s[i]] == 1 {
		i++
	}
	return i
}

// nonASCIISeptets is gsmSeptets for a code point of 128 or more.
func nonASCIISeptets(r rune) int {
	switch r {
	case '£', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', 'Ø', 'ø', 'Å', 'å',
		'Δ', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', 'Æ', 'æ', 'ß', 'É',
		'¤', '¡', 'Ä', 'Ö', 'Ñ', 'Ü', '§', '¿', 'ä', 'ö', 'ñ', 'ü', 'à':
		return 1
	case '€':
		return 2
	}
	return 0
}

// gsmReplacement returns the GSM text suggested for a character outside
// the GSM alphabet, if there is one.
func gsmReplacement(r rune) (string, bool) {
	switch r {
	case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032', '\u2039', '\u203a', '`', '\u00b4':
		return "'", true // ‘ ’ ‚ ‛ ′ ‹ › ` ´
	case '\u201c', '\u201d', '\u201e', '\u201f', '\u2033', '\u00ab', '\u00bb':
		return `"`, true // “ ” „ ‟ ″ « »
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return "-", true // hyphen, non-breaking hyphen, figure dash, – — ― and minus
	case '\u2026':
		return "...", true // …
	case '\t', '\u00a0', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005',
		'\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u202f', '\u205f', '\u3000':
		return " ", true // tab, no-break, en, em, thin, hair, narrow and other spaces
	case '\u2028', '\u2029':
		return "\n", true // line and paragraph separators
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u180e':
		return "", true // soft hyphen, zero-width space, non-joiner and joiner, word joiner, BOM, Mongolian vowel separator
	}
	return "", false
}

// CountSMS reports the encoding, length and segment count of body as an
// SMS (P4), with suggested GSM replacements for the characters that force
// UCS-2.
//
// A body whose characters are all in the GSM 03.38 default alphabet or its
// extension table is GSM7: up to 160 septets fit one segment; a longer
// message is split into segments of 153, and an extension character's
// escape is never separated from the character it escapes, so a segment
// that would end with the escape ends one septet early. Any other
// character makes the whole message UCS2: 70 UTF-16 code units fit one
// segment, or 67 a segment when concatenated, and a surrogate pair is never
// split between segments. An empty body is one segment of 0 units.
// Invalid UTF-8 counts as U+FFFD, one UCS-2 unit a byte.
//
// CountSMS does not allocate unless it finds replacements.
func CountSMS(body string) SMSInfo {
	var (
		info    SMSInfo
		septets int // GSM-7 septets, while gsm
		units   int // UTF-16 code units
		gsm     = true
		seg     = 1 // concatenated GSM-7 segments, while gsm
		used    int // septets in the last of them
	)
	// Fast path: a run of characters from the GSM-7 basic set below 128,
	// one septet and one UTF-16 unit each, as most message text is.
	i := basicPrefix(body)
	if i > 0 {
		septets, units = i, i
		seg = (i + GSM7Segment - 1) / GSM7Segment
		used = i - (seg-1)*GSM7Segment
	}
	for i < len(body) {
		var (
			w, size int
			r       rune
		)
		if c := body[i]; c < utf8.RuneSelf {
			r, w, size = rune(c), asciiSeptets(c), 1
			units++
		} else {
			r, size = utf8.DecodeRuneInString(body[i:])
			w = nonASCIISeptets(r)
			units += utf16Len(r)
		}
		switch {
		case w == 0:
			gsm = false
			if with, ok := gsmReplacement(r); ok {
				info.Replacements = append(info.Replacements, Replacement{Start: i, End: i + size, Char: body[i : i+size], With: with})
			}
		case gsm:
			septets += w
			if used+w > GSM7Segment {
				seg++
				used = w
			} else {
				used += w
			}
		}
		i += size
	}
	switch {
	case gsm:
		info.Encoding, info.Units, info.Segments = GSM7, septets, 1
		if septets > GSM7SingleSegment {
			info.Segments = seg
		}
	default:
		info.Encoding, info.Units, info.Segments = UCS2, units, 1
		if units > UCS2SingleSegment {
			info.Segments = ucs2Segments(body)
		}
	}
	info.TooLong = info.Units > MaxSMSUnits
	return info
}

// ucs2Segments counts the concatenated UCS-2 segments of body, never
// splitting a surrogate pair.
func ucs2Segments(body string) int {
	seg, used := 1, 0
	for _, r := range body {
		u := utf16Len(r)
		if used+u > UCS2Segment {
			seg++
			used = u
		} else {
			used += u
		}
	}
	return seg
}

// utf16Len is the number of UTF-16 code units r takes.
func utf16Len(r rune) int {
	if r > 0xFFFF {
		return 2
	}
	return 1
}

// SuggestGSM returns body with every replacement CountSMS suggests applied:
// typographic quotes, dashes and ellipses become their plain forms,
// unusual spaces become spaces, and invisible characters are removed.
// Other characters are kept, so the result may still need UCS-2. Hosts
// that apply it should show the person drafting the message the result.
func SuggestGSM(body string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(body); {
		r, size := rune(body[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(body[i:])
		}
		if gsmSeptets(r) == 0 {
			if with, ok := gsmReplacement(r); ok {
				if b.Len() == 0 && last == 0 {
					b.Grow(len(body))
				}
				b.WriteString(body[last:i])
				b.WriteString(with)
				last = i + size
			}
		}
		i += size
	}
	if last == 0 {
		return body
	}
	b.WriteString(body[last:])
	return b.String()
}
