package bench

import (
	"fmt"
	"testing"

	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
)

// resultParts is one block holding exactly the parts of the decision that
// policy.Decide returns for overrideCase: its trail steps, its delivery,
// its obligations and the delivery's copy of the override. Decide itself
// allocates a little more (room for a sixteenth step and for findings).
type resultParts struct {
	trail       [15]policy.Step
	deliveries  [1]policy.Delivery
	obligations [3]policy.Obligation
	override    objection.Override
}

// resultSink keeps each built decision reachable, as a caller's would be.
var resultSink policy.Decision

// overrideResult is the decision for overrideCase, checked to have the
// shape resultParts holds.
func overrideResult() (policy.Decision, error) {
	m, r := overrideCase()
	d := policy.Decide(m, r)
	var p resultParts
	if len(d.Trail) != len(p.trail) || len(d.Deliveries) != len(p.deliveries) || len(d.Obligations) != len(p.obligations) {
		return d, fmt.Errorf("the decision has %d steps, %d deliveries and %d obligations; resultParts holds %d, %d and %d: resize it",
			len(d.Trail), len(d.Deliveries), len(d.Obligations), len(p.trail), len(p.deliveries), len(p.obligations))
	}
	if d.Deliveries[0].Override == nil || len(d.Findings) > 0 {
		return d, fmt.Errorf("the decision's delivery has override %v and %d findings; resultParts holds an override and no findings", d.Deliveries[0].Override, len(d.Findings))
	}
	return d, nil
}

// TestResultParts checks that the result-only benchmark still builds the
// decision Decide returns, so that its figure stays a floor for Decide.
func TestResultParts(t *testing.T) {
	if _, err := overrideResult(); err != nil {
		t.Fatal(err)
	}
}

// benchResultOnly measures building the decision Decide returns for
// overrideCase without deciding anything: one allocation of resultParts,
// filled from a decision made before the loop. Any engine that returns
// this decision, made afresh for each call, takes at least this long; the
// difference between it and BenchmarkOverride/carecomms is the deciding.
func benchResultOnly(b *testing.B) {
	want, err := overrideResult()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		p := new(resultParts)
		d := want
		d.Trail = p.trail[:copy(p.trail[:], want.Trail)]
		d.Deliveries = p.deliveries[:copy(p.deliveries[:], want.Deliveries)]
		d.Obligations = p.obligations[:copy(p.obligations[:], want.Obligations)]
		p.override = *want.Deliveries[0].Override
		d.Deliveries[0].Override = &p.override
		resultSink = d
	}
}
