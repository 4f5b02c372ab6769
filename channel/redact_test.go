package channel

import (
	"strings"
	"testing"
)

func TestMaskID(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "-"},
		{"msg-1", "msg-1"},
		{"staff-42", "staff-42"},
		{"proxy-123456", "proxy-123456"},
		{"9434765919", "*******919"},
		{"patient/9434765919", "patient/*******919"},
		{"+447700900123", "+*********123"},
		{"msg-2026-10-25-0001", "msg-2026-10-25-0001"},
		{"p/943-476-5919", "p/***-***-*919"},
		{"07700.900.123", "*****.***.123"},
		{"+44-7700-900123", "+**-****-***123"},
		{"ref-12345678-x", "ref-*****678-x"},
		{"9434765919-1", "*******919-1"},
		{"2026-11-24", "2026-11-24"},
		{"943 476 5919", "************"},
		{"jane@example.org", "****************"},
		{"HIV positive", "************"},
		{"Siân", "****"},
		{strings.Repeat("x", 65), strings.Repeat("*", maxMaskStars)},
		// A number written with other separators, or runs of them.
		{"943_476_5919", "***_***_*919"},
		{"9434-76-5919", "****-**-*919"},
		{"943:476:5919", "***:***:*919"},
		{"(07700)900456", "(*****)***456"},
		{"07700--900456", "*****--***456"},
		{"943-47-65-919", "***-**-**-919"},
		{"p_943/476.5919", "p_***/***.*919"},
		// Dates, times and a short last group are not part of a number.
		{"24/11/2026", "24/11/2026"},
		{"msg-2026-11-24T10:00:00.123", "msg-2026-11-24T10:00:00.123"},
		{"msg-2026-11-24-9434765919", "msg-2026-11-24-*******919"},
		{"9434-76-5919-1", "****-**-*919-1"},
	} {
		if got := MaskID(tc.in); got != tc.want {
			t.Errorf("MaskID(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestMaskIDAnyGrouping: an NHS or mobile number split into groups at any
// places, by any of the separators an identifier may hold, shows at most
// 5 of its digits (the last 3, and a last group of 1 or 2 digits).
func TestMaskIDAnyGrouping(t *testing.T) {
	for _, number := range []string{"9434765919", "07700900456", "4010232137"} {
		for split := 0; split < 1<<(len(number)-1); split++ {
			for _, sep := range []string{"-", "_", ":", ".", "/", "--", ")(", ")", "(", "._"} {
				var b strings.Builder
				for i := range len(number) {
					if i > 0 && split&(1<<(i-1)) != 0 {
						b.WriteString(sep)
					}
					b.WriteByte(number[i])
				}
				id := b.String()
				got := MaskID(id)
				if shown := len(number) - strings.Count(got, "*"); shown > 5 {
					t.Fatalf("MaskID(%q) = %q, shows %d digits, want at most 5", id, got, shown)
				}
			}
		}
	}
}

// TestRedact: the forms issue 16 found unmasked in transport errors, and
// the address itself in another case, are masked.
func TestRedact(t *testing.T) {
	for _, tc := range []struct {
		name, text, address string
		secrets             []string
	}{
		{"bracketed", "provider: (07700) 900123 is not a mobile", "+447700900123", []string{"07700", "900123", "(07700) 900123"}},
		{"dotted", "number 07700.900.123 unknown", "+447700900123", []string{"07700.900.123", "900.123", "07700"}},
		{"spaced", "to +44 7700 900 123 failed", "+447700900123", []string{"7700 900", "+44 7700"}},
		{"dashes", "07700\u2013900\u2013123 rejected", "", []string{"07700", "900\u2013123"}},
		{"nhs number", "patient 943 476 5919 has no app", "9434765919", []string{"943 476 5919", "476"}},
		{"email other case", "550 5.1.1 <JANE.Smith@Example.ORG>: user unknown", "jane.smith@example.org", []string{"JANE.Smith", "Example", "jane.smith"}},
		{"email anywhere", "bounce for someone.else@example.net", "jane@example.org", []string{"someone.else", "example.net"}},
		{"underscored", "patient 943_476_5919 unknown", "", []string{"943_476", "476_5919"}},
		{"coloned", "id 943:476:5919 unknown", "", []string{"943:476", "476:5919"}},
		{"separator runs", "to 07700--900456 and (07700)900456 and 07700 - 900456", "", []string{"07700", "900456"}},
		{"postal address", "print: 1 example road, nottingham, NG1 1AA undeliverable", "1 Example Road, Nottingham, NG1 1AA", []string{"example road", "nottingham"}},
	} {
		got := Redact(tc.text, tc.address)
		for _, s := range tc.secrets {
			if strings.Contains(got, s) {
				t.Errorf("%s: Redact(%q) = %q, still shows %q", tc.name, tc.text, got, s)
			}
		}
	}
	if got := Redact("timeout after 30s (HTTP 503)", "+447700900123"); got != "timeout after 30s (HTTP 503)" {
		t.Errorf("Redact changed text with no address in it: %q", got)
	}
	long := strings.Repeat("x", 10000)
	if got := Redact(long, ""); len(got) > maxRedact+len("…") {
		t.Errorf("Redact(10000 bytes) = %d bytes, want at most %d", len(got), maxRedact)
	}
}
