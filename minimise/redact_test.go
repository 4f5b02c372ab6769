package minimise

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/channel"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with the file testdata/name, or rewrites the file
// with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got); run go test -update if the change is intended:\n%s", path, diff)
	}
}

// blockingOn returns the findings that block on a channel.
func blockingOn(fs []Finding, secure bool) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.SeverityOn(secure).Blocks() {
			out = append(out, f)
		}
	}
	return out
}

func TestRedactGolden(t *testing.T) {
	subj := &Subject{Name: "Jo Bloggs", Address: "14 Acacia Avenue, Leeds", Postcode: "LS2 9JT",
		BirthDate: channel.Date{Year: 1980, Month: 3, Day: 12}}
	cases := []struct{ name, ref, text string }{
		{"test result by text", "G23", "Dear Jo Bloggs, your chlamydia test was positive. Please call 0113 496 0000."},
		{"identifiers", "G6", "Patient Jo Bloggs, NHS number 999 000 0018, DOB 12/03/1980, of 14 Acacia Avenue, LS2 9JT."},
		{"hepatitis B vaccine", "G22", "Your appointment for a hepatitis B vaccine is on Monday 14 July at 10:30."},
		{"results with values", "G23", "Your HbA1c is 48 mmol/mol and your cholesterol is raised."},
		{"sensitive service", "G21", "Your appointment at the sexual health clinic is confirmed."},
		{"obfuscated", "G22", "Your Ｈ Ｉ Ｖ clinic and h.e.r.p.e.s results"},
		{"scam", "P6", "FINAL WARNING!! Pay the £25 missed appointment fee now at bit.ly/nhs-pay or give your bank details."},
		{"style", "G24", "Please bring the the letter. PLEASE CALL US SOON"},
		{"clean", "G22", "Your appointment is on Monday at 10:30. Reply CANCEL to cancel."},
	}
	var b strings.Builder
	for _, c := range cases {
		fs := Default().Scan(c.text, subj)
		block := blockingOn(fs, false)
		fmt.Fprintf(&b, "== %s (%s)\n-- text\n%s\n-- findings\n", c.name, c.ref, c.text)
		for _, f := range fs {
			fmt.Fprintf(&b, "%s sms=%s nhs_app=%s\n", f, f.SeverityOn(false), f.SeverityOn(true))
		}
		fmt.Fprintf(&b, "-- redacted for sms\n%s\n", Redact(c.text, block))
		fmt.Fprintf(&b, "-- all redacted\n%s\n\n", Redact(c.text, fs))
	}
	golden(t, "redact.golden", b.String())
}

func TestRewriteGolden(t *testing.T) {
	orgs := []struct {
		name string
		org  Org
	}{
		{"full", Org{Name: "Leeds Road Surgery", Phone: "0113 496 0000", Website: "leedsroad.example.org"}},
		{"name and phone", Org{Name: "Leeds Road Surgery", Phone: "0113 496 0000"}},
		{"phone only", Org{Phone: "0113 496 0000"}},
		{"name only", Org{Name: "Leeds Road Surgery"}},
		{"nothing", Org{}},
	}
	var b strings.Builder
	for _, c := range channel.Classes() {
		for _, o := range orgs {
			fmt.Fprintf(&b, "%s / %s: %q\n", c, o.name, Rewrite(c, o.org))
		}
	}
	golden(t, "rewrite.golden", b.String())
}

// TestRewrite checks the rewrites' promises: results classes get the
// guidance's wording (G23), they name the org's contact details, and
// scan clean on any channel.
func TestRewrite(t *testing.T) {
	org := Org{Name: "Leeds Road Surgery", Phone: "0113 496 0000", Website: "leedsroad.example.org"}
	got := Rewrite(channel.TestResults, org)
	want := "Your test results are ready. Please log in to the NHS App or call Leeds Road Surgery on 0113 496 0000. You can also visit leedsroad.example.org."
	if got != want {
		t.Errorf("Rewrite(test_results) = %q, want %q (G23)", got, want)
	}
	s, err := New(Config{AllowedDomains: []string{"leedsroad.example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range channel.Classes() {
		r := Rewrite(c, org)
		wantRewrite := c == channel.TestResultsReady || c == channel.TestResults || c == channel.CareInformation ||
			c == channel.MedicationAlert || c == channel.Prescription || c == channel.WaitingListValidation ||
			c == channel.Administrative
		if (r != "") != wantRewrite {
			t.Errorf("Rewrite(%v) = %q, want a rewrite: %v", c, r, wantRewrite)
		}
		for _, f := range s.Scan(r, nil) {
			if f.Kind != PhoneNumber {
				t.Errorf("Rewrite(%v) has finding %v (G22, G25)", c, f)
			}
		}
	}
	if got := Rewrite(channel.Class(0), org); got != "" {
		t.Errorf("Rewrite(invalid) = %q, want \"\"", got)
	}
}

func TestRedact(t *testing.T) {
	text := "aé HIV test b"
	for _, r := range []struct {
		name string
		fs   []Finding
		want string
	}{
		{"none", nil, text},
		{"one", []Finding{{Kind: NHSNumber, Start: 4, End: 7}}, "aé [NHS number removed] test b"},
		{"overlap same kind", []Finding{{Kind: Condition, Start: 4, End: 7}, {Kind: TestResult, Start: 4, End: 12}}, "aé [removed] b"},
		{"overlap different placeholders", []Finding{{Kind: NHSNumber, Start: 4, End: 9}, {Kind: PhoneNumber, Start: 6, End: 12}}, "aé [removed] b"},
		{"out of range ignored", []Finding{{Kind: Condition, Start: -1, End: 3}, {Kind: Condition, Start: 10, End: 99}, {Kind: Condition, Start: 5, End: 5}}, text},
		{"invalid kind ignored", []Finding{{Kind: 0, Start: 4, End: 7}}, text},
		{"widened to a whole character", []Finding{{Kind: Condition, Start: 2, End: 3}}, "a[removed] HIV test b"},
		{"repeated word", []Finding{{Kind: RepeatedWord, Start: 0, End: 3}}, "aé HIV test b"},
		{"shouting", []Finding{{Kind: Shouting, Start: 4, End: 7}}, "aé HIV test b"},
	} {
		if got := Redact(text, r.fs); got != r.want {
			t.Errorf("Redact(%s) = %q, want %q", r.name, got, r.want)
		}
	}
	if got := Redact("the the end", []Finding{{Kind: RepeatedWord, Start: 0, End: 7}}); got != "the end" {
		t.Errorf("Redact(repeated word) = %q, want %q", got, "the end")
	}
	if got := Redact("CALL THE NHS NOW!!", []Finding{{Kind: Shouting, Start: 0, End: 16}, {Kind: Shouting, Start: 16, End: 18}}); got != "call the NHS now!" {
		t.Errorf("Redact(shouting) = %q", got)
	}
}
