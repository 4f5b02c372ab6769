package channel

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalidPostcode is returned by NormalizePostcode for text that is not
// a UK postcode.
var ErrInvalidPostcode = errors.New("channel: not a UK postcode: write it as outward and inward codes, such as LS1 4AP")

// ValidPostcode reports whether s is a UK postcode in any case and with or
// without the space between the outward and inward codes. See
// NormalizePostcode.
func ValidPostcode(s string) bool {
	_, ok := postcode(s)
	return ok
}

// NormalizePostcode returns the UK postcode s in capitals with a single
// space between the outward and inward codes: "ls14ap" and " LS1  4AP "
// both give "LS1 4AP". White space may appear only around the postcode
// and between its two parts.
//
// The outward code is one of the patterns A9, A99, AA9, AA99, A9A and AA9A
// and the inward code 9AA, with the letters each position allows (no Q, V
// or X first; no I, J or Z second; only ABCDEFGHJKPSTUW third in A9A; only
// ABEHMNPRVWXY fourth in AA9A; no C, I, K, M, O or V in the inward code).
// GIR 0AA is accepted; BFPO numbers and overseas territories' postcodes
// are not. The format is checked, not whether the postcode exists.
func NormalizePostcode(s string) (string, error) {
	pc, ok := postcode(s)
	if !ok {
		return "", ErrInvalidPostcode
	}
	return pc, nil
}

// postcode parses and normalises a postcode.
func postcode(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 5 || len(s) > 16 {
		return "", false
	}
	var (
		buf   [7]byte
		n     int
		space = -1 // where the space between the parts was
	)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			if space >= 0 && space != n {
				return "", false // spaces in two places
			}
			space = n
		case r < utf8.RuneSelf && (isDigit(byte(r)) || isLetter(byte(r))):
			if n == len(buf) {
				return "", false
			}
			buf[n] = upper(byte(r))
			n++
		default:
			return "", false
		}
		i += size
	}
	if n < 5 || space >= 0 && space != n-3 {
		return "", false
	}
	out, in := buf[:n-3], buf[n-3:n]
	if !validInward(in) || !validOutward(out, in) {
		return "", false
	}
	if len(s) == n+1 && s[n-3] == ' ' && s[:n-3] == string(out) && s[n-2:] == string(in) {
		return s, true // already normalised: no new string
	}
	return string(out) + " " + string(in), true
}

func validInward(in []byte) bool {
	return isDigit(in[0]) && inwardLetter(in[1]) && inwardLetter(in[2])
}

func inwardLetter(c byte) bool {
	return isLetter(c) && strings.IndexByte("CIKMOV", c) < 0
}

func validOutward(out, in []byte) bool {
	if string(out) == "GIR" {
		return string(in) == "0AA"
	}
	if !isLetter(out[0]) || strings.IndexByte("QVX", out[0]) >= 0 {
		return false
	}
	switch len(out) {
	case 2: // A9
		return isDigit(out[1])
	case 3:
		switch {
		case isDigit(out[1]) && isDigit(out[2]): // A99
			return true
		case isDigit(out[1]): // A9A
			return strings.IndexByte("ABCDEFGHJKPSTUW", out[2]) >= 0
		default: // AA9
			return secondLetter(out[1]) && isDigit(out[2])
		}
	case 4:
		if !secondLetter(out[1]) || !isDigit(out[2]) {
			return false
		}
		// AA99 or AA9A
		return isDigit(out[3]) || strings.IndexByte("ABEHMNPRVWXY", out[3]) >= 0
	}
	return false
}

func secondLetter(c byte) bool { return isLetter(c) && strings.IndexByte("IJZ", c) < 0 }

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 'a' + 'A'
	}
	return c
}

// letterParts splits a postal address into trimmed non-blank lines and
// finds the postcode at its end: the whole last line, the text after its
// last comma, or the last one or two words of either. It returns the lines
// with the postcode normalised in place, the outward code, and whether the
// address has text other than the postcode.
//
// The lines are appended to buf, which a caller may back with an array of
// its own so that the usual address of a few lines allocates nothing.
func letterParts(s string, buf []string) (lines []string, outward string, rest bool, ok bool) {
	lines = buf
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	for line := range strings.Lines(s) {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	if len(lines) == 0 {
		return nil, "", false, false
	}
	last := lines[len(lines)-1]
	head, seg := "", last
	if c := strings.LastIndexByte(last, ','); c >= 0 {
		head, seg = strings.TrimSpace(last[:c+1]), strings.TrimSpace(last[c+1:])
		if head == "," {
			head = ""
		}
	}
	pc, before, found := trailingPostcode(seg)
	if !found {
		return lines, "", false, false
	}
	line := pc
	switch {
	case head != "" && before != "":
		line = head + " " + before + " " + pc
	case head != "":
		line = spaced(last, head, pc)
	case before != "":
		line = spaced(last, before, pc)
	}
	lines[len(lines)-1] = line
	outward, _, _ = strings.Cut(pc, " ")
	return lines, outward, len(lines) > 1 || head != "" || before != "", true
}

// spaced returns a + " " + b, which is last itself when the line was
// already written so, as a normalised address is: no new string.
func spaced(last, a, b string) string {
	if len(last) == len(a)+1+len(b) && last[len(a)] == ' ' && last[:len(a)] == a && last[len(a)+1:] == b {
		return last
	}
	return a + " " + b
}

// trailingPostcode finds a postcode that is the whole of seg, its last
// word, or its last two words, and returns it normalised with the text
// before it.
func trailingPostcode(seg string) (pc, before string, ok bool) {
	if pc, ok := postcode(seg); ok {
		return pc, "", true
	}
	// The last word, then the last two words.
	end := len(seg)
	for range 2 {
		i := strings.LastIndexFunc(seg[:end], unicode.IsSpace)
		if i < 0 {
			return "", "", false
		}
		if pc, ok := postcode(seg[i+1:]); ok {
			return pc, strings.TrimSpace(seg[:i]), true
		}
		end = strings.LastIndexFunc(seg[:i], func(r rune) bool { return !unicode.IsSpace(r) }) + 1
		if end <= 0 {
			return "", "", false
		}
	}
	return "", "", false
}

// normalizeLetter returns the canonical form of a postal address, or the
// reason it is refused.
func normalizeLetter(s string) (string, string) {
	if !utf8.ValidString(s) {
		return "", "is not valid text (UTF-8): re-enter the address"
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' {
			return "", "contains a control character: re-enter the address"
		}
	}
	var buf [8]string // the lines of the usual address, on the stack
	lines, _, rest, ok := letterParts(s, buf[:0])
	if !ok {
		return "", "does not end with a valid UK postcode: put the postcode on the last line or after the last comma, such as LS1 4AP"
	}
	if !rest {
		return "", "has only a postcode: add the house number or name and the street"
	}
	return strings.Join(lines, "\n"), ""
}
