package policytest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/carecomms/carecomms/policy"
)

// TestScenarios runs the corpus against this library's decider.
func TestScenarios(t *testing.T) {
	if err := RunScenarios(newOrg, Scenarios()); err != nil {
		t.Error(err)
	}
}

const good = `# a comment
name: A reminder
cites: G7
message: {"id": "m", "at": "2026-11-24T10:00:00Z", "purpose": "individual_care", "class": "appointment_reminder",
  "body": "Your appointment is on Thursday.", "staff": {"id": "s"}}   # trailing comment
record: {"patient_id": "9990000018", "contacts": [{"kind": "sms", "address": "07700 900123"}],
  "preferences": ["sms"]}
outcome: send
delivery: 9990000018 send sms
step: preference.order allow sms
`

func TestParseScenario(t *testing.T) {
	s, err := ParseScenario("good.scenario", []byte(good))
	if err != nil {
		t.Fatalf("ParseScenario(good) = %v", err)
	}
	if s.Name != "A reminder" || s.Outcome != policy.Send || len(s.Deliveries) != 1 || s.Deliveries[0].Line != 9 || s.Steps[0].Line != 10 {
		t.Errorf("ParseScenario(good) = %+v", s)
	}
	if s.Config.Name != policy.DefaultConfig().Name {
		t.Errorf("a scenario with no config has Config.Name %q, want the default", s.Config.Name)
	}
}

// TestParseScenarioErrors checks each kind of mistake is reported at its
// line.
func TestParseScenarioErrors(t *testing.T) {
	base := strings.Split(good, "\n")
	with := func(line int, text string) string {
		l := append([]string(nil), base...)
		l[line-1] = text
		return strings.Join(l, "\n")
	}
	tests := []struct {
		name, text, want string
	}{
		{"unknown key", with(10, "stepp: preference.order allow sms"), `x.scenario:10: unknown key "stepp"`},
		{"no colon", with(10, "outcome send"), "x.scenario:10: want \"key: value\""},
		{"key twice", with(10, "outcome: hold"), "x.scenario:10: outcome is given twice (first on line 8)"},
		{"bad outcome", with(8, "outcome: sent"), `x.scenario:8: outcome: "sent" is not an outcome`},
		{"bad cite", with(3, "cites: G36"), `x.scenario:3: cites: "G36" is not a requirement`},
		{"bad rule", with(10, "step: preference.ordr allow"), `x.scenario:10: step: "preference.ordr" is not a rule`},
		{"bad effect", with(10, "step: preference.order permit"), `x.scenario:10: step: "permit" is not an effect`},
		{"bad channel", with(9, "delivery: 9990000018 send fax"), `x.scenario:9: delivery: "fax" is not a channel`},
		{"bad who", with(10, "who: the_doctor"), `x.scenario:10: who: "the_doctor" is not someone who decides`},
		{"unknown JSON field", with(7, `  "preferencs": ["sms"]}`), "x.scenario:7: record: field preferencs: unknown field"},
		{"JSON key twice", with(7, `  "status": "deceased", "status": "active"}`), "x.scenario:7: record: field status: is given twice"},
		{"JSON key case", with(7, `  "Preferences": ["sms"]}`), "x.scenario:7: record: field Preferences: differs only in letter case"},
		{"JSON invalid UTF-8", with(5, "  \"body\": \"x\xff\", \"staff\": {\"id\": \"s\"}}"), "x.scenario:5: message: field body: is not valid UTF-8"},
		{"bad enum in JSON", with(7, `  "preferences": ["fax"]}`), `x.scenario:7: record: field preferences:`},
		{"JSON type", with(5, `  "body": 5, "staff": {"id": "s"}}`), "x.scenario:5: message: field body:"},
		{"JSON syntax", with(5, `  "body": "x" "staff": {"id": "s"}}`), "x.scenario:5: message: is not valid JSON: invalid character"},
		{"text after JSON", with(5, `  "body": "x", "staff": {"id": "s"}} extra`), "x.scenario:5: message: unexpected text after the JSON value"},
		{"continuation first", "  name: x\n", "x.scenario:1: a continuation line"},
		{"missing outcome", with(8, "# no outcome"), "x.scenario: missing outcome"},
		{"error with message", "name: x\ncites: G35\nconfig: {}\nerror: DPIA\n" + strings.Join(base[3:7], "\n"), "x.scenario:5: message is not allowed with error"},
		{"bad finding", with(10, "finding: nhs"), `x.scenario:10: finding: "nhs" is not a finding kind`},
		{"bad obligation", with(10, "obligation: record"), `x.scenario:10: obligation: "record" is not an obligation code`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseScenario("x.scenario", []byte(tt.text))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseScenario(%s) = %v, want an error containing %q", tt.name, err, tt.want)
			}
			var se *ScenarioError
			if err != nil && !errors.As(err, &se) {
				t.Errorf("ParseScenario(%s) error is %T, want *ScenarioError", tt.name, err)
			}
		})
	}
}

// TestScenarioCheckReportsLines checks mismatches name the expectation's
// line.
func TestScenarioCheckReportsLines(t *testing.T) {
	s, err := ParseScenario("good.scenario", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	d := policy.Decide(s.Message, s.Record)
	if err := s.Check(d); err != nil {
		t.Fatalf("Check(decision) = %v, want nil", err)
	}
	d.Outcome = policy.Hold
	d.Deliveries[0].Channel = 5
	d.Trail = nil
	err = s.Check(d)
	for _, want := range []string{"good.scenario:8: outcome = hold, want send", "good.scenario:9: no delivery 9990000018 send sms", "good.scenario:10: no trail step preference.order allow sms"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check(wrong decision) = %v, want it to contain %q", err, want)
		}
	}
}

func TestRunScenariosConfigError(t *testing.T) {
	s, err := ParseScenario("c.scenario", []byte("name: x\ncites: G35\nconfig: {\"platforms\": [{\"channel\": \"sms\", \"name\": \"SMS\"}]}\nerror: DPIA\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Run(newOrg); err != nil {
		t.Errorf("Run(config without DPIA) = %v, want nil", err)
	}
	accept := func(policy.Config) (policy.Decider, error) { return policy.Default(), nil }
	if err := s.Run(accept); err == nil || !strings.Contains(err.Error(), "c.scenario:4: the configuration was accepted") {
		t.Errorf("Run(accepting decider) = %v, want it to say the configuration was accepted", err)
	}
}

// TestMergeConfig checks a config replaces whole fields of the default.
func TestMergeConfig(t *testing.T) {
	s, err := ParseScenario("m.scenario", []byte("name: x\ncites: G6\nconfig: {\"platforms\": [{\"channel\": \"email\", \"name\": \"Email\", \"dpia\": true, \"confidential\": true}]}\nerror: log-in\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Config.Platforms) != 1 || s.Config.Platforms[0].LogIn {
		t.Errorf("merged platforms = %+v, want the one platform as written", s.Config.Platforms)
	}
	if len(s.Config.Order) == 0 {
		t.Error("merged config lost the default order")
	}
}

// FuzzParseScenario checks the parser never panics, and that a scenario
// it accepts has its expectations on lines of the file.
func FuzzParseScenario(f *testing.F) {
	files, _ := filepath.Glob("testdata/scenarios/*.scenario")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(good))
	f.Add([]byte("name: x\ncites: G1\nmessage: {\nrecord: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseScenario("f.scenario", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.scenario") {
				t.Errorf("ParseScenario error %q does not start with the file name", err)
			}
			return
		}
		lines := strings.Count(string(data), "\n") + 1
		for _, d := range s.Deliveries {
			if d.Line < 1 || d.Line > lines {
				t.Errorf("delivery at line %d of %d", d.Line, lines)
			}
		}
		for _, st := range s.Steps {
			if st.Line < 1 || st.Line > lines {
				t.Errorf("step at line %d of %d", st.Line, lines)
			}
		}
	})
}

// FuzzInvariants checks every invariant on cases drawn from the fuzzer's
// bytes, through rapid.MakeFuzz.
func FuzzInvariants(f *testing.F) {
	for _, seed := range [][]byte{{}, {0}, {1, 2, 3, 4, 5, 6, 7, 8}, []byte("carecomms"), make([]byte, 64)} {
		f.Add(seed)
	}
	k, err := NewChecker(policy.Default(), policy.DefaultConfig())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) {
		c := MixedCases().Draw(t, "case")
		if err := k.Check(c); err != nil {
			t.Fatal(err)
		}
	}))
}
