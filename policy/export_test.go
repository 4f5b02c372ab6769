//go:build carecomms_mutation

package policy

// WithDisabled returns a copy of o with the given rules switched off, for
// the mutation tests: Decide skips what a disabled rule would enforce.
// The original is unchanged.
func WithDisabled(o *Org, ids ...RuleID) *Org { return withDisabled(o, ids...) }
