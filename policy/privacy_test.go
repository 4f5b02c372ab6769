package policy_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

// TestRecordMasksIDsInAnyGrouping: a patient id that is an NHS or phone
// number written with other separators prints masked.
func TestRecordMasksIDsInAnyGrouping(t *testing.T) {
	r := policy.Record{PatientID: "p1", Contacts: []channel.Contact{{Kind: channel.SMS, Address: "07700 900456"}}}
	for _, id := range []string{"943_476_5919", "9434-76-5919", "943:476:5919", "(07700)900456", "07700--900456"} {
		r.PatientID = id
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			if s := fmt.Sprintf(verb, r); strings.Contains(s, id) {
				t.Errorf("Record with PatientID %q: %s prints it unmasked: %s", id, verb, s)
			}
		}
	}
}

// TestSlogPrintsNoPersonalData: each type that holds a body, an address or
// an NHS number, logged with log/slog's JSON and text handlers, prints its
// masked form. The JSON handler would otherwise marshal every field.
func TestSlogPrintsNoPersonalData(t *testing.T) {
	const (
		body    = "Your HIV test was positive"
		nhs     = "9434765919"
		mobile  = "07700 900456"
		email   = "jane.secret@example.org"
		address = "1 Secret Lane, Nottingham"
	)
	at := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	contact := channel.Contact{Kind: channel.SMS, Address: mobile}
	attempt := channel.Attempt{Kind: channel.Email, Address: email, At: at, Result: channel.ResultBounced}
	body1 := policy.Body{Channel: channel.Email, Subject: body, Text: body}
	msg := policy.Message{ID: nhs, At: at, Purpose: policy.IndividualCare, Class: channel.AppointmentReminder,
		Body: body, Staff: policy.Staff{ID: nhs, Name: "Dr Secretsmith"}, Bodies: []policy.Body{body1},
		Attempts: []channel.Attempt{attempt}, Group: &policy.Group{ID: nhs, Size: 2},
		Approvals: []policy.Approval{{Rule: policy.RuleProxySensitive, Recipient: nhs, Role: policy.ThePatient, DecidedBy: nhs, At: at}},
		Override:  &objection.Override{DecidedBy: nhs, Justification: body}}
	px := proxy.Proxy{ID: nhs, Name: "Sam Secretsmith", Authority: proxy.ParentalResponsibility, Status: proxy.Active, Contacts: []channel.Contact{{Kind: channel.Email, Address: email}}}
	rec := policy.Record{PatientID: nhs, NHSNumber: nhs, Name: "Jane Secretsmith", Address: address, Postcode: "NG1 1AA",
		Contacts: []channel.Contact{contact, {Kind: channel.Letter, Address: address}}, Proxies: []proxy.Proxy{px}}
	fb := policy.Fallback{Channel: channel.Email, Address: email, After: policy.Duration(time.Hour)}
	dl := policy.Delivery{Recipient: nhs, Role: policy.ToPatient, Outcome: policy.Send, Channel: channel.SMS, Address: mobile, Fallbacks: []policy.Fallback{fb}}
	step := policy.Step{Rule: policy.RuleInputMessage, Recipient: nhs, Channel: channel.SMS}
	ob := policy.Obligation{Code: policy.ConfirmContact, Rule: policy.RuleInputMessage, Recipient: nhs, Channel: channel.SMS}
	d := policy.Decide(msg, rec)
	d.MessageID, d.Deliveries, d.Trail, d.Obligations = nhs, append(d.Deliveries, dl), append(d.Trail, step), append(d.Obligations, ob)
	env := channel.Envelope{MessageID: nhs, Recipient: nhs, Kind: channel.SMS, Address: mobile, Subject: body, Body: body}
	sent := policy.Sent{Recipient: nhs, Channel: channel.SMS, Receipt: channel.Receipt{ID: nhs, Kind: channel.SMS, Result: channel.ResultAccepted}}
	sched := policy.Scheduled{Recipient: nhs, Channel: channel.SMS, At: at}
	d.Redacted = body
	report := policy.Report{Decisions: []policy.Decision{d}, Sent: []policy.Sent{sent}, Scheduled: []policy.Scheduled{sched}}
	values := []any{msg, rec, d, dl, fb, body1, step, ob, msg.Staff, *msg.Group, msg.Approvals[0], sent, sched, report,
		contact, attempt, env, px}
	for _, json := range []bool{true, false} {
		for _, v := range values {
			var b bytes.Buffer
			// Without the time, whose digits could match a secret's.
			opts := &slog.HandlerOptions{ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
				if a.Key == slog.TimeKey && len(groups) == 0 {
					return slog.Attr{}
				}
				return a
			}}
			var h slog.Handler = slog.NewTextHandler(&b, opts)
			if json {
				h = slog.NewJSONHandler(&b, opts)
			}
			slog.New(h).Info("deciding", "value", v)
			for _, secret := range []string{"HIV test", "Secretsmith", "Secret Lane", "NG1 1AA", nhs, "476591", "900456", "jane.secret"} {
				if strings.Contains(b.String(), secret) {
					t.Errorf("%T logged (JSON %v) shows %q: %s", v, json, secret, b.String())
					break
				}
			}
		}
	}
}
