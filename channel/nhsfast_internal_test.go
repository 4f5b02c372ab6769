package channel

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestPlainNHSNumber: the word-at-a-time check of 10 bytes agrees with
// nhsDigits and nhsCheckOK on digit strings and on strings with a byte
// just outside the digits.
func TestPlainNHSNumber(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	edges := []byte{'/', ':', '0', '9', ' ', '-', 0x80, 0xb0, 0xb9, 0x10, 0x39 + 6, 0x2f + 0x10}
	for range 200000 {
		var b strings.Builder
		for range 10 {
			if rng.IntN(40) == 0 {
				b.WriteByte(edges[rng.IntN(len(edges))])
			} else {
				b.WriteByte(byte('0' + rng.IntN(10)))
			}
		}
		s := b.String()
		d, wantOK := nhsDigits(s)
		wantValid := wantOK && nhsCheckOK(d)
		ok, valid := plainNHSNumber(s)
		if ok != wantOK || valid != wantValid {
			t.Fatalf("plainNHSNumber(%q) = %v, %v; want %v, %v", s, ok, valid, wantOK, wantValid)
		}
		if got := ValidNHSNumber(s); got != wantValid {
			t.Fatalf("ValidNHSNumber(%q) = %v, want %v", s, got, wantValid)
		}
	}
}
