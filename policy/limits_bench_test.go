package policy_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

// worstBodies are bodies of MaxBodyBytes that cost the scanner most:
// letter-spaced sensitive terms (each letter a candidate start), dense
// findings, and text that is not ASCII throughout.
var worstBodies = map[string]string{
	"spaced":    fill("H I V "),
	"findings":  fill("HIV test 943 476 5919 07700 900123 bit.ly/x pay now! "),
	"unicode":   fill("Ｈ\u200bＩ\u200bＶ ünïcödé téxt "),
	"plain":     fill("Your appointment is on Thursday at 09:40. "),
	"mixedcase": fill("hIv StAtUs ChLaMyDiA "),
	// An email preview preceded by white space to the limit, with as many
	// findings as may be listed: the preview's end is found once, not once
	// a finding.
	"preview": strings.Repeat("\n", policy.MaxBodyBytes-len(phones)) + phones,
}

// phones is MaxFindings-20 phone numbers: findings on every channel.
var phones = strings.Repeat("call 0115 496 0000 ", policy.MaxFindings-20)

func fill(unit string) string {
	s := strings.Repeat(unit, policy.MaxBodyBytes/len(unit)+1)
	s = s[:policy.MaxBodyBytes]
	for !strings.HasSuffix(s, " ") && len(s) > 0 && s[len(s)-1] >= 0x80 {
		s = s[:len(s)-1] // do not cut a character in two
	}
	return s
}

// atLimits is a message and record at every count limit at once: the
// most contacts, objections, proxies (each with the most contacts),
// attempts and approvals Decide accepts.
func atLimits(body string) (policy.Message, policy.Record) {
	m := msg()
	m.Body = body
	for i := range policy.MaxAttempts {
		m.Attempts = append(m.Attempts, channel.Attempt{Kind: channel.SMS, Address: "07700 900" + strconv.Itoa(100+i), At: now.Add(-time.Hour), Result: channel.ResultTemporaryFailure})
	}
	for i := range policy.MaxApprovals {
		m.Approvals = append(m.Approvals, policy.Approval{Rule: policy.RuleProxySensitive, Recipient: "proxy-" + strconv.Itoa(i), Role: policy.ThePatient, DecidedBy: "staff-1", At: now.Add(-time.Hour)})
	}
	r := rec()
	r.Name, r.Address, r.Postcode = "Alex Example", postal, "NG1 1AA"
	r.Contacts = contacts(policy.MaxContacts, 0)
	for i := range policy.MaxObjections {
		r.Objections = append(r.Objections, objection.Objection{Scope: objection.ScopeService, Service: "service_" + strconv.Itoa(i), RecordedAt: now.AddDate(-1, 0, 0), RecordedBy: "staff-7", Reason: "prefers not"})
	}
	for i := range policy.MaxProxies {
		r.Proxies = append(r.Proxies, proxy.Proxy{
			ID: "proxy-" + strconv.Itoa(i), Relationship: "carer", Authority: proxy.Consent, PatientConsented: true, RecordNote: true,
			From: channel.Date{Year: 2025, Month: time.January, Day: 1}, Status: proxy.Active,
			Contacts: contacts(policy.MaxContacts, i+1),
		})
	}
	r.Preferences = []channel.Kind{channel.SMS, channel.Email, channel.Letter, channel.NHSApp, channel.MessagingApp}
	return m, r
}

// contacts returns n valid contacts of every kind, distinct for seed.
func contacts(n, seed int) []channel.Contact {
	var out []channel.Contact
	for i := range n {
		k := i % 3
		id := strconv.Itoa(seed*100 + i)
		c := channel.Contact{Kind: channel.SMS, Address: "07700 9" + strings.Repeat("0", 5-len(id)) + id, Verified: verified()}
		switch k {
		case 1:
			c = channel.Contact{Kind: channel.Email, Address: "p" + id + "@example.org", Verified: verified()}
		case 2:
			c = channel.Contact{Kind: channel.Letter, Address: id + " Example Road, Nottingham, NG1 1AA", Verified: verified()}
		}
		out = append(out, c)
	}
	return out
}

// BenchmarkDecideWorstCase decides a message and record at every input
// limit at once, with each of the bodies that cost the scanner most: the
// bound on the time and memory of one decision.
func BenchmarkDecideWorstCase(b *testing.B) {
	for _, name := range []string{"plain", "spaced", "findings", "unicode", "mixedcase", "preview"} {
		b.Run(name, func(b *testing.B) {
			m, r := atLimits(worstBodies[name])
			if err := m.Validate(); err != nil {
				b.Fatal(err)
			}
			if err := r.Validate(); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(m.Body)))
			for b.Loop() {
				_ = policy.Decide(m, r)
			}
		})
	}
}

// TestWorstCaseWithinLimits: the worst-case inputs are accepted as input
// (they are at the limits, not beyond), so the benchmark measures a whole
// decision rather than an early refusal.
func TestWorstCaseWithinLimits(t *testing.T) {
	for name, body := range worstBodies {
		m, r := atLimits(body)
		if err := m.Validate(); err != nil {
			t.Errorf("%s: Message.Validate = %v", name, err)
		}
		if err := r.Validate(); err != nil {
			t.Errorf("%s: Record.Validate = %v", name, err)
		}
		d := policy.Decide(m, r)
		for _, s := range d.Trail {
			if s.Rule == policy.RuleInputRecord {
				t.Errorf("%s: Decide refused the record: %s", name, s.Detail)
			}
		}
	}
}
