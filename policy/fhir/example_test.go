package fhir_test

import (
	"fmt"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/fhir"
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
	// Patient/9990000026.gender ignored
	// Patient/9990000026.identifier[0] note
	// Patient/9990000026.telecom[1] ignored
	// Patient/9990000026.telecom note
	// Patient/9990000026.nhs_app note
	// send sms
	// confirm_contact
	// record_in_care_record
}
