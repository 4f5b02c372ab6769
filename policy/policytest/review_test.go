package policytest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

// reviewCase is a valid routine case: a text reminder to a person with a
// mobile and a letter on record.
func reviewCase() Case {
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	return Case{
		Message: policy.Message{
			ID: "m-1", At: at, Purpose: policy.IndividualCare, Class: channel.AppointmentReminder,
			Body: "Riverside Surgery: your appointment is on Tuesday 8 December at 09:40.", Staff: policy.Staff{ID: "staff-1"},
		},
		Record: policy.Record{
			PatientID: "9990000018", NHSNumber: "9990000018",
			Contacts: []channel.Contact{
				{Kind: channel.SMS, Address: "07700 900123", Verified: at.AddDate(0, -1, 0)},
				{Kind: channel.Letter, Address: "1 Example Street, Nottingham, NG1 1AA", Verified: at.AddDate(0, -1, 0)},
			},
		},
	}
}

// violated returns the names of the invariants the decider breaks on c.
func violated(t *testing.T, d policy.Decider, c Case) []string {
	t.Helper()
	var got []string
	for _, e := range unjoin(CheckCase(d, policy.DefaultConfig(), c)) {
		// "policytest: invariant NAME (REFS): problem"
		name, _, _ := strings.Cut(strings.TrimPrefix(e.Error(), "policytest: invariant "), " ")
		got = append(got, name)
	}
	return got
}

// TestReviewInvariants: the invariants extended for issue 13 catch a
// decider that breaks each correction, and pass the library's own (G1,
// G2, G15, G19, G20, G30, G31).
func TestReviewInvariants(t *testing.T) {
	at := reviewCase().Message.At
	harm := objection.Objection{Scope: objection.ScopeChannel, Channel: channel.SMS, Reason: "my ex-partner reads this phone",
		RecordedAt: at.AddDate(0, -1, 0), RecordedBy: "staff-7", SeriousHarm: true}
	parent := proxy.Proxy{ID: "proxy-1", Authority: proxy.ParentalResponsibility, RecordNote: true, Status: proxy.Active,
		Contacts: []channel.Contact{{Kind: channel.SMS, Address: "07700 900456"}}} // no From: incomplete
	tests := []struct {
		name    string
		refs    string
		setup   func(*Case)
		breakIt func(policy.Message, policy.Record, *policy.Decision)
		want    string
	}{
		{"a care basis for research", "G1 G2", func(c *Case) { c.Message.Purpose = policy.Research },
			func(_ policy.Message, _ policy.Record, d *policy.Decision) {
				d.LegalBasis = policy.LegalBasis{GDPRArticle6: "6(1)(e)", GDPRArticle9: "9(2)(h)", CommonLaw: "implied_consent"}
			}, "basis.lawful"},
		{"a fallback to the same number on WhatsApp after a serious-harm objection", "G15", func(c *Case) {
			c.Record.Contacts = append(c.Record.Contacts, channel.Contact{Kind: channel.MessagingApp, Address: "+447700900123"})
			c.Record.Objections = []objection.Objection{harm}
		}, func(_ policy.Message, _ policy.Record, d *policy.Decision) {
			d.Deliveries[0].Fallbacks = append(d.Deliveries[0].Fallbacks, policy.Fallback{Channel: channel.MessagingApp, Address: "+447700900123"})
		}, "objection.serious_harm"},
		{"a number used though another entry marks it not recognised", "G31", func(c *Case) {
			c.Record.Contacts = append(c.Record.Contacts, channel.Contact{Kind: channel.SMS, Address: "+44 7700 900123", Status: channel.StatusNotRecognised})
		}, func(_ policy.Message, _ policy.Record, d *policy.Decision) {
			d.Deliveries[0].Outcome, d.Deliveries[0].Channel, d.Deliveries[0].Address = policy.Send, channel.SMS, "+447700900123"
		}, "contact.address"},
		{"an NHS App contact for another NHS number", "G30", func(c *Case) {
			c.Record.Contacts = append(c.Record.Contacts, channel.Contact{Kind: channel.NHSApp, Address: "9990000026"})
		}, func(_ policy.Message, _ policy.Record, d *policy.Decision) {
			d.Deliveries[0].Channel, d.Deliveries[0].Address = channel.NHSApp, "9990000026"
		}, "contact.address"},
		{"a proxy with an incomplete entry messaged", "G20 G19", func(c *Case) {
			c.Record.BirthDate = channel.Date{Year: 2014, Month: time.May, Day: 14}
			c.Record.Proxies = []proxy.Proxy{parent}
		}, func(_ policy.Message, _ policy.Record, d *policy.Decision) {
			d.Deliveries = append(d.Deliveries, policy.Delivery{Recipient: "proxy-1", Role: policy.ToProxy, Outcome: policy.Send, Channel: channel.SMS, Address: "+447700900456"})
		}, "recipient.valid"},
		{"a 16-year-old's parent messaged without their consent", "G19", func(c *Case) {
			p := parent
			p.From = channel.Date{Year: 2010, Month: time.May, Day: 14}
			c.Record.BirthDate = p.From
			c.Record.Proxies = []proxy.Proxy{p}
		}, func(_ policy.Message, _ policy.Record, d *policy.Decision) {
			d.Deliveries = append(d.Deliveries, policy.Delivery{Recipient: "proxy-1", Role: policy.ToProxy, Outcome: policy.Send, Channel: channel.SMS, Address: "+447700900456"})
		}, "recipient.valid"},
	}
	for _, tt := range tests {
		t.Run(tt.refs+" "+tt.name, func(t *testing.T) {
			c := reviewCase()
			tt.setup(&c)
			if got := violated(t, policy.Default(), c); len(got) > 0 {
				t.Fatalf("the library's own decision breaks %v", got)
			}
			if got := violated(t, careless{policy.Default(), tt.breakIt}, c); !slices.Contains(got, tt.want) {
				t.Errorf("CheckCase(%s) reports %v, want %s among them", tt.name, got, tt.want)
			}
		})
	}
}

// TestIncompleteEntryMaySend: input.never_sent lets a record whose only
// problems are confined to one entry be sent (issue 13, item 6), and not
// a record with a problem of its own.
func TestIncompleteEntryMaySend(t *testing.T) {
	c := reviewCase()
	c.Record.Objections = []objection.Objection{{Scope: objection.ScopeChannel, Channel: channel.Email, Reason: "no email"}} // who and when missing
	if !decidable(&c) || valid(&c) {
		t.Fatalf("an objection missing recorded_by and recorded_at: decidable %v, valid %v; want decidable, not valid", decidable(&c), valid(&c))
	}
	if got := violated(t, policy.Default(), c); len(got) > 0 {
		t.Errorf("the library's own decision breaks %v", got)
	}
	c.Record.NHSNumber = "9990000019"
	if decidable(&c) {
		t.Errorf("a record with an NHS number failing modulus 11 is decidable")
	}
}
