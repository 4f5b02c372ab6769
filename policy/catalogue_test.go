package policy_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/minimise"
	"github.com/carecomms/carecomms/policy"
)

// The requirements a decision acts on. G35 is the org's own work; its
// declarations are checked by New (config.declared).
var requirements = func() []string {
	var out []string
	for i := 1; i <= 35; i++ {
		out = append(out, fmt.Sprintf("G%d", i))
	}
	for i := 1; i <= 8; i++ {
		out = append(out, fmt.Sprintf("P%d", i))
	}
	return out
}()

func TestCatalogueSortedAndReferenced(t *testing.T) {
	cat := policy.Catalogue()
	for i, r := range cat {
		if i > 0 && cat[i-1].ID.String() >= r.ID.String() {
			t.Errorf("catalogue not sorted or duplicated at %s after %s", r.ID, cat[i-1].ID)
		}
		if len(r.Refs) == 0 {
			t.Errorf("rule %s names no G-n or P-n", r.ID)
		}
		for _, ref := range r.Refs {
			if !slices.Contains(requirements, ref) {
				t.Errorf("rule %s cites %q, which is not a requirement", r.ID, ref)
			}
		}
		if r.Title == "" {
			t.Errorf("rule %s has no title", r.ID)
		}
		if got, ok := policy.Lookup(r.ID); !ok || got.ID != r.ID {
			t.Errorf("Lookup(%s) = %v, %v", r.ID, got, ok)
		}
	}
	for _, id := range []policy.RuleID{0, policy.RuleID(250)} {
		if _, ok := policy.Lookup(id); ok {
			t.Errorf("Lookup(%v) found a rule", id)
		}
	}
}

// TestRuleIDText: every rule id has a catalogue entry and a stable name
// that round-trips through text; unknown names and numbers are errors.
func TestRuleIDText(t *testing.T) {
	n := 0
	for id := policy.RuleID(1); id.Valid(); id++ {
		n++
		if _, ok := policy.Lookup(id); !ok {
			t.Errorf("rule id %d (%s) has no catalogue entry", int(id), id)
		}
		b, err := id.MarshalText()
		var back policy.RuleID
		if err != nil || back.UnmarshalText(b) != nil || back != id {
			t.Errorf("rule %s does not round-trip through text: %q, %v, %v", id, b, err, back)
		}
	}
	if len(policy.Catalogue()) != n {
		t.Errorf("catalogue has %d rules, the RuleID constants %d", len(policy.Catalogue()), n)
	}
	if _, err := policy.ParseRuleID("no.such_rule"); err == nil || !strings.Contains(err.Error(), "unknown rule id") {
		t.Errorf("ParseRuleID(no.such_rule) error = %v, want an unknown rule id error", err)
	}
	if _, err := policy.RuleID(0).MarshalText(); err == nil {
		t.Errorf("RuleID(0).MarshalText() did not fail")
	}
	if got := policy.RuleID(250).String(); got != "rule(250)" {
		t.Errorf("RuleID(250).String() = %q", got)
	}
}

// TestEveryRequirementHasARule fails when a requirement that a decision
// can act on has no rule in the catalogue.
func TestEveryRequirementHasARule(t *testing.T) {
	cited := map[string]bool{}
	for _, r := range policy.Catalogue() {
		for _, ref := range r.Refs {
			cited[ref] = true
		}
	}
	for _, req := range requirements {
		if !cited[req] {
			t.Errorf("requirement %s has no rule in the catalogue", req)
		}
	}
}

// TestFindingRulesMatchMinimise keeps the finding.* rules in step with the
// kinds minimise reports and the requirements they rest on.
func TestFindingRulesMatchMinimise(t *testing.T) {
	for _, k := range minimise.Kinds() {
		id, err := policy.ParseRuleID("finding." + k.String())
		r, ok := policy.Lookup(id)
		if err != nil || !ok {
			t.Errorf("minimise kind %s has no rule %s", k, id)
			continue
		}
		if !slices.Equal(r.Refs, k.Refs()) {
			t.Errorf("rule %s refs = %v, minimise says %v", id, r.Refs, k.Refs())
		}
	}
}

// TestREADMECatalogue checks that the README's rule table is generated
// from the catalogue. Refresh it with -update.
func TestREADMECatalogue(t *testing.T) {
	const path = "../README.md"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const start, end = "<!-- catalogue:start -->\n", "<!-- catalogue:end -->"
	s := string(b)
	i, j := strings.Index(s, start), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the catalogue markers")
	}
	var tb strings.Builder
	fmt.Fprintf(&tb, "Catalogue version `%s`.\n\n| rule | requirements | what it checks |\n|---|---|---|\n", policy.CatalogueVersion)
	for _, r := range policy.Catalogue() {
		fmt.Fprintf(&tb, "| `%s` | %s | %s |\n", r.ID, strings.Join(r.Refs, ", "), r.Title)
	}
	want := s[:i+len(start)] + tb.String() + s[j:]
	if want == s {
		return
	}
	if *update {
		if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md rule catalogue is stale: run go test ./policy -run TestREADMECatalogue -update")
}
