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

// TestValidFold checks ValidFold against Valid of the lower-cased code, on
// the cases above in both cases and on every string of up to four bytes
// from an alphabet that holds each class of byte the rule tells apart.
func TestValidFold(t *testing.T) {
	check := func(c string) {
		t.Helper()
		if got, want := ValidFold(c), Valid(strings.ToLower(c)); got != want {
			t.Errorf("ValidFold(%q) = %v, want %v (Valid of its lower case)", c, got, want)
		}
	}
	for _, c := range []string{"hiv", "HIV", "Sexual_Health", "", "1hiv", "_HIV", "HIV_", "a__b", "sexual health", "sexual-health", "é", "É", strings.Repeat("A", MaxLen), strings.Repeat("A", MaxLen+1)} {
		check(c)
	}
	const alphabet = "aZ0_-@[`{ \x80"
	var walk func(prefix string)
	walk = func(prefix string) {
		check(prefix)
		if len(prefix) == 4 {
			return
		}
		for i := 0; i < len(alphabet); i++ {
			walk(prefix + alphabet[i:i+1])
		}
	}
	walk("")
}
