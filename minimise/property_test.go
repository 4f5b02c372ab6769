package minimise

import (
	"reflect"
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

// TestPropertyPlainNumber: where plainNumber lets the scanner skip the
// number detectors, none of them would have found anything.
func TestPropertyPlainNumber(t *testing.T) {
	pieces := []string{"0", "7", "09", "12", "40", "113", "1980", "0113", "4960000", "07700900123", "9434765919",
		":", " ", "-", "/", ".", ",", "(", ")", "+", "!", ";", "?", "\n",
		"GBP", "GBP ", "gbp", "p", "P", " pounds", "pounds", "th", " March 1980", "th of March, 1980", "March", "Mar",
		"/03/1980", ".03.1980", ".50", "-03-80", "-Mar-1980", ".5", ",000", " 496 0000", " 943 476 5919", "-476-5919",
		"£", "\u00a0", "\u200b", "０", "－", "at ", "x"}
	s := Default()
	rapid.Check(t, func(rt *rapid.T) {
		text := strings.Join(rapid.SliceOfN(rapid.SampledFrom(pieces), 1, 10).Draw(rt, "pieces"), "")
		for i := 0; i < len(text); i++ {
			if text[i]-'0' >= 10 || !plainNumber(text, i) {
				continue
			}
			if _, e, _, ok := parseDateAt(text, i); ok {
				rt.Fatalf("plainNumber(%q, %d) but parseDateAt finds a date ending at %d", text, i, e)
			}
			var st scanState
			st.start(s, text, nil)
			before := st
			if st.scanPhoneOrNHS(i) || !reflect.DeepEqual(before, st) {
				rt.Fatalf("plainNumber(%q, %d) but scanPhoneOrNHS finds %v", text, i, st.dst)
			}
			if st.scanWordAmount(i); !reflect.DeepEqual(before, st) {
				rt.Fatalf("plainNumber(%q, %d) but scanWordAmount finds an amount", text, i)
			}
		}
	})
	for _, text := range []string{"at 09:40.", "at 09:40", "1!", "12;", "3", "40. See", "7, then"} {
		if !plainNumber(text, strings.IndexAny(text, "0123456789")) {
			t.Errorf("plainNumber(%q) = false, want the fast path", text)
		}
	}
}
