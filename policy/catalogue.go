package policy

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/carecomms/carecomms/internal/enum"
	"github.com/carecomms/carecomms/minimise"
)

// The RuleID constants, their stable names (ruleNames) and the rule table
// (catalogue) are generated from rules.txt into catalogue_gen.go.

//go:generate go run github.com/carecomms/carecomms/internal/cmd/rulegen

// CatalogueVersion names the version of the rule catalogue. It changes
// whenever a rule is added, removed or changes meaning; a decision records
// the version it was made under.
const CatalogueVersion = "2026.11.2"

// RuleID identifies a rule in the catalogue. Its text form, such as
// "objection.scope", is the stable identifier: String returns it, JSON
// carries it and ParseRuleID reads it, and a name is never reused for a
// different meaning. The number behind a RuleID keeps decision trails
// compact; it may change between catalogue versions, so store and compare
// rule IDs by name outside the process.
type RuleID uint8

// Rule is one entry of the catalogue: what the rule checks and the
// requirements of the guidance (G-n) or national practice (P-n) it rests on.
type Rule struct {
	ID    RuleID   `json:"id"`
	Title string   `json:"title"`
	Refs  []string `json:"refs"`
}

// numRules is one more than the highest RuleID.
const numRules = len(ruleNames)

// String returns the rule's stable name, such as "objection.scope".
func (id RuleID) String() string {
	if id.Valid() {
		return ruleNames[id]
	}
	return "rule(" + strconv.Itoa(int(id)) + ")"
}

// Valid reports whether id names a rule in the catalogue.
func (id RuleID) Valid() bool { return id > 0 && int(id) < numRules }

// MarshalText encodes the rule's stable name.
func (id RuleID) MarshalText() ([]byte, error) {
	if !id.Valid() {
		return nil, fmt.Errorf("policy: cannot encode rule(%d): use one of the Rule constants", int(id))
	}
	return []byte(ruleNames[id]), nil
}

// UnmarshalText decodes a rule's stable name, rejecting unknown names.
func (id *RuleID) UnmarshalText(b []byte) error {
	v, err := ParseRuleID(string(b))
	*id = v
	return err
}

// ParseRuleID returns the rule with the stable name s, such as
// "objection.scope", or an error when the catalogue has no such rule.
func ParseRuleID(s string) (RuleID, error) {
	for i := 1; i < numRules; i++ {
		if ruleNames[i] == s {
			return RuleID(i), nil
		}
	}
	return 0, enum.Reject([]byte(s), "policy: unknown rule id: policy.Catalogue lists the rule ids, such as objection.scope")
}

// Catalogue returns every rule, sorted by ID. The slice is a copy.
func Catalogue() []Rule {
	out := make([]Rule, len(catalogue))
	for i, r := range catalogue {
		r.Refs = slices.Clone(r.Refs)
		out[i] = r
	}
	return out
}

// Lookup returns the rule with the given ID.
func Lookup(id RuleID) (Rule, bool) {
	i := slices.IndexFunc(catalogue, func(r Rule) bool { return r.ID == id })
	if i < 0 {
		return Rule{}, false
	}
	r := catalogue[i]
	r.Refs = slices.Clone(r.Refs)
	return r, true
}

// findingRules maps a minimise finding kind to its rule, by the kind's
// numeric value; index 0 (an invalid kind) maps to the generic rule.
var findingRules = [...]RuleID{RuleContentLockScreen,
	RuleFindingNhsNumber,
	RuleFindingDateOfBirth,
	RuleFindingPostcode,
	RuleFindingPhoneNumber,
	RuleFindingEmailAddress,
	RuleFindingPatientName,
	RuleFindingPatientAddress,
	RuleFindingCondition,
	RuleFindingTestResult,
	RuleFindingMedicine,
	RuleFindingSensitiveService,
	RuleFindingPaymentRequest,
	RuleFindingFinancialDetails,
	RuleFindingCredentialsRequest,
	RuleFindingUrlShortener,
	RuleFindingUnapprovedLink,
	RuleFindingClickHere,
	RuleFindingUrgency,
	RuleFindingShouting,
	RuleFindingRepeatedWord,
	RuleFindingLookalikeDomain,
	RuleFindingPublicSectorLink,
}

func findingRule(k minimise.Kind) RuleID {
	if int(k) < len(findingRules) {
		return findingRules[k]
	}
	return RuleContentLockScreen
}
