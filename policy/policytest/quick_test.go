package policytest

import (
	"testing"
	"time"

	"github.com/carecomms/carecomms/policy"
)

func TestQuick(t *testing.T) {
	start := time.Now()
	err := TestDeciderN(policy.Default, policy.DefaultConfig(), 5000)
	t.Logf("took %v", time.Since(start))
	if err != nil {
		t.Fatal(err)
	}
}
