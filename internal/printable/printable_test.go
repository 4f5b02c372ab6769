package printable

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
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

// idReference is ID a character at a time, as it was before the
// eight-byte blocks: the fast path must agree with it.
func idReference(s string) bool {
	visible := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < utf8.RuneSelf {
			if r < ' ' || r == 0x7f {
				return false
			}
			visible = visible || r != ' '
			i++
			continue
		}
		if (r == utf8.RuneError && size == 1) || !unicode.IsGraphic(r) {
			return false
		}
		visible = visible || !Invisible(r)
		i += size
	}
	return visible
}

// TestIDBlocks: ID, which reads printable ASCII eight bytes at a time,
// agrees with idReference on strings of every length to 24 made of the
// bytes at the edges of its word tests, wherever they fall in a block.
func TestIDBlocks(t *testing.T) {
	edges := []string{" ", "a", "~", "\x1f", "\x00", "\x7f", "\x80", "é", "\u200b", "\xff", "!", "\x20"}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 50000 {
		var b strings.Builder
		n := rng.IntN(25)
		for range n {
			if rng.IntN(4) == 0 {
				b.WriteString(edges[rng.IntN(len(edges))])
			} else {
				b.WriteByte(byte(' ' + rng.IntN(95)))
			}
		}
		s := b.String()
		if got, want := ID(s), idReference(s); got != want {
			t.Fatalf("ID(%+q) = %v, want %v", s, got, want)
		}
	}
	for _, s := range []string{"        ", "         x", "abcdefgh", "abcdefg\x7f", "abcdefg\x1f", "abc\x00efgh"} {
		if got, want := ID(s), idReference(s); got != want {
			t.Errorf("ID(%+q) = %v, want %v", s, got, want)
		}
	}
}
