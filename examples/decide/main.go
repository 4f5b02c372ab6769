// Command decide decides one message from a JSON case file and prints the
// decision, or runs a directory of scenario files against the library.
//
//	go run ./examples/decide examples/decide/testdata/case.json
//	go run ./examples/decide -json < examples/decide/testdata/case.json
//	go run ./examples/decide -scenarios policy/policytest/testdata/scenarios
//
// A case file is a JSON object with a message and a record, and optionally
// a config whose top-level fields replace those of policy.DefaultConfig:
//
//	{
//	  "config":  {"name": "Riverside Surgery", "link_domains": ["riverside-surgery.example.org"]},
//	  "message": {"id": "m-001", "at": "2026-11-24T10:00:00Z", "purpose": "individual_care", ...},
//	  "record":  {"patient_id": "9990000018", "contacts": [...], ...}
//	}
//
// Unknown fields and unknown enum names are errors, reported with the file,
// line and field. The decision is printed with Decision.Explain (addresses
// masked, the body never shown), or as JSON with -json.
//
// The exit status says what was decided, so scripts can branch on it:
//
//	0   send: the message may go as drafted
//	10  revise: it may go once the body is revised
//	11  hold: a person must decide (the output names who)
//	12  refuse: it must not be sent
//	2   bad input: usage, an unreadable file, JSON that does not decode, or
//	    a configuration policy.New refuses
//
// With -scenarios DIR, every *.scenario file in DIR (see package
// policytest for the format) is run and a pass or fail line printed for
// each; the exit status is 0 when all pass, 1 when any fails and 2 when DIR
// cannot be read.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/carecomms/carecomms/internal/jsonpos"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/policytest"
)

// Exit statuses.
const (
	exitSend    = 0
	exitFailed  = 1
	exitBad     = 2
	exitRevise  = 10
	exitHold    = 11
	exitRefuse  = 12
	exitUnknown = 13
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("decide", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the decision as JSON instead of an explanation")
	scenarios := fs.String("scenarios", "", "run every *.scenario file in `DIR` and report pass or fail")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: decide [-json] [CASE.json]   (reads standard input without a file or with -)")
		fmt.Fprintln(stderr, "       decide -scenarios DIR")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitBad
	}
	if *scenarios != "" {
		if fs.NArg() > 0 {
			fmt.Fprintln(stderr, "decide: -scenarios takes no case file")
			return exitBad
		}
		return runScenarios(*scenarios, stdout, stderr)
	}
	if fs.NArg() > 1 {
		fs.Usage()
		return exitBad
	}
	name, data, err := readCase(fs.Arg(0), stdin)
	if err != nil {
		fmt.Fprintf(stderr, "decide: %v\n", err)
		return exitBad
	}
	cfg, m, r, err := parseCase(name, data)
	if err != nil {
		fmt.Fprintf(stderr, "decide: %v\n", err)
		return exitBad
	}
	org, err := policy.New(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "decide: %s: config: %v\n", name, err)
		return exitBad
	}
	d := org.Decide(m, r)
	if *asJSON {
		b, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			fmt.Fprintf(stderr, "decide: encoding the decision: %v\n", err)
			return exitBad
		}
		fmt.Fprintf(stdout, "%s\n", b)
	} else if err := d.Explain(stdout); err != nil {
		fmt.Fprintf(stderr, "decide: %v\n", err)
		return exitBad
	}
	return exitStatus(d.Outcome)
}

// exitStatus maps an outcome to the documented exit status.
func exitStatus(o policy.Outcome) int {
	switch o {
	case policy.Send:
		return exitSend
	case policy.Revise:
		return exitRevise
	case policy.Hold:
		return exitHold
	case policy.Refuse:
		return exitRefuse
	}
	return exitUnknown
}

func readCase(path string, stdin io.Reader) (string, []byte, error) {
	if path == "" || path == "-" {
		data, err := io.ReadAll(stdin)
		return "<stdin>", data, err
	}
	data, err := os.ReadFile(path)
	return path, data, err
}

// caseFile is the shape of a case file.
type caseFile struct {
	Config  *policy.Config  `json:"config"`
	Message *policy.Message `json:"message"`
	Record  *policy.Record  `json:"record"`
}

// parseCase decodes a case file strictly and returns the configuration
// (policy.DefaultConfig with the case's fields in place), message and
// record. Errors name the file, the line and, where known, the field.
func parseCase(name string, data []byte) (policy.Config, policy.Message, policy.Record, error) {
	var c caseFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return policy.Config{}, policy.Message{}, policy.Record{}, locate(name, data, err)
	}
	if dec.More() {
		return policy.Config{}, policy.Message{}, policy.Record{}, fmt.Errorf("%s:%d: unexpected data after the case object", name, lineOf(data, dec.InputOffset()))
	}
	if c.Message == nil || c.Record == nil {
		return policy.Config{}, policy.Message{}, policy.Record{}, fmt.Errorf("%s: a case needs a \"message\" and a \"record\"", name)
	}
	cfg := policy.DefaultConfig()
	if c.Config != nil {
		var raw struct {
			Config map[string]json.RawMessage `json:"config"`
		}
		if err := json.Unmarshal(data, &raw); err != nil {
			return policy.Config{}, policy.Message{}, policy.Record{}, locate(name, data, err)
		}
		cfg = policytest.MergeConfig(cfg, *c.Config, raw.Config)
	}
	return cfg, *c.Message, *c.Record, nil
}

// locate turns a decoding error into one naming the file, line and field:
// from the offset of a syntax or type error, or by finding an unknown
// field's name or a rejected value in the data.
func locate(name string, data []byte, err error) error {
	k, off, field := jsonpos.Locate(string(data), err)
	switch {
	case k == jsonpos.Syntax:
		return fmt.Errorf("%s:%d: %v", name, lineOf(data, off), err)
	case k == jsonpos.Type:
		return fmt.Errorf("%s:%d: field %s: %v", name, lineOf(data, off), field, err)
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return fmt.Errorf("%s:%d: the JSON ends early", name, lineOf(data, int64(len(data))))
	case k == jsonpos.UnknownField && off >= 0:
		return fmt.Errorf("%s:%d: unknown field \"%s\"", name, lineOf(data, off), field)
	case k == jsonpos.UnknownField:
		return fmt.Errorf("%s: unknown field \"%s\"", name, field)
	case k == jsonpos.BadValue && off >= 0:
		if field == "" {
			field = "?"
		}
		return fmt.Errorf("%s:%d: field %s: %v", name, lineOf(data, off), field, err)
	}
	return fmt.Errorf("%s: %v", name, err)
}

// lineOf is the 1-based line of byte offset off in data.
func lineOf(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// runScenarios runs every scenario in dir and prints a report.
func runScenarios(dir string, stdout, stderr io.Writer) int {
	if _, err := os.Stat(dir); err != nil {
		fmt.Fprintf(stderr, "decide: %v\n", err)
		return exitBad
	}
	ss, perr := policytest.ParseScenarios(os.DirFS(dir))
	passed, failed := 0, 0
	for i := range ss {
		s := &ss[i]
		if err := s.Run(policytest.NewOrg); err != nil {
			failed++
			fmt.Fprintf(stdout, "FAIL  %s  %s\n", s.File, s.Name)
			for _, line := range strings.Split(err.Error(), "\n") {
				fmt.Fprintf(stdout, "      %s\n", line)
			}
			continue
		}
		passed++
		fmt.Fprintf(stdout, "ok    %s  %s\n", s.File, s.Name)
	}
	if perr != nil {
		for _, line := range strings.Split(perr.Error(), "\n") {
			failed++
			fmt.Fprintf(stdout, "FAIL  %s\n", line)
		}
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return exitFailed
	}
	return exitSend
}
