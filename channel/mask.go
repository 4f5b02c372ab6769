package channel

import (
	"strings"
	"unicode/utf8"
)

// maxMaskStars bounds the length of a run of stars in a mask, so a long
// field cannot make a long log line.
const maxMaskStars = 24

// Mask returns address with most of it hidden, so it can appear in logs,
// errors and explanations without disclosing the contact. It shows:
//
//   - SMS and MessagingApp: the number in E.164 form with only the UK
//     country code and the last 3 digits, "+44*******123" for
//     07700 900123; only "+" and the last 3 digits for other countries.
//   - Email: the first character of the local part and the top-level
//     domain, "j***@*******.org" for jane@example.org.
//   - NHSApp: the last 3 digits of the NHS number, "*******919".
//   - Letter: the postcode's outward code, "***, LS1 ***".
//
// Anything that cannot be read as such an address is shown as stars, with
// the last 3 digits only when it has at least 7 digits. An empty address
// is "(none)". Mask never returns a string that contains the whole address:
// when the mask would (an address that is already masked, or a single
// character), it returns "(hidden)". The exact form may change; do not
// parse it.
func Mask(k Kind, address string) string {
	s := trimInvisible(address)
	if s == "" {
		return "(none)"
	}
	var m string
	switch {
	case len(s) > maxAddressBytes:
		m = stars(maxMaskStars)
	case k == SMS || k == MessagingApp:
		m = maskPhone(s)
	case k == Email:
		m = maskEmail(s)
	case k == NHSApp:
		m = maskNHSNumber(s)
	case k == Letter:
		m = maskLetter(s)
	default:
		m = opaque(s, false)
	}
	if strings.Contains(m, s) {
		return "(hidden)"
	}
	return m
}

func maskPhone(s string) string {
	e164, reason := parsePhone(s)
	if reason != "" || len(e164) < 8 {
		return opaque(s, true)
	}
	digits := e164[1:]
	head := "+"
	if strings.HasPrefix(digits, "44") {
		head = "+44"
	}
	hidden := len(digits) - (len(head) - 1) - 3
	return head + stars(hidden) + digits[len(digits)-3:]
}

func maskEmail(s string) string {
	at := strings.LastIndexByte(s, '@')
	if at < 0 {
		return opaque(s, false)
	}
	local, domain := s[:at], s[at+1:]
	var b strings.Builder
	if local != "" {
		if c := local[0]; c < utf8.RuneSelf && (isLetter(c) || isDigit(c)) {
			b.WriteByte(c)
		} else {
			b.WriteByte('*')
		}
		b.WriteString(stars(utf8.RuneCountInString(local) - 1))
	}
	b.WriteByte('@')
	dot := strings.LastIndexByte(domain, '.')
	if dot < 0 || !showableTLD(domain[dot+1:]) {
		b.WriteString(stars(utf8.RuneCountInString(domain)))
		return b.String()
	}
	b.WriteString(stars(utf8.RuneCountInString(domain[:dot])))
	b.WriteString(domain[dot:])
	return b.String()
}

// showableTLD reports whether a top-level domain is plain enough to show:
// ASCII letters, digits and hyphens with at least one letter.
func showableTLD(t string) bool {
	if t == "" || len(t) > maxLabelLen {
		return false
	}
	letter := false
	for i := 0; i < len(t); i++ {
		if !isLDH(t[i]) {
			return false
		}
		letter = letter || isLetter(t[i])
	}
	return letter
}

func maskNHSNumber(s string) string {
	d, ok := nhsDigits(s)
	if !ok {
		return opaque(s, true)
	}
	return "*******" + string([]byte{'0' + d[7], '0' + d[8], '0' + d[9]})
}

func maskLetter(s string) string {
	_, outward, _, ok := letterParts(s, nil)
	if !ok {
		return opaque(s, false)
	}
	return "***, " + outward + " ***"
}

// opaque hides all of s, keeping its last 3 digits when showDigits and s
// has at least 7 digits.
func opaque(s string, showDigits bool) string {
	n := utf8.RuneCountInString(s)
	if showDigits {
		var last [3]byte
		count := 0
		for i := 0; i < len(s); i++ {
			if isDigit(s[i]) {
				last[0], last[1], last[2] = last[1], last[2], s[i]
				count++
			}
		}
		if count >= 7 {
			return stars(max(n-3, 4)) + string(last[:])
		}
	}
	return stars(n)
}

func stars(n int) string {
	return strings.Repeat("*", min(max(n, 0), maxMaskStars))
}
