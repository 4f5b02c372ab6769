package minimise

import "bytes"

// Prepared is a message body scanned once, for deciding the same body for
// many people: a group message whose text is identical for everyone and
// whose only per-person inputs are each patient's own identifiers (a
// Subject). Scanner.Prepare makes one; Prepared.ScanAppend then gives, for
// each Subject, exactly what Scanner.ScanAppend would give for the body and
// that Subject, without scanning the body again.
//
// Prepare runs the ordinary scan once, with no Subject, and keeps what the
// patient's identifiers can change:
//
//   - the findings, both ordered (the answer when the Subject matches
//     nothing) and in the order the scan made them;
//   - the folded stream of the body (the normalisation the scan matches
//     names and addresses in) with, for each byte, whether it starts a
//     word and where its character ends in the original text;
//   - every full date the date detector read, whether a "born" or "DOB"
//     cue came shortly before it, and every "(DOB)"-style cue, in order:
//     the patient's birth date changes which date a later cue settles;
//   - every postcode found, upper case without spaces.
//
// Per Subject, ScanAppend looks for the name and address in the folded
// stream at word starts, compares the birth date with the dates and the
// postcode with the postcodes. When nothing matches, it appends the
// cached findings. Otherwise it rebuilds the unordered findings the scan
// would have made with the Subject, in the scan's order, and orders them
// and removes overlaps as the scan does, so the result is the same, down
// to the order of findings. Should the cached word starts ever disagree
// with the scan's own (the package's tests check that they never do),
// ScanAppend scans the body in full for every Subject.
//
// A Prepared is immutable and safe for concurrent use. It holds the body
// and about ten bytes per byte of it.
type Prepared struct {
	sc      *Scanner
	text    string    // the body as given
	scanned string    // the part scanned (all of it below 2 GiB)
	generic []Finding // the findings with no Subject, ordered

	// indep are the findings with no Subject in the order the scan made
	// them, less dates of birth (which the birth date can change).
	indep []Finding
	// The word starts, dates and birth cues and postcodes the scan met,
	// each counting the findings of indep made before it.
	recorder

	fold  []byte    // the folded stream of scanned
	pos   []foldPos // for each byte of fold
	first [4]uint64 // the first bytes of words, as a set

	fallback bool // scan in full for every Subject
}

// prepWord is a word start: where the scan would look for the name and
// address.
type prepWord struct {
	start int32 // index in the text
	indep int32 // findings of indep made before it
}

// prepBirth is a full date or a birth cue, as the scan met it.
type prepBirth struct {
	indep     int32 // findings of indep made before it
	words     int32 // words started before it
	s, e      int32 // the date's span, or the cue's start
	d         dateValue
	cue       bool // a cue ("(DOB)") rather than a date
	cueBefore bool // a date with a cue ("born") shortly before
}

// prepPostcode is a postcode finding and its text, upper case without
// spaces, as Subject postcodes are compared.
type prepPostcode struct {
	indep int32 // index in indep
	n     uint8
	pc    [7]byte
}

// foldPos describes one byte of the folded stream.
type foldPos struct {
	end  int32 // index in the text after the character the byte ends, or -1
	word int32 // index in words of the word the byte starts, or -1
}

// recorder collects, during the scan Prepare runs, what a Subject can
// change. Positions count the findings made so far, dates of birth
// included; Prepare converts them to count those of indep.
type recorder struct {
	words  []prepWord     // word starts, in scan order
	births []prepBirth    // dates and birth cues, in scan order
	pcs    []prepPostcode // postcodes among the findings
	links  [][2]int32     // links and email addresses: no name or address matches at a word inside
}

func (st *scanState) made() int32 { return int32(len(st.dst) - st.base) }

// clamp keeps what the recorder holds in step with findings taken back:
// no event comes after more than n findings.
func (r *recorder) clamp(n int32) {
	for k := len(r.words) - 1; k >= 0 && r.words[k].indep > n; k-- {
		r.words[k].indep = n
	}
	for k := len(r.births) - 1; k >= 0 && r.births[k].indep > n; k-- {
		r.births[k].indep = n
	}
	for k := len(r.pcs) - 1; k >= 0 && r.pcs[k].indep > n; k-- {
		r.pcs[k].indep = n
	}
}

// recordWord records a word start at text[i].
func (st *scanState) recordWord(i int) {
	r := st.rec
	r.words = append(r.words, prepWord{start: int32(i), indep: st.made()})
}

// recordDate records a full date at text[s:e]; cued reports a "born" or
// "DOB" cue shortly before it.
func (st *scanState) recordDate(s, e int, d dateValue, cued bool) {
	r := st.rec
	r.births = append(r.births, prepBirth{indep: st.made(), words: int32(len(r.words)),
		s: int32(s), e: int32(e), d: d, cueBefore: cued})
}

// recordBirthCue records a birth cue starting at text[s].
func (st *scanState) recordBirthCue(s int) {
	r := st.rec
	r.births = append(r.births, prepBirth{indep: st.made(), words: int32(len(r.words)),
		s: int32(s), cue: true})
}

// recordPostcode records the text of the postcode about to be added.
func (st *scanState) recordPostcode(pc []byte) {
	r := st.rec
	p := prepPostcode{indep: st.made()}
	p.n = uint8(copy(p.pc[:], pc))
	r.pcs = append(r.pcs, p)
}

// Prepare scans text once for deciding it for many people: see Prepared.
// A nil or zero Scanner prepares with Default. Prepare never panics.
func (s *Scanner) Prepare(text string) *Prepared {
	if s == nil || s.main == nil {
		s = Default()
	}
	p := &Prepared{sc: s, text: text, scanned: text}
	if len(text) > maxText {
		p.scanned = text[:maxText]
	}
	var st scanState
	st.start(s, p.scanned, nil)
	st.rec = &p.recorder
	st.run()
	raw := st.dst

	// The findings without dates of birth, and where the events fall
	// among them.
	toIndep := make([]int32, len(raw)+1)
	for k, f := range raw {
		toIndep[k+1] = toIndep[k]
		if f.Kind != DateOfBirth {
			toIndep[k+1]++
			p.indep = append(p.indep, f)
		}
	}
	for k := range p.words {
		p.words[k].indep = toIndep[p.words[k].indep]
	}
	for k := range p.births {
		p.births[k].indep = toIndep[p.births[k].indep]
	}
	for k := range p.pcs {
		p.pcs[k].indep = toIndep[p.pcs[k].indep]
	}
	if len(raw) > 0 {
		p.generic = finishFindings(append([]Finding(nil), raw...), 0)
	}
	p.prepareFold()
	return p
}

// prepareFold builds the folded stream and ties each word start the scan
// saw to its first byte. Matching the name or address at a word start in
// the stream is then what matchFolded does from that start: the stream
// from a word's first byte does not depend on what came before it.
func (p *Prepared) prepareFold() {
	it := normIter{text: p.scanned}
	p.fold = make([]byte, 0, len(p.scanned))
	p.pos = make([]foldPos, 0, len(p.scanned))
	w := 0
	prevAt := -1
	for {
		b, at, ok := it.next()
		if !ok {
			break
		}
		k := len(p.fold)
		fp := foldPos{end: -1, word: -1}
		if b != ' ' && it.bi == it.bn {
			fp.end = int32(it.i)
		}
		if b != ' ' && w < len(p.words) && at == int(p.words[w].start) {
			if k == 0 || p.fold[k-1] == ' ' && prevAt < at {
				fp.word = int32(w)
				p.first[b>>6] |= 1 << (b & 63)
				w++
			} else {
				p.fallback = true
			}
		}
		p.fold = append(p.fold, b)
		p.pos = append(p.pos, fp)
		prevAt = at
	}
	if w != len(p.words) {
		p.fallback = true
	}
}

// Text returns the body.
func (p *Prepared) Text() string {
	if p == nil {
		return ""
	}
	return p.text
}

// ScanAppend appends to dst exactly what s.ScanAppend(dst, text, subj)
// would append for the Scanner s and text the Prepared was made from: the
// same findings, in the same order (nothing, and dst unchanged, when there
// are none). It does not allocate when dst has room for the findings. It
// is safe for concurrent use and never panics; a nil Prepared is an empty
// body.
func (p *Prepared) ScanAppend(dst []Finding, subj *Subject) []Finding {
	if p == nil {
		return dst
	}
	if subj == nil {
		return append(dst, p.generic...)
	}
	if p.fallback {
		return p.sc.ScanAppend(dst, p.scanned, subj)
	}
	var sp subjectPatterns
	sp.init(subj)
	// The first match of each name and address pattern.
	var next patternMatches
	changed := false
	for k := 0; k < sp.np; k++ {
		next[k] = p.match(&sp.pats[k], 0)
		changed = changed || next[k] >= 0
	}
	if !changed && !p.birthChanges(&sp) && !p.postcodeChanges(&sp) {
		return append(dst, p.generic...)
	}
	return p.replay(dst, &sp, &next)
}

// match returns the index in fold of the first match of pat at or after
// from, or -1: where the scan's matchSubject would report it (at a word
// start, ending at the end of a character and of a word).
func (p *Prepared) match(pat *pattern, from int) int {
	b := pat.b[:pat.n]
	if len(b) == 0 || p.first[b[0]>>6]&(1<<(b[0]&63)) == 0 {
		return -1
	}
	n := len(b)
	for from+n <= len(p.fold) {
		j := bytes.Index(p.fold[from:], b)
		if j < 0 {
			return -1
		}
		k := from + j
		if p.pos[k].word >= 0 && p.pos[k+n-1].end >= 0 && (k+n == len(p.fold) || p.fold[k+n] == ' ') {
			return k
		}
		from = k + 1
	}
	return -1
}

// inLink reports whether a word starting at text[i] is inside a link or
// email address, where the scan's linkSpan takes back what the patient's
// details matched.
func (p *Prepared) inLink(i int32) bool {
	for _, l := range p.links {
		if i >= l[0] && i < l[1] {
			return true
		}
	}
	return false
}

// birthChanges reports whether the birth date is one of the dates that the
// scan without a Subject did not already report as a date of birth.
func (p *Prepared) birthChanges(sp *subjectPatterns) bool {
	if sp.birthDate.IsZero() {
		return false
	}
	for k := range p.births {
		b := &p.births[k]
		if !b.cue && !b.cueBefore && sp.birth(b.d) {
			return true
		}
	}
	return false
}

// postcodeChanges reports whether the Subject's postcode is one found.
func (p *Prepared) postcodeChanges(sp *subjectPatterns) bool {
	if sp.pcN == 0 {
		return false
	}
	for k := range p.pcs {
		if sp.postcodeIs(p.pcs[k].pc[:p.pcs[k].n]) {
			return true
		}
	}
	return false
}

// patternMatches holds, for each pattern of a subjectPatterns, the index
// in the folded stream of its next match, or -1.
type patternMatches [len(subjectPatterns{}.pats)]int

// identifier is the finding the scan adds for an identifier at
// text[s:e].
func identifier(k Kind, s, e int) Finding {
	return newFinding(k, CategoryIdentifier, s, e, "")
}

// replay appends the findings the scan makes with the Subject sp, in the
// order it makes them, then orders them as the scan does. next holds the
// first match of each of sp's patterns.
func (p *Prepared) replay(dst []Finding, sp *subjectPatterns, next *patternMatches) []Finding {
	base := len(dst)
	ii, pci := 0, 0 // next finding of indep, next postcode of pcs
	// emit appends the findings of indep up to (not including) index n.
	emit := func(n int) {
		for ; ii < n; ii++ {
			f := p.indep[ii]
			if pci < len(p.pcs) && int(p.pcs[pci].indep) == ii {
				pc := &p.pcs[pci]
				pci++
				if sp.postcodeIs(pc.pc[:pc.n]) {
					f = identifier(PatientAddress, f.Start, f.End)
				}
			}
			dst = append(dst, f)
		}
	}
	var pend ev // the date waiting for a "(DOB)" after it
	bi := 0
	for {
		// The earliest pattern match: at the earliest word, and for one
		// word in pattern order, as matchSubject reports them.
		k := -1
		for j := 0; j < sp.np; j++ {
			if next[j] >= 0 && (k < 0 || next[j] < next[k]) {
				k = j
			}
		}
		w := -1
		if k >= 0 {
			w = int(p.pos[next[k]].word)
		}
		if bi < len(p.births) && (w < 0 || int(p.births[bi].words) <= w) {
			b := &p.births[bi]
			bi++
			emit(int(b.indep))
			s, e := int(b.s), int(b.e)
			switch {
			case b.cue:
				if cueSettles(pend, s) {
					dst = append(dst, identifier(DateOfBirth, pend.s, pend.e))
					pend.ok = false
				}
			case b.cueBefore || sp.birth(b.d):
				dst = append(dst, identifier(DateOfBirth, s, e))
			default:
				pend = ev{s: s, e: e, ok: true}
			}
			continue
		}
		if w < 0 {
			break
		}
		word := &p.words[w]
		pat := &sp.pats[k]
		if p.inLink(word.start) {
			next[k] = p.match(pat, next[k]+1)
			continue
		}
		emit(int(word.indep))
		end := p.pos[next[k]+pat.n-1].end
		dst = append(dst, identifier(pat.kind, int(word.start), int(end)))
		next[k] = p.match(pat, next[k]+1)
	}
	emit(len(p.indep))
	return finishFindings(dst, base)
}
