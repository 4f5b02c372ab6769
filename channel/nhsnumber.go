package channel

import (
	"strings"
	"unicode/utf8"

	"github.com/carecomms/carecomms/internal/word"
)

// ValidNHSNumber reports whether s is a valid NHS number: 10 digits,
// written together ("9434765919") or in the usual 3-3-4 grouping with
// single spaces or hyphens ("943 476 5919", "943-476-5919"), whose last
// digit is the Modulus 11 check digit of the first nine. Surrounding white
// space is ignored.
//
// The check: multiply the first nine digits by the weights 10 down to 2
// and sum; the check digit is 11 minus the remainder of the sum divided by
// 11, with 11 meaning 0. A result of 10 means no valid NHS number has those
// nine digits. The test range starting 999 passes the same check.
func ValidNHSNumber(s string) bool {
	if w, d8, d9, ok := nhsWord(s); ok {
		return nhsWordValid(w, d8, d9)
	}
	d, ok := nhsDigits(s)
	return ok && nhsCheckOK(d)
}

// nhsWord reads an NHS number of 10 ASCII digits written together or in
// the 3-3-4 grouping, with nothing around it: w holds the first eight
// digits, one to a byte from the lowest, and d8 and d9 the last two, as
// ASCII. It reports false, having decided nothing, for anything else,
// which nhsDigits decides.
func nhsWord(s string) (w uint64, d8, d9 byte, ok bool) {
	switch len(s) {
	case 10:
		w, d8, d9 = word.Load64(s), s[8], s[9]
	case 12:
		b := s[:12]
		if !isNHSSep(b[3]) || !isNHSSep(b[7]) {
			return 0, 0, 0, false
		}
		w = uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[4])<<24 |
			uint64(b[5])<<32 | uint64(b[6])<<40 | uint64(b[8])<<48 | uint64(b[9])<<56
		d8, d9 = b[10], b[11]
	default:
		return 0, 0, 0, false
	}
	// Every byte 0x30 to 0x3f, and none 0x3a or more: adding 6 cannot
	// carry out of a byte of at most 0x3f.
	const zeros, highNibbles = 0x3030303030303030, 0xf0f0f0f0f0f0f0f0
	ok = w&highNibbles == zeros && (w+0x0606060606060606)&highNibbles == zeros && d8-'0' <= 9 && d9-'0' <= 9
	return w, d8, d9, ok
}

// nhsWordValid applies the Modulus 11 check to the digits nhsWord read.
// The weighted sum of the first eight is formed with two multiplications:
// with the digits spread one to each 16-bit lane, the top lane of the
// product with the weights in reverse order is their weighted sum.
func nhsWordValid(w uint64, d8, d9 byte) bool {
	const zeros, lanes = 0x3030303030303030, 0x00ff00ff00ff00ff
	d := w - zeros
	even, odd := d&lanes, d>>8&lanes // digits 0, 2, 4, 6 and 1, 3, 5, 7
	sum := int(even*0x000a000800060004>>48) + int(odd*0x0009000700050003>>48) + 2*int(d8-'0')
	return checkDigit(sum) == int(d9-'0')
}

// checkDigit returns the Modulus 11 check digit for the weighted sum of
// the first nine digits, or 10 when no valid NHS number has them.
func checkDigit(sum int) int {
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check
}

// nhsDigits extracts the 10 digits of an NHS number written together or in
// the 3-3-4 grouping.
func nhsDigits(s string) ([10]byte, bool) {
	var d [10]byte
	if n := len(s); n == 0 || s[0] <= ' ' || s[n-1] <= ' ' || s[0] >= utf8.RuneSelf || s[n-1] >= utf8.RuneSelf {
		s = strings.TrimSpace(s) // only when there may be space to trim
	}
	switch len(s) {
	case 10:
		for i := 0; i < 10; i++ {
			v := s[i] - '0'
			if v > 9 {
				return d, false
			}
			d[i] = v
		}
		return d, true
	case 12:
		if !isNHSSep(s[3]) || !isNHSSep(s[7]) {
			return d, false
		}
		// The 3-3-4 grouping: digit i is at i, i+1 or i+2.
		for i := 0; i < 10; i++ {
			j := i + i/3 - i/9 // 0-2 → 0-2, 3-5 → 4-6, 6-9 → 8-11
			v := s[j] - '0'
			if v > 9 {
				return d, false
			}
			d[i] = v
		}
		return d, true
	}
	return d, false
}

func isNHSSep(c byte) bool { return c == ' ' || c == '-' }

// nhsCheckOK applies the Modulus 11 check.
func nhsCheckOK(d [10]byte) bool {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(d[i]) * (10 - i)
	}
	return checkDigit(sum) == int(d[9])
}

// nhsCheckFails is the reason an NHS number with a wrong check digit is
// refused.
const nhsCheckFails = "fails the NHS number check digit: check the number against the person's record"

// normalizeNHSNumber returns the 10 digits of a valid NHS number, or the
// reason it is refused.
func normalizeNHSNumber(s string) (string, string) {
	if w, d8, d9, ok := nhsWord(s); ok {
		if !nhsWordValid(w, d8, d9) {
			return "", nhsCheckFails
		}
		if len(s) == 10 {
			return s, "" // already the 10 digits: no new string
		}
		b := [10]byte{byte(w), byte(w >> 8), byte(w >> 16), byte(w >> 24), byte(w >> 32), byte(w >> 40), byte(w >> 48), byte(w >> 56), d8, d9}
		return string(b[:]), ""
	}
	d, ok := nhsDigits(s)
	if !ok {
		return "", "is not an NHS number: write its 10 digits, such as 943 476 5919 or 9434765919"
	}
	if !nhsCheckOK(d) {
		return "", nhsCheckFails
	}
	if len(s) == 10 {
		return s, "" // already the 10 digits: no new string
	}
	var b [10]byte
	for i, v := range d {
		b[i] = '0' + v
	}
	return string(b[:]), ""
}
