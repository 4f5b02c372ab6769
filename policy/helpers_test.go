package policy_test

import (
	"flag"
	"os"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
)

var update = flag.Bool("update", false, "rewrite golden files and the README catalogue")

// seen records every rule that appeared in a trail during the tests, so
// TestMain can fail when a catalogue rule is exercised by no test.
var seen = struct {
	sync.Mutex
	rules map[policy.RuleID]bool
}{rules: map[policy.RuleID]bool{}}

func record(d policy.Decision) policy.Decision {
	seen.Lock()
	defer seen.Unlock()
	for _, s := range d.Trail {
		seen.rules[s.Rule] = true
	}
	for _, o := range d.Obligations {
		seen.rules[o.Rule] = true
	}
	return d
}

// decide runs org.Decide and records the rules it used.
func decide(org *policy.Org, m policy.Message, r policy.Record) policy.Decision {
	return record(org.Decide(m, r))
}

func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && flag.Lookup("test.run").Value.String() == "" && !testing.Short() {
		var missing []string
		for _, r := range policy.Catalogue() {
			if !seen.rules[r.ID] {
				missing = append(missing, r.ID.String())
			}
		}
		if len(missing) > 0 {
			sort.Strings(missing)
			println("traceability: these catalogue rules appear in no test's decision trail:")
			for _, id := range missing {
				println("  ", id)
			}
			code = 1
		}
	}
	os.Exit(code)
}

// now is Tuesday 24 November 2026, 10:00 in London (GMT).
var now = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

const (
	patientID = "9990000018"
	mobile    = "07700 900123"
	mobileE   = "+447700900123"
	email     = "pat@example.org"
	nhsNumber = "9990000018"
	postal    = "1 Example Road, Nottingham, NG1 1AA"
)

func verified() time.Time { return now.AddDate(0, -1, 0) }

// msg is a valid routine appointment reminder.
func msg() policy.Message {
	return policy.Message{
		ID: "msg-1", At: now, Purpose: policy.IndividualCare, Class: channel.AppointmentReminder,
		Body:  "Riverside Surgery: your appointment is on Thursday 26 November at 09:40. To cancel, call 0115 496 0000.",
		Staff: policy.Staff{ID: "staff-42", Name: "A. Receptionist"},
	}
}

// rec is a valid record with sms, email and letter contacts.
func rec() policy.Record {
	return policy.Record{
		PatientID: patientID, NHSNumber: nhsNumber,
		BirthDate: channel.Date{Year: 1980, Month: time.June, Day: 1},
		Contacts: []channel.Contact{
			{Kind: channel.SMS, Address: mobile, Verified: verified()},
			{Kind: channel.Email, Address: email, Verified: verified()},
			{Kind: channel.Letter, Address: postal, Verified: verified()},
		},
	}
}

func withApp(r policy.Record) policy.Record {
	r.Contacts = append([]channel.Contact{{Kind: channel.NHSApp, Address: nhsNumber, Verified: verified()}}, r.Contacts...)
	return r
}

func hasStep(d policy.Decision, rule policy.RuleID, eff policy.Effect) bool {
	for _, s := range d.Trail {
		if s.Rule == rule && s.Effect == eff {
			return true
		}
	}
	return false
}

func hasObligation(d policy.Decision, code policy.ObligationCode) bool {
	for _, o := range d.Obligations {
		if o.Code == code {
			return true
		}
	}
	return false
}

func mustOrg(t testing.TB, c policy.Config) *policy.Org {
	t.Helper()
	o, err := policy.New(c)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return o
}
