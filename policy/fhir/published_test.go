package fhir_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/fhir"
	"github.com/carecomms/carecomms/proxy"
)

// The tests in this file check the codes the reader understands against
// the published specifications named in doc.go and testdata/SOURCES.md.

// A Patient as the PDS FHIR API writes it (its example Patient,
// NHSDigital/personal-demographics-service-api specification/components/
// examples/Patient.json): UK Core extensions and code systems under
// https://fhir.nhs.uk/R4/, and meta.security in the security-labels
// system with code U. It is an unrestricted record, not a restricted one.
func TestReadPDSPatient(t *testing.T) {
	data := readTestdata(t, "pds-patient.json")
	rec, rep, err := fhir.Reader{At: readAt, NHSApp: true}.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	want := policy.Record{
		PatientID: "9990000026", NHSNumber: "9990000026", Name: "Robin Example",
		Address: "2 Example Road, Leeds", Postcode: "LS1 6AE",
		BirthDate: channel.Date{Year: 1961, Month: 7, Day: 2},
		Contacts: []channel.Contact{
			{Kind: channel.NHSApp, Address: "9990000026"},
			{Kind: channel.SMS, Address: "07700 900321"},
		},
		Preferences: []channel.Kind{channel.Letter},
		Needs:       []policy.Need{policy.Interpreter, policy.Braille},
		Language:    "fr",
	}
	if diff := cmp.Diff(want, rec); diff != "" {
		t.Errorf("Read(pds-patient.json) mismatch (-want +got):\n%s\n%s", diff, rep)
	}
	if rep.Closed() {
		t.Errorf("report is closed for an unrestricted PDS record:\n%s", rep)
	}
	if !hasEntry(rep, "Patient/*******026.extension[1].extension[2]", fhir.Ignored) {
		t.Errorf("free-text PreferredContactTimes not reported:\n%s", rep)
	}
	if !hasEntry(rep, "Patient/*******026.nhs_app", fhir.Note) {
		t.Errorf("the NHS App contact's source is not reported:\n%s", rep)
	}
}

// The PDS FHIR API marks a restricted (sensitive) record with code R in
// its security-labels system: the record is restricted (P1).
func TestReadPDSSensitive(t *testing.T) {
	data := strings.Replace(string(readTestdata(t, "pds-patient.json")), `"code": "U",
        "display": "unrestricted"`, `"code": "R",
        "display": "restricted"`, 1)
	rec, rep, err := fhir.Reader{At: readAt}.Read([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Status != policy.Restricted || !hasEntry(rep, "Patient/*******026.meta.security[0]", fhir.Closed) {
		t.Errorf("PDS security label R: status %v, want restricted with a closed entry:\n%s", rec.Status, rep)
	}
}

// UK Core PreferredContactMethod 2.2.0 (2023-10-09) added code 9, SMS.
func TestReadPreferredContactMethodSMS(t *testing.T) {
	pat := `{"resourceType":"Patient","id":"p","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000026"}],
		"extension":[{"url":"https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactPreference","extension":[
		{"url":"PreferredContactMethod","valueCodeableConcept":{"coding":[{"system":"https://fhir.hl7.org.uk/CodeSystem/UKCore-PreferredContactMethod","code":"9","display":"SMS"}]}}]}]}`
	rec, rep, err := fhir.Read([]byte(pat))
	if err != nil {
		t.Fatal(err)
	}
	if !onlyKind(rec.Preferences, channel.SMS) {
		t.Errorf("PreferredContactMethod 9: preferences %v, want sms\n%s", rec.Preferences, rep)
	}
}

func onlyKind(ks []channel.Kind, k channel.Kind) bool {
	return len(ks) == 1 && ks[0] == k
}

// A proxy role as the Validated Relationships Service API's examples
// write it: v3-ActCode with https, the legal basis in the regulatoryBasis
// extension or as an unknown (v3-NullFlavor UNK) actor role, and access
// in the service's placeholder RequestedAccess code system.
func TestReadVRSProxyRoles(t *testing.T) {
	rec, rep := readFile(t, "vrs-proxy-bundle.json")
	if len(rec.Proxies) != 2 {
		t.Fatalf("proxies = %v, want 2\n%s", rec.Proxies, rep)
	}
	deputy, unknown := rec.Proxies[0], rec.Proxies[1]
	if deputy.Authority != proxy.CourtAppointedDeputy || !deputy.RecordNote || !cmp.Equal(deputy.Access, []proxy.Access{proxy.Appointments}) {
		t.Errorf("deputy = authority %v, note %v, access %v; want court_appointed_deputy, noted, appointments only\n%s", deputy.Authority, deputy.RecordNote, deputy.Access, rep)
	}
	if !hasEntry(rep, "Consent/WWCC67T1.provision.action[1]", fhir.Closed) {
		t.Errorf("VACC (no access level here) is not reported as not granted:\n%s", rep)
	}
	if !hasEntry(rep, "Consent/WWCC67T1.extension[0]", fhir.Ignored) {
		t.Errorf("the status-reason extension is not reported:\n%s", rep)
	}
	if hasEntry(rep, "Consent/WWCC67T1.extension[1]", fhir.Ignored) {
		t.Errorf("the regulatoryBasis extension is reported as not read:\n%s", rep)
	}
	if unknown.Authority.Valid() || !hasEntry(rep, "Consent/AF974742.provision.actor", fhir.Closed) {
		t.Errorf("unknown legal basis: authority %v; want none and a closed entry\n%s", unknown.Authority, rep)
	}
	// Capacity is not in FHIR: the deputy is valid only once the host
	// says the person lacks capacity.
	on := channel.Date{Year: 2026, Month: 11, Day: 24}
	pt := proxy.Patient{BirthDate: rec.BirthDate, Capacity: rec.Capacity}
	if r := proxy.Check(&deputy, pt, on); r.Valid || r.Reason != proxy.ReasonCapacityUnknown {
		t.Errorf("deputy with capacity unknown: %v, want invalid (capacity_unknown)", r.Reason)
	}
	rec2, _ := readFileWith(t, fhir.Reader{At: readAt, Capacity: proxy.LacksCapacity}, "vrs-proxy-bundle.json")
	pt.Capacity = rec2.Capacity
	if r := proxy.Check(&rec2.Proxies[0], pt, on); !r.Valid {
		t.Errorf("deputy with Reader.Capacity lacks_capacity: %v, want valid", r.Reason)
	}
}

// The NHS App contact is added only on the host's word and only by a
// verified NHS number; the report says what was assumed either way.
func TestReadNHSApp(t *testing.T) {
	verified := `{"resourceType":"Patient","id":"p","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000026","extension":[
		{"url":"https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus","valueCodeableConcept":{"coding":[{"system":"https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland","code":"01"}]}}]}]}`
	traced := strings.Replace(verified, `"code":"01"`, `"code":"02"`, 1)
	invalid := strings.Replace(verified, "9990000026", "9990000027", 1)
	for _, c := range []struct {
		name   string
		in     string
		nhsApp bool
		want   []channel.Contact
		sev    fhir.Severity
	}{
		{"not registered", verified, false, nil, fhir.Note},
		{"registered, verified", verified, true, []channel.Contact{{Kind: channel.NHSApp, Address: "9990000026"}}, fhir.Note},
		{"registered, not traced", traced, true, nil, fhir.Ignored},
		{"registered, invalid number", invalid, true, nil, fhir.Ignored},
	} {
		rec, rep, err := fhir.Reader{At: readAt, NHSApp: c.nhsApp}.Read([]byte(c.in))
		if err != nil {
			t.Fatal(err)
		}
		if !cmp.Equal(rec.Contacts, c.want, cmpopts.EquateEmpty()) {
			t.Errorf("%s: contacts %v, want %v", c.name, rec.Contacts, c.want)
		}
		if !hasEntry(rep, "Patient/p.nhs_app", c.sev) {
			t.Errorf("%s: no %v entry for the NHS App:\n%s", c.name, c.sev, rep)
		}
	}
	rec, _, _ := fhir.Reader{At: readAt, NHSApp: true}.Read([]byte(verified))
	d := policy.Decide(reminder(), rec)
	if d.Outcome != policy.Send || len(d.Deliveries) == 0 || d.Deliveries[0].Channel != channel.NHSApp {
		t.Errorf("Decide(NHS App contact) = %v, want send by nhs_app", d.Outcome)
	}
}

// Capacity comes from Reader.Capacity, reported as the host's word.
func TestReadCapacity(t *testing.T) {
	pat := []byte(`{"resourceType":"Patient","id":"p","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000026"}]}`)
	for _, c := range []proxy.Capacity{proxy.CapacityUnknown, proxy.HasCapacity, proxy.LacksCapacity} {
		rec, rep, err := fhir.Reader{At: readAt, Capacity: c}.Read(pat)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Capacity != c {
			t.Errorf("Reader.Capacity %v: Record.Capacity %v", c, rec.Capacity)
		}
		if got := hasEntry(rep, "Patient/p.capacity", fhir.Note); got != (c != proxy.CapacityUnknown) {
			t.Errorf("Reader.Capacity %v: capacity reported %v\n%s", c, got, rep)
		}
	}
}

// Only the England-NHSProxyLegalBasis codes the service's examples use are
// mapped; a host adds others with Reader.LegalBasis, and cannot remap
// those.
func TestReadLegalBasisFromHost(t *testing.T) {
	pat := []byte(`{"resourceType":"Patient","id":"p","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000026"}],"birthDate":"1940-01-01"}`)
	rp := []byte(`{"resourceType":"RelatedPerson","id":"a","patient":{"reference":"Patient/p"}}`)
	role := func(code string) []byte {
		return []byte(`{"resourceType":"Consent","id":"r","status":"active","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"INFA"}]}],
		"provision":{"type":"permit","period":{"start":"2025-01-01"},"actor":[{"role":{"coding":[{"system":"https://fhir.nhs.uk/England/CodeSystem/England-NHSProxyLegalBasis","code":"` + code + `"}]},"reference":{"reference":"RelatedPerson/a"}}]}}`)
	}
	codes := map[string]proxy.Authority{"local-lpa": proxy.LastingPowerOfAttorney, "parental-responsibility": proxy.Consent}
	host := func(code string) (proxy.Authority, bool) { a, ok := codes[code]; return a, ok }
	for _, c := range []struct {
		code string
		rd   fhir.Reader
		want proxy.Authority
	}{
		{"lasting-power-of-attorney", fhir.Reader{At: readAt}, 0},
		{"local-lpa", fhir.Reader{At: readAt}, 0},
		{"local-lpa", fhir.Reader{At: readAt, LegalBasis: host}, proxy.LastingPowerOfAttorney},
		{"parental-responsibility", fhir.Reader{At: readAt, LegalBasis: host}, proxy.ParentalResponsibility},
	} {
		rec, rep, err := c.rd.ReadResources(pat, rp, role(c.code))
		if err != nil {
			t.Fatal(err)
		}
		if got := rec.Proxies[0].Authority; got != c.want {
			t.Errorf("legal basis %q (host map %v): authority %v, want %v\n%s", c.code, c.rd.LegalBasis != nil, got, c.want, rep)
		}
		if c.want == 0 && !rep.Closed() {
			t.Errorf("legal basis %q not mapped but the report is not closed:\n%s", c.code, rep)
		}
	}
}

// An access coding in a code system not understood scopes the proxy to
// nothing: it never widens access to everything.
func TestReadAccessUnknownSystem(t *testing.T) {
	pat := []byte(`{"resourceType":"Patient","id":"p","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000026"}],"birthDate":"2015-01-01"}`)
	rp := []byte(`{"resourceType":"RelatedPerson","id":"mum","patient":{"reference":"Patient/p"}}`)
	role := []byte(`{"resourceType":"Consent","id":"r","status":"active","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"INFA"}]}],
		"provision":{"type":"permit","actor":[{"role":{"coding":[{"system":"https://fhir.nhs.uk/England/CodeSystem/England-NHSProxyLegalBasis","code":"parental-responsibility"}]},"reference":{"reference":"RelatedPerson/mum"}}],
		"action":[{"coding":[{"system":"urn:example:access","code":"appointments"}]}]}}`)
	rec, rep, err := fhir.Reader{At: readAt}.ReadResources(pat, rp, role)
	if err != nil {
		t.Fatal(err)
	}
	if p := rec.Proxies[0]; p.Access == nil || len(p.Access) != 0 || p.Allows(channel.AppointmentReminder) {
		t.Errorf("access %v from an unknown code system, want an empty list that allows nothing\n%s", p.Access, rep)
	}
	if !hasEntry(rep, "Consent/r.provision.action[0]", fhir.Closed) {
		t.Errorf("unknown access system not reported closed:\n%s", rep)
	}
}

// A role that records two different legal bases, one as the actor's role
// and one in the regulatoryBasis extension, gives no authority.
func TestReadConflictingLegalBases(t *testing.T) {
	pat := []byte(`{"resourceType":"Patient","id":"p","identifier":[{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"9990000026"}],"birthDate":"2015-01-01"}`)
	rp := []byte(`{"resourceType":"RelatedPerson","id":"a","patient":{"reference":"Patient/p"}}`)
	role := func(ext string) []byte {
		return []byte(`{"resourceType":"Consent","id":"r","status":"active","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"INFA"}]}],
		"extension":[{"url":"http://hl7.org/fhir/5.0/StructureDefinition/extension-Consent.regulatoryBasis","valueCodeableConcept":{"coding":[{"system":"https://fhir.nhs.uk/England/CodeSystem/England-NHSProxyLegalBasis","code":"` + ext + `"}]}}],
		"provision":{"type":"permit","period":{"start":"2025-01-01"},"actor":[{"role":{"coding":[{"system":"https://fhir.nhs.uk/England/CodeSystem/England-NHSProxyLegalBasis","code":"parental-responsibility"}]},"reference":{"reference":"RelatedPerson/a"}}]}}`)
	}
	for _, c := range []struct {
		ext  string
		want proxy.Authority
	}{
		{"parental-responsibility", proxy.ParentalResponsibility},
		{"court-appointed-personal-welfare-deputy", 0},
	} {
		rec, rep, err := fhir.Reader{At: readAt}.ReadResources(pat, rp, role(c.ext))
		if err != nil {
			t.Fatal(err)
		}
		if got := rec.Proxies[0].Authority; got != c.want {
			t.Errorf("actor role parental-responsibility, regulatoryBasis %s: authority %v, want %v\n%s", c.ext, got, c.want, rep)
		}
		if c.want == 0 && !hasEntry(rep, "Consent/r.provision", fhir.Closed) {
			t.Errorf("conflicting legal bases not reported closed:\n%s", rep)
		}
	}
}
