package minimise

import "strings"

// shorteners lists third-party URL shorteners (P6). A link whose host is
// one of them, or a subdomain of one, is reported as URLShortener whatever
// the org allows.
func isShortener(host []byte) bool {
	for _, s := range [...]string{
		"bit.ly", "bitly.com", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd",
		"buff.ly", "rebrand.ly", "cutt.ly", "shorturl.at", "tiny.cc", "bit.do",
		"t.ly", "rb.gy", "s.id", "v.gd", "lnkd.in", "db.tt", "qr.net", "shorte.st",
		"adf.ly", "bl.ink", "short.io", "tiny.one", "urlz.fr", "x.co", "u.to",
		"clck.ru", "soo.gd", "trib.al", "dlvr.it", "ift.tt", "po.st", "mcaf.ee",
	} {
		if domainMatch(host, s) {
			return true
		}
	}
	return false
}

// domainMatch reports whether host is domain or a subdomain of it.
func domainMatch(host []byte, domain string) bool {
	if len(host) == len(domain) {
		return string(host) == domain
	}
	return len(host) > len(domain) && host[len(host)-len(domain)-1] == '.' && string(host[len(host)-len(domain):]) == domain
}

// knownTLD reports whether a bare "name.tld" with no scheme, "www." or path
// is taken for a link: only common top-level domains count, so "e.g." or
// "St.Mary" are not links.
func knownTLD(tld string) bool {
	switch tld {
	case "com", "org", "net", "uk", "ly", "gd", "at", "co", "io", "info", "biz", "me",
		"xyz", "app", "link", "online", "site", "top", "click", "ru", "cn", "tk", "ml",
		"ga", "cf", "gq", "de", "fr", "eu", "us", "ca", "au", "in", "gov", "edu", "scot",
		"wales", "cymru", "london", "nz", "ie", "cc", "ws", "to", "tv", "live", "shop",
		"store", "help", "support", "services", "health", "care", "nhs", "page", "id", "su":
		return true
	}
	return false
}

// allowedHost reports whether host (lower case) is nhs.uk or one of the
// org's domains, or a subdomain of them.
func (s *Scanner) allowedHost(host []byte) bool {
	if domainMatch(host, "nhs.uk") {
		return true
	}
	for _, d := range s.allowed {
		if domainMatch(host, d) {
			return true
		}
	}
	return false
}

const compoundMax = 512

// compound is a run of non-space characters folded for link and email
// parsing: ASCII lower case, with the original index of each byte.
type compound struct {
	b   [compoundMax]byte
	at  [compoundMax]int32
	n   int
	end int // original index after the run
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// scanCompound looks for a link or an email address in the run of
// non-space characters starting at text[rs].
func (st *scanState) scanCompound(rs int) {
	// cp (2.5 KB) lives on the stack: the helpers take a pointer and keep
	// none.
	var cp compound
	cp.read(st.text, rs)
	st.compoundEnd = cp.end
	s, e := cp.trim()
	if e-s < 3 {
		return
	}
	b := cp.b[s:e]
	if p := indexBytes(b, "://"); p > 0 {
		st.schemeLink(&cp, s, b, p)
		return
	}
	if at := indexByte(b, '@'); at > 0 {
		st.emailAddress(&cp, s, b, at)
		return
	}
	st.bareHost(&cp, s, b)
}

// read folds the run of non-space characters starting at text[rs] into
// cp, up to compoundMax bytes, and sets cp.end to the index after the run.
// The run also stops at a dropped character and at '"', '<' and '>'.
func (cp *compound) read(text string, rs int) {
	// The count is kept in a local, not in cp.n: the compiler cannot tell
	// that the stores to cp.b do not change cp.n, so it would reload it
	// for every byte (measured, 10% slower).
	n := cp.n
	j := rs
	for j < len(text) {
		c, k := rd(text, j)
		if c == 0 || isSpaceByte(c) || c == '"' || c == '<' || c == '>' {
			break
		}
		if n < compoundMax {
			cp.b[n] = lower(c)
			cp.at[n] = int32(j)
			n++
		}
		j = k
	}
	cp.n, cp.end = n, j
}

// trim returns the bounds of cp's folded bytes without opening and
// closing punctuation: "(see" and "example.com)." lose the brackets and
// the full stop.
func (cp *compound) trim() (s, e int) {
	s, e = 0, cp.n
	for s < e && isOpening(cp.b[s]) {
		s++
	}
	for e > s && isClosing(cp.b[e-1]) {
		e--
	}
	return s, e
}

// isOpening reports whether c is punctuation trimmed from the start of a
// link or email address.
func isOpening(c byte) bool {
	switch c {
	case '(', '[', '{', '\'', '<':
		return true
	}
	return false
}

// isClosing reports whether c is punctuation trimmed from the end of a
// link or email address.
func isClosing(c byte) bool {
	switch c {
	case '.', ',', ';', ':', '!', '?', ')', ']', '}', '\'', '>':
		return true
	}
	return false
}

// schemeLink reports a URL with a scheme, https://host/path, in b =
// cp.b[s:], where "://" is at b[p].
func (st *scanState) schemeLink(cp *compound, s int, b []byte, p int) {
	ss := p
	for ss > 0 && (isLetter(b[ss-1]) || isDigit(b[ss-1]) || b[ss-1] == '+' || b[ss-1] == '-' || b[ss-1] == '.') {
		ss--
	}
	if p-ss < 2 || !isLetter(b[ss]) {
		return
	}
	auth := b[p+3:]
	for k, c := range auth {
		if c == '/' || c == '?' || c == '#' || c == '\\' {
			auth = auth[:k]
			break
		}
	}
	host := auth
	at := lastIndexByte(host, '@')
	if at >= 0 {
		host = host[at+1:]
	}
	host = trimPort(host)
	st.link(host, at >= 0, int(cp.at[s+ss]), cp.index(s+len(b)))
}

// emailAddress reports an email address, local@domain, in b = cp.b[s:],
// where the '@' is at b[at].
func (st *scanState) emailAddress(cp *compound, s int, b []byte, at int) {
	ls := at
	for ls > 0 && emailLocalByte(b[ls-1]) {
		ls--
	}
	de := at + 1
	for de < len(b) && (isLetter(b[de]) || isDigit(b[de]) || b[de] == '.' || b[de] == '-') {
		de++
	}
	for de > at+1 && (b[de-1] == '.' || b[de-1] == '-') {
		de--
	}
	if ls < at && validHost(b[at+1:de]) {
		st.linkSpan(int(cp.at[s+ls]), cp.index(s+de))
		st.add(EmailAddress, CategoryContact, st.linkS, st.linkE, "")
	}
}

// bareHost reports a link without a scheme in b = cp.b[s:]:
// www.example.com, example.com/path, bit.ly/abc. Without "www." or a
// path, only a known top-level domain makes a link.
func (st *scanState) bareHost(cp *compound, s int, b []byte) {
	he := 0
	for he < len(b) && (isLetter(b[he]) || isDigit(b[he]) || b[he] == '.' || b[he] == '-' || b[he] == pAlpha) {
		he++
	}
	host := b[:he]
	for len(host) > 0 && host[len(host)-1] == '.' {
		host = host[:len(host)-1]
	}
	if !validHost(host) {
		return
	}
	rest := b[he:]
	if len(rest) > 0 && rest[0] != '/' && rest[0] != ':' && rest[0] != '?' && rest[0] != '#' {
		return
	}
	tld := host[lastIndexByte(host, '.')+1:]
	if !(len(rest) > 0 && rest[0] == '/') && !hasPrefix(host, "www.") && !knownTLD(string(tld)) {
		return
	}
	st.link(trimPort(host), false, int(cp.at[s]), cp.index(s+len(b)))
}

// link judges a link to host at text[s:e] as a link: by its domain, never
// as prose (the scan reads no terms or names inside it). userinfo reports
// an address with a user part, such as https://nhs.uk@evil.example, whose
// host is not what it shows. A link to nhs.uk or the org's own domains is
// not reported.
func (st *scanState) link(host []byte, userinfo bool, s, e int) {
	st.linkSpan(s, e)
	for len(host) > 0 && host[len(host)-1] == '.' {
		host = host[:len(host)-1]
	}
	switch {
	case isShortener(host):
		st.add(URLShortener, CategoryLink, s, e, "")
	case userinfo || indexByte(host, pAlpha) >= 0 || !validHost(host):
		st.add(LookalikeDomain, CategoryLink, s, e, "")
	case st.sc.allowedHost(host):
	case publicSector(host):
		st.add(PublicSectorLink, CategoryLink, s, e, "")
	case lookalike(host):
		st.add(LookalikeDomain, CategoryLink, s, e, "")
	default:
		st.add(UnapprovedLink, CategoryLink, s, e, "")
	}
}

// linkSpan records a link or email address at text[s:e]: words inside it
// are not prose. Its first word was read before the link was recognised,
// so what the patient's details matched there is taken back (they are
// the last findings: nothing else is added within a word), and Prepare
// records the span so that its replay does the same.
func (st *scanState) linkSpan(s, e int) {
	st.linkS, st.linkE = s, e
	if st.subjAt >= s && st.subjN >= st.base && st.subjN <= len(st.dst) {
		kept := st.subjN
		for _, f := range st.dst[st.subjN:] {
			if f.Kind != PatientName && f.Kind != PatientAddress {
				st.dst[kept] = f
				kept++
			}
		}
		st.dst = st.dst[:kept]
		st.subjAt = -1
	}
	if r := st.rec; r != nil {
		r.links = append(r.links, [2]int32{int32(s), int32(e)})
	}
}

// publicSector reports whether host is on a UK public-sector domain
// outside nhs.uk: gov.uk and the devolved governments' and health
// services' domains. A link there is advisory (PublicSectorLink).
func publicSector(host []byte) bool {
	for _, d := range [...]string{"gov.uk", "nhs.net", "nhs.scot", "nhs.wales", "hscni.net",
		"gov.scot", "gov.wales", "llyw.cymru", "police.uk", "parliament.uk"} {
		if domainMatch(host, d) {
			return true
		}
	}
	return false
}

// lookalike reports whether host, which is not on nhs.uk, the org's own
// domains or a public-sector domain, is dressed as one: "nhs" anywhere in
// it (nhs-covid-pass.com, nhs.uk.example.com, nhsapp-verify.co.uk), or
// gov.uk written into a longer name (gov-uk-fines.com, govuk.example).
func lookalike(host []byte) bool {
	return indexBytes(host, "nhs") >= 0 || indexBytes(host, "gov-uk") >= 0 ||
		indexBytes(host, "govuk") >= 0 || indexBytes(host, "gov.uk.") >= 0
}

// index returns the original index of folded byte k; the end of the run
// when k is past the bytes kept.
func (cp *compound) index(k int) int {
	if k >= cp.n {
		return cp.end
	}
	return int(cp.at[k])
}

func emailLocalByte(c byte) bool {
	return isLetter(c) || isDigit(c) || strings.IndexByte(".!#$%&*+/=?^_`{|}~-'", c) >= 0
}

// validHost reports whether b is a host name with at least two labels of
// letters, digits and hyphens and a top-level domain of letters.
func validHost(b []byte) bool {
	for len(b) > 0 && b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	if len(b) == 0 || len(b) > 253 {
		return false
	}
	labels := 0
	start := 0
	for k := 0; k <= len(b); k++ {
		if k < len(b) && b[k] != '.' {
			c := b[k]
			if !(isLetter(c) || isDigit(c) || c == '-' || c == pAlpha) {
				return false
			}
			continue
		}
		l := b[start:k]
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		labels++
		start = k + 1
	}
	tld := b[lastIndexByte(b, '.')+1:]
	if labels < 2 || len(tld) < 2 {
		return false
	}
	for _, c := range tld {
		if !isLetter(c) && c != pAlpha && !(c == '-' || isDigit(c)) {
			return false
		}
	}
	return isLetter(tld[0]) || tld[0] == pAlpha || hasPrefix(tld, "xn--")
}

func trimPort(host []byte) []byte {
	if k := lastIndexByte(host, ':'); k >= 0 {
		return host[:k]
	}
	return host
}

func indexByte(b []byte, c byte) int {
	for k, x := range b {
		if x == c {
			return k
		}
	}
	return -1
}

func lastIndexByte(b []byte, c byte) int {
	for k := len(b) - 1; k >= 0; k-- {
		if b[k] == c {
			return k
		}
	}
	return -1
}

func indexBytes(b []byte, sub string) int {
	for k := 0; k+len(sub) <= len(b); k++ {
		if string(b[k:k+len(sub)]) == sub {
			return k
		}
	}
	return -1
}

func hasPrefix(b []byte, p string) bool { return len(b) >= len(p) && string(b[:len(p)]) == p }
