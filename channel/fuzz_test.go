package channel

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// hintExamples are the example addresses the error reasons quote. An
// address that is part of them appears in a reason without being disclosed.
const hintExamples = "07700 900123 +44 7700 900123 943 476 5919 9434765919 name@example.org LS1 4AP"

func FuzzNormalizeAddress(f *testing.F) {
	for _, tc := range addressCases {
		f.Add(uint8(tc.kind), tc.in, tc.rules.AllowInternational)
	}
	f.Add(uint8(SMS), "+44 (0)7700 900123", false)
	f.Add(uint8(Email), "Ölaf@Bücher.Example", false)
	f.Add(uint8(Letter), "Flat 1, 2 High St, Leeds LS14AP", false)
	f.Add(uint8(Letter), "A\rB\r\nC, ls1 4ap", false)
	f.Fuzz(func(t *testing.T, kind uint8, address string, international bool) {
		k := Kind(kind % 8)
		r := AddressRules{AllowInternational: international}
		out, err := NormalizeAddress(k, address, r)
		trimmed := strings.TrimSpace(address)
		if m := Mask(k, address); trimmed != "" && strings.Contains(m, trimmed) {
			t.Fatalf("Mask(%v, %q) = %q contains the address", k, address, m)
		}
		if err != nil {
			checkAddressError(t, k, address, out, err)
			return
		}
		again, err := NormalizeAddress(k, out, r)
		if err != nil || again != out {
			t.Fatalf("NormalizeAddress(%v, %q) = %q, which normalises to %q, %v", k, address, out, again, err)
		}
		if !international {
			wide, err := NormalizeAddress(k, address, AddressRules{AllowInternational: true})
			if err != nil || wide != out {
				t.Fatalf("NormalizeAddress(%v, %q) with international numbers = %q, %v, want %q", k, address, wide, err, out)
			}
		}
		checkCanonical(t, k, out, r)
	})
}

func checkAddressError(t *testing.T, k Kind, address, out string, err error) {
	t.Helper()
	var ae *AddressError
	switch {
	case out != "":
		t.Fatalf("NormalizeAddress(%v, %q) = %q with error %v", k, address, out, err)
	case !errors.As(err, &ae):
		t.Fatalf("NormalizeAddress(%v, %q) error %T, want *AddressError", k, address, err)
	case !errors.Is(err, ErrEmptyAddress) && !errors.Is(err, ErrInvalidAddress) &&
		!errors.Is(err, ErrNotMobile) && !errors.Is(err, ErrInternational):
		t.Fatalf("NormalizeAddress(%v, %q) error %v wraps no sentinel", k, address, err)
	case !strings.HasPrefix(err.Error(), "channel: "):
		t.Fatalf("NormalizeAddress(%v, %q) error %q does not start with \"channel: \"", k, address, err)
	}
	trimmed := strings.TrimSpace(address)
	digits := 0
	for i := 0; i < len(trimmed); i++ {
		if isDigit(trimmed[i]) {
			digits++
		}
	}
	if digits >= 6 && !strings.Contains(hintExamples, trimmed) && strings.Contains(err.Error(), trimmed) {
		t.Fatalf("NormalizeAddress(%v, %q) error %q contains the address", k, address, err)
	}
}

// checkCanonical checks the shape of a canonical address.
func checkCanonical(t *testing.T, k Kind, out string, r AddressRules) {
	t.Helper()
	switch k {
	case SMS, MessagingApp:
		if len(out) < 9 || len(out) > 16 || out[0] != '+' || !allDigits(out[1:]) {
			t.Fatalf("NormalizeAddress(%v) = %q, not E.164", k, out)
		}
		if !r.AllowInternational && !strings.HasPrefix(out, "+447") {
			t.Fatalf("NormalizeAddress(%v) = %q, not a UK mobile", k, out)
		}
	case Email:
		if strings.Count(out, "@") != 1 || len(out) > maxEmailLen {
			t.Fatalf("NormalizeAddress(email) = %q, not one @ within 254 bytes", out)
		}
		for i := 0; i < len(out); i++ {
			if out[i] >= utf8.RuneSelf || out[i] <= ' ' {
				t.Fatalf("NormalizeAddress(email) = %q, has a non-ASCII or space byte", out)
			}
		}
		if _, domain, _ := strings.Cut(out, "@"); domain != strings.ToLower(domain) {
			t.Fatalf("NormalizeAddress(email) = %q, domain not lower case", out)
		}
	case NHSApp:
		if len(out) != 10 || !ValidNHSNumber(out) {
			t.Fatalf("NormalizeAddress(nhs_app) = %q, not a valid 10-digit NHS number", out)
		}
	case Letter:
		lines := strings.Split(out, "\n")
		last := lines[len(lines)-1]
		for _, l := range lines {
			if l == "" || l != strings.TrimSpace(l) {
				t.Fatalf("NormalizeAddress(letter) = %q, has a blank or untrimmed line", out)
			}
		}
		if i := strings.LastIndexFunc(last, func(r rune) bool { return r == ' ' || r == ',' }); i >= 0 {
			if j := strings.LastIndexFunc(last[:i], func(r rune) bool { return r == ' ' || r == ',' }); j >= 0 {
				last = last[j+1:]
			}
		}
		if pc, err := NormalizePostcode(last); err != nil || pc != last {
			t.Fatalf("NormalizeAddress(letter) = %q, does not end with a canonical postcode (%q)", out, last)
		}
	default:
		t.Fatalf("NormalizeAddress(%v) = %q, want an error for an invalid kind", k, out)
	}
}

func FuzzCountSMS(f *testing.F) {
	for _, s := range []string{
		"", "a", strings.Repeat("a", 160), strings.Repeat("a", 152) + "€" + strings.Repeat("a", 152),
		strings.Repeat("ŵ", 71), strings.Repeat("a", 66) + "😀" + strings.Repeat("a", 66),
		"It’s ready – see you…", "a\u00a0b\u200bc\td", "a\xffb", "^{}\\[~]|€\f", "\ufeff“”",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		info := CountSMS(body)
		checkSMSInfo(t, body, info)
		fixed := SuggestGSM(body)
		if (fixed == body) != (len(info.Replacements) == 0) {
			t.Fatalf("SuggestGSM(%q) = %q, but CountSMS found %d replacements", body, fixed, len(info.Replacements))
		}
		if again := CountSMS(fixed); len(again.Replacements) != 0 {
			t.Fatalf("CountSMS(SuggestGSM(%q)) still has replacements %v", body, again.Replacements)
		}
		if SuggestGSM(fixed) != fixed {
			t.Fatalf("SuggestGSM is not idempotent on %q", body)
		}
	})
}

func checkSMSInfo(t *testing.T, body string, info SMSInfo) {
	t.Helper()
	septets, units, gsm := 0, 0, true
	for _, r := range body {
		w := gsmSeptets(r)
		septets += w
		gsm = gsm && w > 0
		units += utf16Len(r)
	}
	single, per, wantUnits, wantEnc := GSM7SingleSegment, GSM7Segment, septets, GSM7
	if !gsm {
		single, per, wantUnits, wantEnc = UCS2SingleSegment, UCS2Segment, units, UCS2
	}
	switch {
	case info.Encoding != wantEnc:
		t.Fatalf("CountSMS(%q).Encoding = %v, want %v", body, info.Encoding, wantEnc)
	case info.Units != wantUnits:
		t.Fatalf("CountSMS(%q).Units = %d, want %d", body, info.Units, wantUnits)
	case info.Segments < 1:
		t.Fatalf("CountSMS(%q).Segments = %d, want at least 1", body, info.Segments)
	case info.TooLong != (info.Units > MaxSMSUnits):
		t.Fatalf("CountSMS(%q).TooLong = %v with %d units", body, info.TooLong, info.Units)
	case info.Units <= single && info.Segments != 1:
		t.Fatalf("CountSMS(%q).Segments = %d for %d units, want 1", body, info.Segments, info.Units)
	case info.Units > single && (info.Segments < (info.Units+per-1)/per || info.Segments > (info.Units+per-2)/(per-1)):
		t.Fatalf("CountSMS(%q).Segments = %d for %d units, outside the bounds", body, info.Segments, info.Units)
	case info.Encoding == GSM7 && len(info.Replacements) != 0:
		t.Fatalf("CountSMS(%q) is GSM7 with replacements", body)
	}
	end := 0
	for _, rep := range info.Replacements {
		if rep.Start < end || rep.End <= rep.Start || rep.End > len(body) || body[rep.Start:rep.End] != rep.Char {
			t.Fatalf("CountSMS(%q) replacement %+v out of order or span", body, rep)
		}
		end = rep.End
	}
}

// FuzzShows checks where text shows on every kind: an email's preview ends
// inside the body on a character boundary, after at most PreviewRunes
// characters once leading white space is skipped, and text before its end
// shows on a locked screen while text after it does not.
func FuzzShows(f *testing.F) {
	f.Add("Dear Jo,\nYour results are ready.", 9)
	f.Add("\u00a0\n\u2003"+strings.Repeat("é", 200), 150)
	f.Add("", 0)
	f.Add("\xff\xfe\n abc", 2)
	f.Fuzz(func(t *testing.T, body string, start int) {
		end := PreviewEnd(body)
		if end < 0 || end > len(body) {
			t.Fatalf("PreviewEnd = %d, outside the body of %d bytes", end, len(body))
		}
		if end < len(body) && utf8.ValidString(body) && !utf8.RuneStart(body[end]) {
			t.Errorf("PreviewEnd = %d, inside a character", end)
		}
		if n := utf8.RuneCountInString(strings.TrimLeftFunc(body[:end], unicode.IsSpace)); utf8.ValidString(body) && n > PreviewRunes {
			t.Errorf("the preview holds %d characters, over %d", n, PreviewRunes)
		}
		if start < 0 || start > len(body) {
			return
		}
		for _, k := range Kinds() {
			for _, login := range []bool{false, true} {
				got := k.Shows(body, start, login)
				if !got.Valid() {
					t.Fatalf("%v.Shows = %v, not a placement", k, got)
				}
				if k == Email && !login && (got == LockScreen) != (start < end) {
					t.Errorf("Email.Shows(start %d) = %v with the preview ending at %d", start, got, end)
				}
			}
		}
	})
}
