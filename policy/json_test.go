package policy_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/carecomms/carecomms/policy"
)

// TestJSONRoundTrip: inputs and decisions survive encoding/json, with
// snake_case names and enums as strings.
func TestJSONRoundTrip(t *testing.T) {
	for _, tc := range decideCases {
		cfg, m, r := tc.inputs()
		d := tc.decide(t)
		for _, v := range []any{m, r, d, cfg} {
			b, err := json.Marshal(v)
			if err != nil {
				if tc.name == "invalid message refused with the field named" {
					continue // an unset class cannot be encoded: by design
				}
				t.Fatalf("%s: Marshal(%T) = %v", tc.name, v, err)
			}
			ptr := newOf(v)
			if err := json.Unmarshal(b, ptr); err != nil {
				t.Fatalf("%s: Unmarshal(%T) = %v\n%s", tc.name, v, err, b)
			}
			if diff := cmp.Diff(v, deref(ptr), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%s: %T round trip (-want +got):\n%s", tc.name, v, diff)
			}
		}
	}
}

func newOf(v any) any {
	switch v.(type) {
	case policy.Message:
		return new(policy.Message)
	case policy.Record:
		return new(policy.Record)
	case policy.Decision:
		return new(policy.Decision)
	case policy.Config:
		return new(policy.Config)
	}
	panic("unexpected type")
}

func deref(p any) any {
	switch p := p.(type) {
	case *policy.Message:
		return *p
	case *policy.Record:
		return *p
	case *policy.Decision:
		return *p
	case *policy.Config:
		return *p
	}
	panic("unexpected type")
}

func TestJSONRejectsUnknownEnums(t *testing.T) {
	for _, in := range []string{
		`{"outcome": "maybe"}`,
		`{"trail": [{"rule": "scope.purpose", "effect": "perhaps", "detail": ""}]}`,
		`{"who": ["the_cat"]}`,
		`{"trail": [{"rule": "scope.made_up", "effect": "note", "detail": ""}]}`,
	} {
		var d policy.Decision
		if err := json.Unmarshal([]byte(in), &d); err == nil {
			t.Errorf("Unmarshal(%s) succeeded, want an error", in)
		}
	}
	for _, in := range []string{`{"purpose": "gossip"}`, `{"urgency": "whenever"}`, `{"class": "chit_chat"}`,
		`{"approvals": [{"rule": "proxy.sensitive"}]}`} {
		var m policy.Message
		if err := json.Unmarshal([]byte(in), &m); err == nil || !strings.Contains(err.Error(), "unknown") {
			t.Errorf("Unmarshal(%s) = %v, want an unknown-name error", in, err)
		}
	}
	var r policy.Record
	if err := json.Unmarshal([]byte(`{"status": "asleep"}`), &r); err == nil {
		t.Errorf("Unmarshal(status asleep) succeeded")
	}
	if err := json.Unmarshal([]byte(`{"needs": ["telepathy"]}`), &r); err == nil {
		t.Errorf("Unmarshal(needs telepathy) succeeded")
	}
}
