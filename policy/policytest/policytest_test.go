package policytest

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
)

func newOrg(c policy.Config) (policy.Decider, error) { return NewOrg(c) }

// TestNHSNumber checks the synthetic NHS numbers pass Modulus 11 and stay
// in the 999 test range.
func TestNHSNumber(t *testing.T) {
	for seed := 0; seed < 500; seed++ {
		n := NHSNumber().Example(seed)
		if !strings.HasPrefix(n, "999") || !channel.ValidNHSNumber(n) {
			t.Fatalf("NHSNumber().Example(%d) = %q, want a valid number starting 999", seed, n)
		}
	}
}

// TestSyntheticAddresses checks each kind's addresses normalise, and
// mobiles stay in Ofcom's drama range.
func TestSyntheticAddresses(t *testing.T) {
	for _, k := range channel.Kinds() {
		for seed := 0; seed < 200; seed++ {
			a := Address(k).Example(seed)
			n, err := channel.NormalizeAddress(k, a, channel.AddressRules{})
			if err != nil {
				t.Fatalf("Address(%s).Example(%d) = %q: %v", k, seed, a, err)
			}
			if (k == channel.SMS || k == channel.MessagingApp) && !strings.HasPrefix(n, "+447700900") {
				t.Fatalf("Address(%s).Example(%d) = %q, outside 07700 900000–900999", k, seed, a)
			}
		}
	}
}

// TestConfigValid checks every generated configuration passes policy.New.
func TestConfigValid(t *testing.T) {
	for seed := 0; seed < 100; seed++ {
		c := Config().Example(seed)
		if _, err := policy.New(c); err != nil {
			t.Fatalf("Config().Example(%d) is refused: %v", seed, err)
		}
	}
}

// TestRealisticMostlyValid checks realistic cases are mostly valid input
// and lead to every outcome, so the invariants are exercised.
func TestRealisticMostlyValid(t *testing.T) {
	const n = 1000
	invalid := 0
	outcomes := map[policy.Outcome]int{}
	proxies := 0
	for seed := 0; seed < n; seed++ {
		c := Cases().Example(seed)
		if !valid(&c) {
			invalid++
		}
		d := policy.Decide(c.Message, c.Record)
		outcomes[d.Outcome]++
		for _, dl := range d.Deliveries {
			if dl.Role == policy.ToProxy {
				proxies++
				break
			}
		}
	}
	if invalid > n/10 {
		t.Errorf("%d of %d realistic cases are invalid, want at most 10%%", invalid, n)
	}
	for _, o := range []policy.Outcome{policy.Send, policy.Revise, policy.Hold, policy.Refuse} {
		if outcomes[o] < n/20 {
			t.Errorf("only %d of %d realistic cases were decided %s, want at least 5%%: %v", outcomes[o], n, o, outcomes)
		}
	}
	if proxies < n/50 {
		t.Errorf("only %d of %d realistic cases have a proxy delivery", proxies, n)
	}
}

// TestAdversarialMostlyInvalid checks adversarial records usually break
// validation, as they are meant to.
func TestAdversarialMostlyInvalid(t *testing.T) {
	const n = 500
	invalid := 0
	for seed := 0; seed < n; seed++ {
		r := AdversarialRecord().Example(seed)
		m := AdversarialMessage().Example(seed)
		if r.Validate() != nil || m.Validate() != nil {
			invalid++
		}
	}
	if invalid < n/2 {
		t.Errorf("only %d of %d adversarial pairs are invalid, want at least half", invalid, n)
	}
}

// TestGeneratorsDeterministic checks a seed always gives the same case,
// which TestDecider's reproducibility rests on.
func TestGeneratorsDeterministic(t *testing.T) {
	for seed := 0; seed < 50; seed++ {
		a, b := CaseJSON(MixedCases().Example(seed)), CaseJSON(MixedCases().Example(seed))
		if a != b {
			t.Fatalf("MixedCases().Example(%d) differs between calls", seed)
		}
	}
}

// careless wraps a decider and breaks one rule, to show the kit catches it.
type careless struct {
	d       policy.Decider
	breakIt func(policy.Message, policy.Record, *policy.Decision)
}

func (c careless) Decide(m policy.Message, r policy.Record) policy.Decision {
	d := c.d.Decide(m, r)
	c.breakIt(m, r, &d)
	return d
}

// TestDeciderCatchesBrokenDeciders checks each invariant can fail: a
// decider broken in one way is reported under the invariant that forbids it.
func TestDeciderCatchesBrokenDeciders(t *testing.T) {
	sendAll := func(_ policy.Message, _ policy.Record, d *policy.Decision) {
		d.Outcome = policy.Send
		for i := range d.Deliveries {
			d.Deliveries[i].Outcome = policy.Send
		}
	}
	tests := []struct {
		name    string
		refs    string
		breakIt func(policy.Message, policy.Record, *policy.Decision)
		want    []string
	}{
		{"sends everything", "G1 G15 G21", sendAll, []string{"input.never_sent", "scope.care_only", "staff.attributed", "record.status", "proxy.sensitive", "content.blocking"}},
		{"no lawful basis", "G2", func(_ policy.Message, _ policy.Record, d *policy.Decision) { d.LegalBasis.ConsentRequired = true }, []string{"basis.lawful"}},
		{"unknown rule in the trail", "G34", func(_ policy.Message, _ policy.Record, d *policy.Decision) {
			d.Trail = append(d.Trail, policy.Step{Rule: policy.RuleID(250)})
		}, []string{"trail.catalogue"}},
		{"hold names nobody", "G34", func(_ policy.Message, _ policy.Record, d *policy.Decision) {
			if d.Outcome == policy.Hold {
				d.Who = nil
			}
		}, []string{"hold.who"}},
		{"address rewritten", "G30", func(_ policy.Message, _ policy.Record, d *policy.Decision) {
			for i := range d.Deliveries {
				if d.Deliveries[i].Channel == channel.SMS {
					d.Deliveries[i].Address = "+447700900999"
				}
			}
		}, []string{"contact.address"}},
		{"needs dropped", "G33", func(_ policy.Message, _ policy.Record, d *policy.Decision) {
			for i := range d.Deliveries {
				d.Deliveries[i].Needs = nil
			}
		}, []string{"adjustment.carried"}},
		{"obligations dropped", "G26 G30", func(_ policy.Message, _ policy.Record, d *policy.Decision) { d.Obligations = nil }, []string{"record.keep", "contact.fresh"}},
		{"unapproved channel", "G3", func(_ policy.Message, _ policy.Record, d *policy.Decision) {
			for i := range d.Deliveries {
				if d.Deliveries[i].Channel.Valid() {
					d.Deliveries[i].Channel = channel.MessagingApp
				}
			}
		}, []string{"platform.approved"}},
		{"fallback to revise sent as drafted", "G22 P3", func(_ policy.Message, _ policy.Record, d *policy.Decision) {
			for i := range d.Deliveries {
				for j := range d.Deliveries[i].Fallbacks {
					d.Deliveries[i].Fallbacks[j].Revise = false
				}
			}
		}, []string{"content.blocking"}},
		{"window ignored", "P2", func(_ policy.Message, _ policy.Record, d *policy.Decision) {
			for i := range d.Deliveries {
				d.Deliveries[i].NotBefore = time.Time{}
			}
		}, []string{"timing.window", "timing.preferred"}},
		{"proxy access ignored", "G19 P8", func(m policy.Message, r policy.Record, d *policy.Decision) {
			for _, p := range r.Proxies {
				if !p.Allows(m.Class) && len(d.Deliveries) > 0 {
					dl := d.Deliveries[0]
					dl.Recipient, dl.Role = p.ID, policy.ToProxy
					d.Deliveries = append(d.Deliveries, dl)
				}
			}
		}, []string{"proxy.access"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := TestDeciderWith(careless{policy.Default(), tt.breakIt}, policy.DefaultConfig(), Options{Cases: 400, ShrinkSteps: -1})
			var got []string
			for _, e := range unjoin(err) {
				var v *Violation
				if errors.As(e, &v) {
					got = append(got, v.Invariant)
				}
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("TestDecider(%s) reports %v, want %s among them (%s)", tt.name, got, w, tt.refs)
				}
			}
		})
	}
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// TestShrink checks a failing case is shrunk to a smaller one that still
// fails.
func TestShrink(t *testing.T) {
	d := careless{policy.Default(), func(m policy.Message, _ policy.Record, d *policy.Decision) {
		if m.Purpose != policy.IndividualCare {
			d.Outcome = policy.Send
		}
	}}
	err := TestDeciderWith(d, policy.DefaultConfig(), Options{Cases: 300, Invariants: []string{"scope.care_only"}})
	var v *Violation
	if !errors.As(err, &v) {
		t.Fatalf("TestDecider(careless) = %v, want a *Violation", err)
	}
	if v.Shrunk == 0 || len(v.Case.Record.Contacts) > 0 || len(v.Case.Record.Objections) > 0 {
		t.Errorf("the case was shrunk in %d steps to %s, want no contacts or objections left", v.Shrunk, CaseJSON(v.Case))
	}
	if !strings.Contains(v.Error(), "scope.care_only (G1)") {
		t.Errorf("Violation.Error() = %q, want it to name scope.care_only (G1)", v.Error())
	}
}

func TestOptionsUnknownInvariant(t *testing.T) {
	err := TestDeciderWith(policy.Default(), policy.DefaultConfig(), Options{Invariants: []string{"no.such"}})
	if err == nil || !strings.Contains(err.Error(), `unknown invariant "no.such"`) {
		t.Errorf("TestDeciderWith(unknown invariant) = %v, want an error naming it", err)
	}
}

func TestBadConfig(t *testing.T) {
	c := policy.DefaultConfig()
	c.Name = ""
	if err := TestDecider(policy.Default(), c); err == nil {
		t.Error("TestDecider(config with no name) = nil, want the configuration error")
	}
}

// TestInvariantsDocumented checks every invariant has refs and a doc.
func TestInvariantsDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, inv := range Invariants() {
		if inv.Name == "" || inv.Doc == "" || len(inv.Refs) == 0 || seen[inv.Name] {
			t.Errorf("invariant %+v: want a unique name, refs and a doc", inv)
		}
		seen[inv.Name] = true
	}
}

// TestScenarioCorpusCitesEverything checks every requirement a decision
// acts on (G1–G35 with G14.1–G14.8, P1–P8) is cited by some scenario.
func TestScenarioCorpusCitesEverything(t *testing.T) {
	ss, err := ParseScenarios(Scenarios())
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) < 45 {
		t.Errorf("the corpus has %d scenarios, want at least 45", len(ss))
	}
	cited := map[string]bool{}
	for _, s := range ss {
		for _, c := range s.Cites {
			cited[c] = true
			if g, _, ok := strings.Cut(c, "."); ok {
				cited[g] = true
			}
		}
	}
	var want []string
	for i := 1; i <= 35; i++ {
		want = append(want, fmt.Sprintf("G%d", i))
	}
	for i := 1; i <= 8; i++ {
		want = append(want, fmt.Sprintf("G14.%d", i), fmt.Sprintf("P%d", i))
	}
	for _, w := range want {
		if !cited[w] {
			t.Errorf("no scenario cites %s: add one to testdata/scenarios", w)
		}
	}
}

// TestScenarioNamesUnique checks no two scenarios share a name.
func TestScenarioNamesUnique(t *testing.T) {
	ss, _ := ParseScenarios(Scenarios())
	seen := map[string]string{}
	for _, s := range ss {
		if prev, ok := seen[s.Name]; ok {
			t.Errorf("%s and %s share the name %q", prev, s.File, s.Name)
		}
		seen[s.Name] = s.File
	}
}

func TestScenarioFilesEmbedded(t *testing.T) {
	names, err := fs.Glob(Scenarios(), "*.scenario")
	if err != nil || len(names) == 0 {
		t.Fatalf("Scenarios() holds %v (%v), want the corpus", names, err)
	}
}

// TestCaseJSONInvalidUTF8 checks a case with invalid UTF-8 is reported so
// it can be reproduced exactly.
func TestCaseJSONInvalidUTF8(t *testing.T) {
	c := Case{Message: policy.Message{Body: "bad \xff byte"}, Record: policy.Record{Contacts: []channel.Contact{{Kind: channel.SMS, Address: "\xc3"}}}}
	got := CaseJSON(c)
	for _, want := range []string{`message.body is not valid UTF-8; in Go syntax: "bad \xff byte"`, `record.contacts[0].address is not valid UTF-8; in Go syntax: "\xc3"`} {
		if !strings.Contains(got, want) {
			t.Errorf("CaseJSON(invalid UTF-8) = %s\nwant it to contain %s", got, want)
		}
	}
}

// TestDeciderCatchesIgnoredHolidays: a decider that ignores the org's
// holidays sends routine messages on them, and the window invariant says
// so (P2).
func TestDeciderCatchesIgnoredHolidays(t *testing.T) {
	cfg := policy.DefaultConfig()
	cfg.Holidays = bankHolidays()
	if err := TestDeciderWith(policy.Default(), cfg, Options{Cases: 3000, ShrinkSteps: -1}); err == nil || !strings.Contains(err.Error(), "timing.window") {
		t.Errorf("TestDecider(an org without holidays, a config with them) = %v, want a timing.window violation", err)
	}
	org, err := policy.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := TestDeciderWith(org, cfg, Options{Cases: 3000, ShrinkSteps: -1}); err != nil {
		t.Errorf("TestDecider(an org with holidays) = %v", err)
	}
}
