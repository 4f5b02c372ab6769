package minimise

import (
	"unicode/utf8"

	"github.com/carecomms/carecomms/channel"
)

// Subject holds the patient's own identifiers, so a scan can flag them
// wherever they appear: the name (PatientName), the date of birth in any
// written form the date detector reads (DateOfBirth, with or without
// "born" near it), the first line of the address and the postcode
// (PatientAddress). Empty fields are not looked for.
type Subject struct {
	Name      string       `json:"name,omitempty"`
	BirthDate channel.Date `json:"birth_date,omitzero"`
	// Address is the postal address; its first line (up to the first
	// comma or line break) is looked for.
	Address  string `json:"address,omitempty"`
	Postcode string `json:"postcode,omitempty"`
}

const subjectMax = 96

// pattern is a folded text to look for at word starts.
type pattern struct {
	b    [subjectMax]byte
	n    int
	kind Kind
}

// subjectPatterns is a Subject prepared for one scan, without allocating.
type subjectPatterns struct {
	any       bool
	pats      [3]pattern
	np        int
	birthDate channel.Date
	postcode  [8]byte
	pcN       int
}

// foldInto writes the folded stream of s into p; it reports false when it
// does not fit or is shorter than min bytes.
func foldInto(p *pattern, s string, min int) bool {
	if ok, ascii := foldASCII(p, s); ascii {
		return ok && p.n >= min
	}
	it := normIter{text: s}
	p.n = 0
	for {
		b, _, ok := it.next()
		if !ok {
			break
		}
		if p.n == len(p.b) {
			return false
		}
		p.b[p.n] = b
		p.n++
	}
	return p.n >= min
}

// foldASCII is foldInto for an ASCII string: the same folded stream as
// normIter, without decoding. It reports ascii false, having written
// nothing useful, when s is not all ASCII, and ok false when the stream
// does not fit.
func foldASCII(p *pattern, s string) (ok, ascii bool) {
	out := p.b[:]
	n := 0
	inTok, lastDigit, space := false, false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return false, false
		}
		digit := false
		if isLetter(c) {
			c = lower(c)
		} else if isDigit(c) {
			digit = true
		} else {
			if c == '\'' && inTok && i+1 < len(s) && isAlnumByte(s[i+1]) {
				continue // dropped between letters and digits: "O'Hara"
			}
			if inTok {
				inTok, space = false, true
			}
			continue
		}
		if inTok && digit != lastDigit {
			space = true
		}
		inTok, lastDigit = true, digit
		if space {
			space = false
			if n == len(out) {
				return false, asciiOnly(s[i:])
			}
			out[n] = ' '
			n++
		}
		if n == len(out) {
			return false, asciiOnly(s[i:])
		}
		out[n] = c
		n++
	}
	p.n = n
	return true, true
}

func (sp *subjectPatterns) init(subj *Subject) {
	if subj == nil {
		return
	}
	if subj.Name != "" {
		p := &sp.pats[sp.np]
		p.kind = PatientName
		// The whole name only, as a sequence of words: the family name
		// alone would match "Riverside Park Surgery" for Alex Park.
		if foldInto(p, subj.Name, 2) {
			sp.np++
		}
	}
	if subj.Address != "" {
		line := subj.Address
		for k := 0; k < len(line); k++ {
			if line[k] == ',' || line[k] == '\n' || line[k] == '\r' {
				line = line[:k]
				break
			}
		}
		p := &sp.pats[sp.np]
		p.kind = PatientAddress
		if foldInto(p, line, 4) {
			sp.np++
		}
	}
	if subj.Postcode != "" {
		for k := 0; k < len(subj.Postcode); {
			c, n := rd(subj.Postcode, k)
			k = n
			if isLetter(c) || isDigit(c) {
				if sp.pcN == len(sp.postcode) {
					sp.pcN = 0
					break
				}
				if c-'a' < 26 {
					c -= 'a' - 'A'
				}
				sp.postcode[sp.pcN] = c
				sp.pcN++
			}
		}
	}
	if validDate(subj.BirthDate) {
		sp.birthDate = subj.BirthDate
	}
	sp.any = sp.np > 0
}

// validDate is channel.Date.Valid without building a time.Time: a day
// that exists in the proleptic Gregorian calendar, in years 1 to 9999.
func validDate(d channel.Date) bool {
	m := int(d.Month)
	return m >= 1 && m <= 12 && d.Year >= 1 && d.Year <= 9999 && d.Day >= 1 && d.Day <= daysIn(m, d.Year)
}

// birth reports whether d is the patient's date of birth.
func (sp *subjectPatterns) birth(d dateValue) bool {
	b := sp.birthDate
	if b.IsZero() || d.day != b.Day || d.month != int(b.Month) {
		return false
	}
	if d.twoDigit {
		return d.year == b.Year%100
	}
	return d.year == b.Year
}

// postcodeIs reports whether pc (upper case, no spaces) is the patient's
// postcode.
func (sp *subjectPatterns) postcodeIs(pc []byte) bool {
	return sp.pcN > 0 && string(pc) == string(sp.postcode[:sp.pcN])
}

// matchSubject looks for the patient's name and address at the word
// starting at text[i], whose first folded byte is c.
func (st *scanState) matchSubject(i int, c byte) {
	for k := 0; k < st.subj.np; k++ {
		p := &st.subj.pats[k]
		if p.b[0] != c {
			continue
		}
		if e, ok := matchFolded(st.text, i, p.b[:p.n]); ok {
			if st.subjAt != i {
				st.subjAt, st.subjN = i, len(st.dst)
			}
			st.add(p.kind, CategoryIdentifier, i, e, "")
		}
	}
}

// matchFolded reports whether the folded stream of text from i starts
// with pat and ends a word there, and where the match ends.
func matchFolded(text string, i int, pat []byte) (int, bool) {
	it := normIter{text: text, i: i}
	end := i
	for _, want := range pat {
		b, _, ok := it.next()
		if !ok || b != want {
			return 0, false
		}
		end = it.i
	}
	if it.bi < it.bn {
		return 0, false // the pattern ends inside a folded character
	}
	if b, _, ok := it.next(); ok && b != ' ' {
		return 0, false
	}
	return end, true
}
