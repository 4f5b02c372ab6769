package policy_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

// Helpers for the rows below.

func withObjections(os ...objection.Objection) func(*policy.Record) {
	return func(r *policy.Record) { r.Objections = os }
}

func harmTo(k channel.Kind) objection.Objection {
	o := objectTo(objection.ScopeChannel, k)
	o.Reason, o.SeriousHarm = "my ex-partner can read this phone", true
	return o
}

// approveApp approves a messaging app, as some orgs do.
func approveApp(c *policy.Config) {
	c.Platforms = append(c.Platforms, policy.Platform{Channel: channel.MessagingApp, Name: "WhatsApp", DPIA: true})
}

// deliveryTo returns the delivery to the recipient, if there is one.
func deliveryTo(d policy.Decision, id string) (policy.Delivery, bool) {
	for _, dl := range d.Deliveries {
		if dl.Recipient == id {
			return dl, true
		}
	}
	return policy.Delivery{}, false
}

// uses reports whether any delivery or fallback of d uses channel k.
func uses(d policy.Decision, k channel.Kind) bool {
	for _, dl := range d.Deliveries {
		if dl.Channel == k {
			return true
		}
		for _, f := range dl.Fallbacks {
			if f.Channel == k {
				return true
			}
		}
	}
	return false
}

func wantNotUsed(k channel.Kind) func(*testing.T, policy.Decision) {
	return func(t *testing.T, d policy.Decision) {
		if uses(d, k) {
			t.Errorf("a delivery or fallback uses %s: %v", k, d.Deliveries)
		}
	}
}

func wantDeliveries(n int) func(*testing.T, policy.Decision) {
	return func(t *testing.T, d policy.Decision) {
		if len(d.Deliveries) != n {
			t.Errorf("%d deliveries, want %d: %v", len(d.Deliveries), n, d.Deliveries)
		}
	}
}

func stepDetail(d policy.Decision, rule policy.RuleID) string {
	for _, s := range d.Trail {
		if s.Rule == rule {
			return s.Detail
		}
	}
	return ""
}

// appointmentIn makes the message a reminder of an appointment h hours
// after the decision.
func appointmentIn(h time.Duration) func(*policy.Message) {
	return func(m *policy.Message) { m.AppointmentAt = now.Add(h * time.Hour) }
}

// emailBounced is the record with its email bounced and an objection to
// texts: the primary method failed (G14.5).
func emailBounced(r *policy.Record) {
	r.Contacts[1].Status = channel.StatusBounced
	r.Objections = []objection.Objection{objectTo(objection.ScopeChannel, channel.SMS)}
}

// reviewCases are the corrections of issue 13 ("Decisions the guidance
// would make: corrections from review"), one group per item, each row
// citing the requirements it checks.
var reviewCases = []decideCase{
	// 1. Every channel objected to, but a compelling ground fits.
	{name: "item 1: every channel objected to, wrong medication: held for the Caldicott Guardian, not refused", refs: "G13 G14.8 G34",
		msg:     func(m *policy.Message) { m.Class, m.Urgency = channel.MedicationAlert, policy.Urgent },
		rec:     withObjections(objectTo(objection.ScopeOrganisation, 0)),
		outcome: policy.Hold, who: []policy.Role{policy.CaldicottGuardian},
		steps: []stepWant{{policy.RuleObjectionNeedsDecide, policy.Require}, {policy.RuleHoldWho, policy.Require}}},
	{name: "item 1: every channel objected to, appointment within 48 hours moved: held", refs: "G13 G14.3",
		msg: func(m *policy.Message) {
			m.Class, m.AppointmentAt = channel.AppointmentChange, now.Add(24*time.Hour)
		},
		rec:     withObjections(objectTo(objection.ScopeCare, 0)),
		outcome: policy.Hold, who: []policy.Role{policy.CaldicottGuardian},
		steps: []stepWant{{policy.RuleObjectionNeedsDecide, policy.Require}}},
	{name: "item 1: every channel objected to, a safety warning in an emergency: the sender decides", refs: "G13 G32 G34",
		msg:     func(m *policy.Message) { m.Class, m.Urgency = channel.SafetyWarning, policy.Emergency },
		rec:     withObjections(objectTo(objection.ScopeOrganisation, 0)),
		outcome: policy.Hold, who: []policy.Role{policy.TheSender},
		steps: []stepWant{{policy.RuleObjectionNeedsDecide, policy.Require}}},
	{name: "item 1: every channel objected to, override decided by a named person: sent by the overridden channel", refs: "G13 G14.8",
		msg: func(m *policy.Message) {
			m.Class, m.Urgency = channel.MedicationAlert, policy.Urgent
			m.Override = overrideBy(objection.GroundIncorrectMedication, objection.CaldicottGuardian, "cg-01")
		},
		rec:     withObjections(objectTo(objection.ScopeOrganisation, 0)),
		outcome: policy.Send, channel: channel.Email,
		steps:   []stepWant{{policy.RuleObjectionOverride, policy.Allow}},
		obliged: []policy.ObligationCode{policy.NoteOverride, policy.TellPersonWhy}},
	{name: "item 1: every channel objected to and no ground fits: still refused", refs: "G11 G17",
		rec:     withObjections(objectTo(objection.ScopeOrganisation, 0)),
		outcome: policy.Refuse, steps: []stepWant{{policy.RuleObjectionScope, policy.Deny}},
		notSteps: []policy.RuleID{policy.RuleObjectionNeedsDecide}},

	// 2. G14.5: no channel free of objections can reach the person in time.
	{name: "item 2: email bounced, text objected to, a letter too slow for Thursday: the override fits", refs: "G14.5 G31 G8",
		msg: func(m *policy.Message) {
			m.AppointmentAt = now.Add(48 * time.Hour)
			m.Override = overrideBy(objection.GroundPrimaryMethodFailed, objection.SeniorClinician, "dr-01")
		},
		rec:     emailBounced,
		outcome: policy.Send, channel: channel.SMS,
		steps:    []stepWant{{policy.RuleTimingTooSlow, policy.Deny}, {policy.RuleObjectionOverride, policy.Allow}},
		notSteps: []policy.RuleID{policy.RuleObjectionGroundUnfit}},
	{name: "item 2: email bounced, text objected to, a letter arrives in time: the letter, no override", refs: "G14.5 G16",
		msg: func(m *policy.Message) {
			m.AppointmentAt = now.Add(14 * 24 * time.Hour)
			m.Override = overrideBy(objection.GroundPrimaryMethodFailed, objection.SeniorClinician, "dr-01")
		},
		rec:     emailBounced,
		outcome: policy.Send, channel: channel.Letter,
		notSteps: []policy.RuleID{policy.RuleObjectionOverride}},
	{name: "item 2: a letter objected to as well does not count as reaching the person", refs: "G14.5 G13",
		msg: func(m *policy.Message) {
			m.Override = overrideBy(objection.GroundPrimaryMethodFailed, objection.SeniorClinician, "dr-01")
		},
		rec: func(r *policy.Record) {
			emailBounced(r)
			r.Objections = append(r.Objections, objectTo(objection.ScopeChannel, channel.Letter))
		},
		outcome: policy.Send, channel: channel.SMS,
		steps: []stepWant{{policy.RuleObjectionOverride, policy.Allow}}},
	{name: "item 2: the same, with nobody named to decide: held for the Caldicott Guardian, never sent", refs: "G14.5 G13 G34",
		msg:     appointmentIn(30),
		rec:     emailBounced,
		outcome: policy.Hold, who: []policy.Role{policy.CaldicottGuardian},
		steps:    []stepWant{{policy.RuleObjectionNeedsDecide, policy.Require}},
		notSteps: []policy.RuleID{policy.RuleObjectionOverride}},

	// 3. Serious harm follows the contact detail.
	{name: "item 3: serious harm to texts stops WhatsApp to the same number", refs: "G15",
		cfg: approveApp,
		rec: func(r *policy.Record) {
			r.Contacts = append(r.Contacts, channel.Contact{Kind: channel.MessagingApp, Address: "+44 7700 900123", Verified: verified()})
			r.Objections = []objection.Objection{harmTo(channel.SMS)}
			r.Contacts = slices.Delete(r.Contacts, 1, 2) // no email
		},
		outcome: policy.Send, channel: channel.Letter,
		steps:   []stepWant{{policy.RuleObjectionSeriousHarm, policy.Deny}},
		obliged: []policy.ObligationCode{policy.DiscussContactRemoval},
		check: func(t *testing.T, d policy.Decision) {
			wantNotUsed(channel.MessagingApp)(t, d)
			wantNotUsed(channel.SMS)(t, d)
			if !slices.ContainsFunc(d.Obligations, func(o policy.Obligation) bool {
				return o.Code == policy.DiscussContactRemoval && o.Channel == channel.MessagingApp
			}) {
				t.Errorf("no discuss_contact_removal for the messaging app entry of the same number: %v", d.Obligations)
			}
		}},
	{name: "item 3: serious harm to texts stops WhatsApp to the same number even in an emergency", refs: "G15 G32",
		msg: func(m *policy.Message) { m.Class, m.Urgency = channel.SafetyWarning, policy.Emergency },
		rec: func(r *policy.Record) {
			r.Contacts = []channel.Contact{r.Contacts[0], {Kind: channel.MessagingApp, Address: mobile, Verified: verified()}}
			r.Objections = []objection.Objection{harmTo(channel.SMS)}
		},
		outcome: policy.Hold, check: wantNotUsed(channel.MessagingApp)},
	{name: "item 3: serious harm to texts stops a proxy's copy to the same number", refs: "G15 G19",
		rec: func(r *policy.Record) {
			p := parent(child)
			p.Contacts = []channel.Contact{{Kind: channel.SMS, Address: mobileE, Verified: verified()}}
			r.BirthDate, r.Proxies = child, []proxy.Proxy{p}
			r.Objections = []objection.Objection{harmTo(channel.SMS)}
		},
		outcome: policy.Hold,
		check: func(t *testing.T, d policy.Decision) {
			if dl, ok := deliveryTo(d, "proxy-1"); !ok || dl.Channel == channel.SMS || dl.Outcome == policy.Send {
				t.Errorf("the proxy's copy to the same number: %+v, want no channel", dl)
			}
			if dl, _ := deliveryTo(d, patientID); dl.Outcome != policy.Send || dl.Channel != channel.Email {
				t.Errorf("the person's own delivery: %+v, want send by email", dl)
			}
		}},
	{name: "item 3: a proxy's own, different number is not affected", refs: "G15 G19",
		rec: func(r *policy.Record) {
			r.BirthDate, r.Proxies = child, []proxy.Proxy{parent(child)}
			r.Objections = []objection.Objection{harmTo(channel.SMS)}
		},
		outcome: policy.Send,
		check: func(t *testing.T, d policy.Decision) {
			if dl, ok := deliveryTo(d, "proxy-1"); !ok || dl.Channel != channel.SMS || dl.Outcome != policy.Send {
				t.Errorf("the proxy's copy to their own number: %+v, want send by sms", dl)
			}
		}},

	// 4. A failure follows the normalised address.
	{name: "item 4: a number not recognised is failed under a duplicate entry written +44", refs: "G31",
		rec: func(r *policy.Record) {
			r.Contacts = []channel.Contact{
				{Kind: channel.SMS, Address: mobile, Status: channel.StatusNotRecognised, Verified: verified()},
				{Kind: channel.SMS, Address: "+44 7700 900123", Verified: verified()},
				r.Contacts[2],
			}
			r.Preferences = []channel.Kind{channel.SMS}
		},
		outcome: policy.Send, channel: channel.Letter,
		steps: []stepWant{{policy.RuleContactFailed, policy.Deny}}, check: wantNotUsed(channel.SMS)},
	{name: "item 4: a bounced email is failed under a duplicate entry in other case", refs: "G31",
		rec: func(r *policy.Record) {
			r.Contacts[1].Status = channel.StatusBounced
			r.Contacts = append(r.Contacts, channel.Contact{Kind: channel.Email, Address: "PAT@Example.ORG", Verified: verified()})
		},
		outcome: policy.Send, channel: channel.SMS, check: wantNotUsed(channel.Email)},
	{name: "item 4: a removed number is removed for a messaging app entry too", refs: "G31 G15",
		cfg: approveApp,
		rec: func(r *policy.Record) {
			r.Contacts[0].Status = channel.StatusRemoved
			r.Contacts = append(r.Contacts, channel.Contact{Kind: channel.MessagingApp, Address: mobile, Verified: verified()})
			r.Preferences = []channel.Kind{channel.MessagingApp}
		},
		outcome: policy.Send, channel: channel.Email, check: wantNotUsed(channel.MessagingApp)},
	{name: "item 4: an attempt that bounced at the address in capitals", refs: "G31 P3",
		msg: func(m *policy.Message) {
			m.Attempts = []channel.Attempt{{Kind: channel.Email, Address: "Pat@EXAMPLE.org", At: now.Add(-time.Hour), Result: channel.ResultBounced}}
		},
		outcome: policy.Send, channel: channel.SMS, check: wantNotUsed(channel.Email)},

	// 5. Children.
	{name: "item 5: the parent of a 16-year-old with no capacity recorded is not a recipient without their consent", refs: "G19 P8",
		rec: func(r *policy.Record) {
			r.BirthDate = channel.Date{Year: 2010, Month: time.May, Day: 14}
			r.Proxies = []proxy.Proxy{parent(r.BirthDate)}
		},
		outcome: policy.Send, steps: []stepWant{{policy.RuleProxyAuthority, policy.Deny}}, check: wantDeliveries(1)},
	{name: "item 5: the parent of a 16-year-old who consented receives a copy", refs: "G19 P8",
		rec: func(r *policy.Record) {
			r.BirthDate = channel.Date{Year: 2010, Month: time.May, Day: 14}
			p := parent(r.BirthDate)
			p.PatientConsented = true
			r.Proxies = []proxy.Proxy{p}
		},
		outcome: policy.Send, steps: []stepWant{{policy.RuleProxyAuthority, policy.Allow}}, check: wantDeliveries(2)},
	{name: "item 5: the parent of a 12-year-old recorded as having capacity needs the child's consent", refs: "G19 P8",
		rec: func(r *policy.Record) {
			r.BirthDate, r.Capacity = child, proxy.HasCapacity
			r.Proxies = []proxy.Proxy{parent(child)}
		},
		outcome: policy.Send, steps: []stepWant{{policy.RuleProxyAuthority, policy.Deny}}, check: wantDeliveries(1)},
	{name: "item 5: the parent of a 12-year-old with no capacity recorded receives a copy", refs: "G19 P8",
		rec: func(r *policy.Record) {
			r.BirthDate, r.Proxies = child, []proxy.Proxy{parent(child)}
		},
		outcome: policy.Send, steps: []stepWant{{policy.RuleProxyAuthority, policy.Allow}}, check: wantDeliveries(2)},
	{name: "item 5: the parent of a 17-year-old who lacks capacity receives instead", refs: "G19 G18",
		rec: func(r *policy.Record) {
			r.BirthDate, r.Capacity = channel.Date{Year: 2009, Month: time.May, Day: 14}, proxy.LacksCapacity
			p := parent(r.BirthDate)
			p.Mode = proxy.Instead
			r.Proxies = []proxy.Proxy{p}
		},
		outcome: policy.Send, steps: []stepWant{{policy.RuleRecipientPatient, policy.Note}},
		check: func(t *testing.T, d policy.Decision) {
			if len(d.Deliveries) != 1 || d.Deliveries[0].Recipient != "proxy-1" {
				t.Errorf("deliveries = %v, want the parent instead", d.Deliveries)
			}
		}},
	{name: "item 5: practice choice kept: a parent receives instead of a child under 11 with no capacity recorded", refs: "G19 G18",
		rec: func(r *policy.Record) {
			r.BirthDate = channel.Date{Year: 2020, Month: time.February, Day: 3}
			p := parent(r.BirthDate)
			p.Mode = proxy.Instead
			r.Proxies = []proxy.Proxy{p}
		},
		outcome: policy.Send,
		check: func(t *testing.T, d policy.Decision) {
			if len(d.Deliveries) != 1 || d.Deliveries[0].Recipient != "proxy-1" {
				t.Errorf("deliveries = %v, want the parent instead", d.Deliveries)
			}
		}},

	// 6. Incomplete entries never refuse the person's own message.
	{name: "item 6: a proxy without the start date of parental responsibility is left out", refs: "G20 G18 P8",
		rec: func(r *policy.Record) {
			p := parent(child)
			p.From = channel.Date{}
			r.BirthDate, r.Proxies = child, []proxy.Proxy{p}
		},
		outcome: policy.Send, channel: channel.Email,
		steps:    []stepWant{{policy.RuleInputEntry, policy.Note}, {policy.RuleInputEntry, policy.Deny}},
		notSteps: []policy.RuleID{policy.RuleInputRecord},
		obliged:  []policy.ObligationCode{policy.CorrectRecord}, check: wantDeliveries(1)},
	{name: "item 6: a proxy with the patient's id is left out", refs: "G19 G18",
		rec: func(r *policy.Record) {
			p := parent(child)
			p.ID = r.PatientID
			r.BirthDate, r.Proxies = child, []proxy.Proxy{p}
		},
		outcome: policy.Send, obliged: []policy.ObligationCode{policy.CorrectRecord}, check: wantDeliveries(1)},
	{name: "item 6: two proxies with one id are both left out", refs: "G19 G18",
		rec: func(r *policy.Record) {
			r.BirthDate, r.Proxies = child, []proxy.Proxy{parent(child), parent(child)}
		},
		outcome: policy.Send, obliged: []policy.ObligationCode{policy.CorrectRecord}, check: wantDeliveries(1)},
	{name: "item 6: a proxy left out cannot take the person's place", refs: "G18 G19",
		rec: func(r *policy.Record) {
			p := parent(channel.Date{Year: 2020, Month: time.February, Day: 3})
			p.Mode, p.Status = proxy.Instead, proxy.Active
			p.DeactivatedReason = proxy.Safeguarding // inconsistent with active
			r.BirthDate, r.Proxies = channel.Date{Year: 2020, Month: time.February, Day: 3}, []proxy.Proxy{p}
		},
		outcome: policy.Send,
		check: func(t *testing.T, d policy.Decision) {
			if len(d.Deliveries) != 1 || d.Deliveries[0].Recipient != patientID {
				t.Errorf("deliveries = %v, want the person only", d.Deliveries)
			}
		}},
	{name: "item 6: an objection without who recorded it is upheld and flagged", refs: "G12 G28",
		rec: func(r *policy.Record) {
			o := objectTo(objection.ScopeChannel, channel.Email)
			o.RecordedBy = ""
			r.Objections = []objection.Objection{o}
		},
		outcome: policy.Send, channel: channel.SMS,
		steps:   []stepWant{{policy.RuleInputEntry, policy.Note}, {policy.RuleObjectionScope, policy.Deny}},
		obliged: []policy.ObligationCode{policy.CorrectRecord}},
	{name: "item 6: an objection without when it was recorded is upheld and flagged", refs: "G12 G28",
		rec: func(r *policy.Record) {
			o := objectTo(objection.ScopeOrganisation, 0)
			o.RecordedAt = time.Time{}
			r.Objections = []objection.Objection{o}
		},
		outcome: policy.Refuse, steps: []stepWant{{policy.RuleInputEntry, policy.Note}, {policy.RuleObjectionScope, policy.Deny}},
		obliged: []policy.ObligationCode{policy.CorrectRecord}, notSteps: []policy.RuleID{policy.RuleInputRecord}},
	{name: "item 6: a malformed objection (a channel objection naming no channel) is still a record problem", refs: "G10 G11",
		rec: func(r *policy.Record) {
			r.Objections = []objection.Objection{objectTo(objection.ScopeChannel, 0)}
		},
		outcome: policy.Refuse, steps: []stepWant{{policy.RuleInputRecord, policy.Deny}}},

	// 7. The record's NHS number.
	{name: "item 7: an NHS number failing modulus 11 is refused, naming the field", refs: "G30 G10",
		rec:     func(r *policy.Record) { r.NHSNumber = "9990000019" },
		outcome: policy.Refuse, steps: []stepWant{{policy.RuleInputRecord, policy.Deny}},
		check: func(t *testing.T, d policy.Decision) {
			if !strings.Contains(stepDetail(d, policy.RuleInputRecord), "nhs_number") {
				t.Errorf("the input.record step does not name nhs_number: %q", stepDetail(d, policy.RuleInputRecord))
			}
		}},
	{name: "item 7: an NHS App contact for another NHS number is not used", refs: "G30 G4",
		rec: func(r *policy.Record) {
			r.Contacts = append([]channel.Contact{{Kind: channel.NHSApp, Address: "9990000026", Verified: verified()}}, r.Contacts...)
		},
		outcome: policy.Send, channel: channel.Email,
		steps: []stepWant{{policy.RuleContactInvalid, policy.Deny}}, check: wantNotUsed(channel.NHSApp)},
	{name: "item 7: an NHS App contact for the record's NHS number, written with spaces, is used", refs: "G30 G4",
		rec: func(r *policy.Record) {
			*r = withApp(*r)
			r.NHSNumber = "999 000 0018"
		},
		outcome: policy.Send, channel: channel.NHSApp},

	// 8. Emergency overrides.
	{name: "item 8: an appointment reminder marked emergency does not override an objection", refs: "G14 G32",
		msg: func(m *policy.Message) {
			m.Urgency = policy.Emergency
			m.Override = overrideBy(objection.GroundEmergency, objection.TheSender, "staff-42")
		},
		rec:     withObjections(objectTo(objection.ScopeElectronic, 0)), // a letter is too slow for an emergency
		outcome: policy.Hold, who: []policy.Role{policy.TheSender},
		steps:    []stepWant{{policy.RuleObjectionGroundUnfit, policy.Deny}},
		notSteps: []policy.RuleID{policy.RuleObjectionOverride, policy.RuleObjectionNeedsDecide}},
	{name: "item 8: a safety warning in an emergency, justified, overrides", refs: "G14 G32",
		msg: func(m *policy.Message) {
			m.Class, m.Urgency = channel.SafetyWarning, policy.Emergency
			m.Override = overrideBy(objection.GroundEmergency, objection.TheSender, "staff-42")
		},
		rec: func(r *policy.Record) {
			r.Contacts = r.Contacts[:1]
			withObjections(objectTo(objection.ScopeChannel, channel.SMS))(r)
		},
		outcome: policy.Send, channel: channel.SMS,
		steps:   []stepWant{{policy.RuleObjectionOverride, policy.Allow}},
		obliged: []policy.ObligationCode{policy.ReviewEmergency}},
	{name: "item 8: an emergency override with no stated justification does not fit", refs: "G13 G32",
		msg: func(m *policy.Message) {
			m.Class, m.Urgency = channel.SafetyWarning, policy.Emergency
			m.Override = overrideBy(objection.GroundEmergency, objection.TheSender, "staff-42")
			m.Override.Justification = ""
		},
		rec: func(r *policy.Record) {
			r.Contacts = r.Contacts[:1]
			withObjections(objectTo(objection.ScopeChannel, channel.SMS))(r)
		},
		outcome: policy.Hold, steps: []stepWant{{policy.RuleObjectionGroundUnfit, policy.Deny}}},

	// 9. Out-of-scope messages carry no care lawful basis.
	{name: "item 9: research states no care lawful basis", refs: "G1 G2", msg: func(m *policy.Message) { m.Purpose = policy.Research },
		outcome: policy.Refuse, steps: []stepWant{{policy.RuleScopePurpose, policy.Deny}, {policy.RuleLawfulBasis, policy.Note}},
		check: wantNoBasis},
	{name: "item 9: fundraising states no care lawful basis", refs: "G1 G2", msg: func(m *policy.Message) { m.Purpose = policy.Fundraising },
		outcome: policy.Refuse, check: wantNoBasis},
	{name: "item 9: marketing states no care lawful basis", refs: "G1 G2", msg: func(m *policy.Message) { m.Purpose = policy.Marketing },
		outcome: policy.Refuse, check: wantNoBasis},

	// 10. Wording.
	{name: "item 10: with no objection to electronic channels, the hold does not say letters remain", refs: "G16 G34",
		rec: func(r *policy.Record) {
			r.Contacts = r.Contacts[:1]
			withObjections(objectTo(objection.ScopeChannel, channel.SMS))(r)
		},
		outcome: policy.Hold, steps: []stepWant{{policy.RuleRecipientNone, policy.Require}},
		check: func(t *testing.T, d policy.Decision) {
			if s := stepDetail(d, policy.RuleRecipientNone); strings.Contains(s, "letter") {
				t.Errorf("recipient.none says %q, with no objection to electronic channels", s)
			}
		}},
	{name: "item 10: after an objection to electronic channels, the hold says letters remain", refs: "G16 G34",
		rec: func(r *policy.Record) {
			r.Contacts = r.Contacts[:1]
			r.Objections = []objection.Objection{objectTo(objection.ScopeElectronic, 0)}
		},
		outcome: policy.Hold,
		check: func(t *testing.T, d policy.Decision) {
			if s := stepDetail(d, policy.RuleRecipientNone); !strings.Contains(s, "a letter remains possible") {
				t.Errorf("recipient.none says %q, want that a letter remains possible", s)
			}
		}},
	{name: "item 10: fallback waits read in hours", refs: "P3 G27",
		rec: func(r *policy.Record) { r.Contacts = r.Contacts[:2] }, outcome: policy.Send,
		check: func(t *testing.T, d policy.Decision) {
			fb := d.Deliveries[0].Fallbacks
			if len(fb) != 1 || fb[0].After.String() != "72 hours" {
				t.Fatalf("fallbacks = %v, want one after 72 hours", fb)
			}
			if e := explain(d); !strings.Contains(e, "after 72 hours") || strings.Contains(e, "72h0m0s") {
				t.Errorf("the explanation does not read 72 hours:\n%s", e)
			}
			if b, _ := json.Marshal(fb[0]); !strings.Contains(string(b), `"after":"72h0m0s"`) {
				t.Errorf("JSON %s, want the Go duration, as before", b)
			}
		}},

	// 11. A channel objection's reach to proxies.
	{name: "item 11: an objection to texts does not govern a proxy's own phone", refs: "G11 G19",
		rec: func(r *policy.Record) {
			r.BirthDate, r.Proxies = child, []proxy.Proxy{parent(child)}
			r.Objections = []objection.Objection{objectTo(objection.ScopeChannel, channel.SMS)}
		},
		outcome: policy.Send,
		check: func(t *testing.T, d policy.Decision) {
			if dl, _ := deliveryTo(d, "proxy-1"); dl.Outcome != policy.Send || dl.Channel != channel.SMS {
				t.Errorf("the proxy's copy: %+v, want send by sms to the proxy's own phone", dl)
			}
		}},
	{name: "item 11: an objection to electronic channels does not govern a proxy's own phone", refs: "G11 G16 G19",
		rec: func(r *policy.Record) {
			r.BirthDate, r.Proxies = child, []proxy.Proxy{parent(child)}
			r.Objections = []objection.Objection{objectTo(objection.ScopeElectronic, 0)}
		},
		outcome: policy.Send,
		check: func(t *testing.T, d policy.Decision) {
			if dl, _ := deliveryTo(d, patientID); dl.Channel != channel.Letter {
				t.Errorf("the person's delivery: %+v, want a letter", dl)
			}
			if dl, _ := deliveryTo(d, "proxy-1"); dl.Outcome != policy.Send || dl.Channel != channel.SMS {
				t.Errorf("the proxy's copy: %+v, want send by sms", dl)
			}
		}},
	{name: "item 11: an objection to all messages from the organisation binds a proxy's copy", refs: "G11 G17 G19",
		rec: func(r *policy.Record) {
			r.BirthDate, r.Proxies = child, []proxy.Proxy{parent(child)}
			r.Objections = []objection.Objection{objectTo(objection.ScopeOrganisation, 0)}
		},
		outcome: policy.Refuse,
		check: func(t *testing.T, d policy.Decision) {
			if dl, _ := deliveryTo(d, "proxy-1"); dl.Outcome != policy.Refuse {
				t.Errorf("the proxy's copy: %+v, want refuse", dl)
			}
		}},
	{name: "item 11: an objection to a service binds a proxy's copy", refs: "G11 G19",
		msg: func(m *policy.Message) { m.Service = "screening"; m.Class = channel.AppointmentInvitation },
		rec: func(r *policy.Record) {
			o := objectTo(objection.ScopeService, 0)
			o.Service = "screening"
			r.BirthDate, r.Proxies, r.Objections = child, []proxy.Proxy{parent(child)}, []objection.Objection{o}
		},
		outcome: policy.Refuse, check: wantDeliveries(2)},
}

func wantNoBasis(t *testing.T, d policy.Decision) {
	if d.LegalBasis != (policy.LegalBasis{}) {
		t.Errorf("LegalBasis = %+v, want none: the guidance does not cover this message", d.LegalBasis)
	}
	if !strings.Contains(explain(d), "Lawful basis: none") {
		t.Errorf("the explanation states a lawful basis:\n%s", explain(d))
	}
}

// TestReviewCorrections: the corrections of issue 13, each row citing the
// G-n it checks.
func TestReviewCorrections(t *testing.T) {
	for _, tc := range reviewCases {
		t.Run(tc.refs+" "+tc.name, tc.run)
	}
}

// TestIncompleteEntryErrors: Record.Validate still reports an incomplete
// entry, for hosts that reject at ingest, as a *FieldError that wraps
// ErrIncompleteEntry beside ErrInvalidRecord; a problem of the record's
// own does not wrap it (issue 13, item 6).
func TestIncompleteEntryErrors(t *testing.T) {
	r := rec()
	p := parent(child)
	p.From = channel.Date{}
	o := objectTo(objection.ScopeChannel, channel.SMS)
	o.RecordedBy = ""
	r.BirthDate, r.Proxies, r.Objections = child, []proxy.Proxy{p}, []objection.Objection{o}
	r.NHSNumber = "1234567890"
	var paths []string
	for _, err := range unjoinAll(r.Validate()) {
		var fe *policy.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, policy.ErrInvalidRecord) {
			t.Fatalf("Validate error %v is not a *FieldError wrapping ErrInvalidRecord", err)
		}
		entry := errors.Is(err, policy.ErrIncompleteEntry)
		if want := fe.Path != "nhs_number"; entry != want {
			t.Errorf("%s: wraps ErrIncompleteEntry = %v, want %v", fe.Path, entry, want)
		}
		paths = append(paths, fe.Path)
	}
	for _, want := range []string{"nhs_number", "objections[0].recorded_by", "proxies[0].from"} {
		if !slices.Contains(paths, want) {
			t.Errorf("Validate reports %v, lacking %s", paths, want)
		}
	}
	if errors.Is(p.Validate(), policy.ErrIncompleteEntry) {
		t.Errorf("proxy.Validate wraps policy.ErrIncompleteEntry: only Record.Validate knows the entry is one of many")
	}
}

func unjoinAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// TestDurationWords: durations print as people read them; JSON keeps Go
// syntax (issue 13, item 10).
func TestDurationWords(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{72 * time.Hour, "72 hours"}, {24 * time.Hour, "24 hours"}, {4 * time.Hour, "4 hours"}, {time.Hour, "1 hour"},
		{7 * 24 * time.Hour, "7 days"}, {14 * 24 * time.Hour, "14 days"}, {90 * time.Minute, "1 hour 30 minutes"},
		{45 * time.Minute, "45 minutes"}, {time.Minute, "1 minute"}, {0, "0 minutes"}, {90 * time.Second, "1m30s"},
	} {
		if got := policy.Duration(tc.d).String(); got != tc.want {
			t.Errorf("Duration(%v).String() = %q, want %q", tc.d, got, tc.want)
		}
		b, err := policy.Duration(tc.d).MarshalText()
		if err != nil || string(b) != tc.d.String() {
			t.Errorf("Duration(%v).MarshalText() = %s, %v; want %s", tc.d, b, err, tc.d)
		}
	}
}
