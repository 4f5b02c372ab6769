//go:build !race

package policy_test

import (
	"testing"

	"github.com/carecomms/carecomms/policy"
)

// TestDecideAllocs pins the allocations of the benchmarked decisions: the
// routine one allocates once (its trail, delivery and obligation share one
// store), an override decision twice (its two stores, with room for the
// scan's finding, in one; the normalised phone number), and
// the message and record never move to the heap. The race detector adds
// allocations of its own, so this test is built without it.
func TestDecideAllocs(t *testing.T) {
	for _, tc := range []struct {
		name string
		f    func() (policy.Message, policy.Record)
		max  float64
	}{{"routine", minimal, 1}, {"routine_evening", evening, 2}, {"realistic", realistic, 9}, {"override", override, 2}} {
		m, r := tc.f()
		if got := testing.AllocsPerRun(100, func() { _ = policy.Decide(m, r) }); got > tc.max {
			t.Errorf("%s: %v allocations per decision, want at most %v", tc.name, got, tc.max)
		}
	}
}
