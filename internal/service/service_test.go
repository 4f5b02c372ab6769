package service

import (
	"strings"
	"testing"
)

func TestValid(t *testing.T) {
	for _, c := range []string{"hiv", "sexual_health", "a1", "x_2_y", strings.Repeat("a", MaxLen)} {
		if !Valid(c) {
			t.Errorf("Valid(%q) = false, want true", c)
		}
	}
	for _, c := range []string{"", "Hiv", "1hiv", "_hiv", "hiv_", "sexual__health", "sexual health", "sexual-health", "hiv ", strings.Repeat("a", MaxLen+1), "é"} {
		if Valid(c) {
			t.Errorf("Valid(%q) = true, want false", c)
		}
	}
}
