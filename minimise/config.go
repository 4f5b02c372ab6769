package minimise

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/carecomms/carecomms/internal/service"
	"github.com/carecomms/carecomms/internal/vocab"
	"github.com/carecomms/carecomms/minimise/internal/ac"
)

// Term is one lexicon entry: a word or phrase, what it is, and the
// sensitive service it belongs to ("" for none). Terms match whole words
// after normalisation (see the package documentation), so "HIV" does not
// match inside "archive".
type Term struct {
	Text     string   `json:"text"`
	Category Category `json:"category"`
	Service  string   `json:"service,omitempty"`
}

// Config is an org's adjustment of the scanner.
type Config struct {
	// AllowedDomains are the org's own domains, such as
	// "leedsgp.example.org". Links to them and their subdomains are
	// allowed, as links to nhs.uk and its subdomains always are (P6).
	// Give bare host names in ASCII (punycode for international names).
	AllowedDomains []string `json:"allowed_domains,omitempty"`
	// AddTerms are added to the default lexicon. A term whose folded
	// text equals a default term's replaces it.
	AddTerms []Term `json:"add_terms,omitempty"`
	// RemoveTerms are default terms to leave out, by text (matched after
	// folding). Naming a term the lexicon does not hold is an error.
	RemoveTerms []string `json:"remove_terms,omitempty"`
	// Severities set how strict the org is about each finding kind, for
	// every message class or for one; see [SeverityRule] and
	// [Scanner.Severity].
	Severities []SeverityRule `json:"severities,omitempty"`
}

// Errors New reports, wrapped in a *FieldError.
var (
	ErrBadTerm      = errors.New("minimise: bad term")
	ErrUnknownTerm  = errors.New("minimise: term to remove is not in the lexicon")
	ErrBadDomain    = errors.New("minimise: bad allowed domain")
	ErrTooManyTerms = errors.New("minimise: too many terms")
)

// FieldError is a problem with one entry of a Config: Path names the
// entry, such as "add_terms[2]"; Problem quotes the term or domain (never
// a message body) and says what is wrong; Err is one of the package's
// sentinel errors (ErrBadTerm, ErrUnknownTerm, ErrBadDomain,
// ErrTooManyTerms). It is the same type as policy.FieldError.
type FieldError = vocab.FieldError

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// termInfo is a term as the automata see it.
type termInfo struct {
	cat     Category
	service string
	n       int // folded length in the main stream
	sn      int // length in the one-letter stream (spaces removed)
}

// Scanner finds confidential content and scam-like features in message
// text. Build one per org configuration with New (or use Default); it is
// immutable and safe for concurrent use.
type Scanner struct {
	main    *ac.DFA
	spaced  *ac.DFA
	terms   []termInfo
	allowed []string
	sev     *severityTable // the org's severity rules, or nil
	ctype   [256]uint8
	nterms  int
	// spaceClass is the main automaton's column for a space.
	spaceClass uint32
}

// defaultScanner is built from the generated lexicon tables the first time
// it is needed and never changes after.
var defaultScanner = sync.OnceValue(func() *Scanner {
	s, err := New(Config{})
	if err != nil {
		// The generated lexicon is checked by the package's tests; an
		// empty scanner still finds identifiers and links.
		s, _ = build(nil, nil)
	}
	return s
})

// Default returns the scanner with the default lexicon and no org
// domains: links are allowed only to nhs.uk. It is built once, on first
// use, from the generated tables, and shared: it is immutable.
func Default() *Scanner { return defaultScanner() }

// New builds a scanner for an org's configuration. It reports every
// problem found, joined, each a *FieldError naming the entry: terms that
// are empty, too short or too long after folding, have a category that is
// not a term category, or a service code that is not snake_case; terms to
// remove that the lexicon does not hold; allowed domains that are not host
// names.
func New(c Config) (*Scanner, error) {
	var errs []error
	bad := func(field, value, reason string, err error) {
		if value != "" {
			reason = strconv.Quote(clip(value, 64)) + ": " + reason
		}
		errs = append(errs, vocab.NewFieldError("minimise", err, field, reason))
	}
	terms := map[string]Term{}
	for _, t := range defaultTerms() {
		terms[string(normalise(nil, t.Text))] = t
	}
	for k, r := range c.RemoveTerms {
		key := string(normalise(nil, r))
		if _, ok := terms[key]; !ok {
			bad(fmt.Sprintf("remove_terms[%d]", k), r, "not in the default lexicon: check the spelling or drop it", ErrUnknownTerm)
			continue
		}
		delete(terms, key)
	}
	for k, t := range c.AddTerms {
		field := fmt.Sprintf("add_terms[%d]", k)
		key := string(normalise(nil, t.Text))
		switch {
		case len(key) < 2:
			bad(field, t.Text, "needs at least two letters or digits", ErrBadTerm)
			continue
		case len(key) > maxTermLen:
			bad(field, t.Text, fmt.Sprintf("is longer than %d bytes after folding: shorten it", maxTermLen), ErrBadTerm)
			continue
		case !t.Category.TermCategory():
			bad(field, t.Text, fmt.Sprintf("category %s is not a term category: use one of %s", t.Category, termCategoryList()), ErrBadTerm)
			continue
		case !validService(t.Service):
			bad(field, t.Text, fmt.Sprintf("service %q is not a snake_case code such as %q", clip(t.Service, 32), service.SexualHealth), ErrBadTerm)
			continue
		}
		terms[key] = t
	}
	var allowed []string
	for k, d := range c.AllowedDomains {
		h := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(d)), ".")
		if !asciiOnly(h) || !validHost([]byte(h)) {
			bad(fmt.Sprintf("allowed_domains[%d]", k), d, "is not a host name: give a bare domain such as \"practice.example.org\", with no scheme, path or port", ErrBadDomain)
			continue
		}
		if !slices.Contains(allowed, h) {
			allowed = append(allowed, h)
		}
	}
	var sev Scanner
	if errs = sev.setSeverities(c.Severities, errs); len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	keys := make([]string, 0, len(terms))
	for k := range terms {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	list := make([]Term, len(keys))
	for k, key := range keys {
		list[k] = terms[key]
	}
	s, err := build(list, allowed)
	if s != nil {
		s.sev = sev.sev
	}
	return s, err
}

func asciiOnly(s string) bool {
	for k := 0; k < len(s); k++ {
		if s[k] >= 0x80 {
			return false
		}
	}
	return true
}

func validService(s string) bool { return s == "" || service.Valid(s) }

func termCategoryList() string {
	var b strings.Builder
	for c := CategoryCondition; c.TermCategory(); c++ {
		if c > CategoryCondition {
			b.WriteString(", ")
		}
		b.WriteString(c.String())
	}
	return b.String()
}

// build makes the automata for valid terms.
func build(list []Term, allowed []string) (*Scanner, error) {
	s := &Scanner{allowed: allowed, nterms: len(list)}
	var mainPats, spacedPats [][]byte
	var mainIDs, spacedIDs []uint32
	for k, t := range list {
		f := normalise(nil, t.Text)
		info := termInfo{cat: t.Category, service: t.Service, n: len(f)}
		// Every term starts and ends with a space, so it matches whole
		// words only; the scanner relies on the leading space (a letter
		// read in the start state leads back to it).
		p := make([]byte, 0, len(f)+2)
		p = append(append(append(p, ' '), f...), ' ')
		mainPats = append(mainPats, p)
		mainIDs = append(mainIDs, uint32(k))
		// One-letter writing: the letters of terms without digits.
		joined := make([]byte, 0, len(f))
		digits := false
		for _, b := range f {
			switch {
			case b == ' ':
			case b-'0' < 10:
				digits = true
			default:
				joined = append(joined, b)
			}
		}
		if !digits && len(joined) >= 3 {
			info.sn = len(joined)
			spacedPats = append(spacedPats, joined)
			spacedIDs = append(spacedIDs, uint32(k))
		}
		s.terms = append(s.terms, info)
	}
	var err error
	if s.main, err = ac.Build(mainPats, mainIDs); err != nil {
		return nil, vocab.NewFieldError("minimise", ErrTooManyTerms, "add_terms", "the lexicon is too large for the matcher: remove some terms")
	}
	if s.spaced, err = ac.Build(spacedPats, spacedIDs); err != nil {
		return nil, vocab.NewFieldError("minimise", ErrTooManyTerms, "add_terms", "the lexicon is too large for the matcher: remove some terms")
	}
	for _, d := range []*ac.DFA{s.main, s.spaced} {
		for b := byte('A'); b <= 'Z'; b++ {
			d.Class[b] = d.Class[b+'a'-'A']
		}
	}
	s.spaceClass = uint32(s.main.Class[' '])
	for b := range 256 {
		c := byte(b)
		switch {
		case c-'a' < 26:
			s.ctype[b] = ctLower
		case c-'A' < 26:
			s.ctype[b] = ctUpper
		case c-'0' < 10:
			s.ctype[b] = ctDigit
		case c == '\'':
			s.ctype[b] = ctApos
		case c >= 0x80:
			s.ctype[b] = ctHigh
		default:
			s.ctype[b] = ctOther
		}
	}
	return s, nil
}

// Terms returns the number of lexicon terms the scanner matches.
func (s *Scanner) Terms() int {
	if s == nil {
		s = Default()
	}
	return s.nterms
}
