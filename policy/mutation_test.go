//go:build carecomms_mutation

package policy_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/policytest"
)

// noteOnly lists the catalogue rules whose switch changes nothing, with
// why. Decide consults a rule's switch only where the rule enforces
// something; these rules record facts, or are enforced by the rule named.
// TestMutations fails if one of them turns out to change decisions, or if
// a rule missing from this list changes none, so the list stays honest.
var noteOnly = map[policy.RuleID]string{
	policy.RuleLawfulBasis:             "always stated: the basis follows the message's purpose, care or not (G2, G1)",
	policy.RuleConfigDeclared:          "notes the DPIA the configuration declared; policy.New enforces it (G35)",
	policy.RulePlatformNHSAppFirst:     "notes the default order; policy.New enforces NHS App first (G4)",
	policy.RulePreferenceOrder:         "notes which preference was used; the order itself is the candidate order",
	policy.RulePreferenceFallback:      "notes that a non-preferred channel was needed (G8)",
	policy.RulePreferenceNotConsent:    "notes that a preference is not consent; the approval it reports is platform.approved's",
	policy.RuleObjectionCheck:          "notes that objections were checked; objection.scope enforces them",
	policy.RuleObjectionNoReason:       "flags a missing reason; the objection is upheld by objection.scope either way (G12)",
	policy.RuleObjectionOverride:       "records an override that objection.Check allowed; objection.scope governs it",
	policy.RuleObjectionGroundUnfit:    "explains why a claimed ground failed; objection.Check decides, under objection.scope",
	policy.RuleObjectionLetters:        "notes that letters remain after an objection to electronic channels (G16)",
	policy.RuleObjectionBatch:          "notes a group message; each person is checked like any other (G10)",
	policy.RuleRecipientPatient:        "notes who receives; proxy.authority and proxy.record_note decide the rest",
	policy.RuleContentTestResults:      "advice on a content.lock_screen revision of test results (G23)",
	policy.RuleRecordKeep:              "an obligation on the host after sending (G26)",
	policy.RuleRecordAccess:            "notes that the decision is kept for subject access (G27)",
	policy.RuleAdjustments:             "carries recorded needs on the delivery; never stops a message",
	policy.RuleLanguage:                "matches the language; never stops a message",
	policy.RuleAccessibleFormat:        "an obligation to produce the recorded format",
	policy.RuleHoldWho:                 "names who decides a hold that another rule made",
	policy.RuleFallbackCascade:         "notes the fallbacks listed (P3)",
	policy.RuleFallbackSkip:            "notes a channel skipped for want of a contact; nothing can be sent to no address",
	policy.RuleSMSSender:               "notes the sender id policy.New checked (P5)",
	policy.RuleFindingPostcode:         "an info finding: a postcode alone never needs a revision (G22)",
	policy.RuleFindingPhoneNumber:      "an info finding: messages carry the org's own number (G22)",
	policy.RuleFindingEmailAddress:     "an info finding: messages carry the org's own address (G22)",
	policy.RuleFindingPatientName:      "advisory: reported on a Send, and the whole name only (G22); Config.Severities can raise it",
	policy.RuleFindingClickHere:        "advisory style (G25): reported on a Send; Config.Severities can raise it",
	policy.RuleFindingUrgency:          "advisory (G25), Info where the class warrants it: reported on a Send; Config.Severities can raise it",
	policy.RuleFindingShouting:         "advisory style (G24): reported on a Send; Config.Severities can raise it",
	policy.RuleFindingRepeatedWord:     "advisory style (G24): reported on a Send; Config.Severities can raise it",
	policy.RuleFindingPublicSectorLink: "advisory: a gov.uk link is reported on a Send (P6); Config.Severities can raise it",
	policy.RuleRecipientNone:           "guards a plan with no delivery at all, which planning never leaves: a recipient with no channel gets a held delivery, and the decision is never Send without one",
}

func noteOnlyWhy(id policy.RuleID) (string, bool) {
	why, ok := noteOnly[id]
	return why, ok
}

// mutationCorpus is what the mutation test decides with each rule off:
// every scenario with its own configuration, and generated cases under
// the default configuration.
type mutationCorpus struct {
	scenarios []policytest.Scenario
	mu        sync.Mutex
	orgs      map[string]*policy.Org // by %#v of the configuration
	cases     []policytest.Case
}

// org builds the org for c once. The key is %#v, which tells a nil slice
// (the default) from an empty one ("none"), as JSON with omitempty does not.
func (mc *mutationCorpus) org(c policy.Config) (*policy.Org, error) {
	key := fmt.Sprintf("%#v", c)
	mc.mu.Lock()
	defer mc.mu.Unlock()
	if o, ok := mc.orgs[key]; ok {
		return o, nil
	}
	o, err := policy.New(c)
	if err != nil {
		return nil, err
	}
	mc.orgs[key] = o
	return o, nil
}

// decisions decides the corpus with rule id off (0 for none).
func (mc *mutationCorpus) decisions(id policy.RuleID) []policy.Decision {
	var out []policy.Decision
	off := func(o *policy.Org) *policy.Org {
		if id == 0 {
			return o
		}
		return policy.WithDisabled(o, id)
	}
	for _, s := range mc.scenarios {
		if s.ConfigError != "" {
			continue
		}
		o, err := mc.org(s.Config)
		if err != nil {
			continue
		}
		out = append(out, off(o).Decide(s.Message, s.Record))
	}
	for _, c := range mc.cases {
		out = append(out, off(policy.Default()).Decide(c.Message, c.Record))
	}
	return out
}

// failures runs the checks and returns the names of those that fail:
// invariants as "invariant NAME" and scenarios as "scenario FILE".
func (mc *mutationCorpus) failures(id policy.RuleID, cases int) map[string]bool {
	off := func(o *policy.Org) policy.Decider {
		if id == 0 {
			return o
		}
		return policy.WithDisabled(o, id)
	}
	got := map[string]bool{}
	err := policytest.TestDeciderWith(off(policy.Default()), policy.DefaultConfig(), policytest.Options{Cases: cases, ShrinkSteps: -1})
	for _, e := range unjoinErr(err) {
		var v *policytest.Violation
		if errors.As(e, &v) {
			got["invariant "+v.Invariant] = true
		}
	}
	newDecider := func(c policy.Config) (policy.Decider, error) {
		o, err := mc.org(c)
		if err != nil {
			return nil, err
		}
		return off(o), nil
	}
	for i := range mc.scenarios {
		if err := mc.scenarios[i].Run(newDecider); err != nil {
			got["scenario "+mc.scenarios[i].File] = true
		}
	}
	return got
}

func unjoinErr(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

// TestMutations switches off each catalogue rule in turn and checks that
// the conformance kit's invariants or the scenario corpus catch every one
// whose loss changes a decision. It logs the table of rule and the checks
// that caught it. Checks that already fail with every rule on are left
// out of the comparison, so a known failure never hides a mutation.
func TestMutations(t *testing.T) {
	if testing.Short() {
		t.Skip("mutation testing decides the corpus once per rule")
	}
	ss, err := policytest.ParseScenarios(policytest.Scenarios())
	if err != nil {
		t.Fatal(err)
	}
	mc := &mutationCorpus{scenarios: ss, orgs: map[string]*policy.Org{}}
	for seed := 0; seed < 300; seed++ {
		mc.cases = append(mc.cases, policytest.MixedCases().Example(seed))
	}
	const cases = 250
	baseDecisions := mc.decisions(0)
	baseline := mc.failures(0, cases)
	if len(baseline) > 0 {
		t.Logf("checks failing with every rule on (left out of the comparison): %v", sortedKeys(baseline))
	}

	type row struct {
		rule     policy.RuleID
		changed  bool
		caughtBy []string
	}
	rules := policy.Catalogue()
	rows := make([]row, len(rules))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 2)
	for i, r := range rules {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			rows[i].rule = r.ID
			rows[i].changed = !reflect.DeepEqual(mc.decisions(r.ID), baseDecisions)
			if !rows[i].changed {
				return // the same decisions: no check can tell the difference
			}
			for name := range mc.failures(r.ID, cases) {
				if !baseline[name] {
					rows[i].caughtBy = append(rows[i].caughtBy, name)
				}
			}
			slices.Sort(rows[i].caughtBy)
		}()
	}
	wg.Wait()

	var b strings.Builder
	fmt.Fprintf(&b, "\n%-32s %-8s %s\n", "rule", "changes", "caught by")
	for _, r := range rows {
		what := strings.Join(r.caughtBy, ", ")
		if why, ok := noteOnlyWhy(r.rule); ok && !r.changed {
			what = "(note only: " + why + ")"
		}
		if len(r.caughtBy) > 3 {
			what = strings.Join(r.caughtBy[:3], ", ") + fmt.Sprintf(" and %d more", len(r.caughtBy)-3)
		}
		fmt.Fprintf(&b, "%-32s %-8v %s\n", r.rule, r.changed, what)
	}
	t.Log(b.String())

	for _, r := range rows {
		_, note := noteOnlyWhy(r.rule)
		switch {
		case r.changed && len(r.caughtBy) == 0:
			t.Errorf("switching off %s changes decisions, but no invariant or scenario catches it: add a scenario that shows the rule", r.rule)
		case r.changed && note:
			t.Errorf("%s is listed as note only, but switching it off changes decisions: remove it from noteOnly", r.rule)
		case !r.changed && !note:
			t.Errorf("switching off %s changes no decision in the corpus: add a scenario that exercises it, or list it in noteOnly with why", r.rule)
		}
	}
	for id := range noteOnly {
		if _, ok := policy.Lookup(id); !ok {
			t.Errorf("noteOnly lists %s, which is not in the catalogue", id)
		}
	}
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
