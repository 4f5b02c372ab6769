package policytest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
	"github.com/carecomms/carecomms/policy"
)

// ScenarioJSON is a scenario in JSON: one file of the corpus as
// examples/decide -export-corpus writes it, for engines not written in Go.
// The schema scenario.schema.json in policy/schema describes it.
// [Scenario.JSON] writes one and [ParseScenarioJSON] reads one back.
type ScenarioJSON struct {
	// ID names the scenario: its file name without the extension.
	ID string `json:"id"`
	// Name says what the scenario shows, in a sentence.
	Name string `json:"name"`
	// Cites are the requirements it exercises, such as "G14" or "G14.3".
	Cites []string `json:"cites"`
	// Config is the whole configuration to decide with: the defaults with
	// the scenario's changes, the default use cases and sending windows
	// written out, so an engine needs no defaults of its own. An empty
	// list is written as [] and means none.
	Config policy.Config `json:"config"`
	// ConfigError, when set, says an engine must refuse Config. It is text
	// this library's error contains; another engine words its own.
	ConfigError string `json:"config_error,omitempty"`
	// Message and Record are the input to decide, as the scenario gives
	// them: a scenario about incomplete or invalid input (one that expects
	// an input.* step) gives such input, which scenario.schema.json allows
	// and message.schema.json or record.schema.json may not.
	Message *policy.Message `json:"message,omitempty"`
	Record  *policy.Record  `json:"record,omitempty"`
	// Expect is what the decision must say, unless ConfigError is set.
	Expect *ExpectJSON `json:"expect,omitempty"`
}

// ExpectJSON is what a decision must say about a scenario: the lines of a
// scenario file after its input, in JSON.
type ExpectJSON struct {
	// Outcome is the decision's outcome.
	Outcome policy.Outcome `json:"outcome"`
	// Who must each be in the decision's who.
	Who []policy.Role `json:"who,omitempty"`
	// Deliveries, when given, are exactly the decision's deliveries, in
	// any order; NoDeliveries says there are none.
	Deliveries   []DeliveryJSON `json:"deliveries,omitempty"`
	NoDeliveries bool           `json:"no_deliveries,omitempty"`
	// Steps must each match a trail step; NoSteps must match none.
	Steps   []StepJSON `json:"steps,omitempty"`
	NoSteps []StepJSON `json:"no_steps,omitempty"`
	// Obligations must each match an obligation; NoObligations none.
	Obligations   []ObligationJSON `json:"obligations,omitempty"`
	NoObligations []ObligationJSON `json:"no_obligations,omitempty"`
	// Findings are kinds each found in the body; NoFindings kinds none is.
	Findings   []minimise.Kind `json:"findings,omitempty"`
	NoFindings []minimise.Kind `json:"no_findings,omitempty"`
}

// DeliveryJSON matches a delivery with this recipient and outcome, and
// this channel when one is given.
type DeliveryJSON struct {
	Recipient string         `json:"recipient"`
	Outcome   policy.Outcome `json:"outcome"`
	Channel   channel.Kind   `json:"channel,omitempty"`
}

// StepJSON matches a trail step with this rule and, for each field given,
// that effect, channel and recipient. Steps that must appear give the
// effect; steps that must not may leave it out to match any effect.
type StepJSON struct {
	Rule      policy.RuleID  `json:"rule"`
	Effect    *policy.Effect `json:"effect,omitempty"`
	Channel   channel.Kind   `json:"channel,omitempty"`
	Recipient string         `json:"recipient,omitempty"`
}

// ObligationJSON matches an obligation with this code, and this channel
// when one is given.
type ObligationJSON struct {
	Code    policy.ObligationCode `json:"code"`
	Channel channel.Kind          `json:"channel,omitempty"`
}

// ID names the scenario: its file name without the .scenario or .json
// extension, such as "deceased-record".
func (s *Scenario) ID() string {
	return strings.TrimSuffix(strings.TrimSuffix(s.File, ".scenario"), ".json")
}

// scenarioOut is ScenarioJSON as written: the message and record as the
// scenario gave them, the config with its empty lists kept.
type scenarioOut struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Cites       []string        `json:"cites"`
	Config      json.RawMessage `json:"config"`
	ConfigError string          `json:"config_error,omitempty"`
	Message     json.RawMessage `json:"message,omitempty"`
	Record      json.RawMessage `json:"record,omitempty"`
	Expect      *ExpectJSON     `json:"expect,omitempty"`
}

// JSON returns the scenario as a [ScenarioJSON] document, indented. The
// message and record are the JSON the scenario file gave, so a scenario
// about malformed input keeps it; a scenario built in Go has its values
// encoded.
func (s *Scenario) JSON() ([]byte, error) {
	cfg, err := configJSON(s.Config)
	if err != nil {
		return nil, fmt.Errorf("policytest: %s: config: %w", s.File, err)
	}
	out := scenarioOut{ID: s.ID(), Name: s.Name, Cites: s.Cites, Config: cfg, ConfigError: s.ConfigError}
	if s.ConfigError == "" {
		if out.Message, err = rawOr(s.rawMessage, s.Message); err != nil {
			return nil, fmt.Errorf("policytest: %s: message: %w", s.File, err)
		}
		if out.Record, err = rawOr(s.rawRecord, s.Record); err != nil {
			return nil, fmt.Errorf("policytest: %s: record: %w", s.File, err)
		}
		out.Expect = s.expectJSON()
	}
	return json.MarshalIndent(out, "", "  ")
}

// rawOr returns the first JSON value of text, which may be followed by a
// comment, or v encoded when there is no text.
func rawOr(text string, v any) (json.RawMessage, error) {
	if text == "" {
		return json.Marshal(v)
	}
	var raw json.RawMessage
	err := json.NewDecoder(strings.NewReader(text)).Decode(&raw)
	return raw, err
}

// configJSON encodes c with the default use cases and windows written out
// when c leaves them to the defaults, and with each empty list that
// omitempty would drop written as [], so that reading it back gives a
// configuration that decides alike.
func configJSON(c policy.Config) (json.RawMessage, error) {
	if c.UseCases == nil {
		c.UseCases = policy.DefaultUseCases()
	}
	if c.Windows == nil {
		c.Windows = policy.DefaultWindows()
	}
	b, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	v, t := reflect.ValueOf(c), reflect.TypeFor[policy.Config]()
	for i := range t.NumField() {
		f := v.Field(i)
		name, opts, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if f.Kind() == reflect.Slice && !f.IsNil() && f.Len() == 0 && strings.Contains(opts, "omitempty") {
			b = bytes.TrimSuffix(b, []byte("}"))
			if len(b) > 1 {
				b = append(b, ',')
			}
			b = append(b, `"`+name+`":[]}`...)
		}
	}
	return b, nil
}

// expectJSON returns the scenario's expectations in JSON form.
func (s *Scenario) expectJSON() *ExpectJSON {
	e := &ExpectJSON{Outcome: s.Outcome, NoDeliveries: s.NoDeliveries}
	for _, w := range s.Who {
		e.Who = append(e.Who, w.Who)
	}
	for _, d := range s.Deliveries {
		e.Deliveries = append(e.Deliveries, DeliveryJSON{d.Recipient, d.Outcome, d.Channel})
	}
	e.Steps, e.NoSteps = stepsJSON(s.Steps), stepsJSON(s.NoSteps)
	e.Obligations, e.NoObligations = obligationsJSON(s.Obligations), obligationsJSON(s.NoObligations)
	for _, f := range s.Findings {
		e.Findings = append(e.Findings, f.Kind)
	}
	for _, f := range s.NoFindings {
		e.NoFindings = append(e.NoFindings, f.Kind)
	}
	return e
}

func stepsJSON(steps []ExpectStep) []StepJSON {
	var out []StepJSON
	for _, st := range steps {
		j := StepJSON{Rule: st.Rule, Channel: st.Channel, Recipient: st.Recipient}
		if !st.AnyEffect {
			j.Effect = &st.Effect
		}
		out = append(out, j)
	}
	return out
}

func obligationsJSON(obs []ExpectObligation) []ObligationJSON {
	var out []ObligationJSON
	for _, o := range obs {
		out = append(out, ObligationJSON{o.Code, o.Channel})
	}
	return out
}

// ParseScenarioJSON reads a scenario written by [Scenario.JSON]. Decoding
// is strict: unknown fields and unknown names are errors, as are a
// scenario without id, name, valid cites or config, one whose
// configuration is refused but which also has input or expectations, and
// one that decides but lacks its message, record or an outcome. The
// scenario's File is its ID with ".json".
func ParseScenarioJSON(data []byte) (Scenario, error) {
	var j ScenarioJSON
	var raw struct {
		Config  json.RawMessage `json:"config"`
		Message json.RawMessage `json:"message"`
		Record  json.RawMessage `json:"record"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return Scenario{}, fmt.Errorf("policytest: scenario JSON: %w", err)
	}
	if dec.More() {
		return Scenario{}, errors.New("policytest: scenario JSON: unexpected data after the scenario object")
	}
	_ = json.Unmarshal(data, &raw) // it decoded strictly above
	s := Scenario{File: j.ID + ".json", Name: j.Name, Cites: j.Cites, Config: j.Config, ConfigError: j.ConfigError}
	if err := j.problem(raw.Config != nil); err != nil {
		return Scenario{}, &ScenarioError{File: s.File, Err: err}
	}
	if j.ConfigError != "" {
		return s, nil
	}
	s.Message, s.Record = *j.Message, *j.Record
	s.rawMessage, s.rawRecord = string(raw.Message), string(raw.Record)
	s.fromExpect(j.Expect)
	return s, nil
}

// problem says what is missing or contradictory in a decoded scenario.
// hasConfig says whether the document had a config.
func (j *ScenarioJSON) problem(hasConfig bool) error {
	switch {
	case j.ID == "":
		return errors.New("id is empty: name the scenario, as its file is named")
	case j.Name == "":
		return errors.New("name is empty: say what the scenario shows")
	case len(j.Cites) == 0:
		return errors.New("cites is empty: cite the G-n and P-n the scenario exercises")
	case !hasConfig:
		return errors.New("config is missing: give the whole configuration to decide with")
	}
	for _, c := range j.Cites {
		if !citeRE.MatchString(c) {
			return fmt.Errorf("cites: %q is not a requirement: cite G1 to G35 (G14.1 to G14.8) or P1 to P8", clipText(c))
		}
	}
	if j.ConfigError != "" {
		if j.Message != nil || j.Record != nil || j.Expect != nil {
			return errors.New("a scenario with config_error decides nothing: remove its message, record and expect")
		}
		return nil
	}
	if j.Message == nil || j.Record == nil || j.Expect == nil {
		return errors.New("a scenario needs a message, a record and expect (or config_error)")
	}
	return j.Expect.problem()
}

// problem says what is wrong with the expectations.
func (e *ExpectJSON) problem() error {
	switch {
	case e.Outcome == policy.OutcomeNone:
		return errors.New("expect.outcome is missing: use send, revise, hold or refuse")
	case e.NoDeliveries && len(e.Deliveries) > 0:
		return errors.New("expect: no_deliveries cannot be combined with deliveries")
	case slices.Contains(e.Who, policy.Nobody):
		return errors.New("expect.who: nobody is not someone who decides")
	}
	for i, d := range e.Deliveries {
		if d.Outcome == policy.OutcomeNone {
			return fmt.Errorf("expect.deliveries[%d].outcome is missing: use send, revise, hold or refuse", i)
		}
	}
	for i, st := range e.Steps {
		if st.Effect == nil {
			return fmt.Errorf("expect.steps[%d].effect is missing: a step that must appear names its effect", i)
		}
	}
	return nil
}

// fromExpect sets the scenario's expectations from their JSON form.
func (s *Scenario) fromExpect(e *ExpectJSON) {
	s.Outcome, s.NoDeliveries = e.Outcome, e.NoDeliveries
	for _, w := range e.Who {
		s.Who = append(s.Who, ExpectWho{Who: w})
	}
	for _, d := range e.Deliveries {
		s.Deliveries = append(s.Deliveries, ExpectDelivery{Recipient: d.Recipient, Outcome: d.Outcome, Channel: d.Channel})
	}
	s.Steps, s.NoSteps = expectSteps(e.Steps), expectSteps(e.NoSteps)
	for _, o := range e.Obligations {
		s.Obligations = append(s.Obligations, ExpectObligation{Code: o.Code, Channel: o.Channel})
	}
	for _, o := range e.NoObligations {
		s.NoObligations = append(s.NoObligations, ExpectObligation{Code: o.Code, Channel: o.Channel})
	}
	for _, k := range e.Findings {
		s.Findings = append(s.Findings, ExpectFinding{Kind: k})
	}
	for _, k := range e.NoFindings {
		s.NoFindings = append(s.NoFindings, ExpectFinding{Kind: k})
	}
}

func expectSteps(steps []StepJSON) []ExpectStep {
	var out []ExpectStep
	for _, j := range steps {
		st := ExpectStep{Rule: j.Rule, Channel: j.Channel, Recipient: j.Recipient, AnyEffect: j.Effect == nil}
		if j.Effect != nil {
			st.Effect = *j.Effect
		}
		out = append(out, st)
	}
	return out
}
