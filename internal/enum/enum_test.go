package enum

import (
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
