package schema_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/internal/jsonschema"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/policytest"
	"github.com/carecomms/carecomms/policy/schema"
)

// load compiles one schema file.
func load(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	data, err := fs.ReadFile(schema.FS(), name)
	if err != nil {
		t.Fatal(err)
	}
	s, err := jsonschema.Compile(data)
	if err != nil {
		t.Fatalf("%s does not compile: %v", name, err)
	}
	return s
}

// aboutInput reports whether a scenario is about incomplete or invalid
// input: it expects an input.* trail step (input.message, input.record,
// input.entry). Only such a scenario's input may break the schemas, which
// describe complete input; the library must still decide on it, failing
// closed or flagging the gap.
func aboutInput(s *policytest.Scenario) bool {
	for _, st := range s.Steps {
		if strings.HasPrefix(st.Rule.String(), "input.") {
			return true
		}
	}
	return false
}

// corpusByID parses the corpus, by scenario ID.
func corpusByID(t *testing.T) map[string]*policytest.Scenario {
	t.Helper()
	ss, err := policytest.ParseScenarios(policytest.Scenarios())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*policytest.Scenario{}
	for i := range ss {
		out[ss[i].ID()] = &ss[i]
	}
	return out
}

// TestCorpusCasesValid checks every scenario's input as its file gives it:
// the case it makes (config, message and record) against case.schema.json,
// and the message and record against their own schemas.
func TestCorpusCasesValid(t *testing.T) {
	caseSchema, message, record := load(t, "case.schema.json"), load(t, "message.schema.json"), load(t, "record.schema.json")
	byID := corpusByID(t)
	fsys := policytest.Scenarios()
	rejected := 0
	names, err := fs.Glob(fsys, "*.scenario")
	if err != nil || len(names) < 80 {
		t.Fatalf("corpus: %d scenarios, %v", len(names), err)
	}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatal(err)
		}
		values := jsonValues(t, name, string(data))
		if _, refused := values["config"]; refused && values["message"] == nil {
			continue // a configuration that must be refused: TestExportedCorpusValid checks it
		}
		c := map[string]json.RawMessage{"message": values["message"], "record": values["record"]}
		if values["config"] != nil {
			c["config"] = values["config"]
		}
		doc, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		errs := errors.Join(caseSchema.Validate(doc), message.Validate(values["message"]), record.Validate(values["record"]))
		s := byID[strings.TrimSuffix(name, ".scenario")]
		if errs != nil {
			rejected++
			if !aboutInput(s) {
				t.Errorf("%s: input does not match the schemas, but the scenario is not about bad input (no input.* step):\n%v", name, errs)
			}
		}
	}
	if rejected == 0 {
		t.Error("the schemas accept every corpus case, even those about bad input: is the validator checking anything?")
	}
}

// jsonValues returns the JSON values of a scenario file's config, message
// and record keys, each with its continuation lines.
func jsonValues(t *testing.T, name, text string) map[string]json.RawMessage {
	t.Helper()
	values := map[string]json.RawMessage{}
	var key string
	var buf strings.Builder
	flush := func() {
		if key != "" {
			var raw json.RawMessage
			if err := json.NewDecoder(strings.NewReader(buf.String())).Decode(&raw); err != nil {
				t.Fatalf("%s: %s: %v", name, key, err)
			}
			values[key] = raw
		}
		key = ""
		buf.Reset()
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		line := sc.Text()
		if line != "" && (line[0] == ' ' || line[0] == '\t') {
			buf.WriteString(line + "\n")
			continue
		}
		flush()
		k, v, _ := strings.Cut(line, ":")
		if k == "config" || k == "message" || k == "record" {
			key = k
			buf.WriteString(v + "\n")
		}
	}
	flush()
	return values
}

// TestExportedCorpusValid checks each scenario as -export-corpus writes
// it, its parts against their schemas, and each decision the library
// makes for it against decision.schema.json and, as a decisions file's
// line, decision-line.schema.json.
func TestExportedCorpusValid(t *testing.T) {
	sc, cfg, message, record := load(t, "scenario.schema.json"), load(t, "config.schema.json"), load(t, "message.schema.json"), load(t, "record.schema.json")
	decision, line := load(t, "decision.schema.json"), load(t, "decision-line.schema.json")
	orgs := map[string]*policy.Org{} // policy.New builds a scanner: once per configuration
	ss, err := policytest.ParseScenarios(policytest.Scenarios())
	if err != nil {
		t.Fatal(err)
	}
	for i := range ss {
		s := &ss[i]
		doc, err := s.JSON()
		if err != nil {
			t.Fatalf("%s: JSON() = %v", s.File, err)
		}
		var parts struct{ Config, Message, Record json.RawMessage }
		if err := json.Unmarshal(doc, &parts); err != nil {
			t.Fatal(err)
		}
		if err := sc.Validate(doc); err != nil {
			t.Errorf("%s: the exported scenario does not match scenario.schema.json: %v", s.File, err)
		}
		if err := cfg.Validate(parts.Config); err != nil {
			t.Errorf("%s: exported config: %v", s.File, err)
		}
		if s.ConfigError != "" {
			continue
		}
		if err := errors.Join(message.Validate(parts.Message), record.Validate(parts.Record)); err != nil && !aboutInput(s) {
			t.Errorf("%s: exported message or record: %v", s.File, err)
		}
		key := fmt.Sprintf("%#v", s.Config)
		if orgs[key] == nil {
			if orgs[key], err = policy.New(s.Config); err != nil {
				t.Fatalf("%s: policy.New = %v", s.File, err)
			}
		}
		validDecision(t, s, orgs[key].Decide(s.Message, s.Record), decision, line)
	}
}

// validDecision checks the library's decision for a scenario against the
// decision schemas.
func validDecision(t *testing.T, s *policytest.Scenario, d policy.Decision, decision, line *jsonschema.Schema) {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatalf("%s: encoding the decision: %v", s.File, err)
	}
	if err := decision.Validate(b); err != nil {
		t.Errorf("%s: decision does not match decision.schema.json: %v\n%s", s.File, err, b)
	}
	l, err := json.Marshal(policytest.DecisionLine{Scenario: s.ID(), Decision: &d})
	if err != nil {
		t.Fatal(err)
	}
	if err := line.Validate(l); err != nil {
		t.Errorf("%s: decisions line does not match decision-line.schema.json: %v", s.File, err)
	}
}

// TestExampleCaseValid checks the case file examples/decide documents.
func TestExampleCaseValid(t *testing.T) {
	data, err := os.ReadFile("../../examples/decide/testdata/case.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := load(t, "case.schema.json").Validate(data); err != nil {
		t.Error(err)
	}
}

// TestSchemasReject checks the generated schemas refuse what the library
// refuses or never writes, and accept what it reads.
func TestSchemasReject(t *testing.T) {
	const msg = `"id": "m", "at": "2026-11-24T10:00:00Z", "purpose": "individual_care", "class": "prescription", "body": "b", "staff": {"id": "s"}`
	const dec = `"message_id": "m", "outcome": "hold", "legal_basis": {"gdpr_article_6": "a", "gdpr_article_9": "b", "common_law": "c", "consent_required": false}, "catalogue": "1"`
	tests := []struct {
		file, doc string
		ok        bool
		reason    string
	}{
		{"message.schema.json", `{` + msg + `}`, true, "a plain message"},
		{"message.schema.json", `{` + msg + `, "override": {"ground": "emergency", "role": "sender"}}`, true, "an older role name a host may still write"},
		{"message.schema.json", `{` + msg + `, "colour": "red"}`, false, "an unknown field"},
		{"message.schema.json", `{"id": "m", "at": "24/11/2026 10:00", "purpose": "individual_care", "class": "prescription", "body": "b", "staff": {"id": "s"}}`, false, "a time not in RFC 3339"},
		{"message.schema.json", `{"id": "m", "at": "2026-11-24T10:00:00Z", "purpose": "gossip", "class": "prescription", "body": "b", "staff": {"id": "s"}}`, false, "an unknown purpose"},
		{"message.schema.json", `{"id": "m", "at": "2026-11-24T10:00:00Z", "class": "prescription", "body": "b", "staff": {"id": "s"}}`, false, "no purpose"},
		{"record.schema.json", `{"patient_id": "p", "birth_date": "1984-03-02", "contacts": [{"kind": "sms", "address": "07700 900123"}]}`, true, "a plain record"},
		{"record.schema.json", `{"patient_id": "p", "birth_date": "1984-3-2"}`, false, "a date not in YYYY-MM-DD"},
		{"record.schema.json", `{"patient_id": "p", "contacts": [{"kind": "pigeon", "address": "x"}]}`, false, "an unknown channel"},
		{"record.schema.json", `{"patient_id": "p", "contacts": null}`, false, "null for a list"},
		{"config.schema.json", `{"name": "x", "platforms": [], "contact_max_age": "72h", "windows": [{"channel": "sms", "start": "08:00", "end": "24:00", "days": "weekdays"}]}`, true, "a duration and a window"},
		{"config.schema.json", `{"name": "x", "platforms": [], "contact_max_age": "-1h"}`, false, "a negative duration"},
		{"config.schema.json", `{"name": "x", "platforms": [], "windows": [{"channel": "sms", "start": "25:00", "end": "26:00", "days": "weekdays"}]}`, false, "a clock past 24:00"},
		{"config.schema.json", `{"order": ["sms"]}`, false, "a config without its name and platforms"},
		{"case.schema.json", `{"config": {"order": ["sms"]}, "message": {` + msg + `}, "record": {"patient_id": "p"}}`, true, "a case's config changes only some fields"},
		{"case.schema.json", `{"message": {` + msg + `}}`, false, "a case without a record"},
		{"decision.schema.json", `{` + dec + `, "trail": [{"rule": "hold.who", "effect": "require", "who": "caldicott_guardian", "detail": "d"}]}`, true, "a plain decision"},
		{"decision.schema.json", `{` + dec + `, "trail": [{"rule": "hold.who", "effect": "require", "who": "sender", "detail": "d"}]}`, false, "an older role name the library never writes"},
		{"decision.schema.json", `{` + dec + `, "trail": [{"rule": "objection.nope", "effect": "deny", "detail": "d"}]}`, false, "a rule not in the catalogue"},
		{"decision.schema.json", `{` + dec + `}`, false, "no trail"},
		{"decision-line.schema.json", `{"scenario": "x", "config_error": "refused"}`, true, "a refused configuration"},
		{"decision-line.schema.json", `{"decision": {` + dec + `, "trail": []}}`, false, "no scenario"},
	}
	for _, tt := range tests {
		err := load(t, tt.file).Validate([]byte(tt.doc))
		if (err == nil) != tt.ok {
			t.Errorf("%s: %s: valid = %v, want %v (%v)", tt.file, tt.reason, err == nil, tt.ok, err)
		}
	}
}
