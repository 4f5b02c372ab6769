package policy_test

import (
	"testing"

	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/policytest"
)

// kitDecider passes decisions through record, so the traceability check
// in TestMain counts the rules the conformance kit exercises.
type kitDecider struct{ d policy.Decider }

func (k kitDecider) Decide(m policy.Message, r policy.Record) policy.Decision {
	return record(k.d.Decide(m, r))
}

func kitNewOrg(c policy.Config) (policy.Decider, error) {
	o, err := policy.New(c)
	if err != nil {
		return nil, err
	}
	return kitDecider{o}, nil
}

// TestConformance runs the conformance kit's invariants on the default
// org, as a vendor runs them on theirs (G1–G34, P1–P8 as each invariant
// cites).
func TestConformance(t *testing.T) {
	if err := policytest.TestDecider(kitDecider{policy.Default()}, policy.DefaultConfig()); err != nil {
		t.Error(err)
	}
}

// TestConformanceGeneratedConfigs runs the invariants on orgs built from
// generated configurations: secure email, messaging apps, no SMS, the
// org's own use cases, sensitive services, windows and limits.
func TestConformanceGeneratedConfigs(t *testing.T) {
	configs := 20
	if testing.Short() {
		configs = 5
	}
	for seed := 0; seed < configs; seed++ {
		cfg := policytest.Config().Example(seed)
		org, err := policy.New(cfg)
		if err != nil {
			t.Fatalf("policytest.Config().Example(%d) is refused: %v", seed, err)
		}
		if err := policytest.TestDeciderWith(kitDecider{org}, cfg, policytest.Options{Cases: 200, Seed: seed * 1000}); err != nil {
			t.Errorf("config seed %d:\n%v", seed, err)
		}
	}
}

// TestScenarioCorpus runs every scenario of the corpus, which together
// cite G1–G35 and P1–P8, against the library.
func TestScenarioCorpus(t *testing.T) {
	if err := policytest.RunScenarios(kitNewOrg, policytest.Scenarios()); err != nil {
		t.Error(err)
	}
}

// BenchmarkConformance measures TestDecider at its default 1,000 cases per
// invariant; the target is well under 60 s on two cores.
func BenchmarkConformance(b *testing.B) {
	for b.Loop() {
		if err := policytest.TestDecider(policy.Default(), policy.DefaultConfig()); err != nil {
			b.Log(err) // failures are TestConformance's to report; keep timing
		}
	}
}

// BenchmarkScenarioCorpus measures one run of the scenario corpus.
func BenchmarkScenarioCorpus(b *testing.B) {
	for b.Loop() {
		_ = policytest.RunScenarios(policytest.NewOrg, policytest.Scenarios())
	}
}
