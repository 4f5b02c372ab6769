package policy_test

import (
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

// realistic is a record with 4 contacts, preferences, 2 objections and 1
// proxy, and a 160-character body.
func realistic() (policy.Message, policy.Record) {
	m := msg()
	m.Body = "Riverside Surgery: your appointment is on Thursday 26 November at 09:40 with the practice nurse. To cancel or rebook please call us on 0115 496 0000. Thank you, bye"
	m.Body = m.Body[:160]
	m.Service = "general_practice"
	r := withApp(rec())
	r.Preferences = []channel.Kind{channel.SMS, channel.Email}
	r.Objections = []objection.Objection{
		objectTo(objection.ScopeChannel, channel.MessagingApp),
		{Scope: objection.ScopeService, Service: "screening", Reason: "prefers not to be screened", RecordedAt: now.AddDate(-1, 0, 0), RecordedBy: "staff-7"},
	}
	r.Proxies = []proxy.Proxy{{
		ID: "proxy-1", Relationship: "daughter", Authority: proxy.Consent, PatientConsented: true, RecordNote: true,
		From: channel.Date{Year: 2025, Month: time.January, Day: 1}, Status: proxy.Active,
		Contacts: []channel.Contact{{Kind: channel.Email, Address: "daughter@example.org", Verified: verified()}},
	}}
	r.Capacity = proxy.HasCapacity
	return m, r
}

// minimal is a routine reminder to a person with one canonical contact.
func minimal() (policy.Message, policy.Record) {
	m := msg()
	m.Body = "Your appointment is on Thursday at 09:40."
	r := policy.Record{PatientID: patientID, Contacts: []channel.Contact{{Kind: channel.SMS, Address: mobileE, Verified: verified()}}}
	return m, r
}

// evening is the routine reminder decided at 19:00, as batch jobs do: it
// waits for the morning's sending window.
func evening() (policy.Message, policy.Record) {
	m, r := minimal()
	m.At = time.Date(2026, 11, 24, 19, 0, 0, 0, time.UTC)
	return m, r
}

func BenchmarkDecide(b *testing.B) {
	for _, bc := range []struct {
		name string
		f    func() (policy.Message, policy.Record)
	}{{"routine", minimal}, {"routine_evening", evening}, {"realistic", realistic}} {
		b.Run(bc.name, func(b *testing.B) {
			m, r := bc.f()
			if d := policy.Decide(m, r); d.Outcome != policy.Send {
				b.Fatalf("outcome %v, want send\n%s", d.Outcome, explain(d))
			}
			b.ReportAllocs()
			for b.Loop() {
				_ = policy.Decide(m, r)
			}
		})
	}
}

// override is the objection-with-override decision the peer benchmarks in
// bench/ measure against cedar-go and OPA: one SMS contact, the channel
// approved, an objection to it with a reason, and a fitting compelling
// ground (an appointment moved to within 48 hours, G14.3) decided by a
// named Caldicott Guardian.
func override() (policy.Message, policy.Record) {
	m := policy.Message{
		ID: "msg-override-1", At: now, Purpose: policy.IndividualCare, Class: channel.AppointmentChange,
		Body:          "Riverside Surgery: your appointment tomorrow at 10:00 has moved to 16:00 the same day. Please call 0115 496 0000 if this does not suit you.",
		Staff:         policy.Staff{ID: "staff-42", Name: "A. Receptionist"},
		AppointmentAt: now.Add(30 * time.Hour),
		Override: &objection.Override{
			Ground: objection.GroundAppointmentChange48h, DecidedBy: "cg-01", Role: objection.CaldicottGuardian,
			Justification: "Discussed and recorded: a letter would arrive after the appointment.", At: now.Add(-30 * time.Minute),
		},
	}
	r := policy.Record{
		PatientID: "9990000018", NHSNumber: "9990000018", BirthDate: channel.Date{Year: 1980, Month: time.June, Day: 1},
		Contacts: []channel.Contact{{Kind: channel.SMS, Address: "07700 900123", Verified: now.AddDate(0, -1, 0)}},
		Objections: []objection.Objection{{
			Scope: objection.ScopeChannel, Channel: channel.SMS, Reason: "I do not want text messages.",
			RecordedAt: now.AddDate(0, -6, 0), RecordedBy: "staff-7",
		}},
	}
	return m, r
}

func BenchmarkDecideOverride(b *testing.B) {
	m, r := override()
	d := policy.Decide(m, r)
	if d.Outcome != policy.Send || !hasStep(d, policy.RuleObjectionOverride, policy.Allow) {
		b.Fatalf("outcome %v, want send by an override\n%s", d.Outcome, explain(d))
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = policy.Decide(m, r)
	}
}
