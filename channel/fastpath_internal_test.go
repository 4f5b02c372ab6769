package channel

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

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

// TestPlainPhoneMatchesLoop: the fast path for the usual written form of a
// phone number gives what the full loop gives. A zero-width space after
// the first character, which the full loop ignores, keeps a number off
// the fast path.
func TestPlainPhoneMatchesLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const alphabet = "0123456789007 - +"
	fixed := []string{"07700 900123", "+44 7700 900123", "+447700900123", "07700-900-123", "0044 7700 900123",
		"7700900123", "447700900123", "+", "+ 44", "0", "07700  900123", "1234567890123456789", "+-44 7700 900123"}
	for range 20000 {
		b := make([]byte, 1+rng.IntN(20))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		fixed = append(fixed, string(b))
	}
	fast := 0
	for _, s := range fixed {
		var buf [maxPhoneDigits]byte
		if _, _, ok := plainPhone(s, &buf); ok {
			fast++
		}
		gotD, gotR := parsePhone(s)
		wantD, wantR := parsePhone(s[:1] + "\u200b" + s[1:])
		if gotD != wantD || gotR != wantR {
			t.Errorf("parsePhone(%q) = %q, %q; the full loop gives %q, %q", s, gotD, gotR, wantD, wantR)
		}
	}
	if fast == 0 {
		t.Error("no number took the fast path")
	}
}

// previewEndLoop is PreviewEnd without its eight-byte fast path: the
// reference it is checked against.
func previewEndLoop(body string) int {
	i := 0
	for i < len(body) {
		r, size := utf8.DecodeRuneInString(body[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += size
	}
	for n := 0; i < len(body) && n < PreviewRunes; n++ {
		_, size := utf8.DecodeRuneInString(body[i:])
		i += size
	}
	return i
}

// TestPreviewEndMatchesLoop: counting ASCII eight bytes at a time ends the
// preview where counting one character at a time does, for ASCII, text
// that is not, invalid UTF-8 and lengths around PreviewRunes.
func TestPreviewEndMatchesLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", " ", "\n", "é", "€", "😀", "\xff", "\u00a0", "0", "\t"}
	for j := range 20000 {
		var b strings.Builder
		rare := []int{4, 16, 256, 1 << 30}[j%4] // one piece in rare is not a letter
		for range rng.IntN(2 * PreviewRunes) {
			if rng.IntN(rare) == 0 {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			} else {
				b.WriteByte(byte('a' + rng.IntN(26)))
			}
		}
		s := b.String()
		if got, want := PreviewEnd(s), previewEndLoop(s); got != want {
			t.Fatalf("PreviewEnd(%q) = %d, want %d", s, got, want)
		}
	}
}
