package policytest

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/policy"
)

// corpus parses the embedded corpus.
func corpus(t *testing.T) []Scenario {
	t.Helper()
	ss, err := ParseScenarios(Scenarios())
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

// TestScenarioJSONRoundTrip checks every corpus scenario survives export
// and import: the imported scenario passes, decides exactly as the
// original does with its exported (complete) configuration, and exports
// to the same bytes.
func TestScenarioJSONRoundTrip(t *testing.T) {
	build := cached(NewOrg) // policy.New builds a scanner: once per configuration
	for _, s := range corpus(t) {
		doc, err := s.JSON()
		if err != nil {
			t.Fatalf("%s: JSON() = %v", s.File, err)
		}
		back, err := ParseScenarioJSON(doc)
		if err != nil {
			t.Fatalf("%s: ParseScenarioJSON(JSON()) = %v\n%s", s.File, err, doc)
		}
		if back.ID() != s.ID() || back.File != s.ID()+".json" {
			t.Errorf("%s: imported ID %q, File %q", s.File, back.ID(), back.File)
		}
		if err := back.Run(build); err != nil {
			t.Errorf("%s: the imported scenario fails: %v", s.File, err)
		}
		again, err := back.JSON()
		if err != nil || !bytes.Equal(again, doc) {
			t.Errorf("%s: export of the imported scenario differs (%v):\n%s\nwant\n%s", s.File, err, again, doc)
		}
		if s.ConfigError == "" {
			sameDecision(t, build, &s, &back)
		}
	}
}

// sameDecision checks the exported configuration decides as the original.
func sameDecision(t *testing.T, build func(policy.Config) (policy.Decider, error), s, back *Scenario) {
	t.Helper()
	o1, err1 := build(s.Config)
	o2, err2 := build(back.Config)
	if err1 != nil || err2 != nil {
		t.Fatalf("%s: policy.New = %v, %v", s.File, err1, err2)
	}
	a, _ := json.Marshal(o1.Decide(s.Message, s.Record))
	b, _ := json.Marshal(o2.Decide(back.Message, back.Record))
	if !bytes.Equal(a, b) {
		t.Errorf("%s: the exported configuration decides differently:\n%s\nwant\n%s", s.File, b, a)
	}
}

// TestScenarioJSONExpectations checks the imported expectations are held:
// an exported scenario edited to expect something else fails.
func TestScenarioJSONExpectations(t *testing.T) {
	s, err := ParseScenario("x.scenario", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := s.JSON()
	if err != nil {
		t.Fatal(err)
	}
	for _, edit := range []struct{ from, to, want string }{
		{`"outcome": "send",`, `"outcome": "hold",`, "outcome = send, want hold"},
		{`"rule": "preference.order"`, `"rule": "objection.scope"`, "no trail step objection.scope allow sms"},
		{`"recipient": "9990000018",`, `"recipient": "someone-else",`, "no delivery someone-else send sms"},
	} {
		back, err := ParseScenarioJSON(bytes.Replace(doc, []byte(edit.from), []byte(edit.to), 1))
		if err != nil {
			t.Fatalf("ParseScenarioJSON(%s) = %v", edit.to, err)
		}
		if err := back.Run(NewOrg); err == nil || !strings.Contains(err.Error(), edit.want) {
			t.Errorf("Run(edited %s) = %v, want an error containing %q", edit.to, err, edit.want)
		}
	}
}

func TestParseScenarioJSONErrors(t *testing.T) {
	const cfg = `"config": {"name": "x", "platforms": []}`
	const input = `"message": {"id": "m"}, "record": {"patient_id": "p"}`
	tests := []struct{ reason, doc, want string }{
		{"unknown field", `{"id": "a", "name": "A", "cites": ["G1"], ` + cfg + `, "colour": "red"}`, `unknown field "colour"`},
		{"unknown enum", `{"id": "a", "name": "A", "cites": ["G1"], ` + cfg + `, ` + input + `, "expect": {"outcome": "maybe"}}`, `unknown outcome: use one of`}, // the rejected value is never echoed (issue 16)
		{"no id", `{"name": "A", "cites": ["G1"], ` + cfg + `}`, "id is empty"},
		{"no name", `{"id": "a", "cites": ["G1"], ` + cfg + `}`, "name is empty"},
		{"bad cite", `{"id": "a", "name": "A", "cites": ["G99"], ` + cfg + `, "config_error": "x"}`, `"G99" is not a requirement`},
		{"no config", `{"id": "a", "name": "A", "cites": ["G1"], "config_error": "x"}`, "config is missing"},
		{"refused config with input", `{"id": "a", "name": "A", "cites": ["G1"], ` + cfg + `, "config_error": "x", ` + input + `}`, "decides nothing"},
		{"no expect", `{"id": "a", "name": "A", "cites": ["G1"], ` + cfg + `, ` + input + `}`, "needs a message, a record and expect"},
		{"no outcome", `{"id": "a", "name": "A", "cites": ["G1"], ` + cfg + `, ` + input + `, "expect": {}}`, "expect.outcome is missing"},
		{"step without effect", `{"id": "a", "name": "A", "cites": ["G1"], ` + cfg + `, ` + input + `, "expect": {"outcome": "send", "steps": [{"rule": "scope.purpose"}]}}`, "expect.steps[0].effect is missing"},
		{"nobody decides", `{"id": "a", "name": "A", "cites": ["G1"], ` + cfg + `, ` + input + `, "expect": {"outcome": "hold", "who": ["nobody"]}}`, "nobody is not someone who decides"},
		{"deliveries and none", `{"id": "a", "name": "A", "cites": ["G1"], ` + cfg + `, ` + input + `, "expect": {"outcome": "send", "no_deliveries": true, "deliveries": [{"recipient": "p", "outcome": "send"}]}}`, "cannot be combined"},
		{"trailing data", `{"id": "a", "name": "A", "cites": ["G1"], ` + cfg + `, "config_error": "x"} {}`, "unexpected data"},
	}
	for _, tt := range tests {
		if _, err := ParseScenarioJSON([]byte(tt.doc)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseScenarioJSON(%s) = %v, want an error containing %q", tt.reason, err, tt.want)
		}
	}
}

// TestGrade grades this library's own answers, and wrong ones.
func TestGrade(t *testing.T) {
	ss := corpus(t)
	build := cached(NewOrg)
	var refused, decides *Scenario
	for i := range ss {
		s := &ss[i]
		var line DecisionLine
		if o, err := build(s.Config); err != nil {
			line = DecisionLine{Scenario: s.ID(), ConfigError: err.Error()}
			refused = s
		} else {
			d := o.Decide(s.Message, s.Record)
			line = DecisionLine{Scenario: s.ID(), Decision: &d}
			decides = s
		}
		if err := s.Grade(line); err != nil {
			t.Errorf("%s: Grade(the library's own answer) = %v", s.File, err)
		}
	}
	d := policy.Decision{Outcome: policy.Refuse}
	tests := []struct {
		s    *Scenario
		line DecisionLine
		want string
	}{
		{refused, DecisionLine{Decision: &d}, "the engine accepted the configuration"},
		{decides, DecisionLine{ConfigError: "no"}, "the engine refused the configuration (no)"},
		{decides, DecisionLine{}, "the line has no decision"},
		{decides, DecisionLine{Decision: &d, ConfigError: "no"}, "both a decision and a config_error"},
		{decides, DecisionLine{Decision: &d}, "outcome = refuse, want"},
	}
	for _, tt := range tests {
		if err := tt.s.Grade(tt.line); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: Grade(%+v) = %v, want an error containing %q", tt.s.File, tt.line, err, tt.want)
		}
	}
}
