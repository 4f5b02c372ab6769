package policy_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/corpus"
	"github.com/carecomms/carecomms/policy"
)

// TestCorpusDecisions decides every message of the labelled corpus
// (minimise/testdata/corpus) on its own channel: genuine messages are
// sent, scams and confidential content on a channel not approved for it
// are revised, never sent (G6, G22–G25, P6). A genuine text message with
// the NHS App first keeps its SMS fallback (P3).
func TestCorpusDecisions(t *testing.T) {
	entries, err := corpus.Load(os.DirFS(filepath.Join("..", "minimise", "testdata", "corpus")))
	if err != nil {
		t.Fatal(err)
	}
	cfg := policy.DefaultConfig()
	cfg.LinkDomains = corpus.Domains
	org := mustOrg(t, cfg)
	stopped, genuine := 0, 0
	for _, e := range entries {
		m, r := corpusMessage(e), rec()
		r.Name = e.Subject
		r.Contacts = []channel.Contact{corpusContact(e.Channel)}
		d := decide(org, m, r)
		switch {
		case e.Category == "genuine":
			// Counted below: at most 2% may be stopped.
		case e.Expect == "pass" && d.Outcome != policy.Send:
			t.Errorf("Decide(%s) outcome = %v, want send\n%s", e.Name, d.Outcome, explain(d))
		case e.Expect == "stop" && (d.Outcome != policy.Revise || !hasStep(d, policy.RuleContentScam, policy.Require)):
			t.Errorf("Decide(%s) outcome = %v, want revise with content.scam\n%s", e.Name, d.Outcome, explain(d))
		case e.Expect == "revise" && d.Outcome == policy.Send:
			// Revise, or a hold for a confidential class: never sent as written.
			t.Errorf("Decide(%s) outcome = send, want it edited first\n%s", e.Name, explain(d))
		}
		if e.Category != "genuine" {
			continue
		}
		genuine++
		if d.Outcome != policy.Send {
			stopped++
			t.Logf("genuine %s not sent: %v", e.Name, d.Outcome)
			continue
		}
		if e.Channel == channel.SMS {
			r.Contacts = []channel.Contact{corpusContact(channel.NHSApp), corpusContact(channel.SMS)}
			d = decide(org, m, r)
			if d.Outcome != policy.Send || len(d.Deliveries) != 1 || len(d.Deliveries[0].Fallbacks) != 1 ||
				d.Deliveries[0].Fallbacks[0].Channel != channel.SMS {
				t.Errorf("Decide(%s, NHS App then SMS) = %v, want send by nhs_app with an sms fallback\n%s", e.Name, d.Outcome, explain(d))
			}
		}
	}
	t.Logf("genuine messages not sent: %d of %d", stopped, genuine)
	if stopped*50 > genuine {
		t.Errorf("%d of %d genuine messages are not sent, want at most 2%%", stopped, genuine)
	}
}

// corpusMessage is a message with the entry's body and class.
func corpusMessage(e corpus.Entry) policy.Message {
	m := msg()
	m.Body = e.Body
	if e.Class.Valid() {
		m.Class = e.Class
	}
	return m
}

// corpusContact is a verified contact on channel k.
func corpusContact(k channel.Kind) channel.Contact {
	addr := map[channel.Kind]string{channel.NHSApp: nhsNumber, channel.SMS: mobile, channel.Email: email, channel.Letter: postal}[k]
	return channel.Contact{Kind: k, Address: addr, Verified: verified()}
}
