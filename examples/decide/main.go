// Command decide decides one message from a JSON case file and prints the
// decision; runs, exports or grades the scenario corpus; or serves
// decisions over HTTP, for hosts and test suites not written in Go.
//
//	go run ./examples/decide examples/decide/testdata/case.json
//	go run ./examples/decide -json < examples/decide/testdata/case.json
//	go run ./examples/decide -fhir policy/fhir/testdata/gp-bundle.json -communication examples/decide/testdata/case.json
//	go run ./examples/decide -fhir policy/fhir/testdata/pds-patient.json -nhs-app -capacity has_capacity examples/decide/testdata/case.json
//	go run ./examples/decide -scenarios policy/policytest/testdata/scenarios
//	go run ./examples/decide -export-corpus /tmp/corpus
//	go run ./examples/decide -check decisions.jsonl
//	go run ./examples/decide -serve 127.0.0.1:8080
//
// # Deciding a case
//
// A case file is a JSON object with a message and a record, and optionally
// a config whose top-level fields replace those of policy.DefaultConfig
// (policy/schema/case.schema.json describes it):
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
// With -fhir BUNDLE.json the person is read from FHIR R4 JSON (a Bundle or
// a Patient, see package policy/fhir) instead of the case's record, which
// may be left out; the ingest report goes to standard error, and
// -communication prints the FHIR Communication that would be recorded for
// the first delivery that may go. What FHIR does not carry is given by
// flags: -nhs-app says the person is registered for the NHS App (an NHS
// App contact is added by their verified NHS number), and -capacity
// has_capacity or lacks_capacity says what the care record holds about
// their capacity.
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
// # The corpus
//
// With -scenarios DIR, every *.scenario file in DIR (see package
// policytest for the format) is run and a pass or fail line printed for
// each; the exit status is 0 when all pass, 1 when any fails and 2 when DIR
// cannot be read.
//
// -export-corpus DIR writes each scenario of the corpus to DIR/ID.json in
// the form policy/schema/scenario.schema.json describes: the whole
// configuration, the message and record, and the expectations.
//
// -check FILE grades another engine's decisions against the corpus. FILE
// (or - for standard input) holds JSON lines, one a scenario, each
// {"scenario": ID, "decision": {...}} or, for a configuration the engine
// refused, {"scenario": ID, "config_error": "..."}
// (policy/schema/decision-line.schema.json). Each line must match that
// schema (so its decision matches decision.schema.json), with no key given
// twice, and each decision every expectation of its scenario. A pass or
// fail line is printed for each scenario with the requirements it cites;
// the exit status is 0 when all pass, 1 when any fails or has no line,
// and 2 when FILE or the corpus cannot be read.
//
// -corpus DIR makes -export-corpus and -check use the *.scenario files in
// DIR instead of the corpus built into package policytest.
//
// # The service
//
// -serve ADDR answers on ADDR (such as 127.0.0.1:8080) until interrupted:
//
//	POST /decide        a case as JSON; answers the decision as JSON
//	POST /decide-batch  cases as JSON lines; answers {"line", "decision"} or
//	                    {"line", "error"} lines in order, as they are decided
//	GET  /catalogue     the rule catalogue and its version
//	GET  /healthz       {"status": "ok"}
//
// A malformed case is answered 400 with {"error": "..."}, a case whose
// configuration policy.New refuses 422, a case or batch line over
// -max-body bytes 413, and a request still being read after -timeout (a
// batch: -batch-timeout) 408. A batch line's problem is answered on its
// own line and the batch goes on. On SIGINT or SIGTERM the service stops
// accepting connections, lets running requests finish (batches stop
// after the line in hand, saying so) and exits. It logs one line a
// request: the route, status, time taken, bytes and decisions, never a
// body, a client address or an error's text (which may quote a field).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// options are the command line's flags.
type options struct {
	asJSON    bool
	scenarios string         // -scenarios DIR
	export    string         // -export-corpus DIR
	check     string         // -check FILE
	corpus    string         // -corpus DIR
	serve     string         // -serve ADDR
	fhir      string         // -fhir BUNDLE.json
	comm      bool           // -communication
	nhsApp    bool           // -nhs-app
	capacity  proxy.Capacity // -capacity
	limits    limits
}

// parseFlags reads the flags and checks they make one mode.
func parseFlags(args []string, stderr io.Writer) (*options, *flag.FlagSet, error) {
	o := &options{}
	fs := flag.NewFlagSet("decide", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&o.asJSON, "json", false, "print the decision as JSON instead of an explanation")
	fs.StringVar(&o.scenarios, "scenarios", "", "run every *.scenario file in `DIR` and report pass or fail")
	fs.StringVar(&o.export, "export-corpus", "", "write each scenario of the corpus to `DIR`/ID.json")
	fs.StringVar(&o.check, "check", "", "grade another engine's decisions, JSON lines in `FILE`, against the corpus")
	fs.StringVar(&o.corpus, "corpus", "", "with -check or -export-corpus: use the *.scenario files in `DIR`, not the built-in corpus")
	fs.StringVar(&o.serve, "serve", "", "serve decisions over HTTP on `ADDR`, such as 127.0.0.1:8080")
	fs.StringVar(&o.fhir, "fhir", "", "with a case file: decide for the person in the FHIR R4 `BUNDLE` (a Bundle or a Patient), not the case's record")
	fs.BoolVar(&o.comm, "communication", false, "with -fhir: also print the FHIR Communication that would be recorded for the first delivery that may go")
	fs.BoolVar(&o.nhsApp, "nhs-app", false, "with -fhir: the person is registered for the NHS App (FHIR does not say so)")
	fs.TextVar(&o.capacity, "capacity", proxy.CapacityUnknown, "with -fhir: the person's capacity as the care record holds it, `has_capacity or lacks_capacity` (UK Core does not carry it)")
	o.limits = defaultLimits
	fs.Int64Var(&o.limits.maxBody, "max-body", o.limits.maxBody, "with -serve: the largest case, or batch line, in `BYTES`")
	fs.Int64Var(&o.limits.maxBatch, "max-batch", o.limits.maxBatch, "with -serve: the largest batch in `BYTES`")
	fs.DurationVar(&o.limits.timeout, "timeout", o.limits.timeout, "with -serve: the longest a /decide request may take")
	fs.DurationVar(&o.limits.batchTimeout, "batch-timeout", o.limits.batchTimeout, "with -serve: the longest a /decide-batch request may take")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: decide [-json] [CASE.json]   (reads standard input without a file or with -)")
		fmt.Fprintln(stderr, "       decide -fhir BUNDLE.json [-nhs-app] [-capacity C] [-communication] [-json] CASE.json")
		fmt.Fprintln(stderr, "       decide -scenarios DIR")
		fmt.Fprintln(stderr, "       decide -export-corpus DIR [-corpus DIR]")
		fmt.Fprintln(stderr, "       decide -check DECISIONS.jsonl [-corpus DIR]")
		fmt.Fprintln(stderr, "       decide -serve ADDR [-max-body BYTES] [-max-batch BYTES] [-timeout D] [-batch-timeout D]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	return o, fs, o.valid(fs.NArg())
}

// valid checks the flags name at most one mode and fit it.
func (o *options) valid(nargs int) error {
	modes := 0
	for _, m := range []string{o.scenarios, o.export, o.check, o.serve} {
		if m != "" {
			modes++
		}
	}
	switch {
	case modes > 1:
		return errors.New("use one of -scenarios, -export-corpus, -check and -serve")
	case modes == 1 && nargs > 0:
		return errors.New("-scenarios, -export-corpus, -check and -serve take no case file")
	case modes == 0 && nargs > 1:
		return errors.New("give one case file")
	case o.corpus != "" && o.export == "" && o.check == "":
		return errors.New("-corpus goes with -check or -export-corpus")
	case o.asJSON && modes > 0:
		return errors.New("-json goes with a case file")
	case o.fhir != "" && modes > 0:
		return errors.New("-fhir goes with a case file")
	case o.comm && o.fhir == "":
		return errors.New("-communication goes with -fhir")
	case (o.nhsApp || o.capacity != proxy.CapacityUnknown) && o.fhir == "":
		return errors.New("-nhs-app and -capacity go with -fhir")
	case o.limits.maxBody <= 0 || o.limits.maxBatch < o.limits.maxBody || o.limits.timeout <= 0 || o.limits.batchTimeout <= 0:
		return errors.New("-max-body, -timeout and -batch-timeout must be positive, and -max-batch at least -max-body")
	}
	return nil
}

// run runs the command; ctx ends the service.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, fs, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitBad
	}
	if err != nil {
		if fs != nil {
			fmt.Fprintf(stderr, "decide: %v\n", err)
		}
		return exitBad
	}
	switch {
	case o.scenarios != "":
		return runScenarios(o.scenarios, stdout, stderr)
	case o.export != "":
		return exportCorpus(o.corpus, o.export, stdout, stderr)
	case o.check != "":
		return checkDecisions(o.corpus, o.check, stdin, stdout, stderr)
	case o.serve != "":
		return runService(ctx, o.serve, o.limits, stderr)
	case o.fhir != "":
		return decideFHIR(o, fs.Arg(0), stdin, stdout, stderr)
	}
	return decideCase(fs.Arg(0), o.asJSON, stdin, stdout, stderr)
}

// decideCase decides one case file and prints the decision.
func decideCase(path string, asJSON bool, stdin io.Reader, stdout, stderr io.Writer) int {
	name, data, err := readCase(path, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "decide: %v\n", err)
		return exitBad
	}
	c, err := parseCase(name, data)
	if err != nil {
		fmt.Fprintf(stderr, "decide: %v\n", err)
		return exitBad
	}
	org, err := policy.New(c.config)
	if err != nil {
		fmt.Fprintf(stderr, "decide: %s: config: %v\n", name, err)
		return exitBad
	}
	d := org.Decide(c.message, c.record)
	if asJSON {
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

// shutdownGrace is how long the service lets running requests finish.
const shutdownGrace = 30 * time.Second
