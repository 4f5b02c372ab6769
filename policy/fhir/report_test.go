package fhir_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/policy/fhir"
)

// reportShows returns the first of secrets that the report shows, however
// it is printed, or "".
func reportShows(rep fhir.Report, secrets ...string) (string, string) {
	for _, out := range []string{rep.String(), fmt.Sprintf("%v", rep), fmt.Sprintf("%+v", rep), fmt.Sprintf("%#v", rep)} {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				return s, out
			}
		}
	}
	return "", ""
}

// TestReportMasksResourceIDs: PDS uses the NHS number as the Patient's id,
// and hosts use one for any resource; the report's paths mask them as
// channel.MaskID does.
func TestReportMasksResourceIDs(t *testing.T) {
	_, rep := readFile(t, "pds-patient.json")
	if s, out := reportShows(rep, "9990000026", "99000"); s != "" {
		t.Errorf("Read(pds-patient.json): the report shows the NHS number (%q):\n%s", s, out)
	}
	if !hasEntry(rep, "Patient/*******026.gender", fhir.Ignored) {
		t.Errorf("Read(pds-patient.json): no entry at Patient/*******026.gender:\n%s", rep)
	}
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[
	 {"resource":{"resourceType":"Patient","id":"9434765919","gender":"female",
	   "identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9434765919"}],"birthDate":"1980"}},
	 {"resource":{"resourceType":"RelatedPerson","id":"07700900456","patient":{"reference":"Patient/9434765919"}}},
	 {"resource":{"resourceType":"Consent","id":"943-476-5919","status":"active","provision":{"type":"permit"}}},
	 {"resource":{"resourceType":"Flag","id":"943_476_5919","status":"active"}}]}`
	_, rep, err := fhir.Read([]byte(bundle))
	if err != nil {
		t.Fatal(err)
	}
	if s, out := reportShows(rep, "943476", "434765", "4765919", "476-5919", "476_5919", "7700900", "900456"); s != "" {
		t.Errorf("the report shows a resource id (%q):\n%s", s, out)
	}
	for _, path := range []string{"Patient/*******919.birthDate", "RelatedPerson/********456", "Consent/***-***-*919", "Flag/***_***_*919"} {
		if !hasEntry(rep, path, fhir.Note) && !hasEntry(rep, path, fhir.Ignored) && !hasEntry(rep, path, fhir.Closed) {
			t.Errorf("no entry at %s:\n%s", path, rep)
		}
	}
}

// TestReportMasksInputText: codes, systems, URLs and element names the
// report quotes from the input are masked as channel.MaskID masks an
// identifier; the code systems and extensions this package names, and
// other URLs of printable text, stay readable.
func TestReportMasksInputText(t *testing.T) {
	data := []byte(`{"resourceType":"Patient","id":"p1",
	  "telecom":[{"system":"07700 900456","value":"07700 900456"},{"system":"email","value":"jane.secret@example.org","use":"jane.secret@example.org"},
	    {"system":"phone","use":"9434765919","value":"07700 900123"}],
	  "extension":[{"url":"https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSCommunication","extension":[{"url":"jane.secret@example.org 07700 900456","valueString":"x"}]},
	    {"url":"https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory"},
	    {"url":"http://example.org/fhir/jane.secret@example.org"}],
	  "jane.secret@example.org":1,
	  "meta":{"security":[{"system":"tel:07700900456","code":"Your HIV test was positive"}]},
	  "identifier":[{"system":"tel:07700900456","value":"x"}]}`)
	_, rep, err := fhir.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if s, out := reportShows(rep, "jane.secret", "900456", "7700900", "07700", "HIV", "9434765919"); s != "" {
		t.Errorf("the report shows input text (%q):\n%s", s, out)
	}
	for _, want := range []string{
		`"https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory"`,
		`"tel:********456"`,
		`"*******919"`,
	} {
		if !strings.Contains(rep.String(), want) {
			t.Errorf("the report does not show %s:\n%s", want, rep)
		}
	}
	consent := `{"resourceType":"Bundle","type":"collection","entry":[
	 {"resource":{"resourceType":"Patient","id":"p1"}},
	 {"resource":{"resourceType":"Consent","id":"c1","status":"active","provision":{"type":"deny"},
	   "extension":[{"url":"` + fhir.ExtContactPreference + `"}]}}]}`
	_, rep, err = fhir.Read([]byte(consent))
	if err != nil {
		t.Fatal(err)
	}
	if want := `extension "` + fhir.ExtContactPreference + `" is not read`; !strings.Contains(rep.String(), want) {
		t.Errorf("the report does not show the package's own extension URL in full (%s):\n%s", want, rep)
	}
}
