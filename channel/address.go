package channel

import (
	"errors"
	"strings"

	"github.com/carecomms/carecomms/internal/printable"
)

// AddressRules adjusts what NormalizeAddress accepts. The zero value is the
// strict default: UK numbers only.
type AddressRules struct {
	// AllowInternational accepts phone numbers outside the UK (+44) for
	// SMS and messaging apps, in E.164 form: "+" and 8 to 15 digits. Such
	// numbers cannot be checked for being mobiles.
	AllowInternational bool `json:"allow_international,omitempty"`
}

// Sentinel errors for the conditions a caller branches on. NormalizeAddress
// wraps them in an *AddressError; test with errors.Is.
var (
	// ErrEmptyAddress means no address was given.
	ErrEmptyAddress = errors.New("channel: address is empty")
	// ErrInvalidAddress means the address is malformed: it cannot be the
	// address of anyone.
	ErrInvalidAddress = errors.New("channel: address is not valid")
	// ErrNotMobile means a well-formed UK phone number that cannot receive
	// texts or app messages: a landline, freephone, premium-rate,
	// non-geographic, personal (070) or pager (076) number.
	ErrNotMobile = errors.New("channel: phone number is not a mobile number")
	// ErrInternational means a phone number outside the UK when the rules
	// do not allow international numbers.
	ErrInternational = errors.New("channel: phone number is not a UK number")
)

// AddressError reports why an address was refused. Its message never
// contains the address: only Masked, the output of Mask.
type AddressError struct {
	// Kind is the channel the address was checked for.
	Kind Kind
	// Masked is Mask(Kind, address): enough to tell contacts apart in a
	// log, never the whole address.
	Masked string
	// Reason says what is wrong and how to fix it, such as "is a landline
	// number (01 or 02), not a mobile: record the person's mobile number
	// (07…)". It never contains the address.
	Reason string
	// Err is one of ErrEmptyAddress, ErrInvalidAddress, ErrNotMobile or
	// ErrInternational.
	Err error
}

// Error returns a message such as
// "channel: sms address +44*******123 is a premium-rate number (09), ...".
func (e *AddressError) Error() string {
	masked := e.Masked
	if masked == "" {
		masked = "(none)"
	}
	return "channel: " + e.Kind.String() + " address " + masked + " " + e.Reason
}

// Unwrap returns the sentinel error.
func (e *AddressError) Unwrap() error { return e.Err }

func addressErr(k Kind, address string, sentinel error, reason string) *AddressError {
	return &AddressError{Kind: k, Masked: Mask(k, address), Reason: reason, Err: sentinel}
}

// maxAddressBytes bounds the work done on any address: nothing longer can
// be a valid address of any kind.
const maxAddressBytes = 1024

// NormalizeAddress checks that address is a usable address for kind k and
// returns its canonical form:
//
//   - SMS and MessagingApp: a UK mobile number in E.164 form, such as
//     "+447700900123", from the usual written forms ("07700 900123",
//     "+44 7700 900123", "0044 7700 900123", "(07700) 900-123",
//     "+44 (0)7700 900123"). UK mobiles are 071–075 and 077–079, plus
//     07624 (Isle of Man). Landline (01, 02), non-geographic (03, 08),
//     freephone (080, 0500), premium-rate (09), corporate (05), personal
//     (070) and pager (076) numbers are refused with ErrNotMobile.
//     Numbers outside the UK are refused with ErrInternational unless
//     r.AllowInternational, when "+" and 8 to 15 digits are accepted.
//     As GOV.UK Notify reads them, "447700900123" and "7700900123" are
//     UK mobile numbers written without the "+" or the trunk 0; any other
//     number with neither a leading 0 nor a country code is refused: the
//     library does not guess which country it belongs to. Digits may be
//     grouped with any spaces, hyphens and typographic dashes (U+2010 to
//     U+2015, the minus sign), dots, slashes and brackets, in ASCII or
//     full-width forms, and written in any script's digits; zero-width
//     characters are ignored anywhere in a number (see the test vectors
//     from GOV.UK Notify and libphonenumber in testdata/).
//   - Email: local@domain, at most 254 characters in all and 64 before
//     the @. The local part is an RFC 5322 dot-atom (ASCII letters, digits
//     and !#$%&'*+-/=?^_`{|}~, with single dots between them) and is kept
//     as given; quoted local parts, comments and internationalised local
//     parts are not accepted. The domain needs at least one dot, labels of
//     at most 63 characters and a top-level domain that is not all digits;
//     internationalised domains are converted to ASCII (punycode) with the
//     IDNA Lookup profile, and the domain is lower-cased:
//     "Jo@Bücher.Example" becomes "Jo@xn--bcher-kva.example".
//   - NHSApp: an NHS number (see ValidNHSNumber), as 10 digits.
//   - Letter: a postal address whose last line, or the text after the last
//     comma, ends with a UK postcode (see NormalizePostcode). Lines are
//     trimmed, blank lines dropped, and the postcode written in capitals
//     with one space; the rest of the text is kept as given.
//
// Surrounding white space, zero-width characters and byte order marks are
// ignored for every kind, as GOV.UK Notify ignores them. The error, when not
// nil, is an *AddressError wrapping ErrEmptyAddress, ErrInvalidAddress,
// ErrNotMobile or ErrInternational; its message never contains the
// address. A canonical form normalises to itself.
func NormalizeAddress(k Kind, address string, r AddressRules) (string, error) {
	if !k.Valid() {
		return "", addressErr(k, address, ErrInvalidAddress, "cannot be checked for an unknown kind: set the contact's kind to one of "+kindList())
	}
	if printable.Blank(address) {
		return "", addressErr(k, address, ErrEmptyAddress, "is empty: "+emptyHint(k))
	}
	if len(address) > maxAddressBytes {
		return "", addressErr(k, address, ErrInvalidAddress, "is too long to be an address: check the field holds only the contact detail")
	}
	if !visibleEnds(address) {
		address = trimInvisible(address)
	}
	var (
		out    string
		reason string
		err    error
	)
	switch k {
	case SMS, MessagingApp:
		out, reason, err = normalizePhone(address, r)
	case Email:
		out, reason = normalizeEmail(address)
	case NHSApp:
		out, reason = normalizeNHSNumber(address)
	case Letter:
		out, reason = normalizeLetter(address)
	}
	if reason != "" {
		if err == nil {
			err = ErrInvalidAddress
		}
		return "", addressErr(k, address, err, reason)
	}
	return out, nil
}

func kindList() string {
	var b strings.Builder
	for i, k := range Kinds() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k.String())
	}
	return b.String()
}

func emptyHint(k Kind) string {
	switch k {
	case SMS, MessagingApp:
		return "record the person's mobile number, such as 07700 900123"
	case Email:
		return "record the person's email address, such as name@example.org"
	case NHSApp:
		return "record the person's NHS number, such as 943 476 5919"
	case Letter:
		return "record the person's postal address, ending with the postcode"
	}
	return "record the contact detail"
}

// trimInvisible removes white space, zero-width characters and byte order
// marks (see printable.Invisible) from both ends of s.
//
// A string with visibleEnds, as almost every address has, is returned as
// it is without calling TrimFunc.
func trimInvisible(s string) string {
	if visibleEnds(s) {
		return s
	}
	return strings.TrimFunc(s, printable.Invisible)
}

// visibleEnds reports whether s starts and ends with a visible ASCII
// character, so that trimInvisible returns it as it is. It inlines, so
// the hot callers test it before calling trimInvisible.
func visibleEnds(s string) bool {
	n := len(s)
	return n > 0 && s[0]-'!' < 0x7f-'!' && s[n-1]-'!' < 0x7f-'!'
}
