//go:build !carecomms_mutation

package policy

// on reports whether a rule is enforced. Every rule is, in every build but
// the mutation tests' (build tag carecomms_mutation, see mutation_on.go):
// the constant answer lets the compiler drop the check.
func (x *decider) on(RuleID) bool { return true }
