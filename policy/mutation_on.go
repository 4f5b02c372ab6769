//go:build carecomms_mutation

package policy

import "sync"

// disabledRules maps an *Org to the rules the mutation tests switched off
// for it. It exists only in builds with the carecomms_mutation tag, which
// the mutation tests need: `go test -tags carecomms_mutation ./policy`.
var disabledRules sync.Map // *Org → map[RuleID]bool

// on reports whether a rule is enforced for this decision's org.
func (x *decider) on(id RuleID) bool {
	v, ok := disabledRules.Load(x.o)
	return !ok || !v.(map[RuleID]bool)[id]
}

// withDisabled returns a copy of o with the given rules switched off, in
// addition to any o has off. The original is unchanged.
func withDisabled(o *Org, ids ...RuleID) *Org {
	c := *o
	off := map[RuleID]bool{}
	if v, ok := disabledRules.Load(o); ok {
		for id := range v.(map[RuleID]bool) {
			off[id] = true
		}
	}
	for _, id := range ids {
		off[id] = true
	}
	disabledRules.Store(&c, off)
	return &c
}
