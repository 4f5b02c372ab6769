package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/fhir"
)

// decideFHIR decides the case's message for the person in the FHIR
// bundle o.fhir; the case's record, if any, is left out. The ingest report
// goes to stderr; with -communication the Communication that would be
// recorded for the first delivery that may go follows the decision.
func decideFHIR(o *options, path string, stdin io.Reader, stdout, stderr io.Writer) int {
	name, data, err := readCase(path, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "decide: %v\n", err)
		return exitBad
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err == nil {
		if _, ok := top["record"]; ok {
			fmt.Fprintf(stderr, "decide: -fhir: %s: the case's record is left out; the bundle's person is decided for\n", name)
		}
		top["record"] = json.RawMessage(`{}`)
		data, _ = json.Marshal(top)
	}
	c, err := parseCase(name, data)
	if err != nil {
		fmt.Fprintf(stderr, "decide: %v\n", err)
		return exitBad
	}
	bundle, err := os.ReadFile(o.fhir)
	if err != nil {
		fmt.Fprintf(stderr, "decide: %v\n", err)
		return exitBad
	}
	rec, report, err := fhir.Reader{At: c.message.At, NHSApp: o.nhsApp, Capacity: o.capacity}.Read(bundle)
	if err != nil {
		fmt.Fprintf(stderr, "decide: %s: %v\n", o.fhir, err)
		return exitBad
	}
	for _, e := range report.Entries {
		fmt.Fprintf(stderr, "fhir: %s\n", e)
	}
	org, err := policy.New(c.config)
	if err != nil {
		fmt.Fprintf(stderr, "decide: %s: config: %v\n", name, err)
		return exitBad
	}
	d := org.Decide(c.message, rec)
	if code, ok := printDecision(d, o.asJSON, stdout, stderr); !ok {
		return code
	}
	if o.comm {
		printCommunication(c.message, rec, d, stdout)
	}
	return exitStatus(d.Outcome)
}

// printDecision prints d as JSON or as an explanation.
func printDecision(d policy.Decision, asJSON bool, stdout, stderr io.Writer) (int, bool) {
	if !asJSON {
		if err := d.Explain(stdout); err != nil {
			fmt.Fprintf(stderr, "decide: %v\n", err)
			return exitBad, false
		}
		return 0, true
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		fmt.Fprintf(stderr, "decide: encoding the decision: %v\n", err)
		return exitBad, false
	}
	fmt.Fprintf(stdout, "%s\n", b)
	return 0, true
}

// printCommunication prints the Communication for the first delivery
// that may go, or says there is none.
func printCommunication(m policy.Message, rec policy.Record, d policy.Decision, stdout io.Writer) {
	for i, dl := range d.Deliveries {
		if dl.Outcome != policy.Send && dl.Outcome != policy.Revise {
			continue
		}
		b, err := fhir.Communication(m, rec, d, i, m.At)
		if err == nil {
			fmt.Fprintf(stdout, "%s\n", b)
			return
		}
	}
	fmt.Fprintln(stdout, "no delivery may go: no Communication to record")
}
