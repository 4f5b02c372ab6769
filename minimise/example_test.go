package minimise_test

import (
	"fmt"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
)

// The whole flow: an org's scanner, a scan for a text message, the
// severities on an insecure and a secure channel, a redaction and a
// rewrite.
func Example() {
	s, err := minimise.New(minimise.Config{AllowedDomains: []string{"leedsroad.example.org"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	body := "Dear Jo, your chlamydia test was positive. Book at https://leedsroad.example.org/book"
	findings := s.Scan(body, &minimise.Subject{Name: "Jo Bloggs"})
	var blocking []minimise.Finding
	for _, f := range findings {
		fmt.Printf("%s: sms %s, nhs_app %s\n", f.Kind, f.SeverityOn(false), f.SeverityOn(true))
		if f.SeverityOn(false).Blocks() {
			blocking = append(blocking, f)
		}
	}
	fmt.Println(minimise.Redact(body, blocking))
	fmt.Println(minimise.Rewrite(channel.TestResults, minimise.Org{Name: "Leeds Road Surgery", Phone: "0113 496 0000"}))
	// Output:
	// test_result: sms blocking, nhs_app info
	// test_result: sms blocking, nhs_app info
	// Dear Jo, your [removed] was [removed]. Book at https://leedsroad.example.org/book
	// Your test results are ready. Please log in to the NHS App or call Leeds Road Surgery on 0113 496 0000.
}

// Identifiers are found in their usual written forms; ten digits that
// fail the Modulus 11 check are not an NHS number.
func ExampleScan_identifiers() {
	body := "NHS no. 999 000 0018 (not 999 000 0019), DOB 02/11/1975, call 07700 900123"
	for _, f := range minimise.Scan(body, nil) {
		fmt.Printf("%s %q\n", f.Kind, body[f.Start:f.End])
	}
	// Output:
	// nhs_number "999 000 0018"
	// date_of_birth "02/11/1975"
	// phone_number "07700 900123"
}

// Obfuscation does not hide a term, and the spans point into the
// original text.
func ExampleScan_obfuscated() {
	body := "Your Ｈ.Ｉ.Ｖ clinic and chla\u200bmydia results"
	for _, f := range minimise.Scan(body, nil) {
		fmt.Printf("%s %s %q\n", f.Kind, f.Service, body[f.Start:f.End])
	}
	// Output:
	// condition hiv "Ｈ.Ｉ.Ｖ"
	// condition sexual_health "chla\u200bmydia"
}

// Scam-like features are warnings or blocking on every channel.
func ExampleScan_scam() {
	body := "FINAL WARNING: pay the £25 fee today at bit.ly/x or https://nhs.uk.example.com"
	for _, f := range minimise.Scan(body, nil) {
		fmt.Printf("%s %s %q\n", f.Kind, f.SeverityOn(true), body[f.Start:f.End])
	}
	// Output:
	// urgency warning "FINAL WARNING"
	// payment_request blocking "pay the £25 fee"
	// url_shortener blocking "bit.ly/x"
	// lookalike_domain blocking "https://nhs.uk.example.com"
}

// An org adds its own terms and removes default ones.
func ExampleNew() {
	s, err := minimise.New(minimise.Config{
		AddTerms:    []minimise.Term{{Text: "Zebra Clinic", Category: minimise.CategoryService, Service: "zebra_care"}},
		RemoveTerms: []string{"asthma"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range s.Scan("Your asthma review at the Zebra Clinic", nil) {
		fmt.Println(f.Kind, f.Service)
	}
	_, err = minimise.New(minimise.Config{AllowedDomains: []string{"https://example.org"}})
	fmt.Println(err)
	// Output:
	// sensitive_service zebra_care
	// minimise: allowed_domains[0]: "https://example.org": is not a host name: give a bare domain such as "practice.example.org", with no scheme, path or port
}

// Rewrite gives a minimal text for a content class (G23); classes whose
// bodies carry essential details get "" and should be redacted instead.
func ExampleRewrite() {
	org := minimise.Org{Name: "Leeds Road Surgery", Phone: "0113 496 0000"}
	fmt.Println(minimise.Rewrite(channel.CareInformation, org))
	fmt.Printf("%q\n", minimise.Rewrite(channel.AppointmentReminder, org))
	// Output:
	// There is new information about your care. Please log in to the NHS App or call Leeds Road Surgery on 0113 496 0000.
	// ""
}

// A group message is scanned once and decided for each person: the
// findings are those a full scan gives for that person.
func ExampleScanner_Prepare() {
	s := minimise.Default()
	body := "Flu vaccinations are available at the surgery from Monday. Dear Sam Monday, call 0115 496 0000."
	p := s.Prepare(body)
	people := []minimise.Subject{
		{Name: "Jo Bloggs", Postcode: "NG1 1AA"},
		{Name: "Sam Monday", BirthDate: channel.Date{Year: 1980, Month: 6, Day: 1}},
	}
	dst := make([]minimise.Finding, 0, 8)
	for _, person := range people {
		dst = p.ScanAppend(dst[:0], &person)
		for _, f := range dst {
			fmt.Printf("%s: %s %q\n", person.Name, f.Kind, p.Text()[f.Start:f.End])
		}
	}
	// Output:
	// Jo Bloggs: phone_number "0115 496 0000"
	// Sam Monday: patient_name "Sam Monday"
	// Sam Monday: phone_number "0115 496 0000"
}
