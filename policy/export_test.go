package policy

// WithDisabled returns a copy of o with the given rules switched off, for
// the mutation tests: Decide skips what a disabled rule would enforce.
// The original is unchanged.
func WithDisabled(o *Org, ids ...RuleID) *Org {
	c := *o
	c.disabled = make(map[RuleID]bool, len(o.disabled)+len(ids))
	for id, off := range o.disabled {
		c.disabled[id] = off
	}
	for _, id := range ids {
		c.disabled[id] = true
	}
	return &c
}
