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

type stepWant struct {
	rule   policy.RuleID
	effect policy.Effect
}

type decideCase struct {
	name     string
	refs     string // the G-n and P-n the row checks
	cfg      func(*policy.Config)
	msg      func(*policy.Message)
	rec      func(*policy.Record)
	outcome  policy.Outcome
	channel  channel.Kind // the first delivery's channel, when set
	steps    []stepWant
	notSteps []policy.RuleID
	obliged  []policy.ObligationCode
	who      []policy.Role
	check    func(t *testing.T, d policy.Decision)
}

func objectTo(scope objection.Scope, k channel.Kind) objection.Objection {
	return objection.Objection{Scope: scope, Channel: k, Reason: "family members can read my phone", RecordedAt: now.AddDate(0, -3, 0), RecordedBy: "staff-7"}
}

func parent(dob channel.Date) proxy.Proxy {
	return proxy.Proxy{
		ID: "proxy-1", Relationship: "mother", Authority: proxy.ParentalResponsibility, RecordNote: true,
		From: dob, Status: proxy.Active,
		Contacts: []channel.Contact{{Kind: channel.SMS, Address: "07700 900321", Verified: verified()}},
	}
}

var child = channel.Date{Year: 2014, Month: time.May, Day: 14}

// consenting is a proxy acting on the adult patient's recorded consent.
func consenting() proxy.Proxy {
	return proxy.Proxy{
		ID: "proxy-1", Relationship: "partner", Authority: proxy.Consent, PatientConsented: true, RecordNote: true,
		From: channel.Date{Year: 2025, Month: time.January, Day: 1}, Status: proxy.Active,
		Contacts: []channel.Contact{{Kind: channel.SMS, Address: "07700 900321", Verified: verified()}},
	}
}

func overrideBy(g objection.Ground, role objection.Role, by string) *objection.Override {
	return &objection.Override{Ground: g, DecidedBy: by, Role: role, Justification: "documented case by case", At: now}
}

var decideCases = []decideCase{
	// G1 scope.
	{name: "research is out of scope", refs: "G1", msg: func(m *policy.Message) { m.Purpose = policy.Research },
		outcome: policy.Refuse, steps: []stepWant{{policy.RuleScopePurpose, policy.Deny}}},
	{name: "marketing is out of scope", refs: "G1", msg: func(m *policy.Message) { m.Purpose = policy.Marketing },
		outcome: policy.Refuse, steps: []stepWant{{policy.RuleScopePurpose, policy.Deny}}},
	{name: "fundraising is out of scope", refs: "G1", msg: func(m *policy.Message) { m.Purpose = policy.Fundraising },
		outcome: policy.Refuse, steps: []stepWant{{policy.RuleScopePurpose, policy.Deny}}},
	{name: "individual care is in scope", refs: "G1", outcome: policy.Send, channel: channel.Email,
		steps: []stepWant{{policy.RuleScopePurpose, policy.Allow}}},
	// G2 lawful basis.
	{name: "lawful basis stated, consent not required", refs: "G2", outcome: policy.Send,
		steps: []stepWant{{policy.RuleLawfulBasis, policy.Note}},
		check: func(t *testing.T, d policy.Decision) {
			lb := d.LegalBasis
			if lb.GDPRArticle6 != "6(1)(e)" || lb.GDPRArticle9 != "9(2)(h)" || lb.CommonLaw != "implied_consent" || lb.ConsentRequired {
				t.Errorf("LegalBasis = %+v, want 6(1)(e), 9(2)(h), implied consent, no consent", lb)
			}
		}},
	// G3 approved platforms.
	{name: "preferred but unapproved messaging app is not used", refs: "G3 G9",
		rec: func(r *policy.Record) {
			r.Contacts = append(r.Contacts, channel.Contact{Kind: channel.MessagingApp, Address: mobile, Verified: verified()})
			r.Preferences = []channel.Kind{channel.MessagingApp}
		},
		outcome: policy.Send, channel: channel.Email,
		steps: []stepWant{{policy.RulePreferenceNotConsent, policy.Deny}, {policy.RulePreferenceFallback, policy.Note}}},
	{name: "only an unapproved channel: held", refs: "G3 G34",
		rec: func(r *policy.Record) {
			r.Contacts = []channel.Contact{{Kind: channel.MessagingApp, Address: mobile, Verified: verified()}}
		},
		outcome: policy.Hold, who: []policy.Role{policy.TheSender},
		steps:   []stepWant{{policy.RulePlatformApproved, policy.Deny}, {policy.RuleRecipientNone, policy.Require}},
		obliged: []policy.ObligationCode{policy.ObtainContact}},
	// G4 NHS App first.
	{name: "NHS App first when no preference", refs: "G4 G9", rec: func(r *policy.Record) { *r = withApp(*r) },
		outcome: policy.Send, channel: channel.NHSApp,
		steps: []stepWant{{policy.RulePlatformNHSAppFirst, policy.Note}, {policy.RulePreferenceNotConsent, policy.Note}}},
	// G5 use cases.
	{name: "detailed test results never by text", refs: "G5 G23",
		msg: func(m *policy.Message) {
			m.Class = channel.TestResults
			m.Body = "Your results are back."
		},
		rec:     func(r *policy.Record) { r.Contacts = r.Contacts[:1] },
		outcome: policy.Hold, who: []policy.Role{policy.TheSender},
		steps: []stepWant{{policy.RuleUseCase, policy.Deny}}},
	{name: "detailed test results go by letter when that is all", refs: "G5 G6",
		msg: func(m *policy.Message) {
			m.Class = channel.TestResults
			m.Body = "Your results are back."
		},
		outcome: policy.Send, channel: channel.Letter,
		steps: []stepWant{{policy.RuleUseCase, policy.Deny}, {policy.RuleConfidentialChannel, policy.Deny}}},
	// G6 confidential content.
	{name: "care information prefers the NHS App to email", refs: "G6",
		msg: func(m *policy.Message) {
			m.Class = channel.CareInformation
			m.Body = "Information about your care is ready."
		},
		rec:     func(r *policy.Record) { *r = withApp(*r); r.Preferences = []channel.Kind{channel.Email} },
		outcome: policy.Send, channel: channel.NHSApp,
		steps: []stepWant{{policy.RuleConfidentialChannel, policy.Deny}}},
	{name: "a named condition by NHS App is fine", refs: "G6 G22",
		msg: func(m *policy.Message) {
			m.Class = channel.TestResultsReady
			m.Body = "Your diabetes review results are ready."
		},
		rec:     func(r *policy.Record) { *r = withApp(*r) },
		outcome: policy.Send, channel: channel.NHSApp},
	// G7–G9 preferences.
	{name: "preferred channel used", refs: "G7", rec: func(r *policy.Record) { r.Preferences = []channel.Kind{channel.SMS} },
		outcome: policy.Send, channel: channel.SMS, steps: []stepWant{{policy.RulePreferenceOrder, policy.Allow}}},
	{name: "preferred letter too slow for an appointment tomorrow", refs: "G8",
		msg: func(m *policy.Message) {
			m.Class = channel.AppointmentChange
			m.AppointmentAt = now.Add(24 * time.Hour)
		},
		rec:     func(r *policy.Record) { r.Preferences = []channel.Kind{channel.Letter} },
		outcome: policy.Send, channel: channel.Email,
		steps: []stepWant{{policy.RuleTimingTooSlow, policy.Deny}, {policy.RulePreferenceFallback, policy.Note}}},
	{name: "no preference is not an objection", refs: "G9", outcome: policy.Send, channel: channel.Email,
		steps: []stepWant{{policy.RulePreferenceNotConsent, policy.Note}}},
	// G10–G17 objections.
	{name: "objections always checked", refs: "G10", steps: []stepWant{{policy.RuleObjectionCheck, policy.Note}}, outcome: policy.Send},
	{name: "group message checks each person", refs: "G10",
		msg:     func(m *policy.Message) { m.Group = &policy.Group{ID: "flu-2026", Size: 4000} },
		rec:     func(r *policy.Record) { r.Objections = []objection.Objection{objectTo(objection.ScopeElectronic, 0)} },
		outcome: policy.Send, channel: channel.Letter,
		steps: []stepWant{{policy.RuleObjectionBatch, policy.Note}, {policy.RuleObjectionScope, policy.Deny}}},
	{name: "objection to text: email used", refs: "G11 G17",
		rec: func(r *policy.Record) {
			r.Preferences = []channel.Kind{channel.SMS}
			r.Objections = []objection.Objection{objectTo(objection.ScopeChannel, channel.SMS)}
		},
		outcome: policy.Send, channel: channel.Email, steps: []stepWant{{policy.RuleObjectionScope, policy.Deny}}},
	{name: "objection to all electronic channels leaves letters", refs: "G11 G16",
		rec:     func(r *policy.Record) { r.Objections = []objection.Objection{objectTo(objection.ScopeElectronic, 0)} },
		outcome: policy.Send, channel: channel.Letter,
		steps: []stepWant{{policy.RuleObjectionLetters, policy.Note}, {policy.RuleObjectionScope, policy.Deny}}},
	{name: "objection to all messages from the org", refs: "G11 G17",
		rec:     func(r *policy.Record) { r.Objections = []objection.Objection{objectTo(objection.ScopeOrganisation, 0)} },
		outcome: policy.Refuse, steps: []stepWant{{policy.RuleObjectionScope, policy.Deny}}},
	{name: "objection to a service", refs: "G11",
		msg: func(m *policy.Message) { m.Service = "screening"; m.Class = channel.AppointmentInvitation },
		rec: func(r *policy.Record) {
			o := objectTo(objection.ScopeService, 0)
			o.Service = "screening"
			r.Objections = []objection.Objection{o}
		},
		outcome: policy.Refuse, steps: []stepWant{{policy.RuleObjectionScope, policy.Deny}}},
	{name: "objection to another service does not apply", refs: "G11",
		msg: func(m *policy.Message) { m.Service = "vaccination" },
		rec: func(r *policy.Record) {
			o := objectTo(objection.ScopeService, 0)
			o.Service = "screening"
			r.Objections = []objection.Objection{o}
		},
		outcome: policy.Send, channel: channel.Email},
	{name: "objection to processing for care", refs: "G11",
		rec:     func(r *policy.Record) { r.Objections = []objection.Objection{objectTo(objection.ScopeCare, 0)} },
		outcome: policy.Refuse},
	{name: "objection without a reason is upheld and flagged", refs: "G12",
		rec: func(r *policy.Record) {
			o := objectTo(objection.ScopeChannel, channel.Email)
			o.Reason = ""
			r.Objections = []objection.Objection{o}
		},
		outcome: policy.Send, channel: channel.SMS,
		steps:   []stepWant{{policy.RuleObjectionNoReason, policy.Note}, {policy.RuleObjectionScope, policy.Deny}},
		obliged: []policy.ObligationCode{policy.RecordObjectionReason}},
	{name: "a reminder decided after its appointment is not sent", refs: "G8",
		msg:     func(m *policy.Message) { m.AppointmentAt = now.Add(-time.Hour) },
		outcome: policy.Refuse, steps: []stepWant{{policy.RuleTimingTooSlow, policy.Deny}}},
	{name: "care information about a past appointment is sent", refs: "G8",
		msg: func(m *policy.Message) {
			m.Class, m.AppointmentAt = channel.CareInformation, now.Add(-24*time.Hour)
			m.Body = "Riverside Surgery: thank you for attending. Your care plan is in the NHS App."
		},
		rec:      func(r *policy.Record) { *r = withApp(*r) },
		outcome:  policy.Send,
		notSteps: []policy.RuleID{policy.RuleTimingTooSlow}},
	{name: "objection whose reason is only spaces is flagged as having none", refs: "G12",
		rec: func(r *policy.Record) {
			o := objectTo(objection.ScopeChannel, channel.Email)
			o.Reason = " \t\u200b "
			r.Objections = []objection.Objection{o}
		},
		outcome: policy.Send, channel: channel.SMS,
		steps:   []stepWant{{policy.RuleObjectionNoReason, policy.Note}},
		obliged: []policy.ObligationCode{policy.RecordObjectionReason}},
	{name: "objection to a service that is not a code: upheld for every message, and the entry corrected", refs: "G10 G11",
		msg: func(m *policy.Message) { m.Service = "sexual_health" },
		rec: func(r *policy.Record) {
			o := objectTo(objection.ScopeService, 0)
			o.Service = "sexual-health"
			r.Objections = []objection.Objection{o}
		},
		outcome: policy.Refuse,
		steps:   []stepWant{{policy.RuleInputEntry, policy.Note}, {policy.RuleObjectionScope, policy.Deny}},
		obliged: []policy.ObligationCode{policy.CorrectRecord}},
	{name: "a claimed ground that does not fit: still held when another ground could", refs: "G13 G14 G34",
		msg: func(m *policy.Message) {
			m.Class, m.AppointmentAt = channel.AppointmentChange, now.Add(24*time.Hour)
			m.Override = overrideBy(objection.GroundCredibleThreat, objection.CaldicottGuardian, "cg-1")
		},
		rec: func(r *policy.Record) {
			r.Objections = []objection.Objection{objectTo(objection.ScopeOrganisation, 0)}
		},
		outcome: policy.Hold, who: []policy.Role{policy.CaldicottGuardian},
		steps: []stepWant{{policy.RuleObjectionGroundUnfit, policy.Deny}, {policy.RuleObjectionNeedsDecide, policy.Require}}},
	{name: "worked example: urgent treatment within 48 hours, Caldicott Guardian decided", refs: "G13 G14",
		msg: func(m *policy.Message) {
			m.Class, m.Urgency, m.AppointmentAt = channel.AppointmentChange, policy.Urgent, now.Add(30*time.Hour)
			m.Override = overrideBy(objection.GroundAppointmentChange48h, objection.CaldicottGuardian, "staff-1")
		},
		rec: func(r *policy.Record) {
			r.Contacts = []channel.Contact{r.Contacts[0], r.Contacts[2]}
			r.Objections = []objection.Objection{objectTo(objection.ScopeChannel, channel.SMS), objectTo(objection.ScopeChannel, channel.Email)}
		},
		outcome: policy.Send, channel: channel.SMS,
		steps:   []stepWant{{policy.RuleObjectionOverride, policy.Allow}, {policy.RuleTimingTooSlow, policy.Deny}},
		obliged: []policy.ObligationCode{policy.NoteOverride, policy.TellPersonWhy}},
	{name: "worked example without a decision-maker: held for the Caldicott Guardian", refs: "G13 G34",
		msg: func(m *policy.Message) {
			m.Class, m.Urgency, m.AppointmentAt = channel.AppointmentChange, policy.Urgent, now.Add(30*time.Hour)
			m.Override = overrideBy(objection.GroundAppointmentChange48h, 0, "")
		},
		rec: func(r *policy.Record) {
			r.Contacts = []channel.Contact{r.Contacts[0], r.Contacts[2]}
			r.Objections = []objection.Objection{objectTo(objection.ScopeChannel, channel.SMS)}
		},
		outcome: policy.Hold, who: []policy.Role{policy.CaldicottGuardian},
		steps: []stepWant{{policy.RuleObjectionNeedsDecide, policy.Require}, {policy.RuleHoldWho, policy.Require}}},
	{name: "worked example 49 hours away: the ground does not fit", refs: "G14",
		msg: func(m *policy.Message) {
			m.Class, m.AppointmentAt = channel.AppointmentChange, now.Add(49*time.Hour)
			m.Override = overrideBy(objection.GroundAppointmentChange48h, objection.CaldicottGuardian, "staff-1")
		},
		rec: func(r *policy.Record) {
			r.Contacts = []channel.Contact{r.Contacts[0]}
			r.Objections = []objection.Objection{objectTo(objection.ScopeChannel, channel.SMS)}
		},
		outcome: policy.Hold, who: []policy.Role{policy.TheSender},
		steps:   []stepWant{{policy.RuleObjectionGroundUnfit, policy.Deny}, {policy.RuleRecipientNone, policy.Require}},
		obliged: []policy.ObligationCode{policy.ObtainContact}},
	{name: "serious harm: never overridden, even in an emergency", refs: "G15 G32",
		msg: func(m *policy.Message) {
			m.Urgency = policy.Emergency
			m.Override = overrideBy(objection.GroundEmergency, objection.TheSender, "staff-42")
		},
		rec: func(r *policy.Record) {
			o := objectTo(objection.ScopeChannel, channel.SMS)
			o.SeriousHarm = true
			r.Contacts = r.Contacts[:1]
			r.Objections = []objection.Objection{o}
		},
		outcome: policy.Hold, who: []policy.Role{policy.TheSender},
		steps:   []stepWant{{policy.RuleObjectionSeriousHarm, policy.Deny}},
		obliged: []policy.ObligationCode{policy.DiscussContactRemoval}},
	{name: "a fitting ground with no claim: the Caldicott Guardian decides", refs: "G13 G14 G16 G34",
		msg: func(m *policy.Message) {
			m.Class, m.Urgency, m.AppointmentAt = channel.AppointmentChange, policy.Urgent, now.Add(24*time.Hour)
		},
		rec: func(r *policy.Record) {
			r.Contacts = []channel.Contact{r.Contacts[0], r.Contacts[2]}
			r.Objections = []objection.Objection{objectTo(objection.ScopeElectronic, 0)}
		},
		outcome: policy.Hold, who: []policy.Role{policy.CaldicottGuardian},
		steps: []stepWant{{policy.RuleObjectionNeedsDecide, policy.Require}, {policy.RuleTimingTooSlow, policy.Deny}}},
	{name: "an objection to one channel with no other contact: the sender finds another way", refs: "G16 G30 G34",
		rec: func(r *policy.Record) {
			r.Contacts = r.Contacts[:1]
			r.Objections = []objection.Objection{objectTo(objection.ScopeChannel, channel.SMS)}
		},
		outcome: policy.Hold, who: []policy.Role{policy.TheSender},
		obliged: []policy.ObligationCode{policy.ObtainContact}},
	// G18–G21 recipients and proxies.
	{name: "to the patient only", refs: "G18", outcome: policy.Send, steps: []stepWant{{policy.RuleRecipientPatient, policy.Allow}},
		check: func(t *testing.T, d policy.Decision) {
			if len(d.Deliveries) != 1 || d.Deliveries[0].Role != policy.ToPatient {
				t.Errorf("deliveries = %v, want one to the patient", d.Deliveries)
			}
		}},
	{name: "parent of a 12-year-old gets a copy", refs: "G19 G20 P8",
		rec: func(r *policy.Record) {
			r.BirthDate = child
			r.Proxies = []proxy.Proxy{parent(child)}
		},
		outcome: policy.Send, steps: []stepWant{{policy.RuleProxyAuthority, policy.Allow}},
		check: func(t *testing.T, d policy.Decision) {
			if len(d.Deliveries) != 2 || d.Deliveries[1].Role != policy.ToProxy || d.Deliveries[1].Outcome != policy.Send || !d.LegalBasis.Proxy {
				t.Errorf("deliveries = %v, want the patient and the proxy", d.Deliveries)
			}
		}},
	{name: "parental responsibility ends at 18", refs: "G19 P8",
		rec: func(r *policy.Record) {
			r.BirthDate = channel.Date{Year: 2008, Month: time.November, Day: 24}
			r.Proxies = []proxy.Proxy{parent(r.BirthDate)}
		},
		outcome: policy.Send, steps: []stepWant{{policy.RuleProxyAuthority, policy.Deny}},
		check: func(t *testing.T, d policy.Decision) {
			if len(d.Deliveries) != 1 {
				t.Errorf("deliveries = %v, want the patient only", d.Deliveries)
			}
		}},
	{name: "no note in the record", refs: "G20",
		rec: func(r *policy.Record) {
			p := parent(child)
			p.RecordNote = false
			r.BirthDate = child
			r.Proxies = []proxy.Proxy{p}
		},
		outcome: policy.Send, steps: []stepWant{{policy.RuleProxyRecordNote, policy.Deny}}},
	{name: "hepatitis B vaccine after sexual assault: proxy held", refs: "G21",
		msg: func(m *policy.Message) {
			m.Service = "sexual_assault"
			m.Body = "Your appointment is confirmed for today at 10:30."
		},
		rec: func(r *policy.Record) {
			r.BirthDate = child
			r.Proxies = []proxy.Proxy{parent(child)}
		},
		outcome: policy.Hold, steps: []stepWant{{policy.RuleProxySensitive, policy.Require}},
		obliged: []policy.ObligationCode{policy.CheckWithIndividual},
		check: func(t *testing.T, d policy.Decision) {
			if len(d.Deliveries) != 2 || d.Deliveries[0].Outcome != policy.Send || d.Deliveries[1].Outcome != policy.Hold {
				t.Errorf("deliveries = %v, want patient send, proxy hold", d.Deliveries)
			}
		}},
	{name: "sensitive service, adult with capacity: the Caldicott Guardian does not agree for them", refs: "G21",
		msg: func(m *policy.Message) {
			m.Service = "sexual_health"
			m.Body = "Your appointment is confirmed for today at 10:30."
			m.Approvals = []policy.Approval{{Rule: policy.RuleProxySensitive, Recipient: "proxy-1", Role: policy.CaldicottGuardian, DecidedBy: "cg-1", At: now.Add(-time.Hour)}}
		},
		rec: func(r *policy.Record) {
			r.Capacity = proxy.HasCapacity
			r.Proxies = []proxy.Proxy{consenting()}
		},
		outcome: policy.Hold, who: []policy.Role{policy.ThePatient},
		steps:   []stepWant{{policy.RuleProxySensitive, policy.Note}, {policy.RuleProxySensitive, policy.Require}},
		obliged: []policy.ObligationCode{policy.CheckWithIndividual},
		check: func(t *testing.T, d policy.Decision) {
			if hasObligation(d, policy.RecordApproval) || hasStep(d, policy.RuleProxySensitive, policy.Allow) {
				t.Errorf("an approval by the wrong person was relied on\n%s", explain(d))
			}
		}},
	{name: "sensitive service, adult with capacity who agreed: the proxy is told", refs: "G21",
		msg: func(m *policy.Message) {
			m.Service = "sexual_health"
			m.Body = "Your appointment is confirmed for today at 10:30."
			m.Approvals = []policy.Approval{
				{Rule: policy.RuleProxySensitive, Recipient: "proxy-1", Role: policy.CaldicottGuardian, DecidedBy: "cg-1", At: now.Add(-2 * time.Hour)},
				{Rule: policy.RuleProxySensitive, Recipient: "proxy-1", Role: policy.ThePatient, DecidedBy: "staff-1", At: now.Add(-time.Hour)},
			}
		},
		rec: func(r *policy.Record) {
			r.Capacity = proxy.HasCapacity
			r.Proxies = []proxy.Proxy{consenting()}
		},
		outcome: policy.Send,
		steps:   []stepWant{{policy.RuleProxySensitive, policy.Allow}},
		obliged: []policy.ObligationCode{policy.RecordApproval}},
	{name: "sensitive service, a child: the child's own approval does not stand for the Caldicott Guardian's", refs: "G21",
		msg: func(m *policy.Message) {
			m.Service = "sexual_assault"
			m.Body = "Your appointment is confirmed for today at 10:30."
			m.Approvals = []policy.Approval{{Rule: policy.RuleProxySensitive, Recipient: "proxy-1", Role: policy.ThePatient, DecidedBy: "staff-1", At: now.Add(-time.Hour)}}
		},
		rec: func(r *policy.Record) {
			r.BirthDate = child
			r.Proxies = []proxy.Proxy{parent(child)}
		},
		outcome: policy.Hold, who: []policy.Role{policy.CaldicottGuardian},
		steps: []stepWant{{policy.RuleProxySensitive, policy.Note}, {policy.RuleProxySensitive, policy.Require}}},
	// G22–G25 content.
	{name: "NHS number by text must be removed", refs: "G22",
		msg:     func(m *policy.Message) { m.Body = "Your NHS number is 943 476 5919. See you Thursday." },
		rec:     func(r *policy.Record) { r.Contacts = r.Contacts[:1] },
		outcome: policy.Revise, channel: channel.SMS, steps: []stepWant{{policy.RuleContentLockScreen, policy.Require}}},
	{name: "test results by text naming the condition", refs: "G23 G22",
		msg: func(m *policy.Message) {
			m.Class = channel.TestResultsReady
			m.Body = "Your chlamydia test result is ready. Call 0115 496 0000."
		},
		rec:     func(r *policy.Record) { r.Contacts = r.Contacts[:1] },
		outcome: policy.Revise, channel: channel.SMS},
	{name: "scam-like link and pressure", refs: "G24 G25 P6",
		msg:     func(m *policy.Message) { m.Body = "URGENT!! Click here to confirm: https://bit.ly/abc123" },
		outcome: policy.Revise, steps: []stepWant{{policy.RuleContentScam, policy.Require}}},
	// G26–G29 recording.
	{name: "a sent message is recorded and kept", refs: "G26 G27 G29", outcome: policy.Send,
		steps:   []stepWant{{policy.RuleRecordAccess, policy.Note}},
		obliged: []policy.ObligationCode{policy.RecordInCareRecord}},
	{name: "no member of staff named", refs: "G28", msg: func(m *policy.Message) { m.Staff = policy.Staff{} },
		outcome: policy.Refuse, steps: []stepWant{{policy.RuleStaffAttribution, policy.Deny}}},
	// G30–G31 contacts.
	{name: "stale contact must be confirmed", refs: "G30",
		rec:     func(r *policy.Record) { r.Contacts[1].Verified = now.AddDate(-2, 0, 0) },
		outcome: policy.Send, channel: channel.Email,
		steps:   []stepWant{{policy.RuleContactFresh, policy.Require}},
		obliged: []policy.ObligationCode{policy.ConfirmContact}},
	{name: "invalid contact skipped", refs: "G30",
		rec:     func(r *policy.Record) { r.Contacts[1].Address = "not-an-email" },
		outcome: policy.Send, channel: channel.SMS,
		steps: []stepWant{{policy.RuleContactInvalid, policy.Deny}}},
	{name: "bounced email not used", refs: "G31",
		rec:     func(r *policy.Record) { r.Contacts[1].Status = channel.StatusBounced },
		outcome: policy.Send, channel: channel.SMS,
		steps: []stepWant{{policy.RuleContactFailed, policy.Deny}}},
	{name: "an earlier attempt failed permanently", refs: "G31 P3",
		msg: func(m *policy.Message) {
			m.Attempts = []channel.Attempt{{Kind: channel.Email, Address: email, At: now.Add(-time.Hour), Result: channel.ResultBounced}}
		},
		outcome: policy.Send, channel: channel.SMS,
		steps: []stepWant{{policy.RuleContactFailed, policy.Deny}}},
	// G32 emergency.
	{name: "emergency: most practical channel, even unapproved", refs: "G32 G3",
		msg: func(m *policy.Message) { m.Urgency = policy.Emergency },
		rec: func(r *policy.Record) {
			r.Contacts = []channel.Contact{{Kind: channel.MessagingApp, Address: mobile, Verified: verified()}}
		},
		outcome: policy.Send, channel: channel.MessagingApp,
		steps:   []stepWant{{policy.RuleEmergency, policy.Allow}},
		obliged: []policy.ObligationCode{policy.ReviewEmergency, policy.DiscussWithSenior}},
	// G33 reasonable adjustments and language.
	{name: "large print carried and obliged", refs: "G33 P7",
		rec:     func(r *policy.Record) { r.Needs = []policy.Need{policy.LargePrint} },
		outcome: policy.Send, steps: []stepWant{{policy.RuleAdjustments, policy.Note}},
		obliged: []policy.ObligationCode{policy.ProvideAccessibleFormat},
		check: func(t *testing.T, d policy.Decision) {
			if len(d.Deliveries[0].Needs) != 1 || d.Deliveries[0].Needs[0] != policy.LargePrint {
				t.Errorf("needs = %v, want [large_print]", d.Deliveries[0].Needs)
			}
		}},
	{name: "every recorded need is obliged, not only the first", refs: "G33 P7",
		rec:     func(r *policy.Record) { r.Needs = []policy.Need{policy.LargePrint, policy.BSL, policy.Interpreter} },
		outcome: policy.Send, obliged: []policy.ObligationCode{policy.ProvideAccessibleFormat},
		check: func(t *testing.T, d policy.Decision) {
			var got []string
			for _, o := range d.Obligations {
				if o.Code == policy.ProvideAccessibleFormat {
					got = append(got, o.Detail)
				}
			}
			if len(got) != 3 || !strings.HasSuffix(got[0], "large_print") || !strings.HasSuffix(got[1], "bsl") || !strings.HasSuffix(got[2], "interpreter") {
				t.Errorf("provide_accessible_format obligations = %q, want one each for large_print, bsl and interpreter", got)
			}
		}},
	{name: "Welsh matched", refs: "G33", cfg: func(c *policy.Config) { c.Languages = []string{"en-GB", "cy"} },
		rec:     func(r *policy.Record) { r.Language = "cy-GB" },
		outcome: policy.Send, steps: []stepWant{{policy.RuleLanguage, policy.Allow}},
		check: func(t *testing.T, d policy.Decision) {
			if got := d.Deliveries[0].Language; got != "cy" {
				t.Errorf("language = %q, want cy", got)
			}
		}},
	{name: "Polish not available", refs: "G33",
		rec:     func(r *policy.Record) { r.Language = "pl" },
		outcome: policy.Send, steps: []stepWant{{policy.RuleLanguage, policy.Note}},
		obliged: []policy.ObligationCode{policy.ProvideLanguage}},
	// P1 national record.
	{name: "deceased", refs: "P1", rec: func(r *policy.Record) { r.Status = policy.Deceased },
		outcome: policy.Refuse, steps: []stepWant{{policy.RuleRecordStatus, policy.Deny}}},
	{name: "informally deceased", refs: "P1", rec: func(r *policy.Record) { r.Status = policy.InformallyDeceased },
		outcome: policy.Refuse},
	{name: "restricted record held", refs: "P1 G34", rec: func(r *policy.Record) { r.Status = policy.Restricted },
		outcome: policy.Hold, who: []policy.Role{policy.CaldicottGuardian},
		steps: []stepWant{{policy.RuleRecordRestricted, policy.Require}}},
	{name: "restricted record with a proxy: nobody is messaged", refs: "P1 G19 G34",
		rec: func(r *policy.Record) {
			r.Status = policy.Restricted
			r.BirthDate = child
			r.Proxies = []proxy.Proxy{parent(child)}
		},
		outcome: policy.Hold, who: []policy.Role{policy.CaldicottGuardian},
		check: func(t *testing.T, d policy.Decision) {
			if len(d.Deliveries) != 0 {
				t.Errorf("deliveries = %v, want none from a restricted record", d.Deliveries)
			}
		}},
	// P2 sending windows.
	{name: "evening text waits for the morning", refs: "P2",
		msg:     func(m *policy.Message) { m.At = time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC) },
		rec:     func(r *policy.Record) { r.Contacts = r.Contacts[:1] },
		outcome: policy.Send, channel: channel.SMS, steps: []stepWant{{policy.RuleTimingWindow, policy.Note}},
		check: func(t *testing.T, d policy.Decision) {
			want := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
			if got := d.Deliveries[0].NotBefore; !got.Equal(want) {
				t.Errorf("NotBefore = %v, want %v", got, want)
			}
		}},
	{name: "Saturday text waits for Monday, in summer time", refs: "P2",
		msg:     func(m *policy.Message) { m.At = time.Date(2026, 6, 6, 9, 0, 0, 0, time.UTC) },
		rec:     func(r *policy.Record) { r.Contacts = r.Contacts[:1] },
		outcome: policy.Send,
		check: func(t *testing.T, d policy.Decision) {
			want := time.Date(2026, 6, 8, 7, 0, 0, 0, time.UTC) // 08:00 BST
			if got := d.Deliveries[0].NotBefore; !got.Equal(want) {
				t.Errorf("NotBefore = %v, want %v", got, want)
			}
		}},
	{name: "urgent text does not wait", refs: "P2",
		msg: func(m *policy.Message) {
			m.At = time.Date(2026, 11, 24, 20, 0, 0, 0, time.UTC)
			m.Urgency = policy.Urgent
		},
		rec: func(r *policy.Record) { r.Contacts = r.Contacts[:1] }, outcome: policy.Send, notSteps: []policy.RuleID{policy.RuleTimingWindow}},
	// P3 fallbacks.
	{name: "fallbacks in order, skip recorded", refs: "P3", rec: func(r *policy.Record) { r.Contacts = r.Contacts[:2] },
		outcome: policy.Send, channel: channel.Email,
		steps: []stepWant{{policy.RuleFallbackCascade, policy.Note}, {policy.RuleFallbackSkip, policy.Deny}},
		check: func(t *testing.T, d policy.Decision) {
			fb := d.Deliveries[0].Fallbacks
			if len(fb) != 1 || fb[0].Channel != channel.SMS || fb[0].After != policy.Duration(72*time.Hour) {
				t.Errorf("fallbacks = %+v, want sms after 72h", fb)
			}
		}},
	// P4, P5 SMS.
	{name: "segments reported on a text", refs: "P4 P5", cfg: func(c *policy.Config) { c.SenderID = "Riverside" },
		rec:     func(r *policy.Record) { r.Contacts = r.Contacts[:1] },
		outcome: policy.Send, channel: channel.SMS,
		steps: []stepWant{{policy.RuleSMSSegments, policy.Note}, {policy.RuleSMSSender, policy.Note}},
		check: func(t *testing.T, d policy.Decision) {
			if s := d.Deliveries[0].SMS; s.Segments != 1 {
				t.Errorf("SMS = %+v, want 1 segment", s)
			}
		}},
	// Fail closed.
	{name: "invalid message refused with the field named", refs: "G1 G26",
		msg: func(m *policy.Message) { m.ID = ""; m.Class = 0 }, outcome: policy.Refuse,
		steps: []stepWant{{policy.RuleInputMessage, policy.Deny}}},
	{name: "invalid record refused", refs: "G10", rec: func(r *policy.Record) { r.PatientID = "" },
		outcome: policy.Refuse, steps: []stepWant{{policy.RuleInputRecord, policy.Deny}}},
}

func TestDecideTable(t *testing.T) {
	for _, tc := range decideCases {
		t.Run(tc.refs+" "+tc.name, tc.run)
	}
}

// run decides the row and checks every expectation it states.
func (tc decideCase) run(t *testing.T) {
	d := tc.decide(t)
	if d.Outcome != tc.outcome {
		t.Errorf("Decide(%s) outcome = %v, want %v\n%s", tc.name, d.Outcome, tc.outcome, explain(d))
	}
	if tc.channel != 0 {
		if len(d.Deliveries) == 0 || d.Deliveries[0].Channel != tc.channel {
			t.Errorf("Decide(%s) channel = %v, want %v\n%s", tc.name, d.Deliveries, tc.channel, explain(d))
		}
	}
	for _, s := range tc.steps {
		if !hasStep(d, s.rule, s.effect) {
			t.Errorf("Decide(%s) trail lacks %s %s\n%s", tc.name, s.rule, s.effect, explain(d))
		}
	}
	for _, id := range tc.notSteps {
		for _, s := range d.Trail {
			if s.Rule == id {
				t.Errorf("Decide(%s) trail has %s, want none", tc.name, id)
			}
		}
	}
	for _, code := range tc.obliged {
		if !hasObligation(d, code) {
			t.Errorf("Decide(%s) obligations lack %s: %v", tc.name, code, d.Obligations)
		}
	}
	for _, w := range tc.who {
		found := false
		for _, g := range d.Who {
			found = found || g == w
		}
		if !found {
			t.Errorf("Decide(%s) who = %v, want %v", tc.name, d.Who, w)
		}
	}
	if d.Outcome == policy.Hold && len(d.Who) == 0 {
		t.Errorf("Decide(%s) is Hold but names nobody (G34)", tc.name)
	}
	if tc.check != nil {
		tc.check(t, d)
	}
}

func TestNeedsShapeChannelChoice(t *testing.T) {
	m, r := msg(), rec()
	r.Contacts = []channel.Contact{r.Contacts[0], r.Contacts[2]} // sms, letter
	r.Needs = []policy.Need{policy.Braille}
	org := mustOrg(t, policy.DefaultConfig())
	d := decide(org, m, r)
	if d.Outcome != policy.Send || d.Deliveries[0].Channel != channel.Letter {
		t.Fatalf("braille need: %v, want send by letter (G33, P7)\n%s", d.Deliveries, explain(d))
	}
	if !hasStep(d, policy.RuleAdjustments, policy.Note) || !hasObligation(d, policy.ProvideAccessibleFormat) {
		t.Errorf("braille need: trail or obligations lack the adjustment\n%s", explain(d))
	}
	r.Preferences = []channel.Kind{channel.SMS}
	if d := decide(org, m, r); d.Deliveries[0].Channel != channel.SMS {
		t.Errorf("a stated preference for text still comes first, got %v", d.Deliveries[0].Channel)
	}
}

// inputs builds the row's configuration, message and record.
func (tc decideCase) inputs() (policy.Config, policy.Message, policy.Record) {
	cfg := policy.DefaultConfig()
	if tc.cfg != nil {
		tc.cfg(&cfg)
	}
	m, r := msg(), rec()
	if tc.msg != nil {
		tc.msg(&m)
	}
	if tc.rec != nil {
		tc.rec(&r)
	}
	return cfg, m, r
}

// decide decides the row under its configuration.
func (tc decideCase) decide(t testing.TB) policy.Decision {
	t.Helper()
	cfg, m, r := tc.inputs()
	return decide(mustOrg(t, cfg), m, r)
}

// TestFailClosedEdges covers inputs that look present but are not.
func TestFailClosedEdges(t *testing.T) {
	cases := []struct {
		name, refs string
		msg        func(*policy.Message)
		rec        func(*policy.Record)
		outcome    policy.Outcome
	}{
		{"blank staff id", "G28", func(m *policy.Message) { m.Staff.ID = "   " }, nil, policy.Refuse},
		{"blank message id", "G26", func(m *policy.Message) { m.ID = " " }, nil, policy.Refuse},
		{"blank patient id", "G10", nil, func(r *policy.Record) { r.PatientID = "\t" }, policy.Refuse},
		{"service not a code", "G21", func(m *policy.Message) { m.Service = "Sexual Health" }, nil, policy.Refuse},
		{"service with a trailing space", "G21", func(m *policy.Message) { m.Service = "hiv " }, nil, policy.Refuse},
		// A proxy with the patient's id, and two proxies with one id, no
		// longer refuse: the entries are left out (issue 13, item 6; see
		// TestReviewCorrections).
		{"attempt with an undefined outcome", "G31", func(m *policy.Message) {
			m.Attempts = []channel.Attempt{{Kind: channel.SMS, Address: mobile, At: now.Add(-time.Hour), Result: 99}}
		}, nil, policy.Refuse},
		{"attempt with an undefined channel", "G31", func(m *policy.Message) {
			m.Attempts = []channel.Attempt{{Kind: 42, Address: mobile, At: now.Add(-time.Hour), Result: channel.ResultBounced}}
		}, nil, policy.Refuse},
		{"service objection and no service named", "G10 G11", nil, func(r *policy.Record) {
			o := objectTo(objection.ScopeService, 0)
			o.Service = "screening"
			r.Objections = []objection.Objection{o}
		}, policy.Hold},
	}
	for _, tc := range cases {
		t.Run(tc.refs+" "+tc.name, func(t *testing.T) {
			m, r := msg(), rec()
			if tc.msg != nil {
				tc.msg(&m)
			}
			if tc.rec != nil {
				tc.rec(&r)
			}
			d := decide(policy.Default(), m, r)
			if d.Outcome != tc.outcome {
				t.Fatalf("Decide(%s) outcome = %v, want %v\n%s", tc.name, d.Outcome, tc.outcome, explain(d))
			}
			for _, dl := range d.Deliveries {
				if dl.Outcome == policy.Send {
					t.Errorf("Decide(%s) delivery to %s is send under a %v decision", tc.name, dl.Recipient, d.Outcome)
				}
			}
		})
	}
}

// TestBadContactSetAside: contacts of no defined kind or status (values
// JSON cannot carry, so this is not a row of decideCases) are set aside as
// incomplete entries, and the person's message goes by their other
// contacts; the host is asked to correct the record (G30, G5).
func TestBadContactSetAside(t *testing.T) {
	m, r := msg(), rec()
	r.Contacts = append([]channel.Contact{
		{Kind: 99, Address: "old", Verified: verified()},
		{Kind: channel.SMS, Address: "07700 900999", Verified: verified(), Status: 9},
	}, r.Contacts...)
	d := decide(policy.Default(), m, r)
	if d.Outcome != policy.Send || !hasStep(d, policy.RuleInputEntry, policy.Note) || !hasObligation(d, policy.CorrectRecord) {
		t.Fatalf("Decide(bad contacts) outcome = %v, want send with the entries flagged and correct_record obliged\n%s", d.Outcome, explain(d))
	}
	for _, s := range d.Trail {
		if s.Rule == policy.RuleInputRecord {
			t.Errorf("Decide(bad contacts) trail has %s %s: a bad contact is the contact's problem, not the record's", s.Rule, s.Effect)
		}
	}
	for _, dl := range d.Deliveries {
		if strings.HasSuffix(dl.Address, "900999") {
			t.Errorf("the contact of undefined status was used: %v", dl)
		}
	}
	if err := r.Validate(); !errors.Is(err, policy.ErrIncompleteEntry) {
		t.Errorf("Record.Validate() = %v, want it to wrap ErrIncompleteEntry", err)
	}
}

// TestOversizedProxySetAside: a proxy entry with a field over its limit is
// not used, and not read further, but the person's own message is decided
// without it (G18, G20); a field of the record itself over its limit still
// refuses.
func TestOversizedProxySetAside(t *testing.T) {
	long := strings.Repeat("a", policy.MaxTextBytes+1)
	for _, tc := range []struct {
		name string
		set  func(*proxy.Proxy)
	}{
		{"relationship", func(p *proxy.Proxy) { p.Relationship = long }},
		{"name", func(p *proxy.Proxy) { p.Name = long }},
		{"id", func(p *proxy.Proxy) { p.ID = strings.Repeat("9", policy.MaxIDBytes+1) }},
		{"contacts", func(p *proxy.Proxy) {
			p.Contacts = make([]channel.Contact, policy.MaxContacts+1)
		}},
		{"preferences", func(p *proxy.Proxy) {
			p.Preferences = make([]channel.Kind, policy.MaxPreferences+1)
		}},
	} {
		m, r := msg(), rec()
		p := consenting()
		tc.set(&p)
		r.Proxies = []proxy.Proxy{p}
		d := decide(policy.Default(), m, r)
		if d.Outcome != policy.Send || !hasStep(d, policy.RuleInputEntry, policy.Deny) || !hasObligation(d, policy.CorrectRecord) {
			t.Errorf("Decide(proxy %s over its limit) outcome = %v, want send to the person with the proxy set aside\n%s", tc.name, d.Outcome, explain(d))
		}
		named := false
		for _, s := range d.Trail {
			named = named || (s.Rule == policy.RuleInputEntry && strings.Contains(s.Detail, "proxies[0]."+tc.name))
		}
		if !named {
			t.Errorf("Decide(proxy %s over its limit): no input.entry step names proxies[0].%s\n%s", tc.name, tc.name, explain(d))
		}
		if len(d.Deliveries) != 1 || d.Deliveries[0].Role != policy.ToPatient {
			t.Errorf("Decide(proxy %s over its limit) deliveries = %v, want the person's only", tc.name, d.Deliveries)
		}
		if err := r.Validate(); !errors.Is(err, policy.ErrIncompleteEntry) {
			t.Errorf("Record.Validate(proxy %s over its limit) = %v, want it to wrap ErrIncompleteEntry", tc.name, err)
		}
	}
	m, r := msg(), rec()
	r.Name = long
	if d := decide(policy.Default(), m, r); d.Outcome != policy.Refuse {
		t.Errorf("Decide(the record's own name over its limit) outcome = %v, want refuse", d.Outcome)
	}
}

// TestOrgIsImmutable: changing the configuration after New, or the copy
// Config returns, changes no decision.
func TestOrgIsImmutable(t *testing.T) {
	c := policy.DefaultConfig()
	org := mustOrg(t, c)
	r := withApp(rec())
	c.Order[0] = channel.Letter
	org.Config().Order[0] = channel.SMS
	c.Platforms[0].Confidential = false
	if d := decide(org, msg(), r); d.Deliveries[0].Channel != channel.NHSApp {
		t.Fatalf("after changing the config, the org chose %v, want nhs_app", d.Deliveries[0].Channel)
	}
}

// TestFutureVerificationIsNotFresh: a verification time after the
// decision is not evidence the contact is current (G30).
func TestFutureVerificationIsNotFresh(t *testing.T) {
	r := rec()
	r.Contacts[1].Verified = now.AddDate(1, 0, 0)
	if d := decide(policy.Default(), msg(), r); !hasObligation(d, policy.ConfirmContact) {
		t.Fatalf("a future verification was taken as fresh\n%s", explain(d))
	}
}

// TestWindowNotPastAppointment: a routine change on Friday evening about a
// Saturday appointment does not wait for Monday's window (P2, G8).
func TestWindowNotPastAppointment(t *testing.T) {
	m, r := msg(), withApp(rec())
	m.At = time.Date(2026, 11, 27, 19, 0, 0, 0, time.UTC)
	m.Class, m.Urgency, m.AppointmentAt = channel.AppointmentChange, policy.TimeSensitive, time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	d := decide(policy.Default(), m, r)
	dl := d.Deliveries[0]
	if d.Outcome != policy.Send || dl.Channel != channel.NHSApp || dl.NotBefore.After(m.AppointmentAt) {
		t.Fatalf("got %v by %v not before %v, want the NHS App before the appointment\n%s", d.Outcome, dl.Channel, dl.NotBefore, explain(d))
	}
	if !hasStep(d, policy.RuleTimingTooSlow, policy.Deny) {
		t.Errorf("the text waiting until Monday is not recorded as too slow")
	}
}

// TestApprovalsResolveHolds: a recorded decision by the person a hold
// named lets the message proceed; an incomplete one does not (G21, P1).
func TestApprovalsResolveHolds(t *testing.T) {
	sensitive := func() (policy.Message, policy.Record) {
		m, r := msg(), rec()
		m.Service = "sexual_assault"
		m.Body = "Your appointment is confirmed for today at 10:30."
		r.BirthDate = child
		r.Proxies = []proxy.Proxy{parent(child)}
		return m, r
	}
	m, r := sensitive()
	m.Approvals = []policy.Approval{{Rule: policy.RuleProxySensitive, Recipient: "proxy-1", Role: policy.CaldicottGuardian, DecidedBy: "staff-1", At: now.Add(-time.Hour)}}
	d := decide(policy.Default(), m, r)
	if d.Outcome != policy.Send || !hasStep(d, policy.RuleProxySensitive, policy.Allow) || !hasObligation(d, policy.RecordApproval) {
		t.Fatalf("approved sensitive proxy: %v, want send with the approval noted\n%s", d.Outcome, explain(d))
	}

	m, r = sensitive()
	m.Approvals = []policy.Approval{{Rule: policy.RuleProxySensitive, Recipient: "proxy-1", Role: policy.ThePatient, DecidedBy: "staff-1", At: now.Add(time.Hour)}}
	if d := decide(policy.Default(), m, r); d.Outcome != policy.Refuse {
		t.Errorf("an approval dated after the message: %v, want refuse (invalid input)", d.Outcome)
	}
	m.Approvals[0].At, m.Approvals[0].Recipient = now.Add(-time.Hour), "someone-else"
	if d := decide(policy.Default(), m, r); d.Outcome != policy.Hold {
		t.Errorf("an approval for another proxy: %v, want hold", d.Outcome)
	}

	m, r = msg(), rec()
	r.Status = policy.Restricted
	m.Approvals = []policy.Approval{{Rule: policy.RuleRecordRestricted, Role: policy.CaldicottGuardian, DecidedBy: "staff-1", At: now.Add(-time.Hour)}}
	d = decide(policy.Default(), m, r)
	if d.Outcome != policy.Send || !hasStep(d, policy.RuleRecordRestricted, policy.Allow) {
		t.Fatalf("approved restricted record: %v, want send\n%s", d.Outcome, explain(d))
	}
	m.Approvals[0].Role = policy.ThePatient
	if d := decide(policy.Default(), m, r); d.Outcome == policy.Send {
		t.Errorf("a restricted record approved by the patient was sent")
	}
}

// TestFallbackWindows: an NHS App message at 21:00 falls back to a text
// no earlier than 08:00 on a weekday (P2, P3).
func TestFallbackWindows(t *testing.T) {
	m, r := msg(), withApp(rec())
	m.At = time.Date(2026, 11, 24, 21, 0, 0, 0, time.UTC)
	m.Urgency = policy.TimeSensitive
	r.Contacts = r.Contacts[:2] // nhs_app, sms
	d := decide(policy.Default(), m, r)
	fb := d.Deliveries[0].Fallbacks
	if d.Deliveries[0].Channel != channel.NHSApp || len(fb) != 1 || fb[0].Channel != channel.SMS {
		t.Fatalf("deliveries %+v, want the NHS App then sms", d.Deliveries)
	}
	if want := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC); !fb[0].NotBefore.Equal(want) {
		t.Errorf("sms fallback not before %v, want %v", fb[0].NotBefore, want)
	}
}

// TestHolidaysHoldRoutineTexts: a routine text on a bank holiday the org
// lists waits for the next working morning; an urgent one does not (P2).
func TestHolidaysHoldRoutineTexts(t *testing.T) {
	cfg := policy.DefaultConfig()
	cfg.Holidays = []channel.Date{{Year: 2026, Month: time.December, Day: 25}, {Year: 2026, Month: time.December, Day: 28}}
	org := mustOrg(t, cfg)
	m, r := msg(), rec()
	r.Contacts = r.Contacts[:1]                           // sms only
	m.At = time.Date(2026, 12, 24, 19, 0, 0, 0, time.UTC) // Thursday evening
	d := decide(org, m, r)
	want := time.Date(2026, 12, 29, 8, 0, 0, 0, time.UTC) // Tuesday: Friday and Monday are holidays
	if d.Outcome != policy.Send || d.Deliveries[0].Channel != channel.SMS || !d.Deliveries[0].NotBefore.Equal(want) {
		t.Fatalf("Decide over Christmas = %v by %v not before %v, want sms not before %v\n%s", d.Outcome, d.Deliveries[0].Channel, d.Deliveries[0].NotBefore, want, explain(d))
	}
	if d := decide(policy.Default(), m, r); !d.Deliveries[0].NotBefore.Equal(time.Date(2026, 12, 25, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("without holidays the text waits until %v, want Friday 08:00", d.Deliveries[0].NotBefore)
	}
	m.Urgency = policy.Urgent
	if d := decide(org, m, r); !d.Deliveries[0].NotBefore.IsZero() {
		t.Errorf("an urgent text waits until %v on a holiday, want now", d.Deliveries[0].NotBefore)
	}
	b, err := json.Marshal(cfg)
	var back policy.Config
	if err != nil || !strings.Contains(string(b), `"holidays":["2026-12-25","2026-12-28"]`) || json.Unmarshal(b, &back) != nil || !slices.Equal(back.Holidays, cfg.Holidays) {
		t.Errorf("Config holidays do not round-trip through JSON as dates: %v, %s", err, b)
	}
	cfg.Holidays = append(cfg.Holidays, channel.Date{Year: 2026, Month: time.February, Day: 30})
	if _, err := policy.New(cfg); err == nil || !strings.Contains(err.Error(), "holidays[2]") {
		t.Errorf("New with 30 February as a holiday = %v, want an error naming holidays[2]", err)
	}
}
