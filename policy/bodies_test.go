package policy_test

import (
	"context"

	"errors"
	"github.com/carecomms/carecomms/audit"
	"strings"
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
	"github.com/carecomms/carecomms/policy"
	"github.com/google/go-cmp/cmp"
)

// appPrompt is an NHS Notify-style plan: a full message in the NHS App
// and a short text-message prompt to read it.
func appPrompt() policy.Message {
	m := msg()
	m.Class = channel.TestResultsReady
	m.Body = "Riverside Surgery: your HbA1c result is 48 mmol/mol, in the range for diabetes. Dr Shah will call you this week to talk it through."
	m.Bodies = []policy.Body{{Channel: channel.SMS, Text: "You have a new message from Riverside Surgery in the NHS App. Log in to read it."}}
	return m
}

func TestBodiesEachChannelJudgedOnItsOwn(t *testing.T) {
	tests := []struct {
		name, cites string
		sms         string // the text message's own body
		wantRevise  bool   // the SMS fallback is listed as needing an edit
	}{
		{"a bland prompt is a fallback as drafted", "G6 G22 P3", "You have a new message from Riverside Surgery in the NHS App. Log in to read it.", false},
		{"a prompt naming the condition must be revised first", "G22 P3", "Riverside Surgery: your diabetes result is in the NHS App.", true},
		{"a prompt too long for a text message must be shortened first", "P4 P3", strings.Repeat("Log in to the NHS App to read your message. ", 30), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := appPrompt()
			m.Bodies[0].Text = tt.sms
			d := decide(policy.Default(), m, withApp(rec()))
			if d.Outcome != policy.Send || d.Deliveries[0].Channel != channel.NHSApp {
				t.Fatalf("Decide(%s) = %v by %v, want send by nhs_app (%s)", tt.name, d.Outcome, d.Deliveries[0].Channel, tt.cites)
			}
			var sms *policy.Fallback
			for i, f := range d.Deliveries[0].Fallbacks {
				if f.Channel == channel.SMS {
					sms = &d.Deliveries[0].Fallbacks[i]
				}
			}
			if sms == nil {
				t.Fatalf("Decide(%s): no SMS fallback among %v; trail:\n%s", tt.name, d.Deliveries[0].Fallbacks, explain(d))
			}
			if sms.Revise != tt.wantRevise {
				t.Errorf("Decide(%s): SMS fallback Revise = %v, want %v", tt.name, sms.Revise, tt.wantRevise)
			}
			if got := hasStepOn(d, policy.RuleFallbackCascade, policy.Require, channel.SMS); got != tt.wantRevise {
				t.Errorf("Decide(%s): fallback.cascade require sms = %v, want %v", tt.name, got, tt.wantRevise)
			}
		})
	}
}

func TestBodiesFindingsSayWhereTheyShow(t *testing.T) {
	m := appPrompt()
	m.Bodies[0].Text = "Riverside Surgery: your diabetes result is in the NHS App."
	r := withApp(rec())
	r.Contacts = r.Contacts[:2] // the NHS App and a mobile
	d := decide(policy.Default(), m, r)
	type got struct {
		Kind     minimise.Kind
		Channel  channel.Kind
		Severity minimise.Severity
		Shows    channel.Placement
	}
	var fs []got
	for _, f := range d.Findings {
		fs = append(fs, got{f.Kind, f.Channel, f.Severity, f.Shows})
	}
	want := []got{
		{minimise.TestResult, 0, minimise.Info, channel.InMessage},
		{minimise.TestResult, 0, minimise.Info, channel.InMessage},               // the NHS App body: after log-in (G6)
		{minimise.Condition, 0, minimise.Info, channel.InMessage},                // "diabetes" in the NHS App body
		{minimise.Condition, channel.SMS, minimise.Blocking, channel.LockScreen}, // the SMS prompt shows on the locked screen (G22)
	}
	if diff := cmp.Diff(want, fs); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if len(d.RedactedBodies) != 1 || d.RedactedBodies[0].Channel != channel.SMS || strings.Contains(d.RedactedBodies[0].Text, "diabetes") {
		t.Errorf("RedactedBodies = %v, want the SMS body with the condition removed", d.RedactedBodies)
	}
	if d.Redacted != "" {
		t.Errorf("Redacted is set, though the NHS App body needs no edit")
	}
}

func TestBodiesEmailSubjectShowsOnTheLockScreen(t *testing.T) {
	cfg := policy.DefaultConfig()
	cfg.Platforms[1] = policy.Platform{Channel: channel.Email, Name: "NHS.net Connect", DPIA: true, LogIn: true, Confidential: true}
	org := mustOrg(t, cfg)
	m := msg()
	m.Class = channel.TestResults
	m.Body = "Your cholesterol result is 5.2 mmol/L, within the normal range."
	r := rec()
	r.Contacts = r.Contacts[1:2] // email only
	for _, tt := range []struct {
		subject string
		want    policy.Outcome
	}{
		{"Your results from Riverside Surgery", policy.Send},
		{"Your cholesterol result", policy.Revise},
	} {
		m.Bodies = []policy.Body{{Channel: channel.Email, Subject: tt.subject, Text: m.Body}}
		d := decide(org, m, r)
		if d.Outcome != tt.want {
			t.Errorf("Decide(subject %q) = %v, want %v (G22: a subject shows on a locked screen; G6: the encrypted body does not)\n%s", tt.subject, d.Outcome, tt.want, explain(d))
		}
		if tt.want == policy.Send && (d.Redacted != "" || d.Rewrite != "") {
			t.Errorf("Decide(subject %q): a redaction of Message.Body, which no channel carries, is suggested", tt.subject)
		}
		for _, f := range d.Findings {
			if f.Subject && (f.Shows != channel.LockScreen || !f.Severity.Blocks()) {
				t.Errorf("Decide(subject %q): subject finding %v shows %v, %v; want lock_screen, blocking", tt.subject, f.Finding, f.Shows, f.Severity)
			}
			if f.Channel == channel.Email && !f.Subject && f.Shows != channel.InMessage {
				t.Errorf("Decide(subject %q): body finding %v shows %v, want in_message behind the log-in", tt.subject, f.Finding, f.Shows)
			}
		}
	}
}

func TestBodiesInvalid(t *testing.T) {
	tests := []struct {
		name   string
		bodies []policy.Body
		field  string
	}{
		{"unset channel", []policy.Body{{Text: "x"}}, "bodies[0].channel"},
		{"two for one channel", []policy.Body{{Channel: channel.SMS, Text: "a"}, {Channel: channel.SMS, Text: "b"}}, "bodies[1].channel"},
		{"empty text", []policy.Body{{Channel: channel.SMS}}, "bodies[0].text"},
		{"blank text", []policy.Body{{Channel: channel.SMS, Text: " \u200b "}}, "bodies[0].text"},
		{"invalid UTF-8", []policy.Body{{Channel: channel.SMS, Text: "a\xffb"}}, "bodies[0].text"},
		{"oversized", []policy.Body{{Channel: channel.Letter, Text: strings.Repeat("a", policy.MaxBodyBytes+1)}}, "bodies[0].text"},
		{"subject on a text message", []policy.Body{{Channel: channel.SMS, Subject: "Hi", Text: "a"}}, "bodies[0].subject"},
		{"subject on two lines", []policy.Body{{Channel: channel.Email, Subject: "Hi\r\nBcc: x@example.org", Text: "a"}}, "bodies[0].subject"},
		{"subject with a C1 line break", []policy.Body{{Channel: channel.Email, Subject: "Hi\u0085Bcc: x@example.org", Text: "a"}}, "bodies[0].subject"},
		{"subject with a NUL", []policy.Body{{Channel: channel.Email, Subject: "a\x00b", Text: "a"}}, "bodies[0].subject"},
		{"subject with an escape sequence", []policy.Body{{Channel: channel.Email, Subject: "a\x1b[2Jb", Text: "a"}}, "bodies[0].subject"},
		{"blank subject", []policy.Body{{Channel: channel.Email, Subject: " \u200b", Text: "a"}}, "bodies[0].subject"},
		{"too many", []policy.Body{{Channel: 1, Text: "a"}, {Channel: 2, Text: "a"}, {Channel: 3, Text: "a"}, {Channel: 4, Text: "a"}, {Channel: 5, Text: "a"}, {Channel: 5, Text: "a"}}, "bodies"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := msg()
			m.Bodies = tt.bodies
			var fe *policy.FieldError
			err := m.Validate()
			if !errors.As(err, &fe) || fe.Path != tt.field || !errors.Is(err, policy.ErrInvalidMessage) {
				t.Fatalf("Validate(%s) = %v, want a *FieldError at %s", tt.name, err, tt.field)
			}
			d := decide(policy.Default(), m, rec())
			if d.Outcome != policy.Refuse || !hasStep(d, policy.RuleInputMessage, policy.Deny) {
				t.Errorf("Decide(%s) = %v, want refuse with input.message", tt.name, d.Outcome)
			}
		})
	}
}

func TestBodyFor(t *testing.T) {
	m := appPrompt()
	if got := m.BodyFor(channel.SMS); got.Text != m.Bodies[0].Text {
		t.Errorf("BodyFor(sms) = %v, want the SMS body", got)
	}
	if got := m.BodyFor(channel.NHSApp); got.Text != m.Body || got.Channel != channel.NHSApp {
		t.Errorf("BodyFor(nhs_app) = %v, want Message.Body", got)
	}
	if s := m.Bodies[0].String(); strings.Contains(s, "NHS App") {
		t.Errorf("Body.String() = %q prints the text", s)
	}
}

func TestFallbackWaits(t *testing.T) {
	h := func(n int) policy.Duration { return policy.Duration(time.Duration(n) * time.Hour) }
	cfg := policy.DefaultConfig()
	cfg.FallbackWaits = []policy.FallbackWait{{Channel: channel.NHSApp, Routine: h(48), TimeSensitive: h(2)}}
	org := mustOrg(t, cfg)
	tests := []struct {
		name    string
		org     *policy.Org
		urgency policy.Urgency
		after   policy.Duration // the message's own wait
		want    policy.Duration
	}{
		{"P3 routine", policy.Default(), policy.Routine, 0, h(24)},
		{"P3 time-sensitive", policy.Default(), policy.TimeSensitive, 0, h(4)},
		{"org routine", org, policy.Routine, 0, h(48)},
		{"org time-sensitive", org, policy.TimeSensitive, 0, h(2)},
		{"org, urgent uses time-sensitive", org, policy.Urgent, 0, h(2)},
		{"the message's own", org, policy.Routine, h(6), h(6)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := msg()
			m.Urgency, m.FallbackAfter = tt.urgency, tt.after
			d := decide(tt.org, m, withApp(rec()))
			fbs := d.Deliveries[0].Fallbacks
			if d.Deliveries[0].Channel != channel.NHSApp || len(fbs) == 0 {
				t.Fatalf("Decide(%s): want nhs_app with fallbacks, got %v", tt.name, d.Deliveries[0])
			}
			if fbs[0].After != tt.want {
				t.Errorf("Decide(%s): first fallback after %v, want %v (P3)", tt.name, fbs[0].After, tt.want)
			}
		})
	}
}

func TestFallbackWaitsInvalid(t *testing.T) {
	h := func(n float64) policy.Duration { return policy.Duration(time.Duration(n * float64(time.Hour))) }
	for _, tt := range []struct {
		name  string
		waits []policy.FallbackWait
		field string
	}{
		{"under an hour", []policy.FallbackWait{{Channel: channel.SMS, Routine: h(0.5)}}, "fallback_waits[0].routine"},
		{"over 72 hours", []policy.FallbackWait{{Channel: channel.NHSApp, TimeSensitive: h(73)}}, "fallback_waits[0].time_sensitive"},
		{"no channel", []policy.FallbackWait{{Routine: h(2)}}, "fallback_waits[0].channel"},
		{"a channel twice", []policy.FallbackWait{{Channel: channel.SMS, Routine: h(2)}, {Channel: channel.SMS, Routine: h(3)}}, "fallback_waits[1].channel"},
	} {
		cfg := policy.DefaultConfig()
		cfg.FallbackWaits = tt.waits
		_, err := policy.New(cfg)
		var fe *policy.FieldError
		if !errors.As(err, &fe) || fe.Path != tt.field || !errors.Is(err, policy.ErrConfig) {
			t.Errorf("New(%s) = %v, want a *FieldError at %s", tt.name, err, tt.field)
		}
	}
	for _, d := range []policy.Duration{h(0.25), h(80), -h(2)} {
		m := msg()
		m.FallbackAfter = d
		var fe *policy.FieldError
		if err := m.Validate(); !errors.As(err, &fe) || fe.Path != "fallback_after" {
			t.Errorf("Validate(fallback_after %v) = %v, want a *FieldError at fallback_after", d, err)
		}
		if got := decide(policy.Default(), m, rec()); got.Outcome != policy.Refuse {
			t.Errorf("Decide(fallback_after %v) = %v, want refuse", d, got.Outcome)
		}
	}
}

func hasStepOn(d policy.Decision, rule policy.RuleID, eff policy.Effect, k channel.Kind) bool {
	for _, s := range d.Trail {
		if s.Rule == rule && s.Effect == eff && s.Channel == k {
			return true
		}
	}
	return false
}

func TestDispatchSendsEachChannelItsBody(t *testing.T) {
	m := msg()
	m.Bodies = []policy.Body{
		{Channel: channel.Email, Subject: "Your appointment at Riverside Surgery", Text: "Your appointment is on Thursday 26 November at 09:40."},
		{Channel: channel.SMS, Text: "Riverside Surgery: appointment Thu 26 Nov 09:40. To cancel, call 0115 496 0000."},
	}
	r := rec()
	r.Contacts = r.Contacts[:2] // sms and email: email first in the default order
	for _, tt := range []struct {
		name     string
		sms      string // the SMS body, when it differs
		wantSent []string
	}{
		{"the SMS fallback as drafted", "", []string{"email: Your appointment is", "sms: Riverside Surgery: "}},
		{"an SMS fallback to revise ends the cascade", "Riverside Surgery: your diabetes review is Thu 26 Nov 09:40.", []string{"email: Your appointment is"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := m
			m.Bodies = append([]policy.Body(nil), m.Bodies...)
			if tt.sms != "" {
				m.Bodies[1].Text = tt.sms
			}
			tr := &scripted{answers: map[channel.Kind]func(channel.Envelope) (channel.Receipt, error){channel.Email: outcome(channel.ResultBounced)}}
			store := &audit.MemStore{}
			if _, err := dispatcher(t, tr, store).Send(context.Background(), m, r); err != nil {
				t.Fatal(err)
			}
			var sent []string
			for _, e := range tr.sent {
				sent = append(sent, e.Kind.String()+": "+e.Body[:min(len(e.Body), 19)])
				if want := m.BodyFor(e.Kind); e.Body != want.Text || e.Subject != want.Subject {
					t.Errorf("sent by %s: body or subject is not the channel's own", e.Kind)
				}
			}
			if diff := cmp.Diff(tt.wantSent, sent); diff != "" {
				t.Errorf("sent (-want +got):\n%s", diff)
			}
			entries, _ := store.ByPatient(context.Background(), patientID)
			for _, e := range entries {
				if e.Kind == audit.KindAttempt && e.Channel == channel.Email && !strings.HasPrefix(e.Body, "Subject: Your appointment at Riverside Surgery\n\nYour appointment") {
					t.Errorf("the email attempt's recorded body does not start with its subject and text (G26)")
				}
			}
		})
	}
}

// A group message scans each channel's own body once for everyone, with
// the decisions Decide gives one by one.
func TestBodiesInGroups(t *testing.T) {
	m := appPrompt()
	m.Bodies[0].Text = "Riverside Surgery: your diabetes result is in the NHS App."
	m.Bodies = append(m.Bodies, policy.Body{Channel: channel.Email, Subject: "Your diabetes result", Text: "Log in to the NHS App to read your message."})
	m.Group = &policy.Group{ID: "g-1", Size: 2}
	a, b := withApp(rec()), rec()
	b.PatientID, b.NHSNumber = "9990000026", ""
	recs := []policy.Record{a, b}
	got := policy.Default().DecideGroup(m, recs, 1)
	for i, r := range recs {
		want := policy.Decide(m, r)
		if diff := cmp.Diff(want, got[i]); diff != "" {
			t.Errorf("DecideGroup[%d] differs from Decide (-Decide +DecideGroup):\n%s", i, diff)
		}
		if len(want.RedactedBodies) != 2 {
			t.Errorf("Decide[%d]: %d redacted bodies, want the SMS text and the email subject", i, len(want.RedactedBodies))
		}
	}
}

// An NHS App message left unread moves on past a fallback whose body
// must be revised (here a text naming the condition) to the next that
// goes as drafted, after the NHS App's wait alone (P3, G22).
func TestDispatchSkipsFallbackToRevise(t *testing.T) {
	m := msg()
	m.Class = channel.TestResultsReady
	m.Body = "Riverside Surgery: your test results are ready. Log in to the NHS App to read them."
	m.Bodies = []policy.Body{{Channel: channel.SMS, Text: "Riverside Surgery: your diabetes result is in the NHS App."}}
	r := withApp(rec())
	r.Contacts = []channel.Contact{r.Contacts[0], r.Contacts[1], r.Contacts[3]} // the NHS App, a mobile, a postal address
	d := decide(policy.Default(), m, r)
	fbs := d.Deliveries[0].Fallbacks
	if d.Deliveries[0].Channel != channel.NHSApp || len(fbs) != 2 || !fbs[0].Revise || fbs[1].Channel != channel.Letter || fbs[1].Revise {
		t.Fatalf("Decide: want nhs_app, then sms to revise, then a letter; got %v %v", d.Deliveries[0], fbs)
	}
	if fbs[1].After != fbs[0].After || !fbs[1].NotBefore.Equal(fbs[0].NotBefore) && fbs[1].NotBefore.Before(fbs[0].NotBefore) {
		t.Errorf("the letter waits %v (not before %v); want the NHS App's wait, not the skipped text's", fbs[1].After, fbs[1].NotBefore)
	}
	c := &fakeClock{t: now}
	tr, store := &recorder{}, new(audit.MemStore)
	disp := newDispatcher(t, tr, store, c, policy.DispatchOptions{})
	if _, err := disp.Send(t.Context(), m, r); err != nil {
		t.Fatal(err)
	}
	for _, h := range []time.Duration{25, 100, 200} {
		c.Set(now.Add(h * time.Hour))
		if _, err := disp.RunDue(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	if got := tr.kinds(); !cmp.Equal(got, []string{"nhs_app", "letter"}) {
		t.Errorf("sent %q, want nhs_app then letter: the text to revise is never sent", got)
	}
}
