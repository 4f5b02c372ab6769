package main

import (
	"strings"
	"testing"
)

// -fhir decides the case's message for the bundle's person and, with
// -communication, prints the Communication to record.
func TestFHIRBundle(t *testing.T) {
	code, out, errOut := runCmd(t, "", "-fhir", "../../policy/fhir/testdata/gp-bundle.json", "-communication", "testdata/case.json")
	if code != exitSend {
		t.Fatalf("decide -fhir exit = %d, want %d; stderr:\n%s", code, exitSend, errOut)
	}
	for _, want := range []string{"to patient pat-1", `"resourceType":"Communication"`, `"value":"9990000026"`} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "fhir: resource[6]") {
		t.Errorf("stderr lacks the ingest report:\n%s", errOut)
	}
	if code, _, _ := runCmd(t, "", "-communication", "testdata/case.json"); code != exitBad {
		t.Errorf("decide -communication without -fhir exit = %d, want %d", code, exitBad)
	}
	if code, _, _ := runCmd(t, "", "-fhir", "../../policy/fhir/testdata/pds-deceased.json", "testdata/case.json"); code != exitRefuse {
		t.Errorf("decide -fhir deceased exit = %d, want %d", code, exitRefuse)
	}
}
