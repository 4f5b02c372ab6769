package policy_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/policytest"
)

// fuzzCase is the JSON a fuzz input holds: an optional configuration
// merged onto policy.DefaultConfig, a message and a record.
type fuzzCase struct {
	Config  json.RawMessage `json:"config,omitempty"`
	Message policy.Message  `json:"message"`
	Record  policy.Record   `json:"record"`
}

// FuzzDecideJSON decodes a case and decides it: Decide never panics,
// invalid input is never Send or Revise (G1, G28, G30), every trail,
// obligation and finding rule is in the catalogue, and the decision
// encodes as JSON. The seed corpus in testdata/fuzz/FuzzDecideJSON runs in
// every go test.
func FuzzDecideJSON(f *testing.F) {
	f.Add([]byte(`{"message": {"id": "m", "at": "2026-11-24T10:00:00Z", "purpose": "individual_care", "class": "appointment_reminder",
		"body": "Your appointment is on Thursday at 09:40.", "staff": {"id": "s"}},
		"record": {"patient_id": "9990000018", "contacts": [{"kind": "sms", "address": "07700 900123"}]}}`))
	f.Add([]byte(`{"config": {"use_cases": []}, "message": {"id": "m", "at": "2026-11-24T10:00:00Z", "purpose": "research", "class": "test_results",
		"body": "x", "staff": {"id": ""}}, "record": {"patient_id": ""}}`))
	f.Add([]byte(`{}`))
	orgs := map[string]*policy.Org{}
	f.Fuzz(func(t *testing.T, data []byte) {
		var c fuzzCase
		if err := json.Unmarshal(data, &c); err != nil {
			return
		}
		org := policy.Default()
		if len(c.Config) > 0 && !bytes.Equal(c.Config, []byte("null")) {
			key := string(c.Config)
			if o, ok := orgs[key]; ok {
				org = o
			} else {
				var over policy.Config
				var present map[string]json.RawMessage
				if json.Unmarshal(c.Config, &over) != nil || json.Unmarshal(c.Config, &present) != nil {
					return
				}
				o, err := policy.New(policytest.MergeConfig(policy.DefaultConfig(), over, present))
				if err != nil {
					return
				}
				orgs[key], org = o, o
			}
		}
		d := org.Decide(c.Message, c.Record)
		invalid := c.Message.Validate() != nil || c.Record.Validate() != nil
		if invalid {
			if d.Outcome == policy.Send || d.Outcome == policy.Revise {
				t.Errorf("invalid input decided %s", d.Outcome)
			}
			for _, dl := range d.Deliveries {
				if dl.Outcome == policy.Send || dl.Outcome == policy.Revise {
					t.Errorf("invalid input: delivery to %s decided %s", dl.Recipient, dl.Outcome)
				}
			}
		}
		if len(d.Trail) == 0 {
			t.Error("the trail is empty")
		}
		for i, s := range d.Trail {
			if _, ok := policy.Lookup(s.Rule); !ok {
				t.Errorf("trail[%d] rule %q is not in the catalogue", i, s.Rule)
			}
		}
		for i, o := range d.Obligations {
			if _, ok := policy.Lookup(o.Rule); !ok {
				t.Errorf("obligations[%d] rule %q is not in the catalogue", i, o.Rule)
			}
		}
		for i, fd := range d.Findings {
			if _, ok := policy.Lookup(fd.Rule); !ok {
				t.Errorf("findings[%d] rule %q is not in the catalogue", i, fd.Rule)
			}
		}
		if _, err := json.Marshal(d); err != nil {
			t.Errorf("the decision does not encode: %v", err)
		}
	})
}
