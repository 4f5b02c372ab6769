package minimise_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/corpus"
	"github.com/carecomms/carecomms/minimise"
)

// loadCorpus reads testdata/corpus (format: package internal/corpus).
func loadCorpus(t *testing.T) []corpus.Entry {
	t.Helper()
	es, err := corpus.Load(os.DirFS(filepath.Join("testdata", "corpus")))
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// corpusSecure says which corpus channels need a log-in and are approved
// for confidential content: the NHS App, and a letter in its envelope.
func corpusSecure(k channel.Kind) bool { return k == channel.NHSApp || k == channel.Letter }

// corpusOutcome is what a scan means for sending the body on its channel:
// "stop" when a scam feature blocks, "revise" when anything else blocks,
// "pass" otherwise (advisory findings are reported, not acted on).
func corpusOutcome(s *minimise.Scanner, e corpus.Entry, fs []minimise.Finding) string {
	out := "pass"
	for _, f := range fs {
		if !s.Severity(f, e.Class, corpusSecure(e.Channel)).Blocks() {
			continue
		}
		if f.Kind.Scam() {
			return "stop"
		}
		out = "revise"
	}
	return out
}

// TestCorpus scans every corpus message, prints precision and recall per
// finding kind, and fails when a genuine message is stopped too often,
// a scam gets through or confidential content goes by SMS unedited.
func TestCorpus(t *testing.T) {
	entries := loadCorpus(t)
	s, err := minimise.New(minimise.Config{AllowedDomains: corpus.Domains})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	var tp, fp, fn [64]int
	var genuineStopped, mismatched []string
	for _, e := range entries {
		count[e.Category]++
		var subj *minimise.Subject
		if e.Subject != "" {
			subj = &minimise.Subject{Name: e.Subject}
		}
		fs := s.Scan(e.Body, subj)
		got := map[minimise.Kind]bool{}
		for _, f := range fs {
			got[f.Kind] = true
		}
		for _, k := range minimise.Kinds() {
			want := slices.Contains(e.Findings, k)
			switch {
			case want && got[k]:
				tp[k]++
			case got[k]:
				fp[k]++
				t.Logf("%s: unexpected %s", e.Name, k)
			case want:
				fn[k]++
				t.Logf("%s: missed %s", e.Name, k)
			}
		}
		if err := linksIntact(s, e, fs); err != nil {
			t.Errorf("%s: %v", e.Name, err)
		}
		o := corpusOutcome(s, e, fs)
		if o != e.Expect {
			mismatched = append(mismatched, fmt.Sprintf("%s (%s): outcome %s, want %s", e.Name, e.Category, o, e.Expect))
		}
		switch {
		case e.Category == "genuine" && o != "pass":
			genuineStopped = append(genuineStopped, e.Name)
		case e.Category == "scam" && o != "stop":
			t.Errorf("scam %s gets through: outcome %s, want stop", e.Name, o)
		case e.Category == "confidential" && e.Channel == channel.SMS && o == "pass":
			t.Errorf("confidential %s goes by SMS unedited", e.Name)
		}
	}
	t.Logf("corpus: %d genuine, %d scam, %d confidential", count["genuine"], count["scam"], count["confidential"])
	if count["genuine"] < 50 || count["scam"] < 20 || count["confidential"] < 10 {
		t.Errorf("corpus too small: want at least 50 genuine, 20 scam and 10 confidential messages")
	}
	t.Log(corpusTable(tp[:], fp[:], fn[:]))
	rate := float64(len(genuineStopped)) / float64(max(count["genuine"], 1))
	t.Logf("genuine messages stopped: %d of %d (%.1f%%) %v", len(genuineStopped), count["genuine"], 100*rate, genuineStopped)
	if rate > 0.02 {
		t.Errorf("%.1f%% of genuine messages are stopped, want at most 2%%", 100*rate)
	}
	for _, m := range mismatched {
		t.Log("outcome differs from the label: " + m)
	}
}

// corpusTable renders precision and recall per kind.
func corpusTable(tp, fp, fn []int) string {
	var b strings.Builder
	b.WriteString("\nkind                 tp  fp  fn  precision  recall\n")
	for _, k := range minimise.Kinds() {
		if tp[k]+fp[k]+fn[k] == 0 {
			continue
		}
		p, r := ratio(tp[k], tp[k]+fp[k]), ratio(tp[k], tp[k]+fn[k])
		fmt.Fprintf(&b, "%-20s %3d %3d %3d  %9s  %6s\n", k, tp[k], fp[k], fn[k], p, r)
	}
	return b.String()
}

func ratio(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", float64(a)/float64(b))
}

// linksIntact checks that redacting the findings that block never breaks
// a link: each link in the body is either left whole or, when the link
// itself blocks, replaced whole.
func linksIntact(s *minimise.Scanner, e corpus.Entry, fs []minimise.Finding) error {
	var block []minimise.Finding
	for _, f := range fs {
		if s.Severity(f, e.Class, corpusSecure(e.Channel)).Blocks() {
			block = append(block, f)
		}
	}
	red := minimise.Redact(e.Body, block)
	for _, tok := range strings.Fields(e.Body) {
		tok = strings.TrimRight(tok, ".,;:)")
		if !strings.Contains(tok, "://") && !strings.HasPrefix(tok, "www.") {
			continue
		}
		if strings.Contains(red, tok) {
			continue
		}
		whole := false
		for _, f := range block {
			if f.Kind.Scam() && strings.Contains(e.Body[f.Start:f.End], tok) {
				whole = true
			}
		}
		if !whole {
			return fmt.Errorf("redaction breaks the link %q: %q", tok, red)
		}
	}
	return nil
}
