package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/policy"
)

func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestCaseFile decides the example case: the guidance's worked example of
// an objection overridden for urgent treatment within 48 hours (G13, G14.3).
func TestCaseFile(t *testing.T) {
	code, out, errOut := runCmd(t, "", "testdata/case.json")
	if code != exitSend {
		t.Fatalf("decide testdata/case.json exit = %d, want %d (send); stderr: %s", code, exitSend, errOut)
	}
	for _, want := range []string{"Decision for message msg-2026-11-24-0016: SEND", "[objection.override]", "note the override"} {
		if !strings.Contains(out, want) {
			t.Errorf("decide testdata/case.json output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "asha.example@example.org") || strings.Contains(out, "Other family members") {
		t.Errorf("the explanation shows an address or the objection's reason:\n%s", out)
	}
}

func TestCaseJSONFromStdin(t *testing.T) {
	data, err := os.ReadFile("testdata/case.json")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, string(data), "-json")
	if code != exitSend {
		t.Fatalf("decide -json < case.json exit = %d, want %d; stderr: %s", code, exitSend, errOut)
	}
	var d policy.Decision
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("decide -json output does not decode: %v\n%s", err, out)
	}
	if d.Outcome != policy.Send || len(d.Deliveries) != 1 || d.Deliveries[0].Override == nil {
		t.Errorf("decide -json = %s, want send with an override", d)
	}
}

// TestExitStatus checks each outcome has its own status.
func TestExitStatus(t *testing.T) {
	tests := []struct {
		name    string
		purpose string
		status  string
		want    int
	}{
		{"send", "individual_care", "active", exitSend},
		{"hold (restricted record, P1)", "individual_care", "restricted", exitHold},
		{"refuse (research, G1)", "research", "active", exitRefuse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := `{"message": {"id": "m", "at": "2026-11-24T10:00:00Z", "purpose": "` + tt.purpose + `", "class": "prescription",
				"body": "Your prescription is ready to collect.", "staff": {"id": "s"}},
				"record": {"patient_id": "9990000018", "status": "` + tt.status + `", "contacts": [{"kind": "sms", "address": "07700 900123", "verified": "2026-09-01T09:00:00Z"}]}}`
			if code, out, errOut := runCmd(t, c); code != tt.want {
				t.Errorf("decide(%s) exit = %d, want %d\n%s%s", tt.name, code, tt.want, out, errOut)
			}
		})
	}
	revise := `{"message": {"id": "m", "at": "2026-11-24T10:00:00Z", "purpose": "individual_care", "class": "test_results_ready",
		"body": "Your HIV test was negative.", "staff": {"id": "s"}},
		"record": {"patient_id": "9990000018", "contacts": [{"kind": "sms", "address": "07700 900123", "verified": "2026-09-01T09:00:00Z"}]}}`
	if code, _, _ := runCmd(t, revise); code != exitRevise {
		t.Errorf("decide(test result named by text, G23) exit = %d, want %d", code, exitRevise)
	}
}

// TestBadInput checks bad input is reported with the file, line and field.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, data, want string
	}{
		{"unknown field", "{\n\"message\": {\"id\": \"m\",\n  \"colour\": \"red\"},\n\"record\": {}}", "bad.json:3: unknown field \"colour\""},
		{"unknown enum", "{\"message\": {\"id\": \"m\",\n\"class\": \"gossip\"}, \"record\": {}}", "bad.json:2: field class:"},
		{"wrong type", "{\"message\": {\n\"id\": 7}, \"record\": {}}", "bad.json:2: field message.id:"},
		{"syntax", "{\"message\": {}\n\n\"record\": {}}", "bad.json:3: invalid character"},
		{"missing record", `{"message": {}}`, "bad.json: a case needs a \"message\" and a \"record\""},
		{"truncated", "{\"message\": {\n", "bad.json:2: the JSON ends early"},
		{"config refused", `{"config": {"name": ""}, "message": {}, "record": {}}`, "bad.json: config: policy: invalid configuration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "bad.json")
			if err := os.WriteFile(path, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, errOut := runCmd(t, "", path)
			if code != exitBad || !strings.Contains(errOut, tt.want) {
				t.Errorf("decide(%s) = exit %d, stderr %q; want exit %d and %q", tt.name, code, errOut, exitBad, tt.want)
			}
		})
	}
	if code, _, _ := runCmd(t, "", filepath.Join(dir, "missing.json")); code != exitBad {
		t.Errorf("decide(missing file) exit = %d, want %d", code, exitBad)
	}
}

// TestScenarios runs the library's scenario corpus through -scenarios.
func TestScenarios(t *testing.T) {
	code, out, errOut := runCmd(t, "", "-scenarios", "../../policy/policytest/testdata/scenarios")
	if code != exitSend || !strings.Contains(out, " 0 failed") {
		t.Errorf("decide -scenarios corpus exit = %d; output:\n%s%s", code, out, errOut)
	}
	dir := t.TempDir()
	bad := "name: Wrong on purpose\ncites: G1\nmessage: {\"id\": \"m\", \"at\": \"2026-11-24T10:00:00Z\", \"purpose\": \"research\", \"class\": \"administrative\", \"body\": \"x\", \"staff\": {\"id\": \"s\"}}\nrecord: {\"patient_id\": \"p\"}\noutcome: send\n"
	if err := os.WriteFile(filepath.Join(dir, "wrong.scenario"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCmd(t, "", "-scenarios", dir)
	if code != exitFailed || !strings.Contains(out, "FAIL  wrong.scenario") || !strings.Contains(out, "wrong.scenario:5: outcome = refuse, want send") {
		t.Errorf("decide -scenarios (failing) exit = %d; output:\n%s", code, out)
	}
}
