package channel

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrInvalidSenderID is wrapped by every error from ValidateSenderID.
var ErrInvalidSenderID = errors.New("channel: invalid sender id")

// MaxSenderIDLen is the most characters an alphanumeric SMS sender id may
// have.
const MaxSenderIDLen = 11

// ValidateSenderID checks an alphanumeric SMS sender id (P5): 1 to 11
// characters, ASCII letters and digits only, no spaces, at least one
// letter, and none of the terms scammers use (bank, pay, payment, fraud,
// otp, pin, code, login, secure, rebate) in any case, either as the whole
// id or as one of its word parts.
//
// Word parts are split where lower case is followed by upper case, before
// the last capital of a run of capitals followed by lower case, and between
// letters and digits: "NHSPay" is "NHS" and "Pay", "Pay4NHS" is "Pay", "4"
// and "NHS". A part written all in one case shows no word boundaries, so it
// is refused when it starts or ends with a term ("NHSPAY", "PINNERGP");
// write a place or name that starts with one of the terms in mixed case
// ("PinnerGP"). The error wraps ErrInvalidSenderID.
func ValidateSenderID(id string) error {
	shown := clipText(id, 16)
	n := utf8.RuneCountInString(id)
	switch {
	case id == "":
		return fmt.Errorf("%w: it is empty: use 1 to %d letters and digits, such as NHSTrust (P5)", ErrInvalidSenderID, MaxSenderIDLen)
	case n > MaxSenderIDLen:
		return fmt.Errorf("%w: %q has %d characters: use at most %d letters and digits (P5)", ErrInvalidSenderID, shown, n, MaxSenderIDLen)
	}
	letters := false
	for _, r := range id {
		switch {
		case r < utf8.RuneSelf && isLetter(byte(r)):
			letters = true
		case r < utf8.RuneSelf && isDigit(byte(r)):
		default:
			return fmt.Errorf("%w: %q contains %q: use ASCII letters and digits only, with no spaces (P5)", ErrInvalidSenderID, shown, r)
		}
	}
	if !letters {
		return fmt.Errorf("%w: %q has no letters: include at least one, as an all-digit id reads as a phone number (P5)", ErrInvalidSenderID, shown)
	}
	start := 0
	for i := 1; i <= len(id); i++ {
		if i < len(id) && !wordBoundary(id, i) {
			continue
		}
		if term := scamTerm(id[start:i]); term != "" {
			return fmt.Errorf("%w: %q contains %q, a word scammers use in sender ids: choose one without it (P5)", ErrInvalidSenderID, shown, term)
		}
		start = i
	}
	return nil
}

// wordBoundary reports whether a word part of an ASCII letters-and-digits
// id starts at byte i.
func wordBoundary(id string, i int) bool {
	a, b := id[i-1], id[i]
	switch {
	case isDigit(a) != isDigit(b):
		return true
	case isLower(a) && isUpper(b):
		return true
	case isUpper(a) && isUpper(b) && i+1 < len(id) && isLower(id[i+1]):
		return true
	}
	return false
}

// scamTerm returns the scam term a word part is or, for a part in one
// case, starts or ends with; "" when none.
func scamTerm(part string) string {
	// Words scammers use in sender ids, which an organisation's own
	// sender id should avoid (P5).
	terms := [...]string{"bank", "pay", "payment", "fraud", "otp", "pin", "code", "login", "secure", "rebate"}
	oneCase := strings.ToLower(part) == part || strings.ToUpper(part) == part
	for _, t := range terms {
		switch {
		case len(part) == len(t) && strings.EqualFold(part, t):
			return t
		case oneCase && len(part) > len(t) &&
			(strings.EqualFold(part[:len(t)], t) || strings.EqualFold(part[len(part)-len(t):], t)):
			return t
		}
	}
	return ""
}

func isLower(c byte) bool { return c >= 'a' && c <= 'z' }
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
