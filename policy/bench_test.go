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
