package printable

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBlank(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"", true},
		{" ", true},
		{"\t\r\n", true},
		{"\x00\x00", true},
		{"\u00a0\u202f\u3000", true}, // no-break, narrow no-break and ideographic spaces
		{"\u200b\u200c\u200d\u2060\ufeff\u180e", true}, // zero-width, joiners, word joiner, BOM, Mongolian vowel separator
		{"\u202e\u2066", true},                         // bidi override and isolate
		{"\u3164\u115f\ufe0f\u034f\u2800", true},       // Hangul filler, variation selector, CGJ, Braille blank
		{"a", false},
		{" \u200b x", false},
		{"\u200bé", false},
		{"\xff", false}, // not UTF-8: counted as visible, refused elsewhere
		{"Your appointment is on Thursday.", false},
	} {
		if got := Blank(tc.s); got != tc.want {
			t.Errorf("Blank(%+q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

func TestID(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"msg-1", true},
		{"staff 42", true},
		{"Siân Ó Briain", true},
		{"9434765919", true},
		{"", false},
		{" ", false},
		{"\u200b", false},
		{"\x00", false},
		{"msg\x00-1", false},
		{"msg-1\n", false},
		{"msg\u200b-1", false},
		{"\ufeffmsg-1", false},
		{"msg-\xff", false},
		{"\u3164", false},
		{"\u00a0", false},
	} {
		if got := ID(tc.s); got != tc.want {
			t.Errorf("ID(%+q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

// TestBlankAgreesWithInvisible: Blank is true exactly when every rune is
// invisible, for every code point on its own and after visible text.
func TestBlankAgreesWithInvisible(t *testing.T) {
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if r >= 0xd800 && r <= 0xdfff {
			continue
		}
		s := string(r)
		if Blank(s) != Invisible(r) {
			t.Fatalf("Blank(%+q) = %v, Invisible = %v", s, Blank(s), Invisible(r))
		}
		if Blank("x" + s) {
			t.Fatalf("Blank(%+q) = true", "x"+s)
		}
		if Invisible(r) && ID(s) {
			t.Fatalf("ID(%+q) = true for an invisible rune", s)
		}
	}
}

func BenchmarkBlankASCII(b *testing.B) {
	s := "Your appointment is on Thursday at 09:40."
	for b.Loop() {
		if Blank(s) {
			b.Fatal("blank")
		}
	}
}

func BenchmarkID(b *testing.B) {
	s := strings.Repeat("x", 12)
	for b.Loop() {
		if !ID(s) {
			b.Fatal("not an id")
		}
	}
}
