package policy_test

import (
	"bytes"
	"encoding/json"
	"errors"
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
	f.Add([]byte(`{"config": {"fallback_waits": [{"channel": "nhs_app", "routine": "2h"}]}, "message": {"id": "m", "at": "2026-11-24T10:00:00Z", "purpose": "individual_care", "class": "test_results_ready",
		"body": "Your HbA1c result is 48 mmol/mol.", "fallback_after": "3h", "staff": {"id": "s"},
		"bodies": [{"channel": "sms", "text": "You have a new message in the NHS App."}, {"channel": "email", "subject": "Your diabetes result", "text": "\n\n Log in."}]},
		"record": {"patient_id": "9990000018", "nhs_number": "9990000018", "contacts": [{"kind": "nhs_app", "address": "9990000018"}, {"kind": "sms", "address": "07700 900123"}, {"kind": "email", "address": "p@example.org"}]}}`))
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
		// An incomplete entry (a proxy, an objection) is worked around,
		// not a reason to refuse the person's own message (G18, G20).
		invalid := c.Message.Validate() != nil || beyondEntries(c.Record.Validate())
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

// beyondEntries reports whether err holds a problem other than an
// incomplete entry (ErrIncompleteEntry).
func beyondEntries(err error) bool {
	if err == nil {
		return false
	}
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return !errors.Is(err, policy.ErrIncompleteEntry)
	}
	for _, e := range j.Unwrap() {
		if !errors.Is(e, policy.ErrIncompleteEntry) {
			return true
		}
	}
	return false
}
