package policytest

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/strictjson"
	"github.com/carecomms/carecomms/minimise"
	"github.com/carecomms/carecomms/policy"
)

// Scenario is one case of the scenario corpus: a configuration, a message
// and a record, and what the decision must say about them. ParseScenario
// reads one from the text format the package documentation describes;
// Check compares a decision with it.
type Scenario struct {
	// File is the name the scenario was parsed under, used in errors.
	File string
	// Name says what the scenario shows, in a sentence.
	Name string
	// Cites are the requirements it exercises, such as "G14" or "G14.3".
	Cites []string
	// Config is policy.DefaultConfig with the scenario's config merged in.
	Config policy.Config
	// ConfigError, when set, says the configuration must be refused, with
	// an error whose text contains ConfigError. Such a scenario has no
	// message, record or expectations.
	ConfigError string
	// Message and Record are the input to decide.
	Message policy.Message
	Record  policy.Record
	// Outcome is the decision's outcome.
	Outcome policy.Outcome
	// Who must each appear in the decision's Who.
	Who []ExpectWho
	// Deliveries, when not empty, are exactly the decision's deliveries,
	// in any order; NoDeliveries says there are none.
	Deliveries   []ExpectDelivery
	NoDeliveries bool
	// Steps must each match a trail step; NoSteps must match none.
	Steps   []ExpectStep
	NoSteps []ExpectStep
	// Obligations must each match an obligation; NoObligations none.
	Obligations   []ExpectObligation
	NoObligations []ExpectObligation
	// Findings must each match a finding's kind; NoFindings none.
	Findings   []ExpectFinding
	NoFindings []ExpectFinding

	lines map[string]int // line of each single-valued key

	rawMessage, rawRecord string // the JSON as written, for Scenario.JSON
}

// ExpectWho is a "who:" line: someone who must decide.
type ExpectWho struct {
	Line int
	Who  policy.Role
}

// ExpectDelivery is a "delivery:" line: a delivery's recipient and
// outcome, and its channel unless Channel is zero.
type ExpectDelivery struct {
	Line      int
	Recipient string
	Outcome   policy.Outcome
	Channel   channel.Kind
}

// ExpectStep is a "step:" or "no-step:" line: a trail step's rule and,
// when set, its effect, channel and recipient.
type ExpectStep struct {
	Line      int
	Rule      policy.RuleID
	Effect    policy.Effect
	AnyEffect bool
	Channel   channel.Kind
	Recipient string
}

// ExpectObligation is an "obligation:" or "no-obligation:" line: an
// obligation's code and, unless zero, its channel.
type ExpectObligation struct {
	Line    int
	Code    policy.ObligationCode
	Channel channel.Kind
}

// ExpectFinding is a "finding:" or "no-finding:" line: a finding's kind.
type ExpectFinding struct {
	Line int
	Kind minimise.Kind
}

// ScenarioError is a problem with a scenario file or with a decision
// against it, at a line of the file. Line is 0 when the problem concerns
// the whole file.
type ScenarioError struct {
	File string
	Line int
	Err  error
}

// Error gives the file, the line when known, and the problem.
func (e *ScenarioError) Error() string {
	if e.Line == 0 {
		return e.File + ": " + e.Err.Error()
	}
	return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Err.Error()
}

// Unwrap returns the underlying problem.
func (e *ScenarioError) Unwrap() error { return e.Err }

// keys are the keys a scenario may use; repeatable ones may appear more
// than once.
var keys = map[string]bool{
	"name": false, "cites": false, "config": false, "error": false, "message": false, "record": false, "outcome": false,
	"who": true, "delivery": true, "step": true, "no-step": true, "obligation": true, "no-obligation": true,
	"finding": true, "no-finding": true,
}

var citeRE = regexp.MustCompile(`^(G([1-9]|[12][0-9]|3[0-5])(\.[1-8])?|P[1-8])$`)

// segment is one line's part of a value, with where it starts.
type segment struct {
	line int
	text string
}

type entry struct {
	key  string
	line int
	segs []segment
}

func (en *entry) value(sep string) string {
	parts := make([]string, len(en.segs))
	for i, s := range en.segs {
		parts[i] = s.text
	}
	return strings.Join(parts, sep)
}

// ParseScenario reads a scenario in the corpus's text format (see the
// package documentation). name is used in errors, which are
// *ScenarioError values naming the line, joined: unknown keys, a key
// given twice that may appear once, JSON that does not decode or names an
// unknown field, and values that are not the names of outcomes, rules,
// effects, channels, obligations, findings or people who decide.
func ParseScenario(name string, data []byte) (Scenario, error) {
	s := Scenario{File: name, Config: policy.DefaultConfig(), lines: map[string]int{}}
	var errs []error
	bad := func(line int, format string, args ...any) {
		errs = append(errs, &ScenarioError{File: name, Line: line, Err: fmt.Errorf(format, args...)})
	}
	var entries []*entry
	for i, raw := range strings.Split(string(data), "\n") {
		line := i + 1
		raw = strings.TrimSuffix(raw, "\r")
		trimmed := strings.TrimSpace(raw)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if raw[0] == ' ' || raw[0] == '\t' {
			if len(entries) == 0 {
				bad(line, "a continuation line (starting with white space) comes before any key")
				continue
			}
			en := entries[len(entries)-1]
			en.segs = append(en.segs, segment{line, trimmed})
			continue
		}
		key, val, ok := strings.Cut(raw, ":")
		if !ok {
			bad(line, "want \"key: value\", got a line with no colon")
			continue
		}
		repeat, known := keys[key]
		if !known {
			bad(line, "unknown key %q: use one of name, cites, config, error, message, record, outcome, who, delivery, step, no-step, obligation, no-obligation, finding, no-finding", clipText(key))
			continue
		}
		if !repeat {
			if prev, dup := s.lines[key]; dup {
				bad(line, "%s is given twice (first on line %d): it may appear once", key, prev)
				continue
			}
			s.lines[key] = line
		}
		entries = append(entries, &entry{key: key, line: line, segs: []segment{{line, strings.TrimSpace(val)}}})
	}
	for _, en := range entries {
		if err := s.apply(en); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) == 0 {
		errs = append(errs, s.complete()...)
	}
	if len(errs) > 0 {
		return Scenario{}, errors.Join(errs...)
	}
	return s, nil
}

// complete checks that the keys a scenario needs are there.
func (s *Scenario) complete() []error {
	var errs []error
	need := func(key string) {
		if _, ok := s.lines[key]; !ok {
			errs = append(errs, &ScenarioError{File: s.File, Err: fmt.Errorf("missing %s: every scenario needs name, cites, message, record and outcome (or config and error)", key)})
		}
	}
	need("name")
	need("cites")
	if s.ConfigError != "" {
		for _, k := range []string{"message", "record", "outcome"} {
			if l, ok := s.lines[k]; ok {
				errs = append(errs, &ScenarioError{File: s.File, Line: l, Err: fmt.Errorf("%s is not allowed with error: a scenario whose configuration is refused decides nothing", k)})
			}
		}
		if s.hasExpectations() {
			errs = append(errs, &ScenarioError{File: s.File, Line: s.lines["error"], Err: errors.New("expectations are not allowed with error: a scenario whose configuration is refused decides nothing")})
		}
		need("config")
		return errs
	}
	need("message")
	need("record")
	need("outcome")
	if s.NoDeliveries && len(s.Deliveries) > 0 {
		errs = append(errs, &ScenarioError{File: s.File, Line: s.Deliveries[0].Line, Err: errors.New("delivery: none cannot be combined with other delivery lines")})
	}
	return errs
}

func (s *Scenario) hasExpectations() bool {
	return len(s.Who)+len(s.Deliveries)+len(s.Steps)+len(s.NoSteps)+len(s.Obligations)+len(s.NoObligations)+len(s.Findings)+len(s.NoFindings) > 0 || s.NoDeliveries
}

// apply parses one entry's value into s: the JSON values of config,
// message and record, or the words of any other key.
func (s *Scenario) apply(en *entry) error {
	switch en.key {
	case "config":
		return s.applyConfig(en)
	case "message":
		s.rawMessage = en.value("\n")
		return s.decodeJSON(en, &s.Message)
	case "record":
		s.rawRecord = en.value("\n")
		return s.decodeJSON(en, &s.Record)
	}
	v := stripComment(en.value(" "))
	f := strings.Fields(v)
	switch en.key {
	case "name", "error", "cites":
		return s.applyHeader(en, v, f)
	case "outcome":
		return s.applyOutcome(en, v)
	case "who":
		return s.applyWho(en, v)
	case "delivery":
		return s.applyDelivery(en, f)
	case "step", "no-step":
		return s.applyStep(en, f)
	case "obligation", "no-obligation":
		return s.applyObligation(en, f)
	case "finding", "no-finding":
		return s.applyFinding(en, f)
	}
	return nil
}

// errAt returns a *ScenarioError at the entry's line, its message prefixed
// with the entry's key.
func (s *Scenario) errAt(en *entry, format string, args ...any) error {
	return &ScenarioError{File: s.File, Line: en.line, Err: fmt.Errorf(en.key+": "+format, args...)}
}

// applyConfig decodes a config entry strictly and merges the top-level
// fields it names into s.Config.
func (s *Scenario) applyConfig(en *entry) error {
	var c policy.Config
	if err := s.decodeJSON(en, &c); err != nil {
		return err
	}
	var present map[string]json.RawMessage
	if err := json.NewDecoder(strings.NewReader(en.value("\n"))).Decode(&present); err != nil {
		return &ScenarioError{File: s.File, Line: en.line, Err: fmt.Errorf("config: %v", err)}
	}
	s.Config = MergeConfig(s.Config, c, present)
	return nil
}

// applyHeader parses the entries that describe the scenario rather than
// the decision: name, error and cites. v is the value without its
// comment and f its words.
func (s *Scenario) applyHeader(en *entry, v string, f []string) error {
	switch en.key {
	case "name":
		if v == "" {
			return s.errAt(en, "is empty: say what the scenario shows")
		}
		s.Name = v
	case "error":
		if v == "" {
			return s.errAt(en, "is empty: give text the configuration error must contain")
		}
		s.ConfigError = v
	case "cites":
		if len(f) == 0 {
			return s.errAt(en, "is empty: cite the G-n and P-n the scenario exercises")
		}
		for _, c := range f {
			if !citeRE.MatchString(c) {
				return s.errAt(en, "%q is not a requirement: cite G1 to G35 (G14.1 to G14.8) or P1 to P8", clipText(c))
			}
		}
		s.Cites = f
	}
	return nil
}

// applyOutcome parses an outcome entry's value v, the decision's outcome.
func (s *Scenario) applyOutcome(en *entry, v string) error {
	if err := s.Outcome.UnmarshalText([]byte(v)); err != nil || s.Outcome == policy.OutcomeNone {
		return s.errAt(en, "%q is not an outcome: use send, revise, hold or refuse", clipText(v))
	}
	return nil
}

// applyWho parses a who entry's value v, someone who must decide.
func (s *Scenario) applyWho(en *entry, v string) error {
	var w policy.Role
	if err := w.UnmarshalText([]byte(v)); err != nil || w == policy.Nobody {
		return s.errAt(en, "%q is not someone who decides: use caldicott_guardian, dpo, ig_lead, senior_clinician, the_patient or the_sender", clipText(v))
	}
	s.Who = append(s.Who, ExpectWho{Line: en.line, Who: w})
	return nil
}

// applyDelivery parses a delivery entry's words f: RECIPIENT OUTCOME
// [CHANNEL], or none.
func (s *Scenario) applyDelivery(en *entry, f []string) error {
	if len(f) == 1 && f[0] == "none" {
		s.NoDeliveries = true
		return nil
	}
	if len(f) < 2 || len(f) > 3 {
		return s.errAt(en, "want RECIPIENT OUTCOME [CHANNEL] or none, got %d fields", len(f))
	}
	d := ExpectDelivery{Line: en.line, Recipient: f[0]}
	if err := d.Outcome.UnmarshalText([]byte(f[1])); err != nil || d.Outcome == policy.OutcomeNone {
		return s.errAt(en, "%q is not an outcome: use send, revise, hold or refuse", clipText(f[1]))
	}
	if len(f) == 3 {
		if err := d.Channel.UnmarshalText([]byte(f[2])); err != nil {
			return s.errAt(en, "%q is not a channel: use nhs_app, email, sms, messaging_app or letter", clipText(f[2]))
		}
	}
	s.Deliveries = append(s.Deliveries, d)
	return nil
}

// applyStep parses a step or no-step entry's words f: RULE EFFECT
// [CHANNEL|-] [RECIPIENT], the effect optional for no-step.
func (s *Scenario) applyStep(en *entry, f []string) error {
	max := 4
	if len(f) < 1 || (en.key == "step" && len(f) < 2) || len(f) > max {
		return s.errAt(en, "want RULE EFFECT [CHANNEL|-] [RECIPIENT] (the effect is optional for no-step)")
	}
	rule, err := policy.ParseRuleID(f[0])
	if err != nil {
		return s.errAt(en, "%q is not a rule in the catalogue", clipText(f[0]))
	}
	st := ExpectStep{Line: en.line, Rule: rule, AnyEffect: len(f) < 2}
	if len(f) >= 2 {
		if err := st.Effect.UnmarshalText([]byte(f[1])); err != nil {
			return s.errAt(en, "%q is not an effect: use note, allow, deny or require", clipText(f[1]))
		}
	}
	if len(f) >= 3 && f[2] != "-" {
		if err := st.Channel.UnmarshalText([]byte(f[2])); err != nil {
			return s.errAt(en, "%q is not a channel: use nhs_app, email, sms, messaging_app, letter or -", clipText(f[2]))
		}
	}
	if len(f) == 4 {
		st.Recipient = f[3]
	}
	if en.key == "step" {
		s.Steps = append(s.Steps, st)
	} else {
		s.NoSteps = append(s.NoSteps, st)
	}
	return nil
}

// applyObligation parses an obligation or no-obligation entry's words f:
// CODE [CHANNEL].
func (s *Scenario) applyObligation(en *entry, f []string) error {
	if len(f) < 1 || len(f) > 2 {
		return s.errAt(en, "want CODE [CHANNEL]")
	}
	ob := ExpectObligation{Line: en.line}
	if err := ob.Code.UnmarshalText([]byte(f[0])); err != nil {
		return s.errAt(en, "%q is not an obligation code such as record_in_care_record or confirm_contact", clipText(f[0]))
	}
	if len(f) == 2 {
		if err := ob.Channel.UnmarshalText([]byte(f[1])); err != nil {
			return s.errAt(en, "%q is not a channel", clipText(f[1]))
		}
	}
	if en.key == "obligation" {
		s.Obligations = append(s.Obligations, ob)
	} else {
		s.NoObligations = append(s.NoObligations, ob)
	}
	return nil
}

// applyFinding parses a finding or no-finding entry's words f: one
// finding kind.
func (s *Scenario) applyFinding(en *entry, f []string) error {
	if len(f) != 1 {
		return s.errAt(en, "want one finding kind such as test_result")
	}
	fd := ExpectFinding{Line: en.line}
	if err := fd.Kind.UnmarshalText([]byte(f[0])); err != nil {
		return s.errAt(en, "%q is not a finding kind such as nhs_number or url_shortener", clipText(f[0]))
	}
	if en.key == "finding" {
		s.Findings = append(s.Findings, fd)
	} else {
		s.NoFindings = append(s.NoFindings, fd)
	}
	return nil
}

// MergeConfig returns base with each top-level field of over whose JSON
// name is a key of present put in its place: a scenario's or case file's
// config replaces whole fields of policy.DefaultConfig ("platforms"
// replaces every platform), never parts of them.
func MergeConfig(base, over policy.Config, present map[string]json.RawMessage) policy.Config {
	bv, ov := reflect.ValueOf(&base).Elem(), reflect.ValueOf(over)
	t := bv.Type()
	for i := 0; i < t.NumField(); i++ {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if _, ok := present[name]; ok && name != "" && name != "-" {
			bv.Field(i).Set(ov.Field(i))
		}
	}
	return base
}

// stripComment removes a trailing comment: "#" after white space.
func stripComment(v string) string {
	for i := 1; i < len(v); i++ {
		if v[i] == '#' && (v[i-1] == ' ' || v[i-1] == '\t') {
			return strings.TrimSpace(v[:i])
		}
	}
	if strings.HasPrefix(v, "#") {
		return ""
	}
	return strings.TrimSpace(v)
}

func clipText(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// decodeJSON decodes an entry's JSON value into v, strictly (see
// internal/strictjson): unknown fields, keys given twice or in the wrong
// letter case and invalid UTF-8 are errors, and only a comment may follow
// the value. Errors name the line of the problem and the field's path.
func (s *Scenario) decodeJSON(en *entry, v any) error {
	text := en.value("\n")
	lineAt := func(off int64) int {
		n := int64(0)
		for _, sg := range en.segs {
			n += int64(len(sg.text)) + 1
			if off < n {
				return sg.line
			}
		}
		return en.segs[len(en.segs)-1].line
	}
	end, err := strictjson.DecodePrefix([]byte(text), v)
	if err != nil {
		line, msg := en.line, err.Error()
		var se *strictjson.Error
		if errors.As(err, &se) {
			if se.Offset >= 0 {
				line = lineAt(se.Offset)
			}
			msg = se.Problem
			if se.Path != "" {
				msg = "field " + se.Path + ": " + msg
			}
		}
		return &ScenarioError{File: s.File, Line: line, Err: fmt.Errorf("%s: %s", en.key, msg)}
	}
	for _, l := range strings.Split(text[end:], "\n") {
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			return &ScenarioError{File: s.File, Line: lineAt(int64(end)), Err: fmt.Errorf("%s: unexpected text after the JSON value: only a # comment may follow it", en.key)}
		}
	}
	return nil
}

// Check compares a decision with the scenario's expectations and returns
// every mismatch, joined, each a *ScenarioError naming the line of the
// expectation it breaks.
func (s *Scenario) Check(d policy.Decision) error {
	var errs []error
	bad := func(line int, format string, args ...any) {
		errs = append(errs, &ScenarioError{File: s.File, Line: line, Err: fmt.Errorf(format, args...)})
	}
	if d.Outcome != s.Outcome {
		bad(s.lines["outcome"], "outcome = %s, want %s (%s)", d.Outcome, s.Outcome, summary(&d))
	}
	for _, w := range s.Who {
		if !slices.Contains(d.Who, w.Who) {
			bad(w.Line, "who %v does not include %s", d.Who, w.Who)
		}
	}
	if s.NoDeliveries && len(d.Deliveries) > 0 {
		bad(s.lines["outcome"], "want no deliveries, got %s", summary(&d))
	}
	if len(s.Deliveries) > 0 {
		used := make([]bool, len(d.Deliveries))
		for _, want := range s.Deliveries {
			found := false
			for i, dl := range d.Deliveries {
				if !used[i] && dl.Recipient == want.Recipient && dl.Outcome == want.Outcome && (want.Channel == 0 || dl.Channel == want.Channel) {
					used[i], found = true, true
					break
				}
			}
			if !found {
				bad(want.Line, "no delivery %s %s %s among %s", want.Recipient, want.Outcome, channelName(want.Channel), summary(&d))
			}
		}
		if len(d.Deliveries) != len(s.Deliveries) {
			bad(s.Deliveries[0].Line, "%d deliveries, want %d: %s", len(d.Deliveries), len(s.Deliveries), summary(&d))
		}
	}
	for _, want := range s.Steps {
		if !slices.ContainsFunc(d.Trail, want.matches) {
			bad(want.Line, "no trail step %s; the trail has %s", want, trailText(d.Trail, want.Rule))
		}
	}
	for _, not := range s.NoSteps {
		if i := slices.IndexFunc(d.Trail, not.matches); i >= 0 {
			bad(not.Line, "trail step %d is %s %s %s, which must not appear", i+1, d.Trail[i].Rule, d.Trail[i].Effect, channelName(d.Trail[i].Channel))
		}
	}
	for _, want := range s.Obligations {
		if !slices.ContainsFunc(d.Obligations, want.matches) {
			bad(want.Line, "no obligation %s %s among %s", want.Code, channelName(want.Channel), obligationText(d.Obligations))
		}
	}
	for _, not := range s.NoObligations {
		if slices.ContainsFunc(d.Obligations, not.matches) {
			bad(not.Line, "obligation %s must not appear", not.Code)
		}
	}
	for _, want := range s.Findings {
		if !slices.ContainsFunc(d.Findings, func(f policy.Finding) bool { return f.Kind == want.Kind }) {
			bad(want.Line, "no finding %s among %s", want.Kind, findingText(d.Findings))
		}
	}
	for _, not := range s.NoFindings {
		if slices.ContainsFunc(d.Findings, func(f policy.Finding) bool { return f.Kind == not.Kind }) {
			bad(not.Line, "finding %s must not appear", not.Kind)
		}
	}
	return errors.Join(errs...)
}

func (e ExpectStep) matches(s policy.Step) bool {
	return s.Rule == e.Rule && (e.AnyEffect || s.Effect == e.Effect) &&
		(e.Channel == 0 || s.Channel == e.Channel) && (e.Recipient == "" || s.Recipient == e.Recipient)
}

// String renders the expectation as a scenario's step line.
func (e ExpectStep) String() string {
	var b strings.Builder
	b.WriteString(e.Rule.String())
	if !e.AnyEffect {
		b.WriteString(" " + e.Effect.String())
	}
	if e.Channel != 0 {
		b.WriteString(" " + e.Channel.String())
	}
	if e.Recipient != "" {
		b.WriteString(" " + e.Recipient)
	}
	return b.String()
}

func (e ExpectObligation) matches(o policy.Obligation) bool {
	return o.Code == e.Code && (e.Channel == 0 || o.Channel == e.Channel)
}

// trailText lists the trail's steps for rule, or the whole trail's rules
// when none has it.
func trailText(trail []policy.Step, rule policy.RuleID) string {
	var parts []string
	for _, s := range trail {
		if s.Rule == rule {
			parts = append(parts, fmt.Sprintf("%s %s %s %s", s.Rule, s.Effect, channelName(s.Channel), s.Recipient))
		}
	}
	if len(parts) == 0 {
		for _, s := range trail {
			parts = append(parts, fmt.Sprintf("%s %s %s", s.Rule, s.Effect, channelName(s.Channel)))
		}
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

func obligationText(obs []policy.Obligation) string {
	parts := make([]string, len(obs))
	for i, o := range obs {
		parts[i] = o.Code.String() + " " + channelName(o.Channel)
	}
	return "[" + strings.Join(parts, "; ") + "]"
}

func findingText(fs []policy.Finding) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Kind.String()
	}
	return "[" + strings.Join(parts, " ") + "]"
}
