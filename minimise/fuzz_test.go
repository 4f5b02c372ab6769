package minimise

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/carecomms/carecomms/channel"
)

// fataler is what the checks need of testing.T and rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkFindings reports findings whose spans are not valid: inside the
// text, non-empty, on character boundaries, in order, with valid enums.
func checkFindings(t fataler, text string, fs []Finding) {
	t.Helper()
	starts := make(map[int]bool, len(text)+1)
	for i := range text {
		starts[i] = true
	}
	starts[len(text)] = true
	for k, f := range fs {
		switch {
		case f.Start < 0 || f.Start >= f.End || f.End > len(text):
			t.Fatalf("finding %d %v: span outside the text of %d bytes", k, f, len(text))
		case !starts[f.Start] || !starts[f.End]:
			t.Fatalf("finding %d %v: span not on character boundaries", k, f)
		case !f.Kind.Valid() || !f.Category.Valid():
			t.Fatalf("finding %d %v: invalid kind or category %v", k, f, f.Category)
		case k > 0 && compareFindings(fs[k-1], f) > 0:
			t.Fatalf("findings %d and %d out of order: %v, %v", k-1, k, fs[k-1], f)
		case f.SeverityOn(false) == Unassessed || f.SeverityOn(true) == Unassessed:
			t.Fatalf("finding %d %v: unassessed severity", k, f)
		}
	}
}

// checkRedact reports a finding replaced by a placeholder whose text
// survives Redact: the
// matched text may appear in the output only where it also appears in the
// unredacted part of the original, inside a placeholder, or across a
// placeholder's brackets.
func checkRedact(t fataler, text string, block []Finding) {
	t.Helper()
	out := Redact(text, block)
	// The original with the redacted spans (widened to characters) cut out.
	cut := []byte(text)
	for _, f := range block {
		s, e := f.Start, f.End
		for s > 0 && !utf8.RuneStart(text[s]) {
			s--
		}
		for e < len(text) && !utf8.RuneStart(text[e]) {
			e++
		}
		for i := s; i < e; i++ {
			cut[i] = 0
		}
	}
	rest := string(cut)
	for _, f := range block {
		m := text[f.Start:f.End]
		if !strings.Contains(out, m) || strings.Contains(rest, m) || strings.ContainsAny(m, "[]") {
			continue
		}
		inPlaceholder := false
		for _, k := range Kinds() {
			if strings.Contains(k.placeholder(), m) {
				inPlaceholder = true
			}
		}
		if !inPlaceholder {
			t.Fatalf("Redact kept the text of blocking finding %v", f)
		}
	}
}

var fuzzSeeds = []string{
	"",
	"Your chlamydia test came back positive. Call 07700 900123.",
	"NHS number 999 000 0018, born 12/03/1980, postcode LS1 4AP, jo@example.org",
	"Pay the £25 fee now at bit.ly/abc or https://nhs.uk@evil.example/x CLICK HERE NOW!!",
	"the the therapist archive whiv H I V h.i.v ＨＩＶ hi\u200bv",
	"HbA1c 48 mmol/mol; glucose 5.4 mmol/L; 140/90 mmHg",
	"\xff\xfe h\xc3 i v \xe2\x80",
	"+44 (0)113 496 0000 (0113) 496 0000 +",
	"https://", "@", "a@b.c", "www.", "£", "12/", "March 12,", "ＡＢＣ ＤＥＦ ＧＨＩ",
	"Dear Jo Bloggs, 14 Acacia Avenue LS2 9JT",
}

// pathologicalSeeds are shapes that once made a scan slower than linear.
func pathologicalSeeds() []string {
	var out []string
	for _, unit := range []string{"1,111", "1 ", "a.", "1/", "H ", "!", "ABC ", "a@", "http://",
		"£1", "\u200b", "March 1 ", "1/1/", "0 ", "1-", "9"} {
		out = append(out, strings.Repeat(unit, 4000/len(unit)+1))
	}
	return out
}

func FuzzScan(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	for _, s := range pathologicalSeeds() {
		f.Add(s)
	}
	s := Default()
	subj := &Subject{Name: "Jo Bloggs", Address: "14 Acacia Avenue, Leeds", Postcode: "LS2 9JT",
		BirthDate: channel.Date{Year: 1980, Month: 3, Day: 12}}
	f.Fuzz(func(t *testing.T, text string) {
		fs := s.Scan(text, subj)
		checkFindings(t, text, fs)
		checkRedact(t, text, blockingOn(fs, false))
		var placeheld []Finding
		for _, f := range fs {
			if f.Kind != RepeatedWord && f.Kind != Shouting {
				placeheld = append(placeheld, f)
			}
		}
		checkRedact(t, text, placeheld)
		// Scanning is deterministic and the same with or without a
		// reused slice.
		again := s.ScanAppend(make([]Finding, 0, 4), text, subj)
		if len(again) != len(fs) {
			t.Fatalf("second scan found %d findings, first %d", len(again), len(fs))
		}
		for k := range fs {
			if fs[k] != again[k] {
				t.Fatalf("second scan finding %d = %v, first %v", k, again[k], fs[k])
			}
		}
		for _, f := range fs {
			if strings.Contains(f.String(), text[f.Start:f.End]) && len(text[f.Start:f.End]) > 3 {
				t.Fatalf("String() of %v shows the matched text", f)
			}
		}
	})
}
