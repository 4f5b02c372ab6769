package minimise

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

const (
	ringSize   = 128          // stream positions remembered for spans
	maxTermLen = ringSize - 2 // longest folded term
	// maxText is the longest text scanned; offsets are kept in 32 bits.
	// Anything past it is not scanned.
	maxText = 1<<31 - 1
)

// Context windows, in bytes between the two spans.
const (
	resultWindow      = 64 // a result word and a test or result cue
	payWindow         = 24 // an amount and "fee", "pay", "charge"
	payExtendWindow   = 12 // a second cue just after a request to pay
	birthWindowBefore = 32 // "born on" before a date
	birthWindowAfter  = 12 // "(DOB)" after a date
	negationWindow    = 48 // "never" before a request
	generalWindow     = 64 // "risk of" before the conditions it is about
	askWindow         = 48 // "send" before an identity document
	programmeWindow   = 12 // a condition before a vaccine word: "COVID-19 and flu vaccines"
)

// Character types for the scanner's fast path, as bits.
const (
	ctOther  = 0      // ASCII punctuation, symbols, spaces
	ctLower  = 1 << 0 // a–z
	ctUpper  = 1 << 1 // A–Z
	ctDigit  = 1 << 2
	ctApos   = 1 << 3
	ctHigh   = 1 << 4 // a byte of a non-ASCII character
	ctLetter = ctLower | ctUpper
)

// ev is an event remembered for context: a span, and the term behind it.
type ev struct {
	s, e int
	ok   bool
	t    *termInfo
}

// gap returns the number of bytes between two spans (0 if they touch or
// overlap).
func gap(a, b ev) int {
	switch {
	case a.e <= b.s:
		return b.s - a.e
	case b.e <= a.s:
		return a.s - b.e
	}
	return 0
}

// scanState is the state of one scan. It lives on the stack: a scan
// allocates only when it appends findings.
type scanState struct {
	sc   *Scanner
	text string
	dst  []Finding
	base int

	// Main automaton over the folded stream, and the original start of
	// the last ringSize stream bytes. Only a byte after a space can start
	// a term, so the fast paths for runs of ASCII letters and digits
	// record the run's first byte only. next, spaceClass and firstOut are
	// the automaton's, kept here for feeding a space at every word's end.
	ms         uint32
	sp         uint32
	spaceClass uint32
	firstOut   uint32
	next       []uint32
	ring       [ringSize]uint32

	// Second automaton over words written one letter at a time, fed the
	// letters of a run of one-letter words (see spacedLetter).
	ss       uint32
	spacedOn bool

	// The current word ("token": a run of letters and digits).
	inTok      bool
	ts         int
	tokN       int // folded characters
	tokLetters int
	tokCase    uint8 // ctLower and ctUpper bits of the letters seen
	tokDigit   bool  // has a digit
	lastDigit  bool  // the last character was a digit

	// The previous word, text[pts:pts+pn], for repeated words: pWord says
	// there is one, it has no digits and only spaces have followed it.
	pts, pn int
	pWord   bool

	// Shouting: a run of capitalised words, and runs of "!".
	shN, shStart, shEnd int
	bangN, bangStart    int
	bangEnd             int

	runStart    int // start of the current run of non-space characters
	compoundEnd int // end of the last link or email address looked at
	identEnd    int // end of the last number-like identifier

	lastSentEnd int // index of the last sentence end ('.', '!', '?', newline)

	lastCtx, pendResult ev
	lastPay, pendAmount ev
	lastBirth, pendDate ev
	lastNeg             ev
	lastGeneral         ev  // "risk of", "protects against": see general
	lastAsk             ev  // "send", "upload": see asked
	lastPersonal        ev  // "your", "diagnosed": see general
	linkS, linkE        int // the last link or email address, found or allowed: lexicon terms and names inside are not prose
	lastPayment         int // index in dst of the last amount-and-cue request, or -1

	subj subjectPatterns
	// subjAt and subjN: the word start of the last match of the patient's
	// details, and how many findings there were before it (see linkSpan).
	subjAt, subjN int

	// rec, when set, records what Prepare keeps for matching subjects
	// later (see prepared.go).
	rec *recorder
}

// Scan finds confidential content and scam-like features in text with the
// default scanner (see Default). subj, if not nil, holds the patient's own
// identifiers so they can be flagged.
func Scan(text string, subj *Subject) []Finding {
	return Default().Scan(text, subj)
}

// Scan returns the findings in text, ordered by start (then longest
// first), or nil when there are none; a scan that finds nothing does not
// allocate. subj, if not nil, holds the patient's own identifiers. Scan is
// safe for concurrent use and never panics. A nil or zero Scanner scans
// with Default.
func (s *Scanner) Scan(text string, subj *Subject) []Finding {
	return s.ScanAppend(nil, text, subj)
}

// ScanAppend is Scan, appending the findings to dst and returning the
// extended slice, so a caller can reuse one slice for many scans. Findings
// already in dst are left as they are.
func (s *Scanner) ScanAppend(dst []Finding, text string, subj *Subject) []Finding {
	if s == nil || s.main == nil {
		s = Default()
	}
	if len(text) > maxText {
		text = text[:maxText]
	}
	var st scanState
	st.start(s, text, dst)
	if subj != nil {
		st.subj.init(subj)
	}
	st.run()
	return st.finish()
}

// start sets up a scan of text with s, appending to dst.
func (st *scanState) start(s *Scanner, text string, dst []Finding) {
	st.sc = s
	st.next, st.spaceClass, st.firstOut = s.main.Next, s.spaceClass, s.main.FirstOut
	st.text = text
	st.dst = dst
	st.base = len(dst)
	st.lastSentEnd = -1
	st.lastPayment = -1
	st.subjAt = -1
}

// feedSpace feeds one space to the main automaton at original index at
// and reports the terms that end there.
func (st *scanState) feedSpace(at int) {
	st.ms = st.next[st.ms+st.spaceClass]
	st.ring[st.sp%ringSize] = uint32(at)
	st.sp++
	if st.ms >= st.firstOut {
		st.mainOutputs(at)
	}
}

// mainOutputs reports the terms that end at the space just fed at at.
func (st *scanState) mainOutputs(at int) {
	p := st.sp - 1
	for _, id := range st.sc.main.Outputs(st.ms) {
		t := &st.sc.terms[id]
		start := int(st.ring[(p-uint32(t.n))%ringSize])
		st.term(t, start, at)
	}
}

// run makes the one pass over the text: it folds each character, feeds the
// automata, tracks words for the word-level detectors and starts the
// hand-written detectors where a word or symbol calls for them.
//
// The loop over a run of ASCII letters stays here, not in a method of its
// own: measured, a call per word cost about 4% on BenchmarkScan/letter10k.
func (st *scanState) run() {
	text := st.text
	next := st.sc.main.Next
	cls := &st.sc.main.Class
	ct := &st.sc.ctype
	n := len(text)
	st.feedSpace(0)
	i := 0
	for i < n {
		b := text[i]
		switch k := ct[b]; {
		case k&ctLetter != 0:
			// The fast path: ASCII letters.
			if !st.inTok {
				if st.quietStart() {
					st.beginToken(i, false)
				} else {
					f := letterFold(b, k == ctUpper)
					st.startToken(i, f.out[0], f.digit)
				}
			} else if st.lastDigit {
				st.feedSpace(i)
				st.lastDigit = false
			}
			ms := st.ms
			// Only a position right after a space can start a term, so the
			// ring needs the run's first letter only (the rest are never read).
			st.ring[st.sp%ringSize] = uint32(i)
			seen := k
			ms = next[ms+uint32(cls[b])]
			j := i + 1
			for ; j < n; j++ {
				c := text[j]
				if k = ct[c]; k&ctLetter == 0 {
					break
				}
				if ms == 0 {
					// The word has left every term. Every term starts with a
					// space (see build), so its other letters stay in state 0.
					j, seen = skipLetters(text, j, ct, seen)
					break
				}
				seen |= k
				ms = next[ms+uint32(cls[c])]
			}
			st.addLetters(j-i, ms, seen)
			i = j
		case b == ' ':
			// The commonest separator, handled here as sep handles it
			// (nothing else in sep applies to a space), without the call.
			if st.inTok {
				st.endToken(i, ' ')
			}
			if st.bangN > 0 {
				st.flushBang()
			}
			i++
			st.runStart = i
		case k == ctDigit:
			i = st.digits(i, b)
		case k == ctApos:
			i = st.apostrophe(i, i+1)
		case k == ctOther:
			st.sep(i, i+1, b)
			i++
		default:
			i = st.nonASCII(i)
		}
	}
	if st.inTok {
		st.endToken(len(text), 0)
	}
	st.flushShout()
	st.flushBang()
}

// addLetters adds a run of l ASCII letters, whose character types are
// seen, to the current word, leaving the main automaton in state ms.
func (st *scanState) addLetters(l int, ms uint32, seen uint8) {
	st.ms, st.sp = ms, st.sp+uint32(l)
	st.tokN += l
	st.tokLetters += l
	st.tokCase |= seen
}

// skipLetters returns the index of the first byte at or after text[j]
// that is not an ASCII letter, and seen with the character types of the
// letters passed added.
func skipLetters(text string, j int, ct *[256]uint8, seen uint8) (int, uint8) {
	for ; j < len(text); j++ {
		k := ct[text[j]]
		if k&ctLetter == 0 {
			break
		}
		seen |= k
	}
	return j, seen
}

// digits handles the run of ASCII digits starting with b at text[i], as
// alnum does each of them, in one loop. Only the run's first digit can
// start a term, so the ring records it only. It returns the index after
// the run.
func (st *scanState) digits(i int, b byte) int {
	text := st.text
	next := st.sc.main.Next
	cls := &st.sc.main.Class
	ct := &st.sc.ctype
	if !st.inTok {
		if st.quietStart() {
			// startToken, without the calls.
			st.beginToken(i, true)
			if i >= st.identEnd && !plainNumber(text, i) {
				st.identifier(i)
			}
		} else {
			f := digitFold(b)
			st.startToken(i, f.out[0], f.digit)
		}
	} else if !st.lastDigit {
		st.feedSpace(i)
	}
	st.ring[st.sp%ringSize] = uint32(i)
	ms := next[st.ms+uint32(cls[b])]
	j := i + 1
	for ; j < len(text); j++ {
		c := text[j]
		if ct[c] != ctDigit {
			break
		}
		ms = next[ms+uint32(cls[c])]
	}
	st.ms, st.sp = ms, st.sp+uint32(j-i)
	st.tokN += j - i
	st.tokDigit, st.lastDigit = true, true
	return j
}

// nonASCII handles the character at text[i], which is not ASCII, by what
// it folds to, and returns the index after it.
func (st *scanState) nonASCII(i int) int {
	f, w := foldAt(st.text, i)
	switch f.class {
	case cAlnum:
		st.alnum(i, i+w, f)
	case cIgnore:
	case cApos:
		return st.apostrophe(i, i+w)
	default:
		st.sep(i, i+w, f.punct)
	}
	return i + w
}

// apostrophe handles an apostrophe at text[i:j]: dropped between letters,
// a separator elsewhere. It returns the index to go on from.
func (st *scanState) apostrophe(i, j int) int {
	if st.inTok && alnumNext(st.text, j) {
		return j
	}
	st.sep(i, j, '\'')
	return j
}

// alnum handles a letter or digit at text[i:j].
func (st *scanState) alnum(i, j int, f folded) {
	m := st.sc.main
	if !st.inTok {
		st.startToken(i, f.out[0], f.digit)
	} else if f.digit != st.lastDigit {
		st.feedSpace(i)
	}
	for k := uint8(0); k < f.n; k++ {
		st.ms = m.Next[st.ms+uint32(m.Class[f.out[k]])]
		st.ring[st.sp%ringSize] = uint32(i)
		st.sp++
	}
	st.tokN++
	if f.digit {
		st.tokDigit = true
	} else {
		st.tokLetters++
		if f.upper {
			st.tokCase |= ctUpper
		} else {
			st.tokCase |= ctLower
		}
	}
	st.lastDigit = f.digit
}

// startToken begins a word at text[i]: c is the first folded byte of its
// first character, and digit says that character is a digit.
func (st *scanState) startToken(i int, c byte, digit bool) {
	if st.bangN > 0 {
		st.flushBang()
	}
	st.beginToken(i, digit)
	if digit && i >= st.identEnd {
		st.scanNumber(i)
	}
	if st.rec == nil && !st.subj.any {
		return
	}
	if i < st.linkE && i >= st.linkS {
		return // inside a link: not prose
	}
	if st.rec != nil {
		st.recordWord(i)
	}
	if st.subj.any {
		st.matchSubject(i, c)
	}
}

// beginToken resets the current word to start at text[i]: what
// startToken does for every word. digit says its first character is a
// digit.
func (st *scanState) beginToken(i int, digit bool) {
	st.inTok = true
	st.ts = i
	st.tokN, st.tokLetters = 0, 0
	st.tokCase, st.tokDigit = 0, false
	st.lastDigit = digit
}

// quietStart reports whether a word's start needs no more than
// beginToken and, at a digit, scanNumber: no run of "!" to end, nothing
// recorded for Prepare and no patient's details to match.
func (st *scanState) quietStart() bool {
	return st.bangN == 0 && st.rec == nil && !st.subj.any
}

// sep handles a separator at text[i:j] standing for punct.
func (st *scanState) sep(i, j int, punct byte) {
	if st.inTok {
		if (punct == '.' || punct == '@' || punct == ':') && st.runStart >= st.compoundEnd && mayGoOn(st.text, j) {
			st.compoundAfter(i, punct)
		}
		st.endToken(i, punct)
	}
	if punct == '!' {
		if st.bangN == 0 {
			st.bangStart = i
		}
		st.bangN++
		st.bangEnd = j
	} else if st.bangN > 0 {
		st.flushBang()
	}
	switch punct {
	case ' ', '\t', '\r', '\v', '\f':
		st.runStart = j
	case '\n':
		st.runStart = j
		st.lastSentEnd = i
	case '.', '!', '?':
		st.pWord = false
		if j >= len(st.text) || isSpaceAt(st.text, j) {
			st.lastSentEnd = i
		}
	default:
		st.pWord = false
	}
	if punct == '\n' {
		st.pWord = false
	}
	if (punct == pPound || punct == pEuro || punct == '$') && j >= st.identEnd {
		st.scanCurrency(i, j)
	}
}

// isSpaceAt reports whether the character at text[i] folds to a space.
func isSpaceAt(text string, i int) bool {
	if i < len(text) && text[i] < utf8.RuneSelf {
		c := text[i] // rd's answer for ASCII, without the call
		return c == ' ' || c == '\n' || c == '\t' || c == '\r'
	}
	c, _ := rd(text, i)
	return c == ' ' || c == '\n' || c == '\t' || c == '\r'
}

// compoundAfter looks for a link or email address around the word ending
// at te, before the word ends, so that terms inside one, this word
// included, are read as part of it: a word followed by '.' and a letter,
// '@' and a letter or digit, or "://". punct is the separator at te.
func (st *scanState) compoundAfter(te int, punct byte) {
	text := st.text
	var c byte
	j := te + 1
	switch {
	case text[te] >= utf8.RuneSelf:
		c, j = rd(text, skipOne(text, te))
	case j >= len(text):
		c = 0
	case text[j] < utf8.RuneSelf:
		c, j = text[j], j+1 // rd's answer for ASCII, without the calls
	default:
		c, j = rd(text, j)
	}
	switch {
	case punct == '.' && (isLetter(c) || c == pAlpha),
		punct == '@' && isAlnumByte(c),
		punct == ':' && c == '/' && j < len(text) && text[j] == '/':
		st.scanCompound(st.runStart)
	}
}

// mayGoOn reports whether a link or email address may go on from text[j],
// just after a separator: false, as compoundAfter would find, at the end
// of the text or when text[j] is ASCII and neither a letter, a digit nor
// '/'.
func mayGoOn(text string, j int) bool {
	if j >= len(text) {
		return false
	}
	c := text[j]
	return c >= utf8.RuneSelf || c == '/' || c-'a' < 26 || c-'A' < 26 || c-'0' < 10
}

// endToken ends the current word at te; punct is the separator after it
// (0 at the end of the text). A separator that may go on into a link or
// email address has been handled by sep (see compoundAfter).
func (st *scanState) endToken(te int, punct byte) {
	text := st.text
	// feedSpace(te), written out: once per word, the call cost about 3%
	// of BenchmarkScan/sms160.
	st.ms = st.next[st.ms+st.spaceClass]
	st.ring[st.sp%ringSize] = uint32(te)
	st.sp++
	if st.ms >= st.firstOut {
		st.mainOutputs(te)
	}
	st.inTok = false
	ts := st.ts

	// Words written one letter at a time.
	if st.tokN == 1 && st.tokLetters == 1 {
		st.spacedLetter(ts, te)
	} else {
		st.spacedOn = false
	}

	// Shouting: capitalised words of two or more letters, not acronyms.
	switch {
	case st.tokCase&ctLower != 0:
		st.flushShout()
	case st.tokLetters >= 2 && !st.tokDigit && !acronym(text[ts:te]):
		if st.shN == 0 {
			st.shStart = ts
		}
		st.shN++
		st.shEnd = te
	}

	// Repeated words.
	letters := !st.tokDigit
	if st.pn == te-ts && letters && st.pWord &&
		equalFoldWord(text[st.pts:st.pts+st.pn], text[ts:te]) && !repeatAllowed(text[ts:te]) {
		st.add(RepeatedWord, CategoryStyle, st.pts, te, "")
	}
	st.pts, st.pn, st.pWord = ts, te-ts, letters

	// Identifiers that start with letters.
	if st.tokDigit {
		if st.tokLetters > 0 && te > st.identEnd && letterFirst(text, ts) {
			st.scanPostcode(ts, te)
		}
	} else if punct == ' ' && te+1 < len(text) && isDigit(text[te+1]) &&
		st.tokLetters >= 3 && st.tokLetters <= 9 && te > st.identEnd {
		// "March 12, 1980"
		if _, ok := monthAt(text, ts, te); ok {
			st.scanMonthFirstDate(ts, te)
		}
	}
}

// letterFirst reports whether the character at text[i] folds to one
// ASCII letter.
func letterFirst(text string, i int) bool {
	f, _ := foldAt(text, i)
	return f.class == cAlnum && f.n == 1 && isLetter(f.out[0])
}

// skipOne returns the index after the character at text[i].
func skipOne(text string, i int) int {
	_, n := rd(text, i)
	return n
}

// spacedLetter feeds a one-letter word at text[ts:te] to the second
// automaton. The automaton starts afresh at the first of a run of
// one-letter words, so a term it finds lies within the run, and
// spacedStart finds where.
func (st *scanState) spacedLetter(ts, te int) {
	d := st.sc.spaced
	if !st.spacedOn {
		st.spacedOn = true
		st.ss = 0
	}
	f, _ := foldAt(st.text, ts)
	for k := uint8(0); k < f.n; k++ {
		st.ss = d.Next[st.ss+uint32(d.Class[f.out[k]])]
		for _, id := range d.Outputs(st.ss) {
			t := &st.sc.terms[id]
			start := ts
			if back := t.sn - 1 - int(k); back > 0 {
				start = spacedStart(st.text, ts, back)
			}
			st.term(t, start, te)
		}
	}
}

// spacedStart returns the start of the one-letter word that holds the
// folded byte back bytes before the one-letter word at text[ts], in a run
// of one-letter words: between them there are no letters or digits, so
// reading back it counts the folded bytes of each letter or digit met.
// The characters it reads back are those the scan read forwards: a
// character is decoded backwards as forwards from a character boundary.
func spacedStart(text string, ts, back int) int {
	i := ts
	for i > 0 {
		if c := text[i-1]; c < utf8.RuneSelf {
			// An ASCII letter or digit folds to one byte; any other ASCII
			// character to none.
			i--
			if isLetter(c) || isDigit(c) {
				if back--; back <= 0 {
					break
				}
			}
			continue
		}
		_, n := utf8.DecodeLastRuneInString(text[:i])
		i -= n
		if f, _ := foldAt(text, i); f.class == cAlnum {
			if back -= int(f.n); back <= 0 {
				break
			}
		}
	}
	return i
}

// equalFoldWord reports whether two words are the same ignoring case.
func equalFoldWord(a, b string) bool {
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x >= utf8.RuneSelf || y >= utf8.RuneSelf {
			return foldEqual(a[i:], b[i:])
		}
		if lower(x) != lower(y) {
			return false
		}
	}
	return true
}

// foldEqual compares two strings by their folded streams.
func foldEqual(a, b string) bool {
	x, y := normIter{text: a}, normIter{text: b}
	for {
		p, _, ok1 := x.next()
		q, _, ok2 := y.next()
		if ok1 != ok2 || p != q {
			return false
		}
		if !ok1 {
			return true
		}
	}
}

// repeatAllowed lists words that are grammatical twice in a row.
func repeatAllowed(w string) bool {
	return len(w) == 3 && equalFoldWord(w, "had") || len(w) == 4 && equalFoldWord(w, "that")
}

// acronym reports whether w is a common acronym that is written in
// capitals, so it does not count as shouting.
func acronym(w string) bool {
	switch w {
	case "NHS", "GP", "GPS", "UK", "ICB", "PCN", "CCG", "CQC", "NICE", "DVLA", "DWP", "HMRC",
		"COVID", "MMR", "HPV", "BCG", "ECG", "EKG", "MRI", "CT", "PCR", "IVF", "HIV", "STI",
		"STIS", "BP", "DNA", "RNA", "ID", "OK", "AM", "PM", "NB", "PS", "BMI", "TB", "ADHD",
		"ASD", "CAMHS", "IAPT", "OCD", "PTSD", "COPD", "SMS", "URL", "FAQ", "ENT", "ICU",
		"ITU", "OT", "SALT", "CPN", "MSK", "RSV", "UTI", "IBS", "INR", "PSA", "FBC", "LFT",
		"TFT", "HBA1C", "EGFR", "NHSX", "NB:", "AE", "APP", "NHSAPP", "PALS", "SARC", "GUM",
		"PREP", "PEP", "RTT", "DNAR", "DOB", "OTC", "PHE", "UKHSA", "EU", "USA", "UN", "WHO",
		"TV", "PDF", "FAO", "ATTN", "RE", "CC", "BSL", "AAC", "SEND", "EHCP", "CHC":
		return true
	}
	return false
}

// add appends a finding.
func (st *scanState) add(k Kind, c Category, s, e int, service string) {
	if s < 0 || e <= s || e > len(st.text) {
		return
	}
	st.dst = append(st.dst, newFinding(k, c, s, e, service))
}

// newFinding is the finding of kind k and category c at text[s:e].
func newFinding(k Kind, c Category, s, e int, service string) Finding {
	return Finding{Kind: k, Start: s, End: e, Category: c, Service: service, Suggestion: k.suggestion()}
}

// addTerm appends a finding for a lexicon term.
func (st *scanState) addTerm(k Kind, t *termInfo, s, e int) {
	st.add(k, t.cat, s, e, t.service)
}

// term handles a lexicon term found at text[s:e].
func (st *scanState) term(t *termInfo, s, e int) {
	if s < st.linkE && s >= st.linkS {
		return // part of a link, judged as a link
	}
	here := ev{s: s, e: e, ok: true, t: t}
	switch t.cat {
	case CategoryCondition:
		if !st.general(s) {
			st.addTerm(Condition, t, s, e)
		}
		st.resultContext(here)
	case CategoryProgramme:
		st.programme(s, e)
		st.resultContext(here)
	case CategoryGeneral, CategoryAsk, CategoryPersonal, CategoryNegation:
		st.cue(here)
	case CategoryIdDocument:
		if st.asked(s) && !st.negated(s) {
			st.addTerm(CredentialsRequest, t, s, e)
		}
	case CategoryTest:
		st.addTerm(TestResult, t, s, e)
		st.resultContext(here)
	case CategoryResultCue:
		st.resultContext(here)
	case CategoryResult:
		if st.lastCtx.ok && gap(st.lastCtx, here) <= resultWindow {
			st.addTerm(TestResult, t, s, e)
		} else {
			st.pendResult = here
		}
	case CategoryUnit:
		st.unit(t, s, e)
	case CategoryMedicine:
		st.addTerm(Medicine, t, s, e)
	case CategoryService:
		st.addTerm(SensitiveService, t, s, e)
	case CategoryPayment:
		if !st.negated(s) {
			st.addTerm(PaymentRequest, t, s, e)
		}
	case CategoryPaymentCue:
		if a := st.pendAmount; a.ok && gap(a, here) <= payWindow {
			st.payment(a, here)
			st.pendAmount.ok = false
		} else if k := st.lastPayment; k >= 0 && s >= st.dst[k].End && s-st.dst[k].End <= payExtendWindow {
			// "pay the £25 fee": a second cue just after extends the
			// request, once.
			st.dst[k].End = e
			st.lastPayment = -1
			return
		}
		st.lastPay = here
	case CategoryFinancial:
		if !st.negated(s) {
			st.addTerm(FinancialDetails, t, s, e)
		}
	case CategoryCredential:
		if !st.negated(s) {
			st.addTerm(CredentialsRequest, t, s, e)
		}
	case CategoryLinkText:
		st.addTerm(ClickHere, t, s, e)
	case CategoryUrgency:
		st.addTerm(Urgency, t, s, e)
	case CategoryBirthCue:
		st.birthCue(here)
	}
}

// birthCue handles a date-of-birth cue at here: a full date next to it is
// a date of birth.
func (st *scanState) birthCue(here ev) {
	s := here.s
	if st.rec != nil {
		st.recordBirthCue(s)
	}
	if d := st.pendDate; cueSettles(d, s) {
		st.add(DateOfBirth, CategoryIdentifier, d.s, d.e, "")
		st.pendDate.ok = false
	}
	st.lastBirth = here
}

// cue remembers a context word that changes how a later term reads:
// "risk of" (general), "send" (ask), "your" (personal), "never"
// (negation).
func (st *scanState) cue(here ev) {
	switch here.t.cat {
	case CategoryGeneral:
		st.lastGeneral = here
	case CategoryAsk:
		st.lastAsk = here
	case CategoryPersonal:
		st.lastPersonal = here
	case CategoryNegation:
		st.lastNeg = here
	}
}

// resultContext records a test, condition or result cue and settles a
// result word waiting for one.
func (st *scanState) resultContext(here ev) {
	if r := st.pendResult; r.ok && gap(r, here) <= resultWindow {
		st.addTerm(TestResult, r.t, r.s, r.e)
		st.pendResult.ok = false
	}
	st.lastCtx = here
}

// general reports whether a condition starting at s follows "risk of",
// "protects against" and the like in the same sentence: the text is about
// the condition, not saying the person has it.
func (st *scanState) general(s int) bool {
	g, p := st.lastGeneral, st.lastPersonal
	if p.ok && p.s >= g.e {
		return false // "protects against stroke after your heart attack"
	}
	return g.ok && g.e <= s && s-g.e <= generalWindow && st.lastSentEnd < g.s
}

// asked reports whether an identity document starting at s follows an
// ask ("send", "upload", "verify") in the same sentence: "you may need a
// passport" tells, "send a photo of your passport" asks.
func (st *scanState) asked(s int) bool {
	a := st.lastAsk
	return a.ok && a.e <= s && s-a.e <= askWindow && st.lastSentEnd < a.s
}

// programme handles a programme, vaccine or screening name at text[s:e]:
// the conditions and tests found inside it ("covid-19" in "COVID-19
// vaccine") name the programme, not the person's condition, so they are
// taken back, and so are those ending at most programmeWindow bytes
// before it in the same sentence ("COVID-19 and flu vaccinations"). They
// are among the last findings added, as the name ends here.
func (st *scanState) programme(s, e int) {
	from := len(st.dst)
	for from > st.base && st.dst[from-1].End >= s-programmeWindow && st.dst[from-1].Start > st.lastSentEnd {
		from--
	}
	kept := from
	for _, f := range st.dst[from:] {
		switch {
		case f.Start >= s && f.End <= e && (f.Kind == Condition || f.Kind == TestResult):
			continue
		case f.Start < s && f.Kind == Condition && preventable(st.text[f.Start:f.End]):
			continue
		}
		st.dst[kept] = f
		kept++
	}
	if kept == len(st.dst) {
		return
	}
	st.dst = st.dst[:kept]
	if st.lastPayment >= kept {
		st.lastPayment = -1
	}
	if st.rec != nil {
		st.rec.clamp(st.made())
	}
}

// preventable reports whether a condition is one a vaccine protects
// against: only such a condition before a vaccine word names the vaccine
// ("COVID-19 and flu vaccines", but not "your asthma and flu vaccine").
func preventable(w string) bool {
	for _, c := range [...]string{"covid", "covid-19", "covid 19", "coronavirus", "flu", "influenza",
		"shingles", "measles", "mumps", "rubella", "hpv", "whooping cough", "pertussis", "polio",
		"meningitis", "pneumonia", "rsv", "chickenpox", "hepatitis b", "tb", "tuberculosis"} {
		if strings.EqualFold(w, c) {
			return true
		}
	}
	return false
}

// negated reports whether a request starting at s follows "never", "do
// not" and the like in the same sentence: "we will never ask for your PIN".
func (st *scanState) negated(s int) bool {
	n := st.lastNeg
	return n.ok && n.e <= s && s-n.e <= negationWindow && st.lastSentEnd < n.s
}

// payment reports a request to pay made of an amount and a cue.
func (st *scanState) payment(amount, cue ev) {
	s, e := min(amount.s, cue.s), max(amount.e, cue.e)
	if !st.negated(s) {
		st.add(PaymentRequest, CategoryPayment, s, e, "")
		st.lastPayment = len(st.dst) - 1
	}
}

// amount handles an amount of money at text[s:e].
func (st *scanState) amount(s, e int) {
	here := ev{s: s, e: e, ok: true}
	if p := st.lastPay; p.ok && gap(p, here) <= payWindow {
		st.payment(here, p)
		st.lastPay.ok = false
		return
	}
	st.pendAmount = here
}

// unit handles a lab unit at text[s:e]: with a number before it, it is a
// result ("5.4 mmol/L").
func (st *scanState) unit(t *termInfo, s, e int) {
	text := st.text
	i := s
	c, j := rdBack(text, i)
	for spaces := 0; c == ' ' && spaces < 2; spaces++ {
		i = j
		c, j = rdBack(text, i)
	}
	if !isDigit(c) {
		return
	}
	start := j
	for steps := 0; steps < maxNumberLen; steps++ {
		c, j = rdBack(text, start)
		if isDigit(c) || ((c == '.' || c == ',' || c == '/') && start > 0) {
			if !isDigit(c) {
				// A separator must have a digit before it.
				if d, _ := rdBack(text, j); !isDigit(d) {
					break
				}
			}
			start = j
			continue
		}
		break
	}
	if isAlnumByte(c) {
		return // part of a longer word
	}
	st.add(TestResult, CategoryResult, start, e, t.service)
	st.resultContext(ev{s: start, e: e, ok: true, t: t})
}

// date handles a full date at text[s:e].
func (st *scanState) date(s, e int, d dateValue) {
	b := st.lastBirth
	cued := b.ok && b.e <= s && s-b.e <= birthWindowBefore
	if st.rec != nil {
		st.recordDate(s, e, d, cued)
	}
	switch {
	case st.subj.birth(d), cued:
		st.add(DateOfBirth, CategoryIdentifier, s, e, "")
	default:
		st.pendDate = ev{s: s, e: e, ok: true}
	}
}

// cueSettles reports whether a birth cue ("(DOB)") starting at s makes
// the waiting date d a date of birth.
func cueSettles(d ev, s int) bool {
	return d.ok && s >= d.e && s-d.e <= birthWindowAfter
}

// flushShout reports a run of capitalised words when it is long enough.
func (st *scanState) flushShout() {
	if st.shN >= 3 {
		st.add(Shouting, CategoryStyle, st.shStart, st.shEnd, "")
	}
	st.shN = 0
}

// flushBang reports a run of two or more exclamation marks.
func (st *scanState) flushBang() {
	if st.bangN >= 2 {
		st.add(Shouting, CategoryStyle, st.bangStart, st.bangEnd, "")
	}
	st.bangN = 0
}

// overlapGroup returns the group within which overlapping findings are
// resolved leftmost-longest: lexicon terms compete with each other, as do
// the patient's own details; other kinds only with their own kind.
func overlapGroup(k Kind) int {
	switch k {
	case Condition, TestResult, Medicine, SensitiveService, PaymentRequest,
		FinancialDetails, CredentialsRequest, ClickHere, Urgency:
		return 0
	case PatientName, PatientAddress:
		return 1
	}
	return 2 + int(k)
}

func compareFindings(a, b Finding) int {
	if c := cmp.Compare(a.Start, b.Start); c != 0 {
		return c
	}
	if c := cmp.Compare(b.End, a.End); c != 0 {
		return c
	}
	return cmp.Compare(a.Kind, b.Kind)
}

// finish orders the findings and removes overlaps.
func (st *scanState) finish() []Finding {
	if len(st.dst) == st.base {
		return st.dst // nothing found
	}
	return finishFindings(st.dst, st.base)
}

// finishFindings orders the findings in dst[base:] and removes overlaps.
func finishFindings(dst []Finding, base int) []Finding {
	out := dst[base:]
	if len(out) == 0 {
		return dst
	}
	slices.SortFunc(out, compareFindings)
	var lastEnd [64]int
	for g := range lastEnd {
		lastEnd[g] = -1
	}
	kept := 0
	for _, f := range out {
		g := overlapGroup(f.Kind)
		if g >= len(lastEnd) {
			g = len(lastEnd) - 1
		}
		if f.Start < lastEnd[g] {
			continue
		}
		lastEnd[g] = f.End
		out[kept] = f
		kept++
	}
	return dst[:base+kept]
}
