package policy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/carecomms/carecomms/policy"
)

func explain(d policy.Decision) string {
	var b strings.Builder
	_ = d.Explain(&b)
	return b.String()
}

// TestExplainGolden keeps the readable explanation of a few decisions in
// testdata/explain. The wording may change between versions: refresh the
// files with -update and review the diff.
func TestExplainGolden(t *testing.T) {
	names := map[string]bool{
		"worked example: urgent treatment within 48 hours, Caldicott Guardian decided": true,
		"hepatitis B vaccine after sexual assault: proxy held":                         true,
		"test results by text naming the condition":                                    true,
		"serious harm: never overridden, even in an emergency":                         true,
		"evening text waits for the morning":                                           true,
		"invalid message refused with the field named":                                 true,
	}
	found := 0
	for _, tc := range decideCases {
		if !names[tc.name] {
			continue
		}
		found++
		_, m, _ := tc.inputs()
		got := explain(tc.decide(t))
		for _, secret := range []string{m.Body, email, mobile, mobileE, postal} {
			if secret != "" && strings.Contains(got, secret) {
				t.Errorf("explanation of %q discloses %q", tc.name, secret)
			}
		}
		path := filepath.Join("testdata", "explain", strings.NewReplacer(" ", "_", ":", "", ",", "").Replace(tc.name)+".golden")
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run with -update to create it)", err)
		}
		if diff := cmp.Diff(string(want), got); diff != "" {
			t.Errorf("Explain(%s) mismatch (-want +got):\n%s", tc.name, diff)
		}
	}
	if found != len(names) {
		t.Fatalf("found %d of %d golden cases: a case was renamed", found, len(names))
	}
}
