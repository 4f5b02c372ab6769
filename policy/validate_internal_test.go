package policy

import (
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// TestBlank: white space, control and format characters are blank (issue
// 16: a body or an id of zero-width spaces or NULs must not pass); any
// visible character, or a byte that is not UTF-8, is not.
func TestBlank(t *testing.T) {
	for _, s := range []string{"", " ", "\t\n", "\u00a0", "\u2003 ", "\x7f", "\x00", "\u200b", "\ufeff\u200d", "\u180e"} {
		if !blank(s) {
			t.Errorf("blank(%q) = false, want true", s)
		}
	}
	for _, s := range []string{"x", " x", "x ", "\u00a0x", "~", "é", "\u200bx", "\xff"} {
		if blank(s) {
			t.Errorf("blank(%q) = true, want false", s)
		}
	}
}

// TestValidText: validText agrees with utf8.ValidString wherever the
// first byte of 128 or more falls, in or after an eight-byte block.
func TestValidText(t *testing.T) {
	for _, bad := range []string{"\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "é", "€", "\U0001F600"} {
		for n := range 20 {
			for at := 0; at <= n; at++ {
				s := strings.Repeat("a", at) + bad + strings.Repeat("b", n-at)
				if got, want := validText(s), utf8.ValidString(s); got != want {
					t.Fatalf("validText(%q) = %v, want %v", s, got, want)
				}
			}
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		s := string(rapid.SliceOf(rapid.Byte()).Draw(t, "s"))
		if got, want := validText(s), utf8.ValidString(s); got != want {
			t.Fatalf("validText(%q) = %v, want %v", s, got, want)
		}
	})
}
