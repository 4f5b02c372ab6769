package minimise

import "unicode/utf8"

// Hand-written detectors for identifiers: NHS numbers, phone numbers,
// dates, postcodes and amounts of money. They read the original text
// through rd, so full-width digits and zero-width characters do not hide
// an identifier, and their spans point into the original text.

// nhsCheck reports whether ten digits pass the NHS number Modulus 11
// check: the first nine weighted 10 down to 2, and the check digit is 11
// minus the remainder of the sum divided by 11 (11 becomes 0; 10 is never
// valid).
func nhsCheck(d *[10]byte) bool {
	sum := 0
	for k := range 9 {
		sum += int(d[k]-'0') * (10 - k)
	}
	c := 11 - sum%11
	if c == 11 {
		c = 0
	}
	return c != 10 && c == int(d[9]-'0')
}

// scanNumber looks for a date, an NHS number, a phone number or an amount
// starting with the digit at text[i].
func (st *scanState) scanNumber(i int) {
	if !plainNumber(st.text, i) {
		st.identifier(i)
	}
}

// identifier is scanNumber past plainNumber's fast path.
func (st *scanState) identifier(i int) {
	if s, e, d, ok := parseDateAt(st.text, i); ok {
		st.identEnd = e
		st.date(s, e, d)
		return
	}
	if st.scanPhoneOrNHS(i) {
		return
	}
	st.scanWordAmount(i)
}

// plainNumber reports, from the ASCII bytes around it, that no detector
// in scanNumber can match a number starting at text[i]: fewer than eight
// digits followed by a character that continues no date, phone number or
// amount (":" in "09:40", "." at the end of a sentence, the end of the
// text), and not after
// "GBP" or "p". It is the fast path for clock times and counts; anything
// it is unsure of, such as a character that is not ASCII, goes to the
// detectors.
func plainNumber(text string, i int) bool {
	j := i
	for j < len(text) && isDigit(text[j]) {
		j++
	}
	if n := j - i; n == 0 || n >= 8 {
		return false
	}
	if j < len(text) {
		switch afterNumber[text[j]] {
		case anPlain:
		case anStop:
			return false
		case anDigitStop:
			// A date, decimal or thousands go on with a digit.
			if k := j + 1; k < len(text) && (text[k] >= utf8.RuneSelf || text[k]-'0' < 10) {
				return false
			}
		}
	}
	// An amount may follow "GBP" or "GBP ".
	k := i - 1
	if k >= 0 && text[k] == ' ' {
		k--
	}
	if k >= 0 && (text[k] >= utf8.RuneSelf || lower(text[k]) == 'p') {
		return false
	}
	return true
}

// What a byte after a run of digits says to plainNumber.
const (
	// anPlain: nothing; the number is plain.
	anPlain = iota
	// anStop: the number may go on. A letter, a byte of a non-ASCII
	// character, ' ', '-', '(' or ')'.
	anStop
	// anDigitStop: it may go on if a digit or a non-ASCII character
	// follows. '.', ',' or '/'.
	anDigitStop
)

// afterNumber is plainNumber's class of each byte after a run of digits.
var afterNumber = func() (t [256]uint8) {
	for b := range 256 {
		switch c := byte(b); {
		case c >= utf8.RuneSelf, isLetter(c):
			t[b] = anStop
		case c == ' ', c == '-', c == '(', c == ')':
			t[b] = anStop
		case c == '.', c == ',', c == '/':
			t[b] = anDigitStop
		}
	}
	return t
}()

// scanPhoneOrNHS looks for an NHS number (ten digits written 3-3-4 with
// spaces or hyphens, or together, passing Modulus 11 and not starting with
// 0) or a phone number (10 or 11 digits starting with 0, or 8 to 15 digits
// after +) starting at text[i].
func (st *scanState) scanPhoneOrNHS(i int) bool {
	start, plus, paren, ok := phoneStart(st.text, i)
	if !ok {
		return false
	}
	// g lives on the stack: the helpers take a pointer and keep none.
	var g digitGroups
	g.read(st.text, i, plus, paren)
	if g.ng == 0 {
		return false
	}
	if !plus && !paren && g.digits[0] != '0' {
		if e := g.nhsEnd(); e >= 0 {
			st.identEnd = e
			st.add(NHSNumber, CategoryIdentifier, i, e, "")
			return true
		}
	}
	e := g.phoneEnd(plus)
	if e < 0 {
		return false
	}
	st.identEnd = e
	st.add(PhoneNumber, CategoryContact, start, e, "")
	return true
}

// phoneStart returns where a phone or NHS number whose first digit is at
// text[i] would start: at a "+" (plus) or "(" (paren) just before the
// digit, else at i. ok is false when no number can start there: the "+"
// or "(" follows a letter or digit, or, without either, the digits
// neither start with 0 nor begin with a group of 3 or 10.
func phoneStart(text string, i int) (start int, plus, paren, ok bool) {
	start = i
	if c, j := rdBack(text, i); c == '+' {
		start, plus = j, true
	} else if c == '(' {
		start, paren = j, true
	}
	if start != i {
		if c, _ := rdBack(text, start); isAlnumByte(c) {
			return start, plus, paren, false
		}
	} else if c, _ := rd(text, i); c != '0' {
		// Without + or ( only an NHS number (3 or 10 digits first) or a
		// number starting with 0 can follow.
		if _, n, _ := readDigits(text, i, 10); n != 3 && n != 10 {
			return start, plus, paren, false
		}
	}
	return start, plus, paren, true
}

// digitGroups is a run of digit groups read for a phone or NHS number:
// "0113 496 0000", "+44 (0)113 496 0000", "943 476 5919".
type digitGroups struct {
	groups [8]int   // digits in each group
	ends   [8]int   // index after each group
	endOK  [8]bool  // the group ends at a word boundary
	seps   [8]byte  // separator before each group
	digits [16]byte // the first digits, in order
	nd     int      // digits read (may pass len(digits))
	ng     int      // groups read
}

// read reads up to len(g.groups) groups of digits starting at text[j],
// stopping after 16 digits, at a group that does not end a word, or where
// no separator and digit follow. plus and paren say the number follows
// "+" or "(".
func (g *digitGroups) read(text string, j int, plus, paren bool) {
	// The counts are kept in locals, not in g: the compiler cannot tell
	// that the stores to g's arrays do not change them, and would reload
	// them for every digit.
	nd, ng := 0, 0
	var sep byte
	for ng < len(g.groups) {
		cnt := 0
		for cnt <= len(g.digits) {
			c, n := rd(text, j)
			if !isDigit(c) {
				break
			}
			if nd < len(g.digits) {
				g.digits[nd] = c
			}
			nd++
			cnt++
			j = n
		}
		if cnt == 0 {
			break
		}
		g.groups[ng], g.ends[ng], g.seps[ng] = cnt, j, sep
		c, n := rd(text, j)
		endOK := !isAlnumByte(c)
		g.endOK[ng] = endOK
		ng++
		if nd > 15 || !endOK {
			break
		}
		if sep, j = groupSep(text, j, c, n, ng == 1, plus, paren); sep == 0 {
			break
		}
		if c2, _ := rd(text, j); !isDigit(c2) {
			break
		}
	}
	g.nd, g.ng = nd, ng
}

// groupSep reads the separator to the next group after a group ending at
// text[j], where c is the character read there and n the index after it:
// a space or hyphen, ") " after "(0113", or " (0)" after "+44". first
// says the group is the first. It returns the separator (0 if there is
// none; '(0)' counts as ' ') and the index after it.
func groupSep(text string, j int, c byte, n int, first, plus, paren bool) (byte, int) {
	switch {
	case c == ')' && paren && first:
		j = n
		if c2, n2 := rd(text, j); c2 == ' ' {
			j = n2
		}
		return ')', j
	case c == ' ' || c == '-':
		j = n
		if plus && first {
			if k, ok := skipTrunkZero(text, j); ok {
				j = k
			}
		}
		return c, j
	case c == '(' && plus && first:
		if k, ok := skipTrunkZero(text, j); ok {
			return ' ', k
		}
	}
	return 0, j
}

// nhsEnd returns the index after the NHS number the groups make, or -1:
// ten digits together, or 3-3-4 with one kind of separator, passing the
// Modulus 11 check. The caller checks the number does not follow "+" or
// "(" or start with 0.
func (g *digitGroups) nhsEnd() int {
	var e int
	switch {
	case g.groups[0] == 10 && g.endOK[0]:
		e = g.ends[0]
	case g.ng >= 3 && g.groups[0] == 3 && g.groups[1] == 3 && g.groups[2] == 4 && g.endOK[2] &&
		g.seps[1] == g.seps[2] && (g.seps[1] == ' ' || g.seps[1] == '-'):
		e = g.ends[2]
	default:
		return -1
	}
	if !nhsCheck((*[10]byte)(g.digits[:10])) {
		return -1
	}
	return e
}

// phoneEnd returns the index after the longest run of groups that makes
// a phone number, or -1: 8 to 15 digits after "+" (plus), else 10 or 11
// digits starting with 0.
func (g *digitGroups) phoneEnd(plus bool) int {
	total := 0
	best := -1
	for k := 0; k < g.ng; k++ {
		total += g.groups[k]
		if !g.endOK[k] {
			break
		}
		switch {
		case plus && total >= 8 && total <= 15:
			best = g.ends[k]
		case !plus && g.digits[0] == '0' && (total == 10 || total == 11):
			best = g.ends[k]
		}
	}
	return best
}

// skipTrunkZero skips " (0)" or "(0)" in "+44 (0)113 ...", returning the
// index after it and any space.
func skipTrunkZero(text string, j int) (int, bool) {
	c, n := rd(text, j)
	if c != '(' {
		return j, false
	}
	if c, n = rd(text, n); c != '0' {
		return j, false
	}
	if c, n = rd(text, n); c != ')' {
		return j, false
	}
	if c, n2 := rd(text, n); c == ' ' {
		n = n2
	}
	return n, true
}

// maxNumberLen bounds how far the detectors read a number, so a scan stays
// linear in the text whatever its shape.
const maxNumberLen = 24

// readNumber reads digits with thousands commas and an optional decimal
// part from text[i], returning the index after it. Amounts longer than
// maxNumberLen digits and separators are cut there.
func readNumber(text string, i int) (int, bool) {
	j := i
	digits := 0
	for steps := 0; steps < maxNumberLen; steps++ {
		c, n := rd(text, j)
		switch {
		case isDigit(c):
			digits++
			j = n
			continue
		case c == ',' && digits > 0:
			// thousands separator: exactly three digits follow
			k, ok := n, true
			for range 3 {
				var d byte
				d, k = rd(text, k)
				if !isDigit(d) {
					ok = false
					break
				}
			}
			if ok {
				j = n
				continue
			}
		case c == '.' && digits > 0:
			d1, n1 := rd(text, n)
			d2, n2 := rd(text, n1)
			if isDigit(d1) && isDigit(d2) {
				j = n2
			}
		}
		break
	}
	return j, digits > 0
}

// scanCurrency looks for an amount after the currency symbol at
// text[i:j]: "£25", "£ 1,000.00".
func (st *scanState) scanCurrency(i, j int) {
	text := st.text
	k := j
	if c, n := rd(text, k); c == ' ' {
		k = n
	}
	if c, _ := rd(text, k); !isDigit(c) {
		return
	}
	e, ok := readNumber(text, k)
	if !ok {
		return
	}
	if c, _ := rd(text, e); isAlnumByte(c) && c != 'p' && c != 'k' {
		return
	}
	st.identEnd = e
	st.amount(i, e)
}

// scanWordAmount looks for an amount written with words: "25 pounds",
// "GBP 25".
func (st *scanState) scanWordAmount(i int) {
	text := st.text
	e, ok := readNumber(text, i)
	if !ok {
		return
	}
	// "GBP 25"
	k := i
	if c, j := rdBack(text, k); c == ' ' {
		k = j
	}
	if c, _ := rdBack(text, k); lower(c) == 'p' {
		if w, ws := wordBefore(text, k); w == "gbp" {
			st.identEnd = e
			st.amount(ws, e)
			return
		}
	}
	// "25 pounds"
	k = e
	if c, n := rd(text, k); c == ' ' {
		k = n
	}
	if c, _ := rd(text, k); lower(c) == 'p' || lower(c) == 'g' {
		if w, we := wordAt(text, k); w == "pounds" || w == "pound" || w == "gbp" {
			st.identEnd = we
			st.amount(i, we)
		}
	}
}

// wordAt reads up to 8 ASCII letters at text[i], lower-cased, and returns
// them with the index after them ("" if more letters follow).
func wordAt(text string, i int) (string, int) {
	var buf [8]byte
	n := 0
	j := i
	for {
		var c byte
		var k int
		if j < len(text) && text[j] < utf8.RuneSelf {
			c, k = text[j], j+1 // rd's answer for ASCII, without the call
		} else {
			c, k = rd(text, j)
		}
		if !isLetter(c) {
			if c == pAlpha || isDigit(c) {
				return "", j
			}
			break
		}
		if n == len(buf) {
			return "", j
		}
		buf[n] = lower(c)
		n++
		j = k
	}
	return wordString(buf[:n]), j
}

// wordBefore reads up to 8 ASCII letters ending at text[i], lower-cased,
// and returns them with the index where they start.
func wordBefore(text string, i int) (string, int) {
	var buf [8]byte
	n := 0
	j := i
	for {
		c, k := rdBack(text, j)
		if !isLetter(c) {
			if c == pAlpha || isDigit(c) {
				return "", j
			}
			break
		}
		if n == len(buf) {
			return "", j
		}
		buf[len(buf)-1-n] = lower(c)
		n++
		j = k
	}
	return wordString(buf[len(buf)-n:]), j
}

// wordString returns one of the few words the detectors compare with,
// without allocating, or "".
func wordString(b []byte) string {
	switch string(b) {
	case "gbp":
		return "gbp"
	case "pounds":
		return "pounds"
	case "pound":
		return "pound"
	case "st":
		return "st"
	case "nd":
		return "nd"
	case "rd":
		return "rd"
	case "th":
		return "th"
	case "of":
		return "of"
	}
	switch string(b) {
	case "jan":
		return "jan"
	case "january":
		return "january"
	case "feb":
		return "feb"
	case "february":
		return "february"
	case "mar":
		return "mar"
	case "march":
		return "march"
	case "apr":
		return "apr"
	case "april":
		return "april"
	case "may":
		return "may"
	case "jun":
		return "jun"
	case "june":
		return "june"
	case "jul":
		return "jul"
	case "july":
		return "july"
	case "aug":
		return "aug"
	case "august":
		return "august"
	case "sep":
		return "sep"
	case "sept":
		return "sept"
	case "september":
		return "september"
	case "oct":
		return "oct"
	case "october":
		return "october"
	case "nov":
		return "nov"
	case "november":
		return "november"
	case "dec":
		return "dec"
	case "december":
		return "december"
	}
	return ""
}

// monthNumber returns the month a lower-case word names, or 0.
func monthNumber(w string) int {
	switch w {
	case "jan", "january":
		return 1
	case "feb", "february":
		return 2
	case "mar", "march":
		return 3
	case "apr", "april":
		return 4
	case "may":
		return 5
	case "jun", "june":
		return 6
	case "jul", "july":
		return 7
	case "aug", "august":
		return 8
	case "sep", "sept", "september":
		return 9
	case "oct", "october":
		return 10
	case "nov", "november":
		return 11
	case "dec", "december":
		return 12
	}
	return 0
}

// monthAt reports the month named by the word text[ts:te].
func monthAt(text string, ts, te int) (int, bool) {
	switch text[ts] | 0x20 {
	case 'j', 'f', 'm', 'a', 's', 'o', 'n', 'd':
	default:
		if text[ts] < 0x80 {
			return 0, false
		}
	}
	w, e := wordAt(text, ts)
	if e != te {
		return 0, false
	}
	m := monthNumber(w)
	return m, m != 0
}

// dateValue is a calendar date as written; a two-digit year is kept as
// written (Year < 100, TwoDigit set).
type dateValue struct {
	day, month, year int
	twoDigit         bool
}

func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// valid reports whether d is a calendar date (for a two-digit year, in
// the 1900s or the 2000s).
func (d dateValue) valid() bool {
	if d.month < 1 || d.month > 12 || d.day < 1 {
		return false
	}
	if d.twoDigit {
		return d.day <= daysIn(d.month, 1900+d.year) || d.day <= daysIn(d.month, 2000+d.year)
	}
	return d.year >= 1000 && d.day <= daysIn(d.month, d.year)
}

// readDigits reads up to max digits at text[i]; it reports the value, the
// count and the index after them.
func readDigits(text string, i, max int) (v, n, j int) {
	j = i
	for n < max+1 {
		var c byte
		var k int
		if j < len(text) && text[j] < utf8.RuneSelf {
			c, k = text[j], j+1 // rd's answer for ASCII, without the call
		} else {
			c, k = rd(text, j)
		}
		if !isDigit(c) {
			break
		}
		v = v*10 + int(c-'0')
		n++
		j = k
	}
	return v, n, j
}

// endsWord reports whether text[j] does not continue a word or number.
func endsWord(text string, j int) bool {
	c, n := rd(text, j)
	if isAlnumByte(c) {
		return false
	}
	if c == '/' || c == '-' || c == '.' {
		if d, _ := rd(text, n); isDigit(d) {
			return false
		}
	}
	return true
}

// parseDateAt reads a full date starting with the digit at text[i]:
// 12/03/1980, 12-3-80, 12.03.1980, 1980-03-12, 12 March 1980,
// 12th of March 1980, 12-Mar-1980.
func parseDateAt(text string, i int) (s, e int, d dateValue, ok bool) {
	a, na, j := readDigits(text, i, 4)
	if na == 0 || na > 4 {
		return
	}
	c, k := rd(text, j)
	switch {
	case na == 4 && isDateSep(c):
		e, d, ok = yearFirstDate(text, a, k, c)
	case na > 2:
		return
	case isDateSep(c):
		e, d, ok = dayFirstDate(text, a, k, c)
	default:
		e, d, ok = wordDate(text, a, j)
	}
	if !ok {
		return 0, 0, d, false
	}
	return i, e, d, true
}

// isDateSep reports whether c separates the numbers of a date: "/", "-"
// or ".".
func isDateSep(c byte) bool { return c == '-' || c == '/' || c == '.' }

// yearFirstDate reads the rest of a date written year first, 1980-03-12,
// after the year y and its separator sep, from text[k]. It returns the
// index after the date.
func yearFirstDate(text string, y, k int, sep byte) (e int, d dateValue, ok bool) {
	m, nm, j2 := readDigits(text, k, 2)
	if c2, k2 := rd(text, j2); nm >= 1 && nm <= 2 && c2 == sep {
		dd, ndd, j3 := readDigits(text, k2, 2)
		if ndd >= 1 && ndd <= 2 && endsWord(text, j3) {
			d = dateValue{day: dd, month: m, year: y}
			if d.valid() {
				return j3, d, true
			}
		}
	}
	return
}

// dayFirstDate reads the rest of a date written day first, 12/03/1980,
// 12-3-80, 12.03.1980 or 12-Mar-1980, after the day a and its separator
// sep, from text[k]. It returns the index after the date.
func dayFirstDate(text string, a, k int, sep byte) (e int, d dateValue, ok bool) {
	m, nm, j2 := readDigits(text, k, 2)
	if c2, k2 := rd(text, j2); nm >= 1 && nm <= 2 && c2 == sep {
		y, ny, j3 := readDigits(text, k2, 4)
		if (ny == 2 || ny == 4) && endsWord(text, j3) {
			d = dateValue{day: a, month: m, year: y, twoDigit: ny == 2}
			if d.valid() {
				return j3, d, true
			}
		}
		return
	}
	if sep == '-' {
		// 12-Mar-1980
		if w, we := wordAt(text, k); monthNumber(w) != 0 {
			if c3, k3 := rd(text, we); c3 == '-' {
				y, ny, j3 := readDigits(text, k3, 4)
				if (ny == 2 || ny == 4) && endsWord(text, j3) {
					d = dateValue{day: a, month: monthNumber(w), year: y, twoDigit: ny == 2}
					if d.valid() {
						return j3, d, true
					}
				}
			}
		}
	}
	return
}

// wordDate reads the rest of a date with the month in words, 12 March
// 1980, 12th March 1980 or 12th of March, 1980, after the day a, from
// text[j]. It returns the index after the date.
func wordDate(text string, a, j int) (e int, d dateValue, ok bool) {
	j2 := j
	if w, we := wordAt(text, j2); w == "st" || w == "nd" || w == "rd" || w == "th" {
		j2 = we
	}
	if c, k := rd(text, j2); c != ' ' {
		return
	} else {
		j2 = k
	}
	w, we := wordAt(text, j2)
	if w == "of" {
		if c, k := rd(text, we); c == ' ' {
			w, we = wordAt(text, k)
		}
	}
	m := monthNumber(w)
	if m == 0 {
		return
	}
	j3 := we
	if c, k := rd(text, j3); c == ',' {
		j3 = k
	}
	if c, k := rd(text, j3); c != ' ' {
		return
	} else {
		j3 = k
	}
	y, ny, j4 := readDigits(text, j3, 4)
	if ny != 4 || !endsWord(text, j4) {
		return
	}
	d = dateValue{day: a, month: m, year: y}
	if !d.valid() {
		return
	}
	return j4, d, true
}

// scanMonthFirstDate reads a date that starts with the month name at
// text[ts:te]: "March 12, 1980", "Mar 12th 1980".
func (st *scanState) scanMonthFirstDate(ts, te int) {
	text := st.text
	m, _ := monthAt(text, ts, te)
	c, j := rd(text, te)
	if c != ' ' {
		return
	}
	day, nd, j2 := readDigits(text, j, 2)
	if nd == 0 || nd > 2 {
		return
	}
	if w, we := wordAt(text, j2); w == "st" || w == "nd" || w == "rd" || w == "th" {
		j2 = we
	}
	if c, k := rd(text, j2); c == ',' {
		j2 = k
	}
	if c, k := rd(text, j2); c != ' ' {
		return
	} else {
		j2 = k
	}
	y, ny, j3 := readDigits(text, j2, 4)
	if ny != 4 || !endsWord(text, j3) {
		return
	}
	d := dateValue{day: day, month: m, year: y}
	if !d.valid() {
		return
	}
	st.identEnd = j3
	st.date(ts, j3, d)
}

// Postcode letters allowed in each position (Royal Mail rules).
func pcFirst(c byte) bool  { return c-'A' < 26 && c != 'Q' && c != 'V' && c != 'X' }
func pcSecond(c byte) bool { return c-'A' < 26 && c != 'I' && c != 'J' && c != 'Z' }
func pcThirdA9A(c byte) bool {
	switch c {
	case 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'P', 'S', 'T', 'U', 'W':
		return true
	}
	return false
}
func pcFourthAA9A(c byte) bool {
	switch c {
	case 'A', 'B', 'E', 'H', 'M', 'N', 'P', 'R', 'V', 'W', 'X', 'Y':
		return true
	}
	return false
}
func pcInwardLetter(c byte) bool {
	return c-'A' < 26 && c != 'C' && c != 'I' && c != 'K' && c != 'M' && c != 'O' && c != 'V'
}
func isDigitU(c byte) bool { return c-'0' < 10 }

// outwardCode reports whether b (upper case) is a valid outward code.
func outwardCode(b []byte) bool {
	switch len(b) {
	case 2: // A9
		return pcFirst(b[0]) && isDigitU(b[1])
	case 3: // A99, AA9, A9A
		if !pcFirst(b[0]) {
			return false
		}
		switch {
		case isDigitU(b[1]) && isDigitU(b[2]):
			return true
		case pcSecond(b[1]) && isDigitU(b[2]):
			return true
		case isDigitU(b[1]) && pcThirdA9A(b[2]):
			return true
		}
	case 4: // AA99, AA9A
		if !pcFirst(b[0]) || !pcSecond(b[1]) || !isDigitU(b[2]) {
			return false
		}
		return isDigitU(b[3]) || pcFourthAA9A(b[3])
	}
	return false
}

// inwardCode reports whether b (upper case) is a valid inward code.
func inwardCode(b []byte) bool {
	return len(b) == 3 && isDigitU(b[0]) && pcInwardLetter(b[1]) && pcInwardLetter(b[2])
}

// readUpperWord reads the ASCII letters and digits of text[i:end] upper
// cased into buf; it reports false if there are more than len(buf) or any
// other character.
func readUpperWord(text string, i, end int, buf []byte) (int, bool) {
	n := 0
	for j := i; j < end; {
		c, k := rd(text, j)
		j = k
		if c == 0 {
			continue
		}
		if !(isLetter(c) || isDigit(c)) || n == len(buf) {
			return 0, false
		}
		if c-'a' < 26 {
			c -= 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	return n, true
}

// scanPostcode looks for a UK postcode starting with the word
// text[ts:te]: "LS1 4AP", "SW1A 1AA", "LS14AP".
func (st *scanState) scanPostcode(ts, te int) {
	text := st.text
	var pc [8]byte
	n, ok := readUpperWord(text, ts, te, pc[:7])
	if !ok || n < 2 {
		return
	}
	end := -1
	switch {
	case n >= 5 && outwardCode(pc[:n-3]) && inwardCode(pc[n-3:n]):
		end = te
	case n <= 4 && (outwardCode(pc[:n]) || string(pc[:n]) == "GIR"):
		c, j := rd(text, te)
		if c != ' ' {
			return
		}
		// The inward code: one word of three characters.
		k := j
		var in [3]byte
		m := 0
		for m < 3 {
			c, k2 := rd(text, k)
			if !(isLetter(c) || isDigit(c)) {
				break
			}
			if c-'a' < 26 {
				c -= 'a' - 'A'
			}
			in[m] = c
			m++
			k = k2
		}
		if m != 3 || !inwardCode(in[:]) || !endsWord(text, k) {
			return
		}
		copy(pc[n:], in[:])
		n += 3
		end = k
	}
	if end < 0 {
		return
	}
	st.identEnd = end
	if st.subj.postcodeIs(pc[:n]) {
		st.add(PatientAddress, CategoryIdentifier, ts, end, "")
		return
	}
	if st.rec != nil {
		st.recordPostcode(pc[:n])
	}
	st.add(Postcode, CategoryIdentifier, ts, end, "")
}
