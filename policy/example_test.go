package policy_test

import (
	"fmt"
	"os"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
)

// A routine reminder to a person who prefers text messages.
func Example() {
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	d := policy.Decide(policy.Message{
		ID: "msg-1", At: at, Purpose: policy.IndividualCare, Class: channel.AppointmentReminder,
		Body:  "Your appointment is on Thursday at 09:40. To cancel, call 0115 496 0000.",
		Staff: policy.Staff{ID: "staff-42"},
	}, policy.Record{
		PatientID: "9990000018",
		Contacts: []channel.Contact{
			{Kind: channel.SMS, Address: "07700 900123", Verified: at.AddDate(0, -1, 0)},
			{Kind: channel.Email, Address: "pat@example.org", Verified: at.AddDate(0, -1, 0)},
		},
		Preferences: []channel.Kind{channel.SMS},
	})
	fmt.Println(d.Outcome)
	for _, dl := range d.Deliveries {
		fmt.Println(dl.Role, dl.Channel, dl.Address, dl.SMS.Segments, "segment")
		for _, f := range dl.Fallbacks {
			fmt.Println("  then", f.Channel, "after", f.After)
		}
	}
	for _, o := range d.Obligations {
		fmt.Println("host must:", o.Code)
	}
	// Output:
	// send
	// patient sms +447700900123 1 segment
	//   then email after 72 hours
	// host must: record_in_care_record
}

// The guidance's worked example: a person objected to texts and emails
// because family members can read their phone; an urgent appointment
// within 48 hours becomes available, and a letter would arrive too late.
// The Caldicott Guardian decides to override the objection for this
// message.
func ExampleDecide_objectionOverride() {
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	m := policy.Message{
		ID: "msg-2", At: at, Purpose: policy.IndividualCare, Class: channel.AppointmentChange,
		Urgency: policy.Urgent, AppointmentAt: at.Add(30 * time.Hour),
		Body:  "An earlier appointment is available tomorrow at 16:00. Please call 0115 496 0000 to accept.",
		Staff: policy.Staff{ID: "staff-42"},
		Override: &objection.Override{
			Ground: objection.GroundAppointmentChange48h, DecidedBy: "staff-1",
			Role: objection.CaldicottGuardian, Justification: "urgent treatment", At: at,
		},
	}
	r := policy.Record{
		PatientID: "9990000026",
		Contacts: []channel.Contact{
			{Kind: channel.SMS, Address: "07700 900456", Verified: at.AddDate(0, -1, 0)},
			{Kind: channel.Letter, Address: "1 Example Road, Nottingham, NG1 1AA", Verified: at.AddDate(0, -1, 0)},
		},
		Objections: []objection.Objection{
			{Scope: objection.ScopeChannel, Channel: channel.SMS, Reason: "family can read my phone", RecordedAt: at.AddDate(0, -6, 0), RecordedBy: "staff-7"},
			{Scope: objection.ScopeChannel, Channel: channel.Email, Reason: "family can read my email", RecordedAt: at.AddDate(0, -6, 0), RecordedBy: "staff-7"},
		},
	}
	d := policy.Decide(m, r)
	fmt.Println(d.Outcome, d.Deliveries[0].Channel, d.Deliveries[0].Override.Ground)
	for _, o := range d.Obligations {
		fmt.Println("host must:", o.Code)
	}

	// Without a named decision-maker the message waits for one.
	m.Override.DecidedBy, m.Override.Role = "", 0
	d = policy.Decide(m, r)
	fmt.Println(d.Outcome, d.Who)
	// Output:
	// send sms appointment_change_48h
	// host must: note_override
	// host must: tell_person_why
	// host must: record_in_care_record
	// hold [caldicott_guardian]
}

// An org's own configuration is validated once; every problem is named.
func ExampleNew() {
	cfg := policy.DefaultConfig()
	cfg.Name = "Riverside Surgery"
	cfg.Platforms = append(cfg.Platforms, policy.Platform{Channel: channel.MessagingApp, Name: "Chat app"})
	cfg.SenderID = "NHSPAY"
	_, err := policy.New(cfg)
	fmt.Println(err != nil)
	// Output:
	// true
}

// Explain renders a decision for IG professionals; addresses are masked
// and the body is never shown.
func ExampleDecision_Explain() {
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	d := policy.Decide(policy.Message{
		ID: "msg-3", At: at, Purpose: policy.Research, Class: channel.Administrative,
		Body: "Would you like to join a study?", Staff: policy.Staff{ID: "staff-42"},
	}, policy.Record{PatientID: "9990000018"})
	_ = d.Explain(os.Stdout)
	// Output:
	// Decision for message msg-3: REFUSE
	//   Lawful basis: none: the message is not about individual care, which this guidance does not cover
	// Why:
	//    1. [scope.purpose] G1 DENY: the message is for research, not individual care: this guidance does not cover it and it must not be decided as a care message
	//    2. [basis.lawful] G2, G9, G1 NOTE: no care lawful basis: the message is not about individual care, which this guidance covers; the org must establish its own basis under its own policies
	//    3. [staff.attribution] G28 ALLOW: attributable to the named member of staff
	// Rule catalogue 2026.11.2
}

// A full message in the NHS App, behind a log-in, with a short prompt by
// text message as its fallback, as NHS Notify's message plans link one
// template to each channel. Each is judged on its own channel.
func ExampleDecide_channelBodies() {
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	d := policy.Decide(policy.Message{
		ID: "msg-3", At: at, Purpose: policy.IndividualCare, Class: channel.TestResultsReady,
		Body: "Riverside Surgery: your cholesterol result is 5.2 mmol/L, in the normal range. No action is needed.",
		Bodies: []policy.Body{
			{Channel: channel.SMS, Text: "You have a new message from Riverside Surgery in the NHS App. Log in to read it."},
		},
		FallbackAfter: policy.Duration(8 * time.Hour),
		Staff:         policy.Staff{ID: "staff-42"},
	}, policy.Record{
		PatientID: "9990000018", NHSNumber: "9990000018",
		Contacts: []channel.Contact{
			{Kind: channel.NHSApp, Address: "9990000018"},
			{Kind: channel.SMS, Address: "07700 900123", Verified: at.AddDate(0, -1, 0)},
		},
	})
	fmt.Println(d.Outcome)
	for _, dl := range d.Deliveries {
		fmt.Println(dl.Channel)
		for _, f := range dl.Fallbacks {
			fmt.Println("  then", f.Channel, "after", f.After, "revise:", f.Revise)
		}
	}
	for _, f := range d.Findings {
		fmt.Println("finding:", f.Kind, f.Severity, f.Shows)
	}
	// Output:
	// send
	// nhs_app
	//   then sms after 8 hours revise: false
	// finding: test_result info in_message
	// finding: test_result info in_message
	// finding: test_result info in_message
}
