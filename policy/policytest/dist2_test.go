package policytest

import (
	"os"
	"testing"

	"github.com/carecomms/carecomms/policy"
)

func TestDist2(t *testing.T) {
	n := 0
	for seed := 0; seed < 200 && n < 3; seed++ {
		c := Cases().Example(seed)
		d := policy.Default.Decide(c.Message, c.Record)
		if d.Outcome == policy.Hold && len(c.Record.Proxies) == 0 {
			n++
			t.Log(CaseJSON(c))
			d.Explain(os.Stdout)
		}
	}
}
