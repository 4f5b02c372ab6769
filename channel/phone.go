package channel

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxPhoneDigits bounds the digits collected from a written number: E.164
// allows 15, and an international prefix and a trunk 0 add up to 3 more.
const maxPhoneDigits = 18

// parsePhone reduces a written phone number to its E.164 form with the
// "+", such as "+447700900123", in one allocation. It checks the written form only, not
// the number range. On failure it returns a reason for an AddressError.
//
// A number with a leading "+" or "00" is international; one with a single
// leading "0" is a UK national number. A "0" written after the UK country
// code, as in "+44 (0)7700 900123", is the national trunk prefix and is
// dropped. As GOV.UK Notify does, "44" and 10 digits is a UK number
// written without its "+", and 10 digits starting 7 a UK mobile number
// written without its trunk 0; "+00" is read as "00".
//
// As people type and paste numbers, and as libphonenumber reads them,
// digits may be grouped with spaces of any kind, hyphens and typographic
// dashes, dots, slashes and brackets (full-width forms included); digits
// of any script count; and zero-width characters and byte order marks are
// ignored wherever they are. The number must start with a digit, "+" or
// "(" and end with a digit or ")".
func parsePhone(s string) (digits string, reason string) {
	var (
		buf      [maxPhoneDigits]byte
		n        int
		plus     bool
		depth    int
		lastSep  bool
		anything bool
	)
	t := s
	if !visibleEnds(t) {
		t = trimInvisible(t)
	}
	if n, plus, ok := plainPhone(t, &buf); ok {
		return e164(buf[:n], plus)
	}
	for i := 0; i < len(t); {
		// ASCII a byte at a time; the rest decoded as range would.
		c, size := rune(t[i]), 1
		if c >= utf8.RuneSelf {
			c, size = utf8.DecodeRuneInString(t[i:])
		}
		i += size
		switch {
		case c >= '0' && c <= '9':
			// ASCII digits first: most of a number is digits, and the
			// separator and digit tables below are searches.
			if n == len(buf) {
				return "", "has too many digits for a phone number: check for extra digits"
			}
			buf[n] = byte(c)
			n++
		case c == '+' || c == '\uff0b':
			if anything {
				return "", "has a + that is not at the start: write it as +44 7700 900123"
			}
			plus = true
		case c == '(' || c == '\uff08':
			depth++
			if depth > 1 {
				return "", "has brackets inside brackets: write it as 07700 900123"
			}
		case c == ')' || c == '\uff09':
			depth--
			if depth < 0 {
				return "", "has a closing bracket without an opening one: write it as 07700 900123"
			}
		case isPhoneSeparator(c):
			if !anything {
				return "", "starts with a separator: write it as 07700 900123"
			}
			lastSep = true
			anything = true
			continue
		case isInvisibleInNumber(c):
			continue // zero-width characters, byte order marks: ignored
		default:
			v, ok := digitValue(c)
			if !ok {
				return "", "contains a character other than digits, spaces, hyphens, dots, brackets and a leading +: record the number only, such as 07700 900123"
			}
			if n == len(buf) {
				return "", "has too many digits for a phone number: check for extra digits"
			}
			buf[n] = '0' + v
			n++
		}
		anything, lastSep = true, false
	}
	if depth != 0 {
		return "", "has an opening bracket without a closing one: write it as 07700 900123"
	}
	if lastSep {
		return "", "ends with a separator: write it as 07700 900123"
	}
	return e164(buf[:n], plus)
}

// plainPhone is parsePhone's loop for the usual written form: an optional
// leading "+", then ASCII digits grouped by spaces or hyphens, starting
// and ending with a digit. On it the loop below gives the same digits and
// no reason; plainPhone reads it without calls, so its variables stay in
// registers (measured: about 180 instructions less for "07700 900123").
// It reports false, having decided nothing, for anything else, such as
// brackets, dots, other characters or too many digits.
func plainPhone(t string, buf *[maxPhoneDigits]byte) (n int, plus, ok bool) {
	if t != "" && t[0] == '+' {
		plus, t = true, t[1:]
	}
	if t == "" || t[0]-'0' > 9 || t[len(t)-1]-'0' > 9 {
		return 0, false, false
	}
	b := buf[:] // checked once for nil, not at every digit
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c-'0' > 9 {
			if c != ' ' && c != '-' {
				return 0, false, false
			}
			continue
		}
		// Unsigned, the test of n also proves the store in bounds.
		if uint(n) >= uint(len(b)) {
			return 0, false, false
		}
		b[n] = c
		n++
	}
	return n, plus, true
}

// e164 forms the E.164 number from the digits d of a written number, plus
// reporting whether it started with "+".
func e164(d []byte, plus bool) (string, string) {
	n := len(d)
	switch {
	case n == 0:
		return "", "has no digits: record the person's mobile number, such as 07700 900123"
	case n >= 2 && d[0] == '0' && d[1] == '0':
		d = d[2:] // "00" or "+00" and the country code
	case plus:
		// Already international.
	case d[0] == '0':
		// A UK national number: 0 is the trunk prefix.
		return joinDigits("+44", d[1:]), ""
	case n == 12 && d[0] == '4' && d[1] == '4':
		// A UK number without its "+", as GOV.UK Notify reads it: no UK
		// national number starts 4, so it cannot be one missing its 0.
	case n == 10 && d[0] == '7':
		// A UK mobile number without its trunk 0 (as GOV.UK Notify and
		// libphonenumber read it for the UK).
		return joinDigits("+44", d), ""
	default:
		return "", "has neither a leading 0 nor a country code: write a UK number as 07700 900123, or an international one as + and the country code"
	}
	if len(d) == 0 {
		return "", "has no digits after the international prefix: write it as +44 7700 900123"
	}
	if d[0] == '0' {
		return "", "has a country code starting with 0, which no country has: write it as +44 7700 900123"
	}
	if len(d) >= 3 && d[0] == '4' && d[1] == '4' && d[2] == '0' {
		// "+44 (0)7700 900123": drop the trunk prefix.
		return joinDigits("+44", d[3:]), ""
	}
	return joinDigits("+", d), ""
}

// joinDigits returns prefix followed by the digits d in one allocation:
// a concatenation would convert d to a string of its own first.
func joinDigits(prefix string, d []byte) string {
	var b [3 + maxPhoneDigits]byte
	n := copy(b[:], prefix)
	n += copy(b[n:], d)
	return string(b[:n])
}

// isPhoneSeparator reports whether r is written between groups of digits:
// white space of any kind, hyphens and dashes (U+2010 to U+2015, the minus
// sign, full-width and small hyphen-minus, the katakana prolonged sound
// mark libphonenumber accepts), dots and slashes, in ASCII and full-width
// forms.
func isPhoneSeparator(r rune) bool {
	if r < utf8.RuneSelf {
		// ASCII: a test of a few bytes rather than the search of the
		// switch below.
		return r == ' ' || r == '-' || r == '.' || r == '/' || r == '\t' || r == '\n' || r == '\r'
	}
	switch r {
	case ' ', '-', '.', '/', '\t', '\n', '\r', '\u00a0',
		'\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212',
		'\ufe58', '\ufe63', '\uff0d', '\uff0e', '\uff0f', '\u30fc':
		return true
	}
	return r >= utf8.RuneSelf && unicode.Is(unicode.Zs, r)
}

// isInvisibleInNumber reports whether r is ignored wherever it appears in
// a phone number: a format character (zero-width space, joiners, word
// joiner, byte order mark, soft hyphen, U+180E), as GOV.UK Notify and
// libphonenumber ignore them.
func isInvisibleInNumber(r rune) bool {
	return r >= utf8.RuneSelf && unicode.Is(unicode.Cf, r)
}

// digitValue returns the value of a decimal digit of any script: ASCII,
// full-width, Arabic-Indic, Devanagari, Mongolian and the rest of Unicode
// category Nd, whose digits come in runs of ten from zero.
func digitValue(r rune) (byte, bool) {
	if r >= '0' && r <= '9' {
		return byte(r - '0'), true
	}
	if r < utf8.RuneSelf || !unicode.IsDigit(r) {
		return 0, false
	}
	for _, rg := range unicode.Nd.R16 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi {
			return byte((r - lo) % 10), true
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if lo, hi := rune(rg.Lo), rune(rg.Hi); r >= lo && r <= hi {
			return byte((r - lo) % 10), true
		}
	}
	return 0, false
}

// normalizePhone returns the E.164 form of a mobile number for SMS and
// messaging apps, or the reason it is refused and the sentinel to wrap.
func normalizePhone(s string, r AddressRules) (string, string, error) {
	if canonicalE164(s) && strings.HasPrefix(s, "+44") {
		// Already canonical: check it without building a new string.
		if reason, err := ukMobile(s[3:]); reason != "" {
			return "", reason, err
		}
		return s, "", nil
	}
	e164, reason := parsePhone(s)
	if reason != "" {
		return "", reason, ErrInvalidAddress
	}
	digits := e164[1:]
	if strings.HasPrefix(digits, "44") {
		if reason, err := ukMobile(digits[2:]); reason != "" {
			return "", reason, err
		}
		return e164, "", nil
	}
	if !r.AllowInternational {
		return "", "is not a UK number (+44) and international numbers are not allowed: record a UK mobile number (07…), or allow international numbers in the address rules", ErrInternational
	}
	if len(digits) < 8 || len(digits) > 15 {
		return "", "is not a valid international number: E.164 numbers have 8 to 15 digits after the +", ErrInvalidAddress
	}
	return e164, "", nil
}

// ukMobile checks a UK national significant number (the digits after +44
// or the trunk 0) is a mobile number. It returns "" when it is, or the
// reason and sentinel when not.
//
// The ranges follow Ofcom's National Telephone Numbering Plan: 01 and 02
// geographic, 03 non-geographic at landline rates, 05 corporate, 070
// personal numbering, 071–075 and 077–079 mobile, 07624 Isle of Man
// mobile, 076 radiopaging, 080 and 0500 freephone, 084 and 087 special
// services, 09 premium rate. 04 and 06 are not in use.
func ukMobile(nsn string) (string, error) {
	const fix = ": record the person's mobile number (07…)"
	if nsn == "" {
		return "has no digits after the country code: write it as +44 7700 900123", ErrInvalidAddress
	}
	switch nsn[0] {
	case '1', '2':
		return "is a landline number (01 or 02), not a mobile" + fix, ErrNotMobile
	case '3':
		return "is a non-geographic landline-rate number (03), not a mobile" + fix, ErrNotMobile
	case '5':
		if strings.HasPrefix(nsn, "500") {
			return "is a freephone number (0500), not a mobile" + fix, ErrNotMobile
		}
		return "is a corporate or internet-telephony number (05), not a mobile" + fix, ErrNotMobile
	case '8':
		if strings.HasPrefix(nsn, "80") {
			return "is a freephone number (080), not a mobile" + fix, ErrNotMobile
		}
		return "is a non-geographic special-services number (08), not a mobile" + fix, ErrNotMobile
	case '9':
		return "is a premium-rate number (09), not a mobile" + fix, ErrNotMobile
	case '7':
		switch {
		case len(nsn) < 2:
			return "is too short for a UK mobile number, which has 11 digits starting 07", ErrInvalidAddress
		case nsn[1] == '0':
			return "is a personal number (070), which forwards calls and is not a mobile" + fix, ErrNotMobile
		case nsn[1] == '6' && !strings.HasPrefix(nsn, "7624"):
			return "is a pager number (076), not a mobile" + fix, ErrNotMobile
		}
		if len(nsn) != 10 {
			return "is not the length of a UK mobile number, which has 11 digits starting 07: check for a missing or extra digit", ErrInvalidAddress
		}
		return "", nil
	}
	if nsn[0] == '0' {
		return "has a 0 too many after the country code: write it as +44 7700 900123", ErrInvalidAddress
	}
	return "is not in a UK number range in use: record the person's mobile number (07…)", ErrInvalidAddress
}

// canonicalE164 reports whether s is "+" followed by 8 to 15 digits, the
// form NormalizeAddress returns.
func canonicalE164(s string) bool {
	if len(s) < 9 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i]-'0' > 9 {
			return false
		}
	}
	return true
}
