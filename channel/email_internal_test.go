package channel

import (
	"math/rand/v2"
	"testing"

	"golang.org/x/net/idna"
)

// TestPlainDomainMatchesIDNA: every domain plainDomain lets skip the IDNA
// conversion is one the Lookup profile accepts and returns unchanged, so
// the fast path changes no result.
func TestPlainDomainMatchesIDNA(t *testing.T) {
	fixed := []string{"example.org", "a.b", "x-y.example", "xn--bcher-kva.example", "ab--cd.example",
		"-a.example", "a-.example", "a..example", ".example", "example.", "Example.org", "1.2"}
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "abxn09-.A"
	for range 20000 {
		b := make([]byte, 1+rng.IntN(12))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		fixed = append(fixed, string(b))
	}
	if !plainDomain("example.org") || !plainDomain("nhs-trust.nhs.uk") {
		t.Error("plainDomain refuses a plain domain: the fast path is never taken")
	}
	for _, d := range fixed {
		if !plainDomain(d) {
			continue
		}
		got, err := idna.Lookup.ToASCII(d)
		if err != nil || got != d {
			t.Errorf("plainDomain(%q) = true, but idna.Lookup.ToASCII = %q, %v", d, got, err)
		}
	}
}
