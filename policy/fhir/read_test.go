package fhir_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/fhir"
	"github.com/carecomms/carecomms/proxy"
)

var readAt = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func readFile(t *testing.T, name string) (policy.Record, fhir.Report) {
	t.Helper()
	return readFileWith(t, fhir.Reader{At: readAt}, name)
}

func readFileWith(t *testing.T, rd fhir.Reader, name string) (policy.Record, fhir.Report) {
	t.Helper()
	rec, rep, err := rd.Read(readTestdata(t, name))
	if err != nil {
		t.Fatalf("Read(%s) error: %v", name, err)
	}
	return rec, rep
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// hasEntry reports whether the report has an entry at path (a prefix) with
// severity s.
func hasEntry(rep fhir.Report, path string, s fhir.Severity) bool {
	for _, e := range rep.Entries {
		if strings.HasPrefix(e.Path, path) && e.Severity == s {
			return true
		}
	}
	return false
}

func TestReadGPBundle(t *testing.T) {
	rec, rep := readFile(t, "gp-bundle.json")
	want := policy.Record{
		PatientID: "pat-1", NHSNumber: "9990000026", Name: "Alex Example",
		Address: "1 Example Street", Postcode: "NG1 1AA",
		BirthDate: channel.Date{Year: 1950, Month: 3, Day: 14},
		Contacts: []channel.Contact{
			{Kind: channel.SMS, Address: "07700 900123"},
			{Kind: channel.Email, Address: "alex.example@example.org"},
		},
		Preferences: []channel.Kind{channel.Email},
		Needs:       []policy.Need{policy.LargePrint, policy.Interpreter, policy.EasyRead},
		Language:    "pl",
		ContactTimes: []policy.ContactTime{
			{Start: policy.ClockOf(6, 0), End: policy.ClockOf(12, 0), Days: policy.Weekdays},
		},
		Objections: []objection.Objection{{
			Scope: objection.ScopeChannel, Channel: channel.SMS,
			RecordedAt: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC), RecordedBy: "Practitioner/staff-0042",
		}},
		Proxies: []proxy.Proxy{{
			ID: "rp-1", Name: "Sam Example", Relationship: "daughter",
			Authority: proxy.CourtAppointedDeputy, RecordNote: true,
			From: channel.Date{Year: 2025, Month: 2, Day: 11}, Status: proxy.Active,
			Contacts: []channel.Contact{{Kind: channel.SMS, Address: "07700 900456"}},
			Access:   []proxy.Access{proxy.Appointments},
		}},
	}
	if diff := cmp.Diff(want, rec); diff != "" {
		t.Errorf("Read(gp-bundle.json) mismatch (-want +got):\n%s", diff)
	}
	for _, c := range []struct {
		path string
		sev  fhir.Severity
		why  string
	}{
		{"Patient/pat-1.telecom[0]", fhir.Ignored, "a landline is not a channel"},
		{"Patient/pat-1.telecom[3]", fhir.Ignored, "an ended mobile number is left out"},
		{"Patient/pat-1.telecom", fhir.Note, "freshness unknown, reported once"},
		{"Patient/pat-1.extension[2]", fhir.Ignored, "ethnic category is not read"},
		{"Patient/pat-1.gender", fhir.Ignored, "gender is not needed"},
		{"Flag/ra-2.code", fhir.Ignored, "a sighted guide is no message need"},
		{"resource[6]", fhir.Ignored, "an Observation is not read"},
	} {
		if !hasEntry(rep, c.path, c.sev) {
			t.Errorf("report has no %v entry at %s (%s):\n%s", c.sev, c.path, c.why, rep)
		}
	}
	if rep.Closed() {
		t.Errorf("report is closed for a complete record:\n%s", rep)
	}
	fresh := 0
	for _, e := range rep.Entries {
		if strings.Contains(e.Detail, "freshness unknown") && strings.HasPrefix(e.Path, "Patient/") {
			fresh++
		}
	}
	if fresh != 1 {
		t.Errorf("freshness reported %d times for the patient, want once", fresh)
	}
	if err := rec.Validate(); err != nil {
		t.Errorf("Read(gp-bundle.json).Validate() = %v", err)
	}
}

func TestReadFailsClosed(t *testing.T) {
	for _, c := range []struct {
		file   string
		status policy.Status
		ref    string
	}{
		{"pds-restricted.json", policy.Restricted, "P1"},
		{"pds-deceased.json", policy.Deceased, "P1"},
		{"pds-informally-deceased.json", policy.InformallyDeceased, "P1"},
	} {
		rec, rep := readFile(t, c.file)
		if rec.Status != c.status {
			t.Errorf("Read(%s).Status = %v, want %v (%s)", c.file, rec.Status, c.status, c.ref)
		}
		if !rep.Closed() {
			t.Errorf("Read(%s) report not closed:\n%s", c.file, rep)
		}
		d := policy.Decide(reminder(), rec)
		if d.Outcome == policy.Send || d.Outcome == policy.Revise {
			t.Errorf("Decide(%s) outcome = %v, want hold or refuse (%s)", c.file, d.Outcome, c.ref)
		}
	}
}

func TestReadInvalidNHSNumber(t *testing.T) {
	rec, rep := readFile(t, "invalid-nhs-number.json")
	if !hasEntry(rep, "Patient/pat-bad.identifier[0]", fhir.Closed) {
		t.Errorf("no closed entry for the NHS number:\n%s", rep)
	}
	if rec.NHSNumber != "9990000027" {
		t.Errorf("NHSNumber = %q, want the number as recorded", rec.NHSNumber)
	}
	if d := policy.Decide(reminder(), rec); d.Outcome != policy.Refuse {
		t.Errorf("Decide(invalid NHS number) outcome = %v, want refuse", d.Outcome)
	}
}

func TestReadErrors(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     error
	}{
		{"not JSON", "<Patient/>", fhir.ErrNotFHIR},
		{"no resourceType", `{"id":"x"}`, fhir.ErrNotFHIR},
		{"no patient", `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Flag","id":"f"}}]}`, fhir.ErrNoPatient},
		{"two patients", `{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient","id":"a"}},{"resource":{"resourceType":"Patient","id":"b"}}]}`, fhir.ErrManyPatients},
		{"lone flag", `{"resourceType":"Flag","id":"f"}`, fhir.ErrNoPatient},
	} {
		_, _, err := fhir.Read([]byte(c.in))
		if !errors.Is(err, c.want) {
			t.Errorf("Read(%s) error = %v, want %v", c.name, err, c.want)
		}
	}
	_, _, err := fhir.Reader{MaxBytes: 10}.Read([]byte(`{"resourceType":"Patient","id":"p"}`))
	if !errors.Is(err, fhir.ErrTooLarge) {
		t.Errorf("Read(over MaxBytes) error = %v, want ErrTooLarge", err)
	}
}

// A RelatedPerson with no start date is accepted from the read date; a
// role with a legal basis the reader does not know gives no authority.
func TestReadProxyLenient(t *testing.T) {
	pat := []byte(`{"resourceType":"Patient","id":"p","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000026"}],"birthDate":"2015-01-01"}`)
	rp := []byte(`{"resourceType":"RelatedPerson","id":"mum","patient":{"reference":"Patient/p"}}`)
	role := []byte(`{"resourceType":"Consent","id":"r","status":"active","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"INFA"}]}],
		"provision":{"type":"permit","actor":[{"role":{"coding":[{"system":"https://fhir.nhs.uk/England/CodeSystem/England-NHSProxyLegalBasis","code":"parental-responsibility"}]},"reference":{"reference":"RelatedPerson/mum"}}]}}`)
	rec, rep, err := fhir.Reader{At: readAt}.ReadResources(pat, rp, role)
	if err != nil {
		t.Fatal(err)
	}
	p := rec.Proxies[0]
	if p.From != (channel.Date{Year: 2026, Month: 11, Day: 24}) || p.Authority != proxy.ParentalResponsibility || p.Access != nil {
		t.Errorf("proxy = %v, from %v, access %v; want parental responsibility from the read date, unrestricted", p, p.From, p.Access)
	}
	if err := rec.Validate(); err != nil {
		t.Errorf("Validate() = %v\n%s", err, rep)
	}
	bad := []byte(strings.Replace(string(role), "parental-responsibility", "friend", 1))
	rec, rep, _ = fhir.Reader{At: readAt}.ReadResources(pat, rp, bad)
	if rec.Proxies[0].Authority != proxy.Authority(0) || !rep.Closed() {
		t.Errorf("unknown legal basis: authority %v, closed %v; want none and closed", rec.Proxies[0].Authority, rep.Closed())
	}
}

func reminder() policy.Message {
	return policy.Message{
		ID: "m-1", At: readAt, Purpose: policy.IndividualCare, Class: channel.AppointmentReminder,
		Body: "Your appointment is on Thursday at 09:40.", Staff: policy.Staff{ID: "staff-42"},
	}
}

// TestReadObjectionCodesNotUnderstood: an objection whose coded service or
// channel cannot be read covers every message, and the report says so as
// Closed, so that an objection is never dropped by a spelling (G10, G11).
// A service that is not a code is an incomplete entry, decided around; a
// channel objection naming no channel is malformed, and refuses.
func TestReadObjectionCodesNotUnderstood(t *testing.T) {
	for _, c := range []struct {
		name, system, code string
	}{
		{"service not a code", fhir.SystemService, "sexual-health"},
		{"service with a space", fhir.SystemService, "Sexual Health"},
		{"channel not a kind", fhir.SystemChannel, "text"},
	} {
		scope := "service"
		if c.system == fhir.SystemChannel {
			scope = "channel"
		}
		bundle := `{"resourceType":"Bundle","type":"collection","entry":[
		 {"resource":{"resourceType":"Patient","id":"pat-1","telecom":[{"system":"phone","use":"mobile","value":"07700 900456"}]}},
		 {"resource":{"resourceType":"Consent","id":"obj-1","status":"active",
		   "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
		   "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
		   "patient":{"reference":"Patient/pat-1"},"dateTime":"2026-01-05T10:00:00Z","performer":[{"reference":"Practitioner/staff-0042"}],
		   "provision":{"type":"deny","code":[
		     {"coding":[{"system":"` + fhir.SystemObjection + `","code":"` + scope + `"}]},
		     {"coding":[{"system":"` + c.system + `","code":"` + c.code + `"}]}]}}}]}`
		rec, rep, err := fhir.Reader{At: readAt}.Read([]byte(bundle))
		if err != nil {
			t.Fatalf("%s: Read error: %v", c.name, err)
		}
		if !hasEntry(rep, "Consent/", fhir.Closed) {
			t.Errorf("%s: report has no Closed entry for the objection's code:\n%s", c.name, rep)
		}
		if c.system == fhir.SystemService && strings.Contains(rep.String(), "Decide refuses it") {
			t.Errorf("%s: report says Decide refuses the record; it decides without the entry:\n%s", c.name, rep)
		}
		m := reminder()
		m.Service = "sexual_health"
		if d := policy.Decide(m, rec); d.Outcome == policy.Send {
			t.Errorf("%s: Decide outcome = send, want the objection upheld for every message", c.name)
		}
	}
}
