package enum

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestNameAndParse(t *testing.T) {
	names := []string{"", "alpha", "beta"}
	if got := Name("kind", names, 2); got != "beta" {
		t.Errorf("Name(2) = %q, want beta", got)
	}
	for _, v := range []int{0, -1, 3} {
		if got := Name("kind", names, v); !strings.HasPrefix(got, "kind(") {
			t.Errorf("Name(%d) = %q, want a placeholder", v, got)
		}
	}
	if v, err := Parse("pkg", "kind", names, 1, []byte("alpha")); v != 1 || err != nil {
		t.Errorf("Parse(alpha) = %d, %v", v, err)
	}
	for _, in := range []string{"", "gamma", "Alpha"} {
		if _, err := Parse("pkg", "kind", names, 1, []byte(in)); err == nil || !strings.HasPrefix(err.Error(), "pkg: unknown kind") {
			t.Errorf("Parse(%q) = %v, want an unknown-name error", in, err)
		}
	}
	long := strings.Repeat("x", 100)
	if _, err := Parse("pkg", "kind", names, 1, []byte(long)); err == nil || strings.Contains(err.Error(), long) {
		t.Errorf("Parse(long) error echoes the whole input: %v", err)
	}
}

// TestParseDoesNotEchoValue: an unknown value is never repeated in the
// error, which may reach a log (issue 16: `unknown kind "07700 900777"`);
// Rejected keeps it for tools that locate it in the input, and a name
// differing only in case or spaces is suggested.
func TestParseDoesNotEchoValue(t *testing.T) {
	names := []string{"", "email", "sms"}
	for _, in := range []string{"07700 900777", "jane@example.org", "943 476 5919", "HIV positive"} {
		_, err := Parse("channel", "kind", names, 1, []byte(in))
		if err == nil {
			t.Fatalf("Parse(%q) = nil error", in)
		}
		for _, s := range []string{err.Error(), fmt.Sprintf("%v", err), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err)} {
			if strings.Contains(s, in) || strings.Contains(s, "900777") {
				t.Errorf("Parse(%q) error %q repeats the value", in, s)
			}
		}
		var e *Error
		if !errors.As(err, &e) || e.Rejected() != in {
			t.Errorf("Parse(%q): Rejected() = %q, want the value", in, e.Rejected())
		}
	}
	_, err := Parse("channel", "kind", names, 1, []byte(" Email "))
	if err == nil || !strings.Contains(err.Error(), "did you mean email?") {
		t.Errorf("Parse(\" Email \") = %v, want a suggestion of email", err)
	}
}
