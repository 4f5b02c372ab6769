package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/carecomms/carecomms/internal/jsonschema"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/policytest"
	"github.com/carecomms/carecomms/policy/schema"
)

// runScenarios runs every scenario in dir and prints a report.
func runScenarios(dir string, stdout, stderr io.Writer) int {
	if _, err := os.Stat(dir); err != nil {
		fmt.Fprintf(stderr, "decide: %v\n", err)
		return exitBad
	}
	ss, perr := policytest.ParseScenarios(os.DirFS(dir))
	passed, failed := 0, 0
	newOrg := cachedOrgs()
	for i := range ss {
		s := &ss[i]
		if err := s.Run(newOrg); err != nil {
			failed++
			fmt.Fprintf(stdout, "FAIL  %s  %s\n", s.File, s.Name)
			printIndented(stdout, err)
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

// cachedOrgs returns a policytest.NewOrg that builds each distinct
// configuration once: most scenarios share the default one, and building
// an org builds its content scanner. %#v tells a nil list (the default)
// from an empty one.
func cachedOrgs() func(policy.Config) (policy.Decider, error) {
	type built struct {
		d   policy.Decider
		err error
	}
	seen := map[string]built{}
	return func(c policy.Config) (policy.Decider, error) {
		key := fmt.Sprintf("%#v", c)
		if b, ok := seen[key]; ok {
			return b.d, b.err
		}
		d, err := policytest.NewOrg(c)
		seen[key] = built{d, err}
		return d, err
	}
}

// printIndented prints each line of err's text indented under a result.
func printIndented(w io.Writer, err error) {
	for _, line := range strings.Split(err.Error(), "\n") {
		fmt.Fprintf(w, "      %s\n", line)
	}
}

// loadCorpus parses the scenarios in dir, or the built-in corpus when dir
// is "". Any scenario that does not parse is an error: a corpus to export
// or grade against must be whole.
func loadCorpus(dir string) ([]policytest.Scenario, error) {
	fsys := policytest.Scenarios()
	if dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return nil, err
		}
		fsys = os.DirFS(dir)
	}
	return policytest.ParseScenarios(fsys)
}

// exportCorpus writes each scenario of the corpus to dir/ID.json.
func exportCorpus(corpusDir, dir string, stdout, stderr io.Writer) int {
	ss, err := loadCorpus(corpusDir)
	if err != nil {
		fmt.Fprintf(stderr, "decide: %v\n", err)
		return exitBad
	}
	for i := range ss {
		data, err := ss[i].JSON()
		if err == nil {
			path := filepath.Join(dir, filepath.FromSlash(ss[i].ID())+".json")
			if err = os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
				err = os.WriteFile(path, append(data, '\n'), 0o644)
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "decide: exporting the corpus: %v\n", err)
			return exitBad
		}
	}
	fmt.Fprintf(stdout, "wrote %d scenarios to %s\n", len(ss), dir)
	return exitSend
}

// lineSchema is decision-line.schema.json, compiled on first use.
var lineSchema = sync.OnceValue(func() *jsonschema.Schema {
	data, err := fs.ReadFile(schema.FS(), "decision-line.schema.json")
	if err != nil {
		panic(err) // embedded in package schema
	}
	return jsonschema.MustCompile(data)
})

// checkDecisions grades the decisions in file (- for stdin) against the
// corpus and prints a line for each scenario.
func checkDecisions(corpusDir, file string, stdin io.Reader, stdout, stderr io.Writer) int {
	ss, err := loadCorpus(corpusDir)
	if err != nil {
		fmt.Fprintf(stderr, "decide: %v\n", err)
		return exitBad
	}
	name, data, err := readCase(file, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "decide: %v\n", err)
		return exitBad
	}
	results, stray := grade(ss, name, data)
	passed, failed := 0, 0
	for i := range ss {
		s := &ss[i]
		if results[i] == nil {
			passed++
			fmt.Fprintf(stdout, "ok    %s  %s\n", s.ID(), strings.Join(s.Cites, " "))
			continue
		}
		failed++
		fmt.Fprintf(stdout, "FAIL  %s  %s\n", s.ID(), strings.Join(s.Cites, " "))
		printIndented(stdout, results[i])
	}
	for _, err := range stray {
		failed++
		fmt.Fprintf(stdout, "FAIL  %v\n", err)
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return exitFailed
	}
	return exitSend
}

// decisionLine is a decisions file's line as read, before its decision is
// decoded.
type decisionLine struct {
	Scenario    string          `json:"scenario"`
	Decision    json.RawMessage `json:"decision"`
	ConfigError string          `json:"config_error"`
}

// grade grades each line of a decisions file against its scenario. It
// returns each scenario's problems, in the order of ss (nil for a pass; a
// scenario no line names fails), and the problems of lines that name no
// scenario, repeat one or do not decode.
func grade(ss []policytest.Scenario, name string, data []byte) (results, stray []error) {
	byID := make(map[string]int, len(ss))
	results = make([]error, len(ss))
	for i := range ss {
		byID[ss[i].ID()] = i
		results[i] = fmt.Errorf("%s: no line has a decision for this scenario", name)
	}
	graded := map[int]int{} // the line that graded each scenario
	for n, text := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(text)) == 0 {
			continue
		}
		where := fmt.Sprintf("%s:%d", name, n+1)
		var l decisionLine
		if err := strictJSON(text, &l); err != nil {
			stray = append(stray, fmt.Errorf("%s: %v", where, err))
			continue
		}
		i, ok := byID[l.Scenario]
		if !ok {
			stray = append(stray, fmt.Errorf("%s: no scenario %q in the corpus", where, clip(l.Scenario)))
			continue
		}
		if first, dup := graded[i]; dup {
			stray = append(stray, fmt.Errorf("%s: scenario %s was graded on line %d already: give each scenario one line", where, l.Scenario, first))
			continue
		}
		graded[i] = n + 1
		results[i] = prefixLines(where, gradeLine(&ss[i], text, &l))
	}
	return results, stray
}

// gradeLine checks one line, text, against decision-line.schema.json
// (and so its decision against decision.schema.json), decodes its decision
// strictly and grades it against its scenario.
func gradeLine(s *policytest.Scenario, text []byte, l *decisionLine) error {
	if err := lineSchema().Validate(text); err != nil {
		return fmt.Errorf("the line does not match decision-line.schema.json:\n%w", err)
	}
	line := policytest.DecisionLine{Scenario: l.Scenario, ConfigError: l.ConfigError}
	if len(l.Decision) > 0 {
		line.Decision = new(policy.Decision)
		if err := strictJSON(l.Decision, line.Decision); err != nil {
			return fmt.Errorf("the decision does not decode: %w", err)
		}
	}
	return s.Grade(line)
}

// strictJSON decodes one JSON value into v: unknown fields are errors.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

// prefixLines puts where before each line of err's text.
func prefixLines(where string, err error) error {
	if err == nil {
		return nil
	}
	lines := strings.Split(err.Error(), "\n")
	for i := range lines {
		lines[i] = where + ": " + lines[i]
	}
	return errors.New(strings.Join(lines, "\n"))
}

// clip shortens text quoted from input in an error.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
