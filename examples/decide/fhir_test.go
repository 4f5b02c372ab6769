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

// -nhs-app and -capacity give what FHIR does not carry: the NHS App
// contact by the verified NHS number, and the person's capacity.
func TestFHIRHostFlags(t *testing.T) {
	code, out, errOut := runCmd(t, "", "-fhir", "../../policy/fhir/testdata/pds-patient.json", "-nhs-app", "-capacity", "has_capacity", "testdata/case.json")
	if code != exitSend || !strings.Contains(out, "SEND by nhs_app") {
		t.Errorf("decide -fhir -nhs-app exit = %d, want %d by nhs_app; stdout:\n%s\nstderr:\n%s", code, exitSend, out, errOut)
	}
	for _, want := range []string{"nhs_app: note: registered for the NHS App", "capacity: note: capacity has_capacity"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if code, out, _ := runCmd(t, "", "-fhir", "../../policy/fhir/testdata/pds-patient.json", "testdata/case.json"); code != exitSend || strings.Contains(out, "by nhs_app") {
		t.Errorf("decide -fhir without -nhs-app exit = %d, want %d and no NHS App delivery:\n%s", code, exitSend, out)
	}
	for _, args := range [][]string{
		{"-nhs-app", "testdata/case.json"},
		{"-capacity", "lacks_capacity", "testdata/case.json"},
		{"-fhir", "../../policy/fhir/testdata/pds-patient.json", "-capacity", "sometimes", "testdata/case.json"},
	} {
		if code, _, _ := runCmd(t, "", args...); code != exitBad {
			t.Errorf("decide %v exit = %d, want %d", args, code, exitBad)
		}
	}
}
