package policytest_test

import (
	"errors"
	"fmt"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/policytest"
)

// The whole flow: check the library's default org against the invariants
// and the scenario corpus, as a vendor checks its own decider.
func Example() {
	cfg := policy.DefaultConfig()
	org, err := policy.New(cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := policytest.TestDeciderN(org, cfg, 200); err != nil {
		fmt.Println(err)
		return
	}
	if err := policytest.RunScenarios(policytest.NewOrg, policytest.Scenarios()); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("conforms")
	// Output: conforms
}

// careless sends messages that are not about individual care (G1).
type careless struct{ policy.Decider }

func (c careless) Decide(m policy.Message, r policy.Record) policy.Decision {
	d := c.Decider.Decide(m, r)
	if m.Purpose == policy.Research {
		d.Outcome = policy.Send
	}
	return d
}

// A decider that breaks an invariant is reported with the invariant's
// name, its requirements and a shrunk failing case.
func ExampleTestDeciderWith_broken() {
	err := policytest.TestDeciderWith(careless{policy.Default()}, policy.DefaultConfig(), policytest.Options{
		Cases:      300,
		Invariants: []string{"scope.care_only", "objection.serious_harm"},
	})
	var v *policytest.Violation
	if errors.As(err, &v) {
		fmt.Println(v.Invariant, v.Refs, v.Case.Message.Purpose)
	}
	// Output: scope.care_only [G1] research
}

// A scenario parsed from text, decided and checked.
func ExampleParseScenario() {
	text := `name: A prescription reminder by text
cites: G7
message: {"id": "m-1", "at": "2026-11-24T10:00:00Z", "purpose": "individual_care", "class": "prescription",
  "body": "Riverside Surgery: your prescription is ready to collect.", "staff": {"id": "staff-0042"}}
record: {"patient_id": "9990000018", "preferences": ["sms"],
  "contacts": [{"kind": "sms", "address": "07700 900123", "verified": "2026-09-01T09:00:00Z"}]}
outcome: send
delivery: 9990000018 send sms
step: preference.order allow sms
`
	s, err := policytest.ParseScenario("prescription.scenario", []byte(text))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.Check(policy.Decide(s.Message, s.Record)))
	// Output: A prescription reminder by text <nil>
}

// Scenario errors name the file and line.
func ExampleParseScenario_error() {
	_, err := policytest.ParseScenario("typo.scenario", []byte("name: x\ncites: G1\noutcom: send\n"))
	fmt.Println(err)
	// Output: typo.scenario:3: unknown key "outcom": use one of name, cites, config, error, message, record, outcome, who, delivery, step, no-step, obligation, no-obligation, finding, no-finding
}

// The generators draw synthetic identifiers only.
func ExampleNHSNumber() {
	n := policytest.NHSNumber().Example(1)
	fmt.Println(n[:3], channel.ValidNHSNumber(n))
	// Output: 999 true
}

// Invariants lists what TestDecider checks.
func ExampleInvariants() {
	for _, inv := range policytest.Invariants()[:3] {
		fmt.Println(inv.Name, inv.Refs)
	}
	// Output:
	// decide.no_panic [G34]
	// determinism [G29]
	// input.never_sent [G1 G26 G28 G30]
}
