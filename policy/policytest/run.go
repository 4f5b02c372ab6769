package policytest

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/carecomms/carecomms/policy"
)

//go:embed testdata/scenarios/*.scenario
var scenarioFiles embed.FS

// Scenarios returns the scenario corpus: every *.scenario file, at the
// root of the returned file system. The corpus cites every requirement a
// decision acts on (G1–G35, P1–P8) and includes the guidance's worked
// examples. Pass it to RunScenarios.
func Scenarios() fs.FS {
	sub, err := fs.Sub(scenarioFiles, "testdata/scenarios")
	if err != nil {
		return scenarioFiles // unreachable: the directory is embedded
	}
	return sub
}

// ParseScenarios parses every *.scenario file in fsys, in lexical order
// of path. It returns the scenarios that parsed and every error, joined.
func ParseScenarios(fsys fs.FS) ([]Scenario, error) {
	var out []Scenario
	var errs []error
	found := false
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || path.Ext(p) != ".scenario" {
			return nil
		}
		found = true
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs = append(errs, fmt.Errorf("policytest: %s: %w", p, err))
			return nil
		}
		s, err := ParseScenario(p, data)
		if err != nil {
			errs = append(errs, err)
			return nil
		}
		out = append(out, s)
		return nil
	})
	if err != nil {
		errs = append(errs, fmt.Errorf("policytest: reading scenarios: %w", err))
	}
	if !found && err == nil {
		errs = append(errs, errors.New("policytest: no *.scenario files found"))
	}
	return out, errors.Join(errs...)
}

// RunScenarios parses every scenario in fsys and runs it: newDecider
// builds a decider from the scenario's configuration (policy.DefaultConfig
// with the scenario's changes), once per distinct configuration, the
// decider decides the message and record, and the decision is checked
// against the scenario. It returns
// nil or every failure, joined, each naming the file and line.
//
// For this library, newDecider is
//
//	func(c policy.Config) (policy.Decider, error) { return policy.New(c) }
//
// with the *Org converted to a Decider; another implementation builds its
// own from the same configuration, and must refuse the configurations that
// scenarios with an error: key expect refused.
func RunScenarios(newDecider func(policy.Config) (policy.Decider, error), fsys fs.FS) error {
	ss, err := ParseScenarios(fsys)
	errs := []error{err}
	build := cached(newDecider)
	for i := range ss {
		errs = append(errs, ss[i].Run(build))
	}
	return errors.Join(errs...)
}

// cached calls newDecider once per distinct configuration: most
// scenarios share the default one. The key is %#v, which tells a nil
// slice (the default) from an empty one.
func cached(newDecider func(policy.Config) (policy.Decider, error)) func(policy.Config) (policy.Decider, error) {
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
		d, err := newDecider(c)
		seen[key] = built{d, err}
		return d, err
	}
}

// Run builds a decider for the scenario's configuration with newDecider,
// decides, and checks the decision (see Check). A scenario with an error
// key passes when newDecider refuses the configuration with an error
// containing that text.
func (s *Scenario) Run(newDecider func(policy.Config) (policy.Decider, error)) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &ScenarioError{File: s.File, Err: fmt.Errorf("panic: %v", p)}
		}
	}()
	d, err := newDecider(s.Config)
	if s.ConfigError != "" {
		switch {
		case err == nil:
			return &ScenarioError{File: s.File, Line: s.lines["error"], Err: fmt.Errorf("the configuration was accepted; want an error containing %q", s.ConfigError)}
		case !strings.Contains(err.Error(), s.ConfigError):
			return &ScenarioError{File: s.File, Line: s.lines["error"], Err: fmt.Errorf("the configuration error does not contain %q: %v", s.ConfigError, err)}
		}
		return nil
	}
	if err != nil {
		return &ScenarioError{File: s.File, Line: s.lines["config"], Err: fmt.Errorf("the configuration was refused: %w", err)}
	}
	if d == nil {
		return &ScenarioError{File: s.File, Err: errors.New("newDecider returned a nil decider")}
	}
	return s.Check(d.Decide(s.Message, s.Record))
}

// NewOrg builds this library's decider, a *policy.Org, from c: the
// newDecider to pass RunScenarios when checking the library itself.
func NewOrg(c policy.Config) (policy.Decider, error) {
	o, err := policy.New(c)
	if err != nil {
		return nil, err
	}
	return o, nil
}
