package channel

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Limits on email addresses (RFC 5321 section 4.5.3.1, RFC 1035).
const (
	maxEmailLen  = 254
	maxLocalLen  = 64
	maxDomainLen = 253
	maxLabelLen  = 63
)

// normalizeEmail returns the canonical form of an email address, or the
// reason it is refused.
func normalizeEmail(s string) (string, string) {
	s = strings.TrimSpace(s)
	at := strings.IndexByte(s, '@')
	if at < 0 {
		return "", "has no @: write it as name@example.org"
	}
	local, domain := s[:at], s[at+1:]
	if strings.IndexByte(domain, '@') >= 0 {
		return "", "has more than one @ (quoted local parts are not supported): write it as name@example.org"
	}
	if reason := checkLocal(local); reason != "" {
		return "", reason
	}
	if domain == "" {
		return "", "has nothing after the @: add the domain, as in name@example.org"
	}
	ascii, ok := domainToASCII(domain)
	if !ok {
		return "", "has a domain that is not a valid domain name: check the part after the @ for mistyped characters"
	}
	if reason := checkDomain(ascii); reason != "" {
		return "", reason
	}
	if len(local)+1+len(ascii) > maxEmailLen {
		return "", "is longer than 254 characters, the most an email address can have"
	}
	if ascii == domain {
		return s, "" // unchanged: no new string
	}
	return local + "@" + ascii, ""
}

// domainToASCII converts a domain to lower-case ASCII with the IDNA Lookup
// profile. An internationalised result is converted again to check it is
// stable, so a canonical address normalises to itself. The idna errors
// quote the domain, so they are not passed on.
func domainToASCII(domain string) (string, bool) {
	if plainDomain(domain) {
		return domain, true
	}
	if !utf8.ValidString(domain) {
		return "", false
	}
	ascii, err := idna.Lookup.ToASCII(domain)
	if err != nil {
		return "", false
	}
	ascii = strings.ToLower(ascii)
	if strings.Contains(ascii, "xn--") {
		again, err := idna.Lookup.ToASCII(ascii)
		if err != nil || strings.ToLower(again) != ascii {
			return "", false
		}
	}
	return ascii, true
}

// plainDomain reports whether the IDNA Lookup profile leaves domain as it
// is: labels of lower-case ASCII letters, digits and inner hyphens, none
// empty and no "--" anywhere (so no "xn--" label and none with hyphens in
// its third and fourth places, which the profile checks). Such a domain,
// as almost every address has, skips the conversion, which measured
// about 2,000 instructions a call.
func plainDomain(d string) bool {
	if d == "" || d[0] == '.' || d[0] == '-' {
		return false
	}
	prev := byte('.')
	for i := 0; i < len(d); i++ {
		c := d[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-':
			if prev == '.' || prev == '-' {
				return false
			}
		case c == '.':
			if prev == '.' || prev == '-' {
				return false
			}
		default:
			return false
		}
		prev = c
	}
	return prev != '.' && prev != '-'
}

// checkLocal checks the part before the @ is an RFC 5322 dot-atom.
func checkLocal(local string) string {
	switch {
	case local == "":
		return "has nothing before the @: write it as name@example.org"
	case len(local) > maxLocalLen:
		return "has more than 64 characters before the @, the most allowed"
	case local[0] == '.':
		return "starts with a dot: remove it"
	case local[len(local)-1] == '.':
		return "has a dot just before the @: remove it"
	}
	for i := 0; i < len(local); i++ {
		c := local[i]
		switch {
		case c == '.':
			if local[i-1] == '.' {
				return "has two dots in a row before the @: remove one"
			}
		case c >= 0x80:
			return "has a non-ASCII character before the @, which is not supported: check the address with the person"
		case c == ' ' || c == '\t':
			return "contains a space: remove it"
		case !isAtext(c):
			return "has a character before the @ that is not allowed: use letters, digits, dots and !#$%&'*+-/=?^_`{|}~"
		}
	}
	return ""
}

// isAtext reports whether c is an RFC 5322 atext character.
func isAtext(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-/=?^_`{|}~", c) >= 0
}

// checkDomain checks an ASCII domain: letters, digits and hyphens in
// labels of 1 to 63 characters, at least two labels, a top-level domain
// that is not all digits.
func checkDomain(d string) string {
	if len(d) > maxDomainLen {
		return "has a domain longer than 253 characters, the most allowed"
	}
	labels := 0
	for rest := d; ; {
		label, tail, more := strings.Cut(rest, ".")
		switch {
		case label == "":
			return "has an empty part in the domain: check for a stray or doubled dot after the @"
		case len(label) > maxLabelLen:
			return "has a part of the domain longer than 63 characters, the most allowed"
		case label[0] == '-' || label[len(label)-1] == '-':
			return "has a part of the domain that starts or ends with a hyphen"
		}
		for i := 0; i < len(label); i++ {
			if !isLDH(label[i]) {
				return "has a domain with a character that is not allowed: use letters, digits, hyphens and dots"
			}
		}
		labels++
		if !more {
			if labels < 2 {
				return "has a domain without a dot: write the full domain, as in name@example.org"
			}
			if allDigits(label) {
				return "has a domain ending in digits, which is not a domain name: check the part after the @"
			}
			return ""
		}
		rest = tail
	}
}

func isLDH(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
