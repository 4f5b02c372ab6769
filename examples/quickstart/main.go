// Command quickstart decides a handful of realistic messages for a small GP
// practice and prints each decision with its explanation.
//
//	go run ./examples/quickstart
//
// Every identifier is synthetic: NHS numbers from the 999 test range, phone
// numbers from Ofcom's drama range and example.org addresses.
package main

import (
	"fmt"
	"log"
	"os"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

// example is one message to decide, with the record of the patient it is
// for and a title saying what it shows.
type example struct {
	title string
	msg   policy.Message
	rec   policy.Record
}

func main() {
	org, err := newPractice()
	if err != nil {
		log.Fatal(err)
	}

	// Tuesday 24 November 2026, 10:00 in London.
	now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	for _, c := range examples(now) {
		fmt.Printf("=== %s\n", c.title)
		d := org.Decide(c.msg, c.rec)
		if err := d.Explain(os.Stdout); err != nil {
			log.Fatal(err)
		}
		fmt.Println()
	}
}

// newPractice returns the organisation for a small GP practice: the
// default configuration with its name, phone number and link domain.
func newPractice() (*policy.Org, error) {
	cfg := policy.DefaultConfig()
	cfg.Name = "Riverside Surgery"
	cfg.Phone = "0115 496 0000"
	cfg.LinkDomains = []string{"riverside-surgery.example.org"}
	return policy.New(cfg)
}

// patients returns three synthetic patients whose contacts were verified
// two months before now: Asha, who prefers text messages; Ben, who objects
// to electronic channels; and Cara, a child whose mother is her proxy.
func patients(now time.Time) (asha, ben, cara policy.Record) {
	verified := now.AddDate(0, -2, 0)
	asha = policy.Record{
		PatientID: "9990000018", NHSNumber: "9990000018", BirthDate: channel.Date{Year: 1984, Month: time.March, Day: 2},
		Contacts: []channel.Contact{
			{Kind: channel.SMS, Address: "07700 900123", Verified: verified},
			{Kind: channel.Email, Address: "asha@example.org", Verified: verified},
		},
		Preferences: []channel.Kind{channel.SMS},
	}
	ben = policy.Record{
		PatientID: "9990000026", BirthDate: channel.Date{Year: 1971, Month: time.July, Day: 9},
		Contacts: []channel.Contact{
			{Kind: channel.SMS, Address: "07700 900456", Verified: verified},
			{Kind: channel.Letter, Address: "1 Example Road, Nottingham, NG1 1AA", Verified: verified},
		},
		Objections: []objection.Objection{{
			Scope: objection.ScopeElectronic, Reason: "family members can read my phone",
			RecordedAt: now.AddDate(0, -6, 0), RecordedBy: "staff-0007",
		}},
	}
	cara = policy.Record{
		PatientID: "9990000034", BirthDate: channel.Date{Year: 2012, Month: time.May, Day: 14},
		Contacts: []channel.Contact{{Kind: channel.SMS, Address: "07700 900789", Verified: verified}},
		Proxies: []proxy.Proxy{{
			ID: "proxy-cara-parent", Relationship: "mother", Authority: proxy.ParentalResponsibility,
			RecordNote: true, From: channel.Date{Year: 2012, Month: time.May, Day: 14}, Status: proxy.Active, Mode: proxy.Copy,
			Contacts: []channel.Contact{{Kind: channel.SMS, Address: "07700 900321", Verified: verified}},
		}},
	}
	return asha, ben, cara
}

// examples returns the messages a receptionist sends at now, each with
// the record of its patient.
func examples(now time.Time) []example {
	asha, ben, cara := patients(now)
	staff := policy.Staff{ID: "staff-0042", Name: "A. Receptionist", Role: "receptionist"}
	return []example{
		{"An appointment reminder by the preferred channel", policy.Message{
			ID: "msg-001", At: now, Purpose: policy.IndividualCare, Class: channel.AppointmentReminder, Staff: staff,
			Body:          "Riverside Surgery: your appointment is on Thursday 26 November at 09:40. To cancel, call 0115 496 0000.",
			AppointmentAt: now.Add(47*time.Hour + 40*time.Minute),
		}, asha},
		{"Test results named in a text message", policy.Message{
			ID: "msg-002", At: now, Purpose: policy.IndividualCare, Class: channel.TestResultsReady, Staff: staff,
			Body: "Your HIV test was negative. Call 0115 496 0000 if you have questions.",
		}, asha},
		{"An objection to electronic channels and an urgent change within 48 hours", policy.Message{
			ID: "msg-003", At: now, Purpose: policy.IndividualCare, Class: channel.AppointmentChange, Urgency: policy.Urgent, Staff: staff,
			Body:          "Riverside Surgery: an earlier appointment is available tomorrow at 11:00. Please call 0115 496 0000 to accept.",
			AppointmentAt: now.Add(25 * time.Hour),
			Override: &objection.Override{
				Ground: objection.GroundAppointmentChange48h, DecidedBy: "staff-0001", Role: objection.CaldicottGuardian,
				Justification: "urgent treatment; a letter would arrive too late", At: now,
			},
		}, ben},
		{"A sexual health appointment for a young person with a parent as proxy", policy.Message{
			ID: "msg-004", At: now, Purpose: policy.IndividualCare, Class: channel.AppointmentReminder, Service: "sexual_health", Staff: staff,
			Body: "Your appointment is confirmed for today at 16:30.",
		}, cara},
		{"A research invitation is out of scope", policy.Message{
			ID: "msg-005", At: now, Purpose: policy.Research, Class: channel.Administrative, Staff: staff,
			Body: "Would you like to take part in a study?",
		}, asha},
	}
}
