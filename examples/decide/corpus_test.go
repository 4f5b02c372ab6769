package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/policy/policytest"
)

// TestExportCorpus exports the corpus: a file a scenario, each matching
// scenario.schema.json and reading back as the scenario it came from.
func TestExportCorpus(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCmd(t, "", "-export-corpus", dir)
	ss, _ := policytest.ParseScenarios(policytest.Scenarios())
	if code != exitSend || !strings.Contains(out, "wrote "+itoa(len(ss))+" scenarios") {
		t.Fatalf("decide -export-corpus = exit %d, %s%s", code, out, errOut)
	}
	sch := schemaFor(t, "scenario.schema.json")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != len(ss) {
		t.Errorf("-export-corpus wrote %d files, want %d", len(files), len(ss))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, err := policytest.ParseScenarioJSON(data)
		if err != nil || s.ID()+".json" != filepath.Base(f) {
			t.Errorf("%s: ParseScenarioJSON = %s, %v", f, s.ID(), err)
		}
		if err := sch.Validate(data); err != nil {
			t.Errorf("%s does not match scenario.schema.json: %v", f, err)
		}
	}
	if code, _, errOut := runCmd(t, "", "-export-corpus", dir, "-corpus", filepath.Join(dir, "missing")); code != exitBad || errOut == "" {
		t.Errorf("decide -export-corpus -corpus missing = exit %d, %q; want %d and an error", code, errOut, exitBad)
	}
}

// ownDecisions decides every corpus scenario with the library and writes
// a decisions file, as another engine would.
func ownDecisions(t *testing.T) []policytest.DecisionLine {
	t.Helper()
	ss, err := policytest.ParseScenarios(policytest.Scenarios())
	if err != nil {
		t.Fatal(err)
	}
	newOrg := cachedOrgs()
	var lines []policytest.DecisionLine
	for i := range ss {
		s := &ss[i]
		o, err := newOrg(s.Config)
		if err != nil {
			lines = append(lines, policytest.DecisionLine{Scenario: s.ID(), ConfigError: err.Error()})
			continue
		}
		d := o.Decide(s.Message, s.Record)
		lines = append(lines, policytest.DecisionLine{Scenario: s.ID(), Decision: &d})
	}
	return lines
}

func writeLines(t *testing.T, lines []policytest.DecisionLine, extra ...string) string {
	t.Helper()
	var buf bytes.Buffer
	for _, l := range lines {
		b, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(append(b, '\n'))
	}
	for _, e := range extra {
		buf.WriteString(e + "\n")
	}
	path := filepath.Join(t.TempDir(), "decisions.jsonl")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCheck grades the library's own decisions (all pass) and broken
// ones (each failure named, with the requirements its scenario cites).
func TestCheck(t *testing.T) {
	lines := ownDecisions(t)
	code, out, errOut := runCmd(t, "", "-check", writeLines(t, lines))
	if code != exitSend || !strings.Contains(out, itoa(len(lines))+" passed, 0 failed") || !strings.Contains(out, "ok    deceased-record  P1") {
		t.Fatalf("decide -check (own decisions) = exit %d\n%s%s", code, out, errOut)
	}
	var deceased int
	for i, l := range lines {
		if l.Scenario == "deceased-record" {
			deceased = i
		}
	}
	raw, _ := json.Marshal(struct {
		Scenario string          `json:"scenario"`
		Decision json.RawMessage `json:"decision"`
	}{"deceased-record", []byte(`{"message_id": "m", "outcome": "send", "trail": [], "legal_basis": {"gdpr_article_6": "", "gdpr_article_9": "", "common_law": "", "consent_required": false}, "catalogue": "x"}`)})
	broken := slices.Delete(slices.Clone(lines), deceased, deceased+1)
	path := writeLines(t, broken[1:], string(raw), `{"scenario": "no-such-scenario"}`, `{"scenario": "deceased-record", "colour": 1}`, "{")
	code, out, _ = runCmd(t, "", "-check", path)
	for _, want := range []string{
		"FAIL  " + lines[0].Scenario + "  ", "decisions.jsonl: no line has a decision for this scenario",
		"FAIL  deceased-record  P1", "deceased-record.scenario:", "outcome = send, want refuse",
		`decisions.jsonl:` + itoa(len(lines)) + `: no scenario "no-such-scenario" in the corpus`,
		`decisions.jsonl:` + itoa(len(lines)+1) + `: json: unknown field "colour"`,
		`decisions.jsonl:` + itoa(len(lines)+2) + `: unexpected EOF`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("decide -check (broken) output lacks %q:\n%s", want, out)
		}
	}
	if code != exitFailed || !strings.Contains(out, itoa(len(lines)-2)+" passed, 5 failed") {
		t.Errorf("decide -check (broken) = exit %d, want %d and 5 failures (a scenario left out, one decided wrong, 3 bad lines):\n%s", code, exitFailed, out)
	}
	if code, _, _ := runCmd(t, "", "-check", filepath.Join(t.TempDir(), "missing.jsonl")); code != exitBad {
		t.Errorf("decide -check missing.jsonl = exit %d, want %d", code, exitBad)
	}
}

// TestCheckSchema checks -check holds decisions to decision.schema.json,
// not only to what encoding/json would read.
func TestCheckSchema(t *testing.T) {
	dir := t.TempDir()
	sc := "name: Deceased\ncites: P1\nmessage: {\"id\": \"m\", \"at\": \"2026-11-24T10:00:00Z\", \"purpose\": \"individual_care\", \"class\": \"administrative\", \"body\": \"x\", \"staff\": {\"id\": \"s\"}}\nrecord: {\"patient_id\": \"p\", \"status\": \"deceased\"}\noutcome: refuse\n"
	if err := os.WriteFile(filepath.Join(dir, "dead.scenario"), []byte(sc), 0o644); err != nil {
		t.Fatal(err)
	}
	noTrail := `{"scenario": "dead", "decision": {"message_id": "m", "outcome": "refuse", "legal_basis": {"gdpr_article_6": "", "gdpr_article_9": "", "common_law": "", "consent_required": false}, "catalogue": "x"}}`
	code, out, errOut := runCmd(t, noTrail+"\n", "-check", "-", "-corpus", dir)
	if code != exitFailed || !strings.Contains(out, `<stdin>:1: jsonschema: decision lacks the required property "trail"`) {
		t.Errorf("decide -check (no trail) = exit %d\n%s%s", code, out, errOut)
	}
	twice := strings.Replace(noTrail, `"outcome": "refuse"`, `"outcome": "send", "outcome": "refuse"`, 1)
	if code, out, _ := runCmd(t, twice+"\n", "-check", "-", "-corpus", dir); code != exitFailed || !strings.Contains(out, "decision.outcome is given twice") {
		t.Errorf("decide -check (a key twice) = exit %d\n%s", code, out)
	}
	withTrail := strings.Replace(noTrail, `"catalogue"`, `"trail": [], "catalogue"`, 1)
	if code, out, _ := runCmd(t, withTrail+"\n", "-check", "-", "-corpus", dir); code != exitSend || !strings.Contains(out, "ok    dead  P1") {
		t.Errorf("decide -check (with trail) = exit %d\n%s", code, out)
	}
}

// TestFlags checks flags that make no sense together are refused.
func TestFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-scenarios", "x", "-check", "y"},
		{"-serve", ":0", "case.json"},
		{"-corpus", "x"},
		{"-json", "-check", "y"},
		{"a.json", "b.json"},
		{"-serve", ":0", "-max-body", "0"},
		{"-nonsense"},
	} {
		if code, _, errOut := runCmd(t, "", args...); code != exitBad || errOut == "" {
			t.Errorf("decide %v = exit %d, %q; want %d and a message", args, code, errOut, exitBad)
		}
	}
}

// TestSchemaFieldsMatch checks the case and batch result types here name
// the fields their schemas, which schemagen makes from its own copies of
// these types, describe.
func TestSchemaFieldsMatch(t *testing.T) {
	for _, tt := range []struct {
		file, def string
		typ       reflect.Type
	}{
		{"case.schema.json", "Case", reflect.TypeFor[caseFile]()},
		{"batch-result.schema.json", "BatchResult", reflect.TypeFor[batchResult]()},
	} {
		data, err := os.ReadFile(filepath.Join("../../policy/schema", tt.file))
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Defs map[string]struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"$defs"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		var want, got []string
		for name := range doc.Defs[tt.def].Properties {
			want = append(want, name)
		}
		for i := range tt.typ.NumField() {
			name, _, _ := strings.Cut(tt.typ.Field(i).Tag.Get("json"), ",")
			got = append(got, name)
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(want, got) {
			t.Errorf("%s describes %v; %s has %v: change internal/cmd/schemagen's copy and run go generate ./policy/schema", tt.file, want, tt.typ, got)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
