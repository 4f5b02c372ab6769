package policy_test

import (
	"strings"

	"github.com/carecomms/carecomms/policy"
)

func explain(d policy.Decision) string {
	var b strings.Builder
	_ = d.Explain(&b)
	return b.String()
}
