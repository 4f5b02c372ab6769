package channel

import (
	"strings"
	"unicode/utf8"
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
	if len(s) == 10 {
		if ok, valid := plainNHSNumber(s); ok {
			return valid
		}
	}
	d, ok := nhsDigits(s)
	return ok && nhsCheckOK(d)
}

// plainNHSNumber is ValidNHSNumber for a string of 10 bytes: ok reports
// whether they are all ASCII digits, and valid whether they are an NHS
// number. The first eight digits are read and checked as one word, and
// their weighted sum is formed with two multiplications: with the digits
// spread one to each 16-bit lane, the top lane of the product with the
// weights in reverse order is their weighted sum.
func plainNHSNumber(s string) (ok, valid bool) {
	b := s[:10]
	w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
	d8, d9 := b[8]-'0', b[9]-'0'
	// Every byte 0x30 to 0x3f, and none 0x3a or more: adding 6 cannot
	// carry out of a byte of at most 0x3f.
	const zeros, lanes = 0x3030303030303030, 0x00ff00ff00ff00ff
	if w&0xf0f0f0f0f0f0f0f0 != zeros || (w+0x0606060606060606)&0xf0f0f0f0f0f0f0f0 != zeros || d8 > 9 || d9 > 9 {
		return false, false
	}
	d := w - zeros
	even, odd := d&lanes, d>>8&lanes // digits 0, 2, 4, 6 and 1, 3, 5, 7
	sum := int(even*0x000a000800060004>>48) + int(odd*0x0009000700050003>>48) + 2*int(d8)
	return true, checkDigit(sum) == int(d9)
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

// normalizeNHSNumber returns the 10 digits of a valid NHS number, or the
// reason it is refused.
func normalizeNHSNumber(s string) (string, string) {
	d, ok := nhsDigits(s)
	if !ok {
		return "", "is not an NHS number: write its 10 digits, such as 943 476 5919 or 9434765919"
	}
	if !nhsCheckOK(d) {
		return "", "fails the NHS number check digit: check the number against the person's record"
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
