package policytest

import (
	"fmt"

	"github.com/carecomms/carecomms/policy"
)

// DecisionLine is one line of a decisions file: what another engine made
// of one scenario of the corpus, for grading with [Scenario.Grade] (or
// examples/decide -check, which reads a file of them). The schema
// decision-line.schema.json in policy/schema describes it.
type DecisionLine struct {
	// Scenario is the scenario's ID.
	Scenario string `json:"scenario"`
	// Decision is the engine's decision for the scenario's message and
	// record, decided with the scenario's configuration.
	Decision *policy.Decision `json:"decision,omitempty"`
	// ConfigError is the engine's error when it refused the scenario's
	// configuration, as it must for a scenario with a config error.
	ConfigError string `json:"config_error,omitempty"`
}

// Grade checks another engine's answer to the scenario: for a scenario
// whose configuration must be refused, that the engine refused it (with
// any wording: only this library's errors are held to ConfigError's
// text); for any other, that it decided, and that the decision meets
// every expectation ([Scenario.Check]). It returns nil or every problem,
// joined, each a *ScenarioError.
func (s *Scenario) Grade(l DecisionLine) error {
	bad := func(format string, args ...any) error {
		return &ScenarioError{File: s.File, Err: fmt.Errorf(format, args...)}
	}
	switch {
	case l.Decision != nil && l.ConfigError != "":
		return bad("the line has both a decision and a config_error: give one")
	case s.ConfigError != "" && l.ConfigError == "":
		return bad("the engine accepted the configuration; it must refuse it (this library's error says %q)", s.ConfigError)
	case s.ConfigError != "":
		return nil
	case l.ConfigError != "":
		return bad("the engine refused the configuration (%s); it must accept it and decide", clipText(l.ConfigError))
	case l.Decision == nil:
		return bad("the line has no decision")
	}
	return s.Check(*l.Decision)
}
