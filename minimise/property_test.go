package minimise

import (
	"strings"
	"testing"
	"unicode"

	"pgregory.net/rapid"
)

// cleanWords make bodies with no findings of their own.
var cleanWords = []string{"please", "come", "to", "the", "surgery", "on", "monday", "thank", "you",
	"for", "your", "visit", "we", "will", "see", "soon", "reply", "with", "any", "questions",
	"bring", "a", "list", "of", "and", "at", "our", "nurse", "doctor", "today", "letter", "is", "about"}

// propertyTerms are the default terms reported by themselves as
// confidential (not the contextual ones).
func propertyTerms() []string {
	var out []string
	for _, t := range defaultTerms() {
		switch t.Category {
		case CategoryCondition, CategoryTest, CategoryMedicine, CategoryService:
			out = append(out, t.Text)
		}
	}
	return out
}

// obfuscate writes term with random case, full-width letters and
// zero-width characters, and, when spaced, every letter separated, as the
// normaliser promises to undo.
func obfuscate(t *rapid.T, term string, spaced bool) string {
	var b strings.Builder
	seps := []string{" ", ".", "-", " . ", "_", "\u3000"}
	sep := rapid.SampledFrom(seps).Draw(t, "sep")
	first := true
	for _, r := range term {
		if spaced {
			if r == ' ' || r == '-' || r == '\'' {
				continue
			}
			if !first {
				b.WriteString(sep)
			}
		}
		first = false
		if rapid.IntRange(0, 5).Draw(t, "zero-width") == 0 {
			b.WriteString(rapid.SampledFrom([]string{"\u200b", "\u00ad", "\u2060", "\ufeff", "\u200c"}).Draw(t, "zw"))
		}
		if rapid.Bool().Draw(t, "upper") {
			r = unicode.ToUpper(r)
		}
		if r < 0x7f && r > ' ' && rapid.IntRange(0, 3).Draw(t, "wide") == 0 {
			r += 0xFF01 - '!'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestPropertyConfidentialTermFound: a confidential term put anywhere in a
// clean body, at word boundaries, is always found, whatever mix of case,
// full-width forms, zero-width characters and one-letter spacing hides it
// (G6, G22).
func TestPropertyConfidentialTermFound(t *testing.T) {
	terms := propertyTerms()
	s := Default()
	rapid.Check(t, func(t *rapid.T) {
		words := rapid.SliceOfN(rapid.SampledFrom(cleanWords), 0, 24).Draw(t, "body")
		term := rapid.SampledFrom(terms).Draw(t, "term")
		letters := 0
		digits := false
		for _, r := range term {
			if unicode.IsLetter(r) {
				letters++
			}
			digits = digits || unicode.IsDigit(r)
		}
		spaced := !digits && letters >= 3 && rapid.Bool().Draw(t, "spaced")
		hidden := obfuscate(t, term, spaced)
		pos := rapid.IntRange(0, len(words)).Draw(t, "pos")
		before := strings.Join(words[:pos], " ")
		if before != "" {
			before += " "
		}
		after := strings.Join(words[pos:], " ")
		if after != "" {
			after = " " + after
		}
		text := before + hidden + after
		start, end := len(before), len(before)+len(hidden)
		fs := s.Scan(text, nil)
		checkFindings(t, text, fs)
		for _, f := range fs {
			if f.Kind.Confidential() && f.Start <= start+4 && f.End >= end-4 && f.Start < end && f.End > start {
				return
			}
		}
		t.Fatalf("Scan(%q) = %v: the hidden term %q at %d-%d was not found", text, fs, term, start, end)
	})
}

// TestPropertyCleanBodies: bodies of clean words have no findings.
func TestPropertyCleanBodies(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		words := rapid.SliceOfN(rapid.SampledFrom(cleanWords), 0, 30).Draw(t, "body")
		text := strings.Join(words, " ")
		if fs := Scan(text, nil); len(fs) != 0 {
			for _, f := range fs {
				if f.Kind != RepeatedWord {
					t.Fatalf("Scan(%q) = %v, want no findings", text, fs)
				}
			}
		}
	})
}
