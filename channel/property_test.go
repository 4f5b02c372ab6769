package channel

import (
	"fmt"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestPropMaskHidesAddress: Mask never returns a string containing the
// (trimmed) address, for any kind and any text (G30 errors and logs).
func TestPropMaskHidesAddress(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := Kind(rapid.IntRange(0, 6).Draw(t, "kind"))
		s := rapid.OneOf(
			rapid.String(),
			rapid.StringMatching(`[0-9+() *-]{0,20}`),
			rapid.StringMatching(`[a-z*.]{0,6}@[a-z*.]{0,10}`),
			rapid.StringMatching(`[A-Z0-9 ,*\n]{0,20}`),
		).Draw(t, "address")
		m := Mask(k, s)
		if in := strings.TrimSpace(s); in != "" && strings.Contains(m, in) {
			t.Fatalf("Mask(%v, %q) = %q contains the address", k, s, m)
		}
		if strings.TrimSpace(s) == "" && m != "(none)" {
			t.Fatalf("Mask(%v, %q) = %q, want (none)", k, s, m)
		}
	})
}

// TestPropDramaNumbers: every written form of a number in Ofcom's drama
// range 07700 900000–900999 normalises to the same E.164 number (G30).
func TestPropDramaNumbers(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 999).Draw(t, "n")
		prefix := rapid.SampledFrom([]string{"0", "+44", "+44 ", "0044 ", "+44 (0)", "(0", "+44 0"}).Draw(t, "prefix")
		sep := rapid.SampledFrom([]string{"", " ", "-", ".", "  "}).Draw(t, "sep")
		mid := "7700"
		if prefix == "(0" {
			mid = "7700)"
		}
		written := fmt.Sprintf("%s%s%s900%s%03d", prefix, mid, sep, sep, n)
		want := fmt.Sprintf("+447700900%03d", n)
		for _, k := range []Kind{SMS, MessagingApp} {
			got, err := NormalizeAddress(k, written, AddressRules{})
			if err != nil || got != want {
				t.Fatalf("NormalizeAddress(%v, %q) = %q, %v, want %q", k, written, got, err, want)
			}
		}
	})
}

// TestPropNHSNumberCheckDigit: a test-range NHS number with its Modulus 11
// check digit is valid in every written form, and changing any one digit
// makes it invalid (G30).
func TestPropNHSNumberCheckDigit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		body := "999" + rapid.StringMatching(`[0-9]{6}`).Draw(t, "digits")
		sum := 0
		for i := 0; i < 9; i++ {
			sum += int(body[i]-'0') * (10 - i)
		}
		check := (11 - sum%11) % 11
		if check == 10 {
			if ValidNHSNumber(body + "0") {
				t.Fatalf("ValidNHSNumber(%s0) = true for check digit 10", body)
			}
			return
		}
		n := body + string(rune('0'+check))
		for _, form := range []string{n, n[:3] + " " + n[3:6] + " " + n[6:], n[:3] + "-" + n[3:6] + "-" + n[6:]} {
			if !ValidNHSNumber(form) {
				t.Fatalf("ValidNHSNumber(%q) = false, want true", form)
			}
			if got, err := NormalizeAddress(NHSApp, form, AddressRules{}); err != nil || got != n {
				t.Fatalf("NormalizeAddress(nhs_app, %q) = %q, %v, want %q", form, got, err, n)
			}
		}
		pos := rapid.IntRange(0, 9).Draw(t, "pos")
		d := byte('0' + (int(n[pos]-'0')+rapid.IntRange(1, 9).Draw(t, "delta"))%10)
		changed := n[:pos] + string(d) + n[pos+1:]
		if ValidNHSNumber(changed) {
			t.Fatalf("ValidNHSNumber(%s) = true after changing digit %d of %s", changed, pos, n)
		}
	})
}

// TestPropSegmentsGrow: appending a character never reduces the number
// of segments (P4).
func TestPropSegmentsGrow(t *testing.T) {
	chars := []rune{'a', ' ', '€', '{', '£', 'ŵ', '’', '😀', '\u200b'}
	rapid.Check(t, func(t *rapid.T) {
		rs := rapid.SliceOfN(rapid.SampledFrom(chars), 0, 400).Draw(t, "body")
		extra := rapid.SampledFrom(chars).Draw(t, "extra")
		body := string(rs)
		before, after := CountSMS(body), CountSMS(body+string(extra))
		if after.Segments < before.Segments {
			t.Fatalf("CountSMS segments fell from %d to %d on appending %q to %q", before.Segments, after.Segments, extra, body)
		}
	})
}

// TestPropLetterRoundTrip: a generated postal address with a valid
// postcode normalises, and the canonical form keeps the postcode (G30).
func TestPropLetterRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pc := rapid.SampledFrom([]string{"LS1 4AP", "SW1A 1AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB"}).Draw(t, "postcode")
		lines := rapid.SliceOfN(rapid.StringMatching(`[A-Za-z0-9][A-Za-z0-9 ]{0,20}[A-Za-z]`), 1, 4).Draw(t, "lines")
		form := rapid.IntRange(0, 2).Draw(t, "form")
		written := pc
		if rapid.Bool().Draw(t, "lower") {
			written = strings.ToLower(written)
		}
		var addr string
		switch form {
		case 0:
			addr = strings.Join(lines, "\n") + "\n" + written
		case 1:
			addr = strings.Join(lines, ", ") + ", " + written
		default:
			addr = strings.Join(lines, "\n") + " " + strings.ReplaceAll(written, " ", "")
		}
		got, err := NormalizeAddress(Letter, addr, AddressRules{})
		if err != nil {
			t.Fatalf("NormalizeAddress(letter, %q) error = %v", addr, err)
		}
		if !strings.HasSuffix(got, pc) {
			t.Fatalf("NormalizeAddress(letter, %q) = %q, want it to end with %q", addr, got, pc)
		}
		if m := Mask(Letter, addr); m != "***, "+strings.Split(pc, " ")[0]+" ***" {
			t.Fatalf("Mask(letter, %q) = %q", addr, m)
		}
	})
}

// TestPropGSMSegmentsExact compares CountSMS with a plain character-by-
// character segmenter on GSM-7 bodies, including long runs of basic
// characters (counted by a fast path) followed by escape pairs at and
// around the segment boundaries (P4).
func TestPropGSMSegmentsExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Runs that end near a segment boundary most of the time.
		run := rapid.IntRange(0, 480).Draw(t, "run")
		if rapid.IntRange(0, 3).Draw(t, "near") > 0 {
			run = max(0, GSM7Segment*rapid.IntRange(1, 3).Draw(t, "k")+rapid.IntRange(-6, 2).Draw(t, "delta"))
		}
		tail := rapid.SliceOfN(rapid.SampledFrom([]rune{'a', ' ', '{', '€', '^', '£', '\n'}), 0, 12).Draw(t, "tail")
		body := strings.Repeat("x", run) + string(tail)
		seg, used, septets := 1, 0, 0
		for _, r := range body {
			w := gsmSeptets(r)
			septets += w
			if used+w > GSM7Segment {
				seg, used = seg+1, w
			} else {
				used += w
			}
		}
		if septets <= GSM7SingleSegment {
			seg = 1
		}
		got := CountSMS(body)
		if got.Encoding != GSM7 || got.Units != septets || got.Segments != seg {
			t.Fatalf("CountSMS(%d×x + %q) = %v/%d units/%d segments, want gsm7/%d/%d", run, string(tail), got.Encoding, got.Units, got.Segments, septets, seg)
		}
	})
}

// TestPropBasicPrefix: basicPrefix, which tests eight bytes at a time,
// stops exactly at the first byte outside the GSM-7 basic set, for every
// byte value at every position of an eight-byte block and after it.
func TestPropBasicPrefix(t *testing.T) {
	want := func(s string) int {
		for i := 0; i < len(s); i++ {
			if s[i] >= 128 || asciiSeptets(s[i]) != 1 {
				return i
			}
		}
		return len(s)
	}
	for c := range 256 {
		for n := range 20 {
			for at := range n {
				b := []byte(strings.Repeat("a", n))
				b[at] = byte(c)
				if got, w := basicPrefix(string(b)), want(string(b)); got != w {
					t.Fatalf("basicPrefix(%q) = %d, want %d", b, got, w)
				}
			}
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.String().Draw(t, "s")
		if got, w := basicPrefix(s), want(s); got != w {
			t.Fatalf("basicPrefix(%q) = %d, want %d", s, got, w)
		}
	})
}
