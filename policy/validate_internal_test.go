package policy

import (
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// TestBlank: blank agrees with strings.TrimSpace, including its fast path
// for identifiers that start with a visible ASCII character.
func TestBlank(t *testing.T) {
	for _, s := range []string{"", " ", "\t\n", "\u00a0", "\u2003 ", "x", " x", "x ", "\u00a0x", "~", "\x7f", "\x00", "é"} {
		if got, want := blank(s), strings.TrimSpace(s) == ""; got != want {
			t.Errorf("blank(%q) = %v, want %v", s, got, want)
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
