package policy_test

import (
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
)

// group returns n records; every third objects to all messages from the
// org and every fifth to text messages.
func group(n int) []policy.Record {
	recs := make([]policy.Record, n)
	for i := range recs {
		r := rec()
		r.PatientID = fmt.Sprintf("patient-%06d", i)
		r.Contacts = r.Contacts[:1]
		switch {
		case i%3 == 0:
			r.Objections = []objection.Objection{objectTo(objection.ScopeOrganisation, 0)}
		case i%5 == 0:
			r.Objections = []objection.Objection{objectTo(objection.ScopeChannel, channel.SMS)}
		}
		recs[i] = r
	}
	return recs
}

// TestGroupChecksEveryPerson: a group message is checked for each
// person's objections, as if sent individually (G10).
func TestGroupChecksEveryPerson(t *testing.T) {
	m := msg()
	m.Group = &policy.Group{ID: "flu-2026", Size: 3000}
	recs := group(3000)
	par := policy.Default().DecideGroup(m, recs, 4)
	var seq []policy.Decision
	for r, d := range policy.Default().Batch(m, slices.Values(recs)) {
		if d.Deliveries != nil && d.Deliveries[0].Recipient != r.PatientID {
			t.Fatalf("Batch paired %s with a decision for %s", r.PatientID, d.Deliveries[0].Recipient)
		}
		seq = append(seq, record(d))
	}
	if len(par) != len(recs) || len(seq) != len(recs) {
		t.Fatalf("got %d and %d decisions, want %d", len(par), len(seq), len(recs))
	}
	for i, r := range recs {
		want := policy.Default().Decide(m, r)
		if !reflect.DeepEqual(par[i], want) || !reflect.DeepEqual(seq[i], want) {
			t.Fatalf("group decision %d differs from the individual decision", i)
		}
		if !hasStep(want, policy.RuleObjectionBatch, policy.Note) {
			t.Errorf("decision %d lacks objection.batch", i)
		}
		objected := len(r.Objections) > 0
		if objected && want.Outcome == policy.Send {
			t.Errorf("person %d objected to text, the only channel, but the outcome is send", i)
		}
		if !objected && want.Outcome != policy.Send {
			t.Errorf("person %d has no objection but the outcome is %v", i, want.Outcome)
		}
	}
	// Stopping early stops deciding.
	n := 0
	for range policy.Default().Batch(m, slices.Values(recs)) {
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Errorf("Batch yielded %d after break, want 3", n)
	}
}

// BenchmarkGroup decides a group message for 100,000 people across the
// machine's cores, with Batch (streaming) and DecideGroup (a slice);
// decisions/s is reported.
func BenchmarkGroup(b *testing.B) {
	m := msg()
	m.Body = "Riverside Surgery: vaccination clinics are open from Monday. Book online at riverside-surgery.example.org or call 0115 496 0000."
	m.Group = &policy.Group{ID: "vaccination-2026", Size: 100_000}
	recs := group(100_000)
	cfg := policy.DefaultConfig()
	cfg.LinkDomains = []string{"riverside-surgery.example.org"}
	org := mustOrg(b, cfg)
	if d := org.Decide(m, recs[1]); d.Outcome != policy.Send {
		b.Fatalf("the group body is not clean: %v\n%s", d.Outcome, explain(d))
	}
	b.Run("batch", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for _, d := range org.Batch(m, slices.Values(recs)) {
				if d.Outcome != policy.OutcomeNone {
					n++
				}
			}
			if n != len(recs) {
				b.Fatalf("decided %d of %d", n, len(recs))
			}
		}
		b.ReportMetric(float64(len(recs)*b.N)/b.Elapsed().Seconds(), "decisions/s")
	})
	b.Run("slice", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = org.DecideGroup(m, recs, 0)
		}
		b.ReportMetric(float64(len(recs)*b.N)/b.Elapsed().Seconds(), "decisions/s")
	})
}

// TestNilOrgFailsClosed: a nil Org refuses every message and never panics.
func TestNilOrgFailsClosed(t *testing.T) {
	var org *policy.Org
	if d := org.Decide(msg(), rec()); d.Outcome != policy.Refuse || len(d.Trail) == 0 {
		t.Errorf("nil Org Decide = %v, want refuse with a reason", d.Outcome)
	}
	for _, d := range org.DecideGroup(msg(), group(3), 2) {
		if d.Outcome != policy.Refuse {
			t.Errorf("nil Org DecideGroup = %v, want refuse", d.Outcome)
		}
	}
	for _, d := range org.Batch(msg(), slices.Values(group(3))) {
		if d.Outcome != policy.Refuse {
			t.Errorf("nil Org Batch = %v, want refuse", d.Outcome)
		}
	}
}

// TestGroupInvalidMessage: a group message's own problems are checked
// once for the group, and every person's decision names them as an
// individual decision would, and refuses.
func TestGroupInvalidMessage(t *testing.T) {
	m := msg()
	m.Staff = policy.Staff{}
	m.Body = "Your appointment \xff"
	m.Group = &policy.Group{Size: 0}
	recs := group(200)
	par := policy.Default().DecideGroup(m, recs, 2)
	i := 0
	for r, d := range policy.Default().Batch(m, slices.Values(recs)) {
		want := policy.Default().Decide(m, r)
		if want.Outcome != policy.Refuse || !hasStep(want, policy.RuleInputMessage, policy.Deny) {
			t.Fatalf("decision %d: outcome %v, want refuse with input.message steps\n%s", i, want.Outcome, explain(want))
		}
		if !reflect.DeepEqual(par[i], want) || !reflect.DeepEqual(d, want) {
			t.Fatalf("group decision %d differs from the individual decision", i)
		}
		i++
	}
	if i != len(recs) {
		t.Fatalf("Batch yielded %d decisions, want %d", i, len(recs))
	}
}
