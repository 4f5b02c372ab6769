package fhir_test

import (
	"fmt"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/fhir"
	"github.com/carecomms/carecomms/proxy"
)

// A PDS-style Patient read into a Record and decided: a text-message
// reminder, with the report of what was not mapped.
func Example() {
	patient := []byte(`{
	  "resourceType": "Patient", "id": "9990000026",
	  "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990000026"}],
	  "birthDate": "1980-05-01",
	  "gender": "male",
	  "telecom": [
	    {"system": "phone", "value": "07700 900123", "use": "mobile", "rank": 1},
	    {"system": "phone", "value": "0115 496 0000", "use": "home"}
	  ]
	}`)
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	rec, report, err := fhir.Reader{At: at}.Read(patient)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range report.Entries {
		fmt.Println(e.Path, e.Severity)
	}
	d := policy.Decide(policy.Message{
		ID: "m-1", At: at, Purpose: policy.IndividualCare, Class: channel.AppointmentReminder,
		Body: "Your appointment is on Thursday at 09:40.", Staff: policy.Staff{ID: "staff-42"},
	}, rec)
	fmt.Println(d.Outcome, d.Deliveries[0].Channel)
	for _, o := range d.Obligations {
		fmt.Println(o.Code)
	}
	// Output:
	// Patient/*******026.gender ignored
	// Patient/*******026.identifier[0] note
	// Patient/*******026.telecom[1] ignored
	// Patient/*******026.telecom note
	// Patient/*******026.nhs_app note
	// send sms
	// confirm_contact
	// record_in_care_record
}

// What FHIR does not carry comes from the host: here the person is
// registered for the NHS App, and the care record says they have
// capacity. The report says both were taken on the host's word.
func ExampleReader_hostFacts() {
	patient := []byte(`{
	  "resourceType": "Patient", "id": "9990000026",
	  "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990000026",
	    "extension": [{"url": "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus",
	      "valueCodeableConcept": {"coding": [{"system": "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland", "code": "01"}]}}]}],
	  "birthDate": "1980-05-01"
	}`)
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	rec, report, err := fhir.Reader{At: at, NHSApp: true, Capacity: proxy.HasCapacity}.Read(patient)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, e := range report.Entries {
		fmt.Println(e.Path, e.Severity)
	}
	fmt.Println(rec.Contacts, rec.Capacity)
	// Output:
	// Patient/*******026.nhs_app note
	// Patient/*******026.capacity note
	// [nhs_app *******026 (ok)] has_capacity
}
