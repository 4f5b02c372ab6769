package policytest

import (
	"testing"

	"github.com/carecomms/carecomms/policy"
)

func TestDist(t *testing.T) {
	counts := map[string]int{}
	for seed := 0; seed < 2000; seed++ {
		gen := Cases()
		c := gen.Example(seed)
		d := policy.Default.Decide(c.Message, c.Record)
		counts["decision "+d.Outcome.String()]++
		if !valid(&c) {
			counts["invalid"]++
			if err := c.Record.Validate(); err != nil && seed < 200 {
				t.Log(err)
			}
		}
		if d.Outcome == policy.Refuse || d.Outcome == policy.Hold {
			for _, s := range d.Trail {
				if s.Effect == policy.Deny || s.Effect == policy.Require {
					counts[d.Outcome.String()+" rule "+string(s.Rule)+" "+s.Effect.String()]++
				}
			}
		}
	}
	for k, v := range counts {
		t.Logf("%6d %s", v, k)
	}
}
