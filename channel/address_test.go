package channel

import (
	"errors"
	"strings"
	"testing"
)

type addressCase struct {
	name  string
	ref   string // the requirement the row checks
	kind  Kind
	in    string
	rules AddressRules
	want  string
	err   error // nil when the address is valid
}

var intl = AddressRules{AllowInternational: true}

var addressCases = []addressCase{
	// SMS: the usual written forms of a UK mobile number (Ofcom drama range).
	{"sms spaced", "G30", SMS, "07700 900123", AddressRules{}, "+447700900123", nil},
	{"sms e164", "G30", SMS, "+447700900123", AddressRules{}, "+447700900123", nil},
	{"sms +44 spaced", "G30", SMS, "+44 7700 900123", AddressRules{}, "+447700900123", nil},
	{"sms 0044", "G30", SMS, "0044 7700 900123", AddressRules{}, "+447700900123", nil},
	{"sms brackets hyphen", "G30", SMS, "(07700) 900-123", AddressRules{}, "+447700900123", nil},
	{"sms +44 (0)", "G30", SMS, "+44 (0)7700 900123", AddressRules{}, "+447700900123", nil},
	{"sms +44 0", "G30", SMS, "+44 07700 900123", AddressRules{}, "+447700900123", nil},
	{"sms dots", "G30", SMS, "07700.900.123", AddressRules{}, "+447700900123", nil},
	{"sms surrounding space", "G30", SMS, "  07700 900123\t", AddressRules{}, "+447700900123", nil},
	{"sms no-break space", "G30", SMS, "07700\u00a0900123", AddressRules{}, "+447700900123", nil},
	{"sms drama range low", "G30", SMS, "07700 900000", AddressRules{}, "+447700900000", nil},
	{"sms drama range high", "G30", SMS, "07700 900999", AddressRules{}, "+447700900999", nil},
	{"sms 071", "G30", SMS, "07123 456789", AddressRules{}, "+447123456789", nil},
	{"sms 072", "G30", SMS, "07223 456789", AddressRules{}, "+447223456789", nil},
	{"sms 073", "G30", SMS, "07323 456789", AddressRules{}, "+447323456789", nil},
	{"sms 074", "G30", SMS, "07423 456789", AddressRules{}, "+447423456789", nil},
	{"sms 075", "G30", SMS, "07523 456789", AddressRules{}, "+447523456789", nil},
	{"sms 077", "G30", SMS, "07723 456789", AddressRules{}, "+447723456789", nil},
	{"sms 078", "G30", SMS, "07823 456789", AddressRules{}, "+447823456789", nil},
	{"sms 079", "G30", SMS, "07923 456789", AddressRules{}, "+447923456789", nil},
	{"sms isle of man 07624", "G30", SMS, "07624 123456", AddressRules{}, "+447624123456", nil},
	{"sms international allowed", "G30", SMS, "+1 202 555 0123", intl, "+12025550123", nil},
	{"sms international 00", "G30", SMS, "00 33 6 12 34 56 78", intl, "+33612345678", nil},
	{"sms uk with international allowed", "G30", SMS, "07700 900123", intl, "+447700900123", nil},
	{"app same rules", "G30", MessagingApp, "+44 (0)7700 900456", AddressRules{}, "+447700900456", nil},

	{"sms empty", "G30", SMS, "", AddressRules{}, "", ErrEmptyAddress},
	{"sms blank", "G30", SMS, "   ", AddressRules{}, "", ErrEmptyAddress},
	{"sms landline 01", "G30", SMS, "0113 496 0000", AddressRules{}, "", ErrNotMobile},
	{"sms landline 02", "G30", SMS, "020 7946 0000", AddressRules{}, "", ErrNotMobile},
	{"sms landline +44", "G30", SMS, "+44 20 7946 0000", AddressRules{}, "", ErrNotMobile},
	{"sms non-geographic 03", "G30", SMS, "0303 123 4567", AddressRules{}, "", ErrNotMobile},
	{"sms freephone 0800", "G30", SMS, "0800 123 4567", AddressRules{}, "", ErrNotMobile},
	{"sms freephone 0808", "G30", SMS, "0808 157 0000", AddressRules{}, "", ErrNotMobile},
	{"sms freephone 0500", "G30", SMS, "0500 123456", AddressRules{}, "", ErrNotMobile},
	{"sms special 0843", "G30", SMS, "0843 123 4567", AddressRules{}, "", ErrNotMobile},
	{"sms special 0871", "G30", SMS, "0871 123 4567", AddressRules{}, "", ErrNotMobile},
	{"sms premium 09", "G30", SMS, "0909 879 0000", AddressRules{}, "", ErrNotMobile},
	{"sms corporate 05", "G30", SMS, "05600 123456", AddressRules{}, "", ErrNotMobile},
	{"sms personal 070", "G30", SMS, "07000 123456", AddressRules{}, "", ErrNotMobile},
	{"sms pager 076", "G30", SMS, "07600 123456", AddressRules{}, "", ErrNotMobile},
	{"app landline", "G30", MessagingApp, "0113 496 0000", AddressRules{}, "", ErrNotMobile},
	{"sms international refused", "G30", SMS, "+1 202 555 0123", AddressRules{}, "", ErrInternational},
	{"sms international 00 refused", "G30", SMS, "0033 6 12 34 56 78", AddressRules{}, "", ErrInternational},
	{"app international refused", "G30", MessagingApp, "+33 6 12 34 56 78", AddressRules{}, "", ErrInternational},
	{"sms international too short", "G30", SMS, "+1 202 55", intl, "", ErrInvalidAddress},
	{"sms international too long", "G30", SMS, "+1 202 555 0123 45678", intl, "", ErrInvalidAddress},
	{"sms country code 0", "G30", SMS, "+0 202 555 0123", intl, "", ErrInvalidAddress},
	{"sms mobile too short", "G30", SMS, "07700 90012", AddressRules{}, "", ErrInvalidAddress},
	{"sms mobile too long", "G30", SMS, "07700 9001234", AddressRules{}, "", ErrInvalidAddress},
	{"sms just 07", "G30", SMS, "07", AddressRules{}, "", ErrInvalidAddress},
	{"sms missing 0 (as Notify reads it)", "G30", SMS, "7700 900456", AddressRules{}, "+447700900456", nil},
	{"sms bare 44 (as Notify reads it)", "G30", SMS, "447700900123", AddressRules{}, "+447700900123", nil},
	{"sms missing 0, too long", "G30", SMS, "77009004561", AddressRules{}, "", ErrInvalidAddress},
	{"sms bare 44, landline", "G30", SMS, "441154960000", AddressRules{}, "", ErrNotMobile},
	{"sms zero-width and BOM around", "G30", SMS, "\u200b\ufeff07700 900123\u200b", AddressRules{}, "+447700900123", nil},
	{"sms zero-width inside", "G30", SMS, "07700\u200b900\u2060123", AddressRules{}, "+447700900123", nil},
	{"sms typographic dashes", "G30", SMS, "07700\u2013900\u2010123", AddressRules{}, "+447700900123", nil},
	{"sms minus sign and em dash", "G30", SMS, "07700\u2212900\u2014123", AddressRules{}, "+447700900123", nil},
	{"sms full-width", "G30", SMS, "\uff10\uff17\uff17\uff10\uff10\u3000\uff19\uff10\uff10\uff11\uff12\uff13", AddressRules{}, "+447700900123", nil},
	{"sms trailing dots", "G30", SMS, "07700 900123...", AddressRules{}, "", ErrInvalidAddress},
	{"sms leading hyphen", "G30", SMS, "-07700 900123", AddressRules{}, "", ErrInvalidAddress},
	{"email zero-width around", "G30", Email, "\u200bpat@example.org\u200b", AddressRules{}, "pat@example.org", nil},
	{"email BOM around", "G30", Email, "\ufeffpat@example.org", AddressRules{}, "pat@example.org", nil},
	{"email zero-width only", "G30", Email, "\u200b\u200b", AddressRules{}, "", ErrEmptyAddress},
	{"sms letter in number", "G30", SMS, "07700 900l23", AddressRules{}, "", ErrInvalidAddress},
	{"sms plus in middle", "G30", SMS, "077+00 900123", AddressRules{}, "", ErrInvalidAddress},
	{"sms unbalanced bracket", "G30", SMS, "(07700 900123", AddressRules{}, "", ErrInvalidAddress},
	{"sms stray close bracket", "G30", SMS, "07700) 900123", AddressRules{}, "", ErrInvalidAddress},
	{"sms nested brackets", "G30", SMS, "((07700)) 900123", AddressRules{}, "", ErrInvalidAddress},
	{"sms unused range 04", "G30", SMS, "0412 345 6789", AddressRules{}, "", ErrInvalidAddress},
	{"sms unused range 06", "G30", SMS, "0612 345 6789", AddressRules{}, "", ErrInvalidAddress},
	{"sms double trunk", "G30", SMS, "+44 00 7700 900123", AddressRules{}, "", ErrInvalidAddress},
	{"sms only plus", "G30", SMS, "+", AddressRules{}, "", ErrInvalidAddress},
	{"sms too many digits", "G30", SMS, "0770090012307700900123", AddressRules{}, "", ErrInvalidAddress},
	{"sms email given", "G30", SMS, "jane@example.org", AddressRules{}, "", ErrInvalidAddress},

	// Email.
	{"email plain", "G30", Email, "jane@example.org", AddressRules{}, "jane@example.org", nil},
	{"email domain lower-cased, local kept", "G30", Email, "Jane.Doe@Example.ORG", AddressRules{}, "Jane.Doe@example.org", nil},
	{"email trimmed", "G30", Email, "  jane@example.org\n", AddressRules{}, "jane@example.org", nil},
	{"email plus tag", "G30", Email, "jane+clinic@mail.example.org", AddressRules{}, "jane+clinic@mail.example.org", nil},
	{"email apostrophe", "G30", Email, "o'neil@example.org", AddressRules{}, "o'neil@example.org", nil},
	{"email all atext", "G30", Email, "a!#$%&'*+-/=?^_`{|}~z@example.org", AddressRules{}, "a!#$%&'*+-/=?^_`{|}~z@example.org", nil},
	{"email idna", "G30", Email, "jo@bücher.example", AddressRules{}, "jo@xn--bcher-kva.example", nil},
	{"email idna upper", "G30", Email, "jo@BÜCHER.Example", AddressRules{}, "jo@xn--bcher-kva.example", nil},
	{"email punycode kept", "G30", Email, "jo@xn--bcher-kva.example", AddressRules{}, "jo@xn--bcher-kva.example", nil},
	{"email hyphenated domain", "G30", Email, "jo@my-trust.nhs.example", AddressRules{}, "jo@my-trust.nhs.example", nil},
	{"email local 64", "G30", Email, strings.Repeat("a", 64) + "@example.org", AddressRules{}, strings.Repeat("a", 64) + "@example.org", nil},
	{"email total 254", "G30", Email, longEmail(254), AddressRules{}, longEmail(254), nil},
	{"email label 63", "G30", Email, "jo@" + strings.Repeat("b", 63) + ".org", AddressRules{}, "jo@" + strings.Repeat("b", 63) + ".org", nil},

	{"email empty", "G30", Email, "", AddressRules{}, "", ErrEmptyAddress},
	{"email no at", "G30", Email, "jane.example.org", AddressRules{}, "", ErrInvalidAddress},
	{"email two ats", "G30", Email, "jane@doe@example.org", AddressRules{}, "", ErrInvalidAddress},
	{"email quoted local", "G30", Email, `"jane doe"@example.org`, AddressRules{}, "", ErrInvalidAddress},
	{"email no local", "G30", Email, "@mail.example.org", AddressRules{}, "", ErrInvalidAddress},
	{"email no domain", "G30", Email, "jane@", AddressRules{}, "", ErrInvalidAddress},
	{"email leading dot", "G30", Email, ".jane@example.org", AddressRules{}, "", ErrInvalidAddress},
	{"email trailing dot", "G30", Email, "jane.@example.org", AddressRules{}, "", ErrInvalidAddress},
	{"email double dot", "G30", Email, "ja..ne@example.org", AddressRules{}, "", ErrInvalidAddress},
	{"email space", "G30", Email, "ja ne@example.org", AddressRules{}, "", ErrInvalidAddress},
	{"email non-ascii local", "G30", Email, "jané@example.org", AddressRules{}, "", ErrInvalidAddress},
	{"email comma", "G30", Email, "jane,doe@example.org", AddressRules{}, "", ErrInvalidAddress},
	{"email local 65", "G30", Email, strings.Repeat("a", 65) + "@example.org", AddressRules{}, "", ErrInvalidAddress},
	{"email total 255", "G30", Email, longEmail(255), AddressRules{}, "", ErrInvalidAddress},
	{"email label 64", "G30", Email, "jo@" + strings.Repeat("b", 64) + ".org", AddressRules{}, "", ErrInvalidAddress},
	{"email no dot in domain", "G30", Email, "jane@localhost", AddressRules{}, "", ErrInvalidAddress},
	{"email empty label", "G30", Email, "jane@example..org", AddressRules{}, "", ErrInvalidAddress},
	{"email leading dot domain", "G30", Email, "jane@.example.org", AddressRules{}, "", ErrInvalidAddress},
	{"email trailing dot domain", "G30", Email, "jane@example.org.", AddressRules{}, "", ErrInvalidAddress},
	{"email underscore domain", "G30", Email, "jane@exa_mple.org", AddressRules{}, "", ErrInvalidAddress},
	{"email hyphen start label", "G30", Email, "jane@-example.org", AddressRules{}, "", ErrInvalidAddress},
	{"email hyphen end label", "G30", Email, "jane@example-.org", AddressRules{}, "", ErrInvalidAddress},
	{"email ip address", "G30", Email, "jane@192.0.2.1", AddressRules{}, "", ErrInvalidAddress},
	{"email domain literal", "G30", Email, "jane@[192.0.2.1]", AddressRules{}, "", ErrInvalidAddress},
	{"email bad punycode", "G30", Email, "jane@xn--zz.example", AddressRules{}, "", ErrInvalidAddress},
	{"email space in domain", "G30", Email, "jane@exam ple.org", AddressRules{}, "", ErrInvalidAddress},

	// NHS App: NHS numbers.
	{"nhs digits", "G30", NHSApp, "9434765919", AddressRules{}, "9434765919", nil},
	{"nhs spaced", "G30", NHSApp, "943 476 5919", AddressRules{}, "9434765919", nil},
	{"nhs hyphenated", "G30", NHSApp, "943-476-5919", AddressRules{}, "9434765919", nil},
	{"nhs trimmed", "G30", NHSApp, " 943 476 5919 ", AddressRules{}, "9434765919", nil},
	{"nhs test range", "G30", NHSApp, "999 000 0018", AddressRules{}, "9990000018", nil},
	{"nhs test range 2", "G30", NHSApp, "9990000026", AddressRules{}, "9990000026", nil},
	{"nhs check digit 0", "G30", NHSApp, "9990000050", AddressRules{}, "9990000050", nil},
	{"nhs all nines", "G30", NHSApp, "9999999999", AddressRules{}, "9999999999", nil},

	{"nhs empty", "G30", NHSApp, "", AddressRules{}, "", ErrEmptyAddress},
	{"nhs bad check digit", "G30", NHSApp, "9434765918", AddressRules{}, "", ErrInvalidAddress},
	{"nhs test range bad check", "G30", NHSApp, "999 000 0019", AddressRules{}, "", ErrInvalidAddress},
	{"nhs check digit would be 10", "G30", NHSApp, "9991234560", AddressRules{}, "", ErrInvalidAddress},
	{"nhs nine digits", "G30", NHSApp, "999000001", AddressRules{}, "", ErrInvalidAddress},
	{"nhs eleven digits", "G30", NHSApp, "94347659190", AddressRules{}, "", ErrInvalidAddress},
	{"nhs wrong grouping", "G30", NHSApp, "9434 765 919", AddressRules{}, "", ErrInvalidAddress},
	{"nhs double space", "G30", NHSApp, "943  476 5919", AddressRules{}, "", ErrInvalidAddress},
	{"nhs letter", "G30", NHSApp, "943 476 591O", AddressRules{}, "", ErrInvalidAddress},

	// Letter: postal addresses ending with a postcode.
	{"letter lines", "G30", Letter, "1 High Street\nLeeds\nLS1 4AP", AddressRules{}, "1 High Street\nLeeds\nLS1 4AP", nil},
	{"letter postcode normalised", "G30", Letter, "1 High Street\nLeeds\nls14ap", AddressRules{}, "1 High Street\nLeeds\nLS1 4AP", nil},
	{"letter commas", "G30", Letter, "1 High Street, Leeds, ls1 4ap", AddressRules{}, "1 High Street, Leeds, LS1 4AP", nil},
	{"letter comma no space", "G30", Letter, "1 High Street,Leeds,LS1 4AP", AddressRules{}, "1 High Street,Leeds, LS1 4AP", nil},
	{"letter crlf and blank lines", "G30", Letter, "  1 High Street \r\n\r\n Leeds \r\n LS1 4AP ", AddressRules{}, "1 High Street\nLeeds\nLS1 4AP", nil},
	{"letter town and postcode on a line", "G30", Letter, "1 High Street\nLeeds LS1 4AP", AddressRules{}, "1 High Street\nLeeds LS1 4AP", nil},
	{"letter postcode as one word", "G30", Letter, "Buckingham Palace, London SW1A1AA", AddressRules{}, "Buckingham Palace, London SW1A 1AA", nil},
	{"letter GIR 0AA", "G30", Letter, "Girobank\nBootle\nGIR 0AA", AddressRules{}, "Girobank\nBootle\nGIR 0AA", nil},
	{"letter AA9A", "G30", Letter, "1 Street\nLondon\nEC1A 1BB", AddressRules{}, "1 Street\nLondon\nEC1A 1BB", nil},

	{"letter empty", "G30", Letter, "\n \n", AddressRules{}, "", ErrEmptyAddress},
	{"letter no postcode", "G30", Letter, "1 High Street\nLeeds", AddressRules{}, "", ErrInvalidAddress},
	{"letter postcode only", "G30", Letter, "LS1 4AP", AddressRules{}, "", ErrInvalidAddress},
	{"letter postcode only after comma", "G30", Letter, ", LS1 4AP", AddressRules{}, "", ErrInvalidAddress},
	{"letter bad inward letter", "G30", Letter, "1 High Street\nLeeds\nLS1 4CP", AddressRules{}, "", ErrInvalidAddress},
	{"letter bad first letter", "G30", Letter, "1 High Street\nLeeds\nQS1 4AP", AddressRules{}, "", ErrInvalidAddress},
	{"letter postcode not last", "G30", Letter, "1 High Street\nLS1 4AP\nLeeds", AddressRules{}, "", ErrInvalidAddress},
	{"letter control character", "G30", Letter, "1 High Street\x00\nLeeds\nLS1 4AP", AddressRules{}, "", ErrInvalidAddress},
	{"letter invalid utf-8", "G30", Letter, "1 High Street\xff\nLeeds\nLS1 4AP", AddressRules{}, "", ErrInvalidAddress},

	// Kind.
	{"unknown kind", "G30", Kind(0), "07700 900123", AddressRules{}, "", ErrInvalidAddress},
	{"out of range kind", "G30", Kind(9), "jane@example.org", AddressRules{}, "", ErrInvalidAddress},
	{"too long for any kind", "G30", Email, "a@" + strings.Repeat("b", maxAddressBytes) + ".org", AddressRules{}, "", ErrInvalidAddress},
}

// longEmail returns a valid-looking address of exactly n bytes (n ≥ 70).
func longEmail(n int) string {
	local := strings.Repeat("a", 64)
	// Labels of 63, separated by dots, ending ".org".
	dlen := n - len(local) - 1 - len(".org")
	var labels []string
	for dlen > 0 {
		l := min(dlen, 63)
		if dlen-l == 1 { // never leave a 1-byte remainder that needs a dot of its own
			l--
		}
		labels = append(labels, strings.Repeat("b", l))
		dlen -= l + 1
	}
	return local + "@" + strings.Join(labels, ".") + ".org"
}

func TestLongEmail(t *testing.T) {
	for _, n := range []int{254, 255} {
		if got := len(longEmail(n)); got != n {
			t.Errorf("len(longEmail(%d)) = %d, want %d", n, got, n)
		}
	}
}

func TestNormalizeAddress(t *testing.T) {
	for _, tc := range addressCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := NormalizeAddress(tc.kind, tc.in, tc.rules)
			if tc.err == nil {
				if err != nil {
					t.Fatalf("NormalizeAddress(%s) error = %v, want nil (%s)", tc.name, err, tc.ref)
				}
				if got != tc.want {
					t.Errorf("NormalizeAddress(%s) = %q, want %q (%s)", tc.name, got, tc.want, tc.ref)
				}
				again, err := NormalizeAddress(tc.kind, got, tc.rules)
				if err != nil || again != got {
					t.Errorf("NormalizeAddress(NormalizeAddress(%s)) = %q, %v, want %q, nil", tc.name, again, err, got)
				}
				return
			}
			if !errors.Is(err, tc.err) {
				t.Fatalf("NormalizeAddress(%s) error = %v, want %v (%s)", tc.name, err, tc.err, tc.ref)
			}
			if got != "" {
				t.Errorf("NormalizeAddress(%s) = %q with an error, want \"\"", tc.name, got)
			}
			var ae *AddressError
			if !errors.As(err, &ae) {
				t.Fatalf("NormalizeAddress(%s) error is %T, want *AddressError", tc.name, err)
			}
			if ae.Kind != tc.kind || ae.Reason == "" || ae.Masked != Mask(tc.kind, tc.in) {
				t.Errorf("NormalizeAddress(%s) error = %+v, want kind %v, a reason and the masked address", tc.name, ae, tc.kind)
			}
			if !strings.HasPrefix(err.Error(), "channel: ") {
				t.Errorf("NormalizeAddress(%s) error %q does not start with \"channel: \"", tc.name, err)
			}
		})
	}
}

// TestAddressErrorsHideAddress checks no error message contains the
// address it refused (G30 errors are logged).
func TestAddressErrorsHideAddress(t *testing.T) {
	for _, tc := range addressCases {
		if tc.err == nil {
			continue
		}
		in := strings.TrimSpace(tc.in)
		if len(in) < 5 {
			continue // too short to tell apart from the message's own words
		}
		_, err := NormalizeAddress(tc.kind, tc.in, tc.rules)
		if err == nil {
			t.Errorf("NormalizeAddress(%s) error = nil, want an error", tc.name)
			continue
		}
		msg := err.Error()
		if strings.Contains(msg, in) {
			t.Errorf("NormalizeAddress(%s) error %q contains the address", tc.name, msg)
		}
		var ae *AddressError
		if errors.As(err, &ae) && strings.Contains(ae.Reason, in) {
			t.Errorf("NormalizeAddress(%s) reason %q contains the address", tc.name, ae.Reason)
		}
	}
}

func TestAddressErrorMessage(t *testing.T) {
	_, err := NormalizeAddress(SMS, "0909 879 0123", AddressRules{})
	want := "channel: sms address +44*******123 is a premium-rate number (09), not a mobile: record the person's mobile number (07…)"
	if err == nil || err.Error() != want {
		t.Errorf("NormalizeAddress(premium) error = %v, want %q", err, want)
	}
}

func TestValidNHSNumber(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want bool
	}{
		{"example", "9434765919", true},
		{"spaced", "943 476 5919", true},
		{"hyphenated", "943-476-5919", true},
		{"mixed separators", "943 476-5919", true},
		{"test range", "9990000018", true},
		{"test range check 0", "9990000050", true},
		{"bad check digit", "9434765910", false},
		{"check digit 10", "9990000000", false},
		{"transposed digits", "4934765919", false},
		{"short", "943476591", false},
		{"long", "94347659199", false},
		{"grouping 4-3-3", "9434 765 919", false},
		{"dots", "943.476.5919", false},
		{"letters", "ABCDEFGHIJ", false},
		{"empty", "", false},
		{"full-width digits", "９４３４７６５９１９", false},
	}
	for _, tc := range cases {
		if got := ValidNHSNumber(tc.in); got != tc.want {
			t.Errorf("ValidNHSNumber(%s) = %v, want %v (G30)", tc.name, got, tc.want)
		}
	}
}

func TestNormalizePostcode(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want string // "" when invalid
	}{
		{"A9", "M1 1AE", "M1 1AE"},
		{"A99", "B33 8TH", "B33 8TH"},
		{"AA9", "CR2 6XH", "CR2 6XH"},
		{"AA99", "DN55 1PT", "DN55 1PT"},
		{"A9A", "W1A 0AX", "W1A 0AX"},
		{"AA9A", "EC1A 1BB", "EC1A 1BB"},
		{"SW1A", "SW1A 1AA", "SW1A 1AA"},
		{"GIR", "GIR 0AA", "GIR 0AA"},
		{"lower case", "ls1 4ap", "LS1 4AP"},
		{"no space", "LS14AP", "LS1 4AP"},
		{"extra spaces", "  LS1   4AP ", "LS1 4AP"},
		{"tab", "LS1\t4AP", "LS1 4AP"},
		{"empty", "", ""},
		{"outward only", "LS1", ""},
		{"short inward", "LS1 4A", ""},
		{"Q first", "QS1 4AP", ""},
		{"V first", "VS1 4AP", ""},
		{"X first", "XS1 4AP", ""},
		{"I second", "AI1 4AP", ""},
		{"J second", "AJ1 4AP", ""},
		{"Z second", "AZ1 4AP", ""},
		{"I third in A9A", "W1I 0AX", ""},
		{"C fourth in AA9A", "EC1C 1BB", ""},
		{"C in inward", "LS1 4CP", ""},
		{"I in inward", "LS1 4AI", ""},
		{"digit first", "1S1 4AP", ""},
		{"five-character outward", "ABC12 4AP", ""},
		{"letter in inward digit", "LS1 AAP", ""},
		{"space in wrong place", "L S14AP", ""},
		{"two spaces apart", "LS 1 4AP", ""},
		{"hyphen", "LS1-4AP", ""},
		{"GIR other inward", "GIR 0AB", ""},
		{"BFPO", "BFPO 123", ""},
		{"trailing word", "LS1 4AP UK", ""},
	}
	for _, tc := range cases {
		got, err := NormalizePostcode(tc.in)
		if tc.want == "" {
			if !errors.Is(err, ErrInvalidPostcode) || ValidPostcode(tc.in) {
				t.Errorf("NormalizePostcode(%s) = %q, %v, want ErrInvalidPostcode", tc.name, got, err)
			}
			continue
		}
		if err != nil || got != tc.want || !ValidPostcode(tc.in) {
			t.Errorf("NormalizePostcode(%s) = %q, %v, want %q", tc.name, got, err, tc.want)
		}
	}
}

func TestMask(t *testing.T) {
	cases := []struct {
		name string
		kind Kind
		in   string
		want string
	}{
		{"sms national", SMS, "07700 900123", "+44*******123"},
		{"sms e164", SMS, "+447700900123", "+44*******123"},
		{"sms landline still masked", SMS, "0113 496 0123", "+44*******123"},
		{"sms international", SMS, "+1 202 555 0123", "+********123"},
		{"app", MessagingApp, "07700 900456", "+44*******456"},
		{"sms unparseable with digits", SMS, "call 07700 900123", "**************123"},
		{"sms few digits", SMS, "12", "**"},
		{"email", Email, "jane@example.org", "j***@*******.org"},
		{"email idna domain", Email, "jo@bücher.example", "j*@******.example"},
		{"email no tld shown", Email, "jane@example", "j***@*******"},
		{"email odd first char", Email, "'jo@example.org", "***@*******.org"},
		{"email no at", Email, "jane.example.org", "****************"},
		{"nhs", NHSApp, "943 476 5919", "*******919"},
		{"nhs invalid", NHSApp, "943 476", "*******"},
		{"letter", Letter, "1 High Street\nLeeds\nLS1 4AP", "***, LS1 ***"},
		{"letter comma", Letter, "1 High Street, Leeds, SW1A 1AA", "***, SW1A ***"},
		{"letter no postcode", Letter, "1 High Street", "*************"},
		{"empty", SMS, "", "(none)"},
		{"blank", Email, "  ", "(none)"},
		{"single character", Email, "*", "(hidden)"},
		{"already masked phone", SMS, "+44*******123", "*************"},
		{"stars", SMS, "*****", "(hidden)"},
		{"already masked email", Email, "j***@*******.org", "(hidden)"},
		{"unknown kind", Kind(0), "07700 900123", "************"},
		{"long", Email, strings.Repeat("x", 5000), strings.Repeat("*", maxMaskStars)},
	}
	for _, tc := range cases {
		got := Mask(tc.kind, tc.in)
		if got != tc.want {
			t.Errorf("Mask(%s) = %q, want %q", tc.name, got, tc.want)
		}
		if in := strings.TrimSpace(tc.in); in != "" && strings.Contains(got, in) {
			t.Errorf("Mask(%s) = %q contains the address", tc.name, got)
		}
	}
}

// errAny in a table means any error is expected.
var errAny = errors.New("any error")

func TestContactUsable(t *testing.T) {
	cases := []struct {
		name string
		ref  string
		c    Contact
		err  error
	}{
		{"ok mobile", "G30", Contact{Kind: SMS, Address: "07700 900123"}, nil},
		{"ok email", "G30", Contact{Kind: Email, Address: "jane@example.org"}, nil},
		{"bounced", "G31", Contact{Kind: Email, Address: "jane@example.org", Status: StatusBounced}, ErrContactFailed},
		{"not recognised", "G31", Contact{Kind: SMS, Address: "07700 900123", Status: StatusNotRecognised}, ErrContactFailed},
		{"removed", "G15", Contact{Kind: SMS, Address: "07700 900123", Status: StatusRemoved}, ErrContactRemoved},
		{"unknown status", "G30", Contact{Kind: SMS, Address: "07700 900123", Status: Status(9)}, errAny},
		{"landline", "G30", Contact{Kind: SMS, Address: "0113 496 0000"}, ErrNotMobile},
		{"empty", "G30", Contact{Kind: Email}, ErrEmptyAddress},
		{"no kind", "G30", Contact{Address: "jane@example.org"}, ErrInvalidAddress},
	}
	for _, tc := range cases {
		err := tc.c.Usable(AddressRules{})
		if (tc.err == nil) != (err == nil) || tc.err != errAny && !errors.Is(err, tc.err) {
			t.Errorf("Contact(%s).Usable() = %v, want %v (%s)", tc.name, err, tc.err, tc.ref)
		}
		if err != nil {
			if a := strings.TrimSpace(tc.c.Address); a != "" && strings.Contains(err.Error(), a) {
				t.Errorf("Contact(%s).Usable() error %q contains the address", tc.name, err)
			}
			if !strings.HasPrefix(err.Error(), "channel: ") {
				t.Errorf("Contact(%s).Usable() error %q does not start with \"channel: \"", tc.name, err)
			}
		}
	}
}

func TestContactStringMasks(t *testing.T) {
	c := Contact{Kind: Email, Address: "jane@example.org", Status: StatusBounced}
	if got, want := c.String(), "email j***@*******.org (bounced)"; got != want {
		t.Errorf("Contact.String() = %q, want %q", got, want)
	}
	a := Attempt{Kind: SMS, Address: "07700 900123", Result: ResultDelivered}
	if got, want := a.String(), "sms +44*******123 delivered"; got != want {
		t.Errorf("Attempt.String() = %q, want %q", got, want)
	}
}

func BenchmarkNormalizeAddress(b *testing.B) {
	cases := []struct {
		name string
		kind Kind
		in   string
	}{
		{"sms", SMS, "+44 (0)7700 900123"},
		{"sms_plain", SMS, "07700 900123"},
		{"email", Email, "Jane.Doe@Example.ORG"},
		{"email_plain", Email, "jane.doe@example.org"},
		{"email_idna", Email, "jo@bücher.example"},
		{"nhs_app", NHSApp, "943 476 5919"},
		{"letter", Letter, "1 High Street\nLeeds\nls14ap"},
		{"letter_plain", Letter, "1 Example Road, Nottingham, NG1 1AA"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := NormalizeAddress(c.kind, c.in, AddressRules{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
