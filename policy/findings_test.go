package policy_test

import (
	"strings"
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

// TestFindingsInDecisions checks that each kind of content finding reaches
// the decision with its rule, and that what blocks on a text is fine on the
// NHS App (G6, G22–G25, P6).
func TestFindingsInDecisions(t *testing.T) {
	cases := []struct {
		refs    string
		kind    minimise.Kind
		body    string
		outcome policy.Outcome // on sms
	}{
		{"G22", minimise.NHSNumber, "Your NHS number is 943 476 5919.", policy.Revise},
		{"G22", minimise.DateOfBirth, "Please bring ID showing your date of birth 01/06/1980.", policy.Revise},
		{"G22", minimise.Postcode, "The clinic is at NG7 2UH.", policy.Send},
		{"G22", minimise.PhoneNumber, "Call us on 0115 496 0000.", policy.Send},
		{"G22", minimise.EmailAddress, "Email reception@example.org with questions.", policy.Send},
		{"G22", minimise.PatientName, "Dear Jo Bloggs, your appointment is on Thursday.", policy.Send}, // advisory
		{"G22", minimise.PatientAddress, "We will write to 1 Example Road, Nottingham, NG1 1AA.", policy.Revise},
		{"G22", minimise.Condition, "Your asthma review is due.", policy.Revise},
		{"G23", minimise.TestResult, "Your cholesterol was 6.2 mmol/L.", policy.Revise},
		{"G22", minimise.Medicine, "Your sertraline prescription is ready.", policy.Revise},
		{"G21", minimise.SensitiveService, "Your appointment at the sexual health clinic is confirmed.", policy.Revise},
		{"P6", minimise.PaymentRequest, "You must pay a £25 fee for the missed appointment.", policy.Revise},
		{"P6", minimise.FinancialDetails, "Reply with your bank details to get a refund.", policy.Revise},
		{"P6", minimise.CredentialsRequest, "Reply with your password to confirm.", policy.Revise},
		{"P6", minimise.URLShortener, "Book at https://bit.ly/abc123 today.", policy.Revise},
		{"P6", minimise.UnapprovedLink, "Book at https://booking.example.com/book today.", policy.Revise},
		{"P6", minimise.LookalikeDomain, "Book at https://nhs-uk.com/book today.", policy.Revise},
		{"P6", minimise.PublicSectorLink, "See https://www.gov.uk/help-nhs-costs for help.", policy.Send}, // advisory
		{"G25", minimise.ClickHere, "Click here to book your appointment.", policy.Send},                  // advisory
		{"G25", minimise.Urgency, "Act now or lose your appointment.", policy.Send},                       // advisory
		{"G24", minimise.Shouting, "YOUR APPOINTMENT IS TOMORROW!!", policy.Send},                         // advisory
		{"G24", minimise.RepeatedWord, "Your appointment is on the the Thursday.", policy.Send},           // advisory
	}
	org := mustOrg(t, policy.DefaultConfig())
	for _, tc := range cases {
		t.Run(tc.refs+" "+tc.kind.String(), func(t *testing.T) {
			m, r := msg(), rec()
			m.Body = tc.body
			r.Name, r.Address, r.Postcode = "Jo Bloggs", "1 Example Road, Nottingham", "NG1 1AA"
			r.BirthDate = channel.Date{Year: 1980, Month: time.June, Day: 1}
			r.Contacts = r.Contacts[:1] // sms only
			d := decide(org, m, r)
			found := false
			for _, f := range d.Findings {
				if f.Kind == tc.kind {
					found = true
					if want, _ := policy.ParseRuleID("finding." + tc.kind.String()); f.Rule != want || !hasStep(d, want, policy.Note) {
						t.Errorf("finding %s has rule %s, want %s in the trail", tc.kind, f.Rule, want)
					}
				}
			}
			if !found {
				t.Errorf("Decide(%q) findings = %v, want a %s", tc.body, d.Findings, tc.kind)
			}
			if d.Outcome != tc.outcome {
				t.Errorf("Decide(%q) outcome = %v, want %v\n%s", tc.body, d.Outcome, tc.outcome, explain(d))
			}
		})
	}
}

// TestSecureChannelPreferredForConfidentialContent: a body that must not go
// by text goes by the NHS App when the person has it, even against a
// preference for text (G6, G8).
func TestSecureChannelPreferredForConfidentialContent(t *testing.T) {
	m, r := msg(), withApp(rec())
	m.Class = channel.TestResultsReady
	m.Body = "Your chlamydia test result is ready."
	r.Preferences = []channel.Kind{channel.SMS}
	d := decide(policy.Default(), m, r)
	if d.Outcome != policy.Send || d.Deliveries[0].Channel != channel.NHSApp {
		t.Fatalf("Decide outcome = %v by %v, want send by nhs_app\n%s", d.Outcome, d.Deliveries, explain(d))
	}
	if !hasStep(d, policy.RulePreferenceFallback, policy.Note) {
		t.Errorf("trail lacks preference.fallback\n%s", explain(d))
	}
	r.Contacts = r.Contacts[1:2] // sms only
	d = decide(policy.Default(), m, r)
	if d.Outcome != policy.Revise || !hasStep(d, policy.RuleContentTestResults, policy.Require) {
		t.Fatalf("Decide by sms = %v, want revise with content.test_results\n%s", d.Outcome, explain(d))
	}
}

// TestRevisionSuggestions: a Revise for content comes with the body
// redacted and a minimal rewrite naming the org (G23).
func TestRevisionSuggestions(t *testing.T) {
	cfg := policy.DefaultConfig()
	cfg.Name, cfg.Phone = "Riverside Surgery", "0115 496 0000"
	m, r := msg(), rec()
	m.Class = channel.TestResultsReady
	m.Body = "Your chlamydia test result is ready."
	r.Contacts = r.Contacts[:1]
	d := decide(mustOrg(t, cfg), m, r)
	if d.Outcome != policy.Revise {
		t.Fatalf("outcome = %v, want revise", d.Outcome)
	}
	if d.Redacted == "" || strings.Contains(strings.ToLower(d.Redacted), "chlamydia") {
		t.Errorf("Redacted = %q, want the condition removed", d.Redacted)
	}
	if !strings.Contains(d.Rewrite, "Riverside Surgery") || !strings.Contains(d.Rewrite, "0115 496 0000") {
		t.Errorf("Rewrite = %q, want the org's name and phone", d.Rewrite)
	}
	if strings.Contains(explain(d), "chlamydia") {
		t.Errorf("Explain discloses the body")
	}
	m.Body = "Your test results are ready. Please call 0115 496 0000."
	if d := decide(mustOrg(t, cfg), m, r); d.Outcome != policy.Send || d.Redacted != "" || d.Rewrite != "" {
		t.Errorf("clean body: outcome %v, redacted %q, rewrite %q; want send and no suggestions\n%s", d.Outcome, d.Redacted, d.Rewrite, explain(d))
	}
}

// TestSecureEmail: an org that approves an encrypted email service that
// needs a log-in may send confidential content by it (G6).
func TestSecureEmail(t *testing.T) {
	cfg := policy.DefaultConfig()
	cfg.Platforms[1] = policy.Platform{Channel: channel.Email, Name: "NHS.net Connect (secure)", DPIA: true, LogIn: true, Confidential: true}
	m, r := msg(), rec()
	m.Class = channel.TestResults
	m.Body = "Your cholesterol was 6.2 mmol/L, a little high."
	d := decide(mustOrg(t, cfg), m, r)
	if d.Outcome != policy.Send || d.Deliveries[0].Channel != channel.Email {
		t.Fatalf("secure email: %v, want send by email\n%s", d.Outcome, explain(d))
	}
	d = decide(policy.Default(), m, r)
	if d.Deliveries[0].Channel == channel.Email || d.Deliveries[0].Channel == channel.SMS {
		t.Fatalf("ordinary email: chose %v for detailed results", d.Deliveries[0].Channel)
	}
}

// TestBodyNamesSensitiveService: a proxy copy is held when the body names
// a sensitive service even if the message's service field does not (G21).
func TestBodyNamesSensitiveService(t *testing.T) {
	m, r := msg(), rec()
	m.Body = "Your appointment at the sexual health clinic is confirmed for today at 10:30."
	r.BirthDate = child
	r.Proxies = []proxy.Proxy{parent(child)}
	d := decide(policy.Default(), m, r)
	if len(d.Deliveries) != 2 || d.Deliveries[1].Outcome != policy.Hold || !hasStep(d, policy.RuleProxySensitive, policy.Require) {
		t.Fatalf("deliveries %v, want the proxy copy held\n%s", d.Deliveries, explain(d))
	}
}

// TestFindingSeverityWithoutChannel: with no channel chosen, a finding's
// severity is its severity on an insecure channel, never unassessed.
func TestFindingSeverityWithoutChannel(t *testing.T) {
	m, r := msg(), rec()
	r.Contacts = r.Contacts[:1]
	r.Objections = []objection.Objection{objectTo(objection.ScopeChannel, channel.SMS)}
	d := decide(policy.Default(), m, r)
	if d.Outcome != policy.Hold || len(d.Findings) == 0 {
		t.Fatalf("outcome %v with %d findings, want hold with the phone number found", d.Outcome, len(d.Findings))
	}
	for _, f := range d.Findings {
		if f.Severity == minimise.Unassessed {
			t.Errorf("finding %s is unassessed", f.Kind)
		}
	}
	if d.Redacted != "" {
		t.Errorf("Redacted = %q for an informational finding", d.Redacted)
	}
}

// TestPassedOverPreferenceExplained: when a preferred channel is passed
// over because the body would need editing for it, the trail says so on
// that channel (G7, G8).
func TestPassedOverPreferenceExplained(t *testing.T) {
	m, r := msg(), withApp(rec())
	m.Class = channel.TestResultsReady
	m.Body = "Your chlamydia test result is ready."
	r.Preferences = []channel.Kind{channel.SMS}
	d := decide(policy.Default(), m, r)
	for _, s := range d.Trail {
		if s.Rule == policy.RulePreferenceFallback && s.Channel == channel.SMS {
			return
		}
	}
	t.Fatalf("no preference.fallback step on sms\n%s", explain(d))
}

// TestAdvisoryFindingsAndOrgSeverities: an advisory finding is reported
// on a Send; urgency that the class warrants is Info; an org can raise an
// advisory kind to blocking for one class, and cannot lower what P6 says
// never to send (G24, G25, P6).
func TestAdvisoryFindingsAndOrgSeverities(t *testing.T) {
	cases := []struct {
		name    string
		rules   []minimise.SeverityRule
		class   channel.Class
		body    string
		outcome policy.Outcome
		sev     minimise.Severity
	}{
		{"urgency is advisory", nil, channel.AppointmentReminder,
			"Please act now to book.", policy.Send, minimise.Warning},
		{"urgency in a medication alert is warranted", nil, channel.MedicationAlert,
			"Please call us immediately about your prescription.", policy.Send, minimise.Info},
		{"an org raises urgency in reminders", []minimise.SeverityRule{{Kind: minimise.Urgency, Class: channel.AppointmentReminder, Severity: minimise.Blocking}},
			channel.AppointmentReminder, "Please act now to book.", policy.Revise, minimise.Blocking},
		{"the raise is for its class only", []minimise.SeverityRule{{Kind: minimise.Urgency, Class: channel.AppointmentReminder, Severity: minimise.Blocking}},
			channel.Administrative, "Please act now to book.", policy.Send, minimise.Warning},
		{"a payment request cannot be lowered", []minimise.SeverityRule{{Kind: minimise.PaymentRequest, Severity: minimise.Info}},
			channel.AppointmentReminder, "You must pay a £25 fee for the missed appointment.", policy.Revise, minimise.Blocking},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := policy.DefaultConfig()
			cfg.Severities = tc.rules
			m, r := msg(), rec()
			m.Class, m.Body = tc.class, tc.body
			r.Contacts = r.Contacts[:1] // sms only
			d := decide(mustOrg(t, cfg), m, r)
			if d.Outcome != tc.outcome {
				t.Errorf("Decide(%s) outcome = %v, want %v\n%s", tc.name, d.Outcome, tc.outcome, explain(d))
			}
			if len(d.Findings) != 1 || d.Findings[0].Severity != tc.sev {
				t.Errorf("Decide(%s) findings = %v, want one with severity %v", tc.name, d.Findings, tc.sev)
			}
		})
	}
}
