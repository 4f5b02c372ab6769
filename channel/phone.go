package channel

import "strings"

// maxPhoneDigits bounds the digits collected from a written number: E.164
// allows 15, and an international prefix and a trunk 0 add up to 3 more.
const maxPhoneDigits = 18

// parsePhone reduces a written phone number to its E.164 form with the
// "+", such as "+447700900123", in one allocation. It checks the written form only, not
// the number range. On failure it returns a reason for an AddressError.
//
// A number with a leading "+" or "00" is international; one with a single
// leading "0" is a UK national number. A "0" written after the UK country
// code, as in "+44 (0)7700 900123", is the national trunk prefix and is
// dropped.
func parsePhone(s string) (digits string, reason string) {
	s = strings.TrimSpace(s)
	var (
		buf   [maxPhoneDigits]byte
		n     int
		plus  bool
		depth int
	)
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			if n == len(buf) {
				return "", "has too many digits for a phone number: check for extra digits"
			}
			buf[n] = byte(c)
			n++
		case c == '+':
			if i != 0 {
				return "", "has a + that is not at the start: write it as +44 7700 900123"
			}
			plus = true
		case c == '(':
			depth++
			if depth > 1 {
				return "", "has brackets inside brackets: write it as 07700 900123"
			}
		case c == ')':
			depth--
			if depth < 0 {
				return "", "has a closing bracket without an opening one: write it as 07700 900123"
			}
		case c == ' ' || c == '-' || c == '.' || c == '\t' || c == '\u00a0' || c == '\u202f' || c == '\u2009':
			// Separators people write between groups of digits.
		default:
			return "", "contains a character other than digits, spaces, hyphens, dots, brackets and a leading +: record the number only, such as 07700 900123"
		}
	}
	if depth != 0 {
		return "", "has an opening bracket without a closing one: write it as 07700 900123"
	}
	d := buf[:n]
	switch {
	case n == 0:
		return "", "has no digits: record the person's mobile number, such as 07700 900123"
	case plus:
		// Already international.
	case n >= 2 && d[0] == '0' && d[1] == '0':
		d = d[2:]
	case d[0] == '0':
		// A UK national number: 0 is the trunk prefix.
		return "+44" + string(d[1:]), ""
	default:
		return "", "has neither a leading 0 nor a country code: write a UK number as 07700 900123, or an international one as + and the country code"
	}
	if len(d) == 0 {
		return "", "has no digits after the international prefix: write it as +44 7700 900123"
	}
	if d[0] == '0' {
		return "", "has a country code starting with 0, which no country has: write it as +44 7700 900123"
	}
	if len(d) >= 3 && d[0] == '4' && d[1] == '4' && d[2] == '0' {
		// "+44 (0)7700 900123": drop the trunk prefix.
		return "+44" + string(d[3:]), ""
	}
	return "+" + string(d), ""
}

// normalizePhone returns the E.164 form of a mobile number for SMS and
// messaging apps, or the reason it is refused and the sentinel to wrap.
func normalizePhone(s string, r AddressRules) (string, string, error) {
	if canonicalE164(s) && strings.HasPrefix(s, "+44") {
		// Already canonical: check it without building a new string.
		if reason, err := ukMobile(s[3:]); reason != "" {
			return "", reason, err
		}
		return s, "", nil
	}
	e164, reason := parsePhone(s)
	if reason != "" {
		return "", reason, ErrInvalidAddress
	}
	digits := e164[1:]
	if strings.HasPrefix(digits, "44") {
		if reason, err := ukMobile(digits[2:]); reason != "" {
			return "", reason, err
		}
		return e164, "", nil
	}
	if !r.AllowInternational {
		return "", "is not a UK number (+44) and international numbers are not allowed: record a UK mobile number (07…), or allow international numbers in the address rules", ErrInternational
	}
	if len(digits) < 8 || len(digits) > 15 {
		return "", "is not a valid international number: E.164 numbers have 8 to 15 digits after the +", ErrInvalidAddress
	}
	return e164, "", nil
}

// ukMobile checks a UK national significant number (the digits after +44
// or the trunk 0) is a mobile number. It returns "" when it is, or the
// reason and sentinel when not.
//
// The ranges follow Ofcom's National Telephone Numbering Plan: 01 and 02
// geographic, 03 non-geographic at landline rates, 05 corporate, 070
// personal numbering, 071–075 and 077–079 mobile, 07624 Isle of Man
// mobile, 076 radiopaging, 080 and 0500 freephone, 084 and 087 special
// services, 09 premium rate. 04 and 06 are not in use.
func ukMobile(nsn string) (string, error) {
	const fix = ": record the person's mobile number (07…)"
	if nsn == "" {
		return "has no digits after the country code: write it as +44 7700 900123", ErrInvalidAddress
	}
	switch nsn[0] {
	case '1', '2':
		return "is a landline number (01 or 02), not a mobile" + fix, ErrNotMobile
	case '3':
		return "is a non-geographic landline-rate number (03), not a mobile" + fix, ErrNotMobile
	case '5':
		if strings.HasPrefix(nsn, "500") {
			return "is a freephone number (0500), not a mobile" + fix, ErrNotMobile
		}
		return "is a corporate or internet-telephony number (05), not a mobile" + fix, ErrNotMobile
	case '8':
		if strings.HasPrefix(nsn, "80") {
			return "is a freephone number (080), not a mobile" + fix, ErrNotMobile
		}
		return "is a non-geographic special-services number (08), not a mobile" + fix, ErrNotMobile
	case '9':
		return "is a premium-rate number (09), not a mobile" + fix, ErrNotMobile
	case '7':
		switch {
		case len(nsn) < 2:
			return "is too short for a UK mobile number, which has 11 digits starting 07", ErrInvalidAddress
		case nsn[1] == '0':
			return "is a personal number (070), which forwards calls and is not a mobile" + fix, ErrNotMobile
		case nsn[1] == '6' && !strings.HasPrefix(nsn, "7624"):
			return "is a pager number (076), not a mobile" + fix, ErrNotMobile
		}
		if len(nsn) != 10 {
			return "is not the length of a UK mobile number, which has 11 digits starting 07: check for a missing or extra digit", ErrInvalidAddress
		}
		return "", nil
	}
	if nsn[0] == '0' {
		return "has a 0 too many after the country code: write it as +44 7700 900123", ErrInvalidAddress
	}
	return "is not in a UK number range in use: record the person's mobile number (07…)", ErrInvalidAddress
}

// canonicalE164 reports whether s is "+" followed by 8 to 15 digits, the
// form NormalizeAddress returns.
func canonicalE164(s string) bool {
	if len(s) < 9 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i]-'0' > 9 {
			return false
		}
	}
	return true
}
