package policy

import (
	"strings"
	"testing"
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
