package policy

import (
	"os"
	"regexp"
	"testing"
)

// TestRuleConstantComments keeps the stable name written beside each Rule
// constant in catalogue_gen.go the same as the name the constant encodes to.
func TestRuleConstantComments(t *testing.T) {
	src, err := os.ReadFile("catalogue_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`(?m)^\t(Rule\w+)\s+(?:RuleID = iota \+ 1\s+)?// (\S+)$`)
	matches := line.FindAllSubmatch(src, -1)
	if len(matches) != numRules-1 {
		t.Fatalf("found %d commented Rule constants, want %d", len(matches), numRules-1)
	}
	for i, m := range matches {
		if id := RuleID(i + 1); string(m[2]) != id.String() {
			t.Errorf("%s is commented %q but encodes as %q", m[1], m[2], id)
		}
	}
}
