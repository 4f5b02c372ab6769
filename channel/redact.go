package channel

import (
	"math/bits"
	"strings"
	"unicode/utf8"

	"github.com/carecomms/carecomms/internal/word"
)

// maxIDShown is the longest identifier MaskID shows.
const maxIDShown = 64

// MaskID returns an identifier (a message id, a patient or proxy id, a
// member of staff) as it may be logged. Hosts often use the NHS number or
// a phone number as an identifier, and careless input puts an address in
// any field, so:
//
//   - an identifier of printable ASCII with no space and no @, of at most
//     64 bytes, is shown, except that in a number within it all but the
//     last 3 digits are starred. A number is 7 or more digits, in groups
//     joined by any run of hyphens, underscores, colons, dots, slashes or
//     brackets; a date or time among the groups (2026-11-24, 24/11/2026,
//     10:00:00) is not part of one, nor is a last group of 1 or 2 digits
//     after 7 or more (a suffix, as in "9434765919-1"). "msg-42" and
//     "msg-2026-11-24-0016" stay as they are; "9434765919" becomes
//     "*******919", "p/943-476-5919" "p/***-***-*919", "943_476_5919"
//     "***_***_*919" and "(07700)900456" "(*****)***456";
//   - anything else (an email address, text with spaces, other scripts)
//     is shown as stars.
//
// An empty identifier is "-". The exact form may change; do not parse it.
func MaskID(id string) string {
	if id == "" {
		return "-"
	}
	digits, shown := 0, true
	if len(id) >= 8 {
		digits, shown = shownID(id)
	} else {
		// A short id a byte at a time, without a call.
		for i := 0; i < len(id); i++ {
			c := id[i]
			if c <= ' ' || c >= 0x7f || c == '@' {
				shown = false
				break
			}
			if isDigit(c) {
				digits++
			}
		}
	}
	if !shown {
		return stars(utf8.RuneCountInString(id))
	}
	if digits < 7 {
		return id
	}
	return maskNumbers(id)
}

// shownID reports whether MaskID may show id, of at least 8 bytes:
// printable ASCII with no space and no @, of at most 64 bytes. When it
// may, digits is the number of ASCII digits in id. Eight bytes at a time
// are tested and counted as a word, the last eight overlapping the ones
// before.
func shownID(id string) (digits int, shown bool) {
	n := len(id)
	if n > maxIDShown {
		return 0, false
	}
	var bad uint64
	for i := 0; ; i += 8 {
		if i+8 > n {
			// The last eight bytes: count only those after id[:i].
			w := word.Load64(id[n-8:])
			bad |= unshownBytes(w)
			digits += bits.OnesCount64(digitBytes(w) &^ (1<<(8*(i+8-n)) - 1))
			break
		}
		w := word.Load64(id[i:])
		bad |= unshownBytes(w)
		digits += bits.OnesCount64(digitBytes(w))
		if i+8 == n {
			break
		}
	}
	return digits, bad == 0
}

// unshownBytes is not zero when a byte of w stops MaskID showing an id:
// one of 128 or more, a control character or space, DEL or @.
func unshownBytes(w uint64) uint64 {
	const ones = word.Ones
	del, at := w^(0x7f*ones), w^('@'*ones)
	return (w | (w-'!'*ones)&^w | (del-ones)&^del | (at-ones)&^at) & word.Highs
}

// digitBytes has the high bit set in each byte of w that is an ASCII
// digit, for w with no byte of 128 or more: adding 0x50 sets the high bit
// of a byte of '0' or more, adding 0x46 that of one of '9'+1 or more, and
// neither carries out of a byte below 128.
func digitBytes(w uint64) uint64 {
	return (w + 0x50*word.Ones) &^ (w + 0x46*word.Ones) & word.Highs
}

// span is a group of digits in an identifier, id[start:end].
type span struct{ start, end int }

// maskNumbers stars all but the last 3 digits of each number in id, an
// identifier of at most 64 bytes that MaskID shows. A number is a run of
// groups of digits joined by runs of separators (- _ : . / ( )), with 7
// or more digits, and without the dates and times in the run (2026-11-24,
// 24/11/2026, 10:00:00; a time joined by a colon to the groups before it
// is not one) and a last group of 1 or 2 digits after 7 or more (the
// suffix of "9434765919-1").
func maskNumbers(id string) string {
	var groups [maxIDShown/2 + 1]span
	var b []byte
	for i := 0; i < len(id); {
		if !isDigit(id[i]) {
			i++
			continue
		}
		// Gather the run of groups that starts at i.
		n, end := 0, i
		for {
			k := end
			for k < len(id) && isDigit(id[k]) {
				k++
			}
			groups[n] = span{end, k}
			n++
			if n == len(groups) {
				end = k
				break
			}
			j := k
			for j < len(id) && isIDSeparator(id[j]) {
				j++
			}
			if j == k || j == len(id) || !isDigit(id[j]) {
				end = k
				break
			}
			end = j
		}
		b = maskRun(id, b, groups[:n])
		i = end
	}
	if b == nil {
		return id
	}
	return string(b)
}

// maskRun stars the numbers among one run of groups, copying id into b
// when b is nil and something is starred. It returns b.
func maskRun(id string, b []byte, groups []span) []byte {
	first := 0
	for g := 0; g <= len(groups); {
		n := 0
		if g < len(groups) {
			n = dateAt(id, groups[g:])
			if n > 0 && g > 0 && id[groups[g].end] == ':' && strings.Contains(id[groups[g-1].end:groups[g].start], ":") {
				n = 0 // a time joined by a colon to the groups before it is part of them
			}
			if n == 0 {
				g++
				continue
			}
		}
		b = maskNumber(id, b, groups[first:g])
		g += max(n, 1)
		first = g
	}
	return b
}

// maskNumber stars all but the last 3 digits of groups, the groups of one
// number, when they hold 7 or more digits; a last group of 1 or 2 digits
// after 7 or more is left as it is. It returns b, made from id when nil.
func maskNumber(id string, b []byte, groups []span) []byte {
	digits := 0
	for _, g := range groups {
		digits += g.end - g.start
	}
	if last := len(groups) - 1; last > 0 {
		if n := groups[last].end - groups[last].start; n <= 2 && digits-n >= 7 {
			groups, digits = groups[:last], digits-n
		}
	}
	if digits < 7 {
		return b
	}
	if b == nil {
		b = []byte(id)
	}
	for _, g := range groups {
		for k := g.start; k < g.end && digits > 3; k++ {
			b[k] = '*'
			digits--
		}
	}
	return b
}

// isIDSeparator reports whether c is written between the groups of a
// number in an identifier.
func isIDSeparator(c byte) bool {
	switch c {
	case '-', '_', ':', '.', '/', '(', ')':
		return true
	}
	return false
}

// dateAt returns how many of groups, a run's groups from the one to test,
// make a date or time at its start, or 0: a year from 1900 to 2199, a
// month and a day (2026-11-24, 2026/11/24) or a day, a month and a year
// (24/11/2026, 24.11.2026), month and day of two digits, joined by the
// same single separator; or hours and minutes, and seconds, of two digits
// joined by colons (10:00, 10:00:00).
func dateAt(id string, groups []span) int {
	if len(groups) < 2 {
		return 0
	}
	size := func(g int) int { return groups[g].end - groups[g].start }
	value := func(g int) int {
		v := 0
		for k := groups[g].start; k < groups[g].end; k++ {
			v = v*10 + int(id[k]-'0')
		}
		return v
	}
	sep := func(g int) string { return id[groups[g].end:groups[g+1].start] }
	if sep(0) == ":" {
		if size(0) != 2 || size(1) != 2 || value(0) > 23 || value(1) > 59 {
			return 0
		}
		if len(groups) > 2 && sep(1) == ":" && size(2) == 2 && value(2) <= 60 {
			return 3
		}
		return 2
	}
	if len(groups) < 3 || len(sep(0)) != 1 || sep(0) != sep(1) || size(1) != 2 || value(1) < 1 || value(1) > 12 {
		return 0
	}
	year, day := 0, 2
	if size(0) == 2 {
		year, day = 2, 0
	}
	if size(year) != 4 || value(year) < 1900 || value(year) > 2199 || size(day) != 2 || value(day) < 1 || value(day) > 31 {
		return 0
	}
	return 3
}

// maxRedact bounds the text Redact reads: a transport may put a whole
// HTML page in an error.
const maxRedact = 4096

// Redact returns text (a transport's error, a provider's message) with
// every address in it masked, so it can be logged and recorded:
//
//   - address itself, in any letter case;
//   - anything shaped like an email address (local@domain), in any case;
//   - any run of 7 or more digits, however it is grouped: with spaces,
//     dots, hyphens or typographic dashes, underscores, colons, brackets,
//     slashes or a leading +, one or several between groups, as in
//     "(07700) 900123", "07700.900.123", "943_476_5919" or "943 476 5919":
//     all but the last 3 digits are starred.
//
// Text beyond 4 KiB is cut and marked with "…".
func Redact(text, address string) string {
	if len(text) > maxRedact {
		i := maxRedact
		for i > 0 && !utf8.RuneStart(text[i]) {
			i--
		}
		text = text[:i] + "…"
	}
	if a := strings.TrimSpace(address); a != "" {
		text = replaceFold(text, a, "(address)")
	}
	return maskDigitRuns(maskEmails(text))
}

// replaceFold replaces every occurrence of old in s, in any letter case,
// with new.
func replaceFold(s, old, repl string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if j := indexFold(s[i:], old); j >= 0 {
			b.WriteString(s[i : i+j])
			b.WriteString(repl)
			i += j + len(old)
			continue
		}
		b.WriteString(s[i:])
		break
	}
	return b.String()
}

// indexFold is strings.Index under Unicode case folding, for an old whose
// case variants have its length in bytes (as ASCII and most text does).
func indexFold(s, old string) int {
	for i := 0; i+len(old) <= len(s); i++ {
		if utf8.RuneStart(s[i]) && strings.EqualFold(s[i:i+len(old)], old) {
			return i
		}
	}
	return -1
}

// maskEmails masks each local@domain in s.
func maskEmails(s string) string {
	if strings.IndexByte(s, '@') < 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '@' {
			continue
		}
		start, end := i, i+1
		for start > last && (isAtext(s[start-1]) || s[start-1] == '.') {
			start--
		}
		for end < len(s) && (isLDH(s[end]) || s[end] == '.' || s[end] >= utf8.RuneSelf) {
			end++
		}
		if start == i && end == i+1 {
			continue // a lone @
		}
		b.WriteString(s[last:start])
		b.WriteString(Mask(Email, s[start:end]))
		last, i = end, end-1
	}
	b.WriteString(s[last:])
	return b.String()
}

// maskDigitRuns stars all but the last 3 digits of every run of 7 or more
// digits and the separators people write between them.
func maskDigitRuns(s string) string {
	out := []byte(s)
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		// Extend the run over digits and separators followed by a digit.
		j, digits, lastDigit := i, 0, i
		for j < len(s) {
			if isDigit(s[j]) {
				digits++
				lastDigit = j
				j++
				continue
			}
			n := separatorLen(s[j:])
			if n == 0 {
				break
			}
			j += n
		}
		if digits >= 7 {
			keep := 0
			for k := lastDigit; k >= i; k-- {
				if isDigit(out[k]) {
					if keep >= 3 {
						out[k] = '*'
					}
					keep++
				}
			}
		}
		i = lastDigit + 1
	}
	return string(out)
}

// separatorLen returns the length of the separator that starts s, or 0:
// the characters people and systems write between the groups of a phone
// or NHS number.
func separatorLen(s string) int {
	switch s[0] {
	case ' ', '-', '_', ':', '.', '(', ')', '/', '+', '\t':
		return 1
	}
	if s[0] < utf8.RuneSelf {
		return 0
	}
	r, n := utf8.DecodeRuneInString(s)
	if isPhoneSeparator(r) {
		return n
	}
	return 0
}
