// Package corpus reads the labelled corpus of real message texts in
// minimise/testdata/corpus: genuine NHS and care messages, reported scams
// that impersonate the NHS, and confidential cases, each with its source,
// channel, expected findings and expected outcome. The minimise and policy
// tests run it.
//
// The format, one entry per paragraph ("#" starts a comment line):
//
//	name: nbs-covid-invitation        (required, unique)
//	source: https://...               (required: where the text is published or reported)
//	category: genuine | scam | confidential   (required)
//	channel: sms | email | nhs_app | letter   (required)
//	class: appointment_invitation     (optional: a channel.Class name)
//	subject: Alex Park                (optional: the patient's name)
//	findings: unapproved_link urgency (required: minimise kind names, or "none")
//	expect: pass | revise | stop      (required)
//	note: ...                         (optional)
//	> the body, one line of text per "> " line
//
// Unknown keys, repeated keys, missing keys and unknown names are errors.
package corpus

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
)

// Entry is one labelled message.
type Entry struct {
	File, Name, Source, Category, Note string
	Channel                            channel.Kind
	Class                              channel.Class
	Subject                            string
	Findings                           []minimise.Kind
	Expect                             string
	Body                               string
}

// Domains are the org's own domains in every corpus entry.
var Domains = []string{"riverside.example.org"}

// Load reads every *.txt file in fsys, reporting every problem found.
func Load(fsys fs.FS) ([]Entry, error) {
	files, err := fs.Glob(fsys, "*.txt")
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, errors.New("corpus: no *.txt files")
	}
	var all []Entry
	var errs []error
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		es, err := parse(f, string(b))
		errs = append(errs, err)
		all = append(all, es...)
	}
	seen := map[string]bool{}
	for _, e := range all {
		if seen[e.Name] {
			errs = append(errs, fmt.Errorf("corpus: %s: name %q used twice", e.File, e.Name))
		}
		seen[e.Name] = true
	}
	return all, errors.Join(errs...)
}

// parse reads one file's entries.
func parse(file, text string) ([]Entry, error) {
	var out []Entry
	var errs []error
	var cur map[string]string
	var body []string
	start := 0
	flush := func() {
		if cur == nil {
			return
		}
		e, err := entryFrom(path.Base(file), cur, body)
		if err != nil {
			errs = append(errs, fmt.Errorf("corpus: %s:%d: %w", file, start, err))
		} else {
			out = append(out, e)
		}
		cur, body = nil, nil
	}
	sc := bufio.NewScanner(strings.NewReader(text))
	for ln := 1; sc.Scan(); ln++ {
		line := sc.Text()
		switch {
		case strings.TrimSpace(line) == "":
			flush()
			continue
		case strings.HasPrefix(line, "#"):
			continue
		}
		if cur == nil {
			cur, start = map[string]string{}, ln
		}
		if rest, ok := strings.CutPrefix(line, ">"); ok {
			body = append(body, strings.TrimPrefix(rest, " "))
			continue
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok || len(body) > 0 {
			errs = append(errs, fmt.Errorf("corpus: %s:%d: want \"key: value\" before the body lines", file, ln))
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if _, dup := cur[k]; dup {
			errs = append(errs, fmt.Errorf("corpus: %s:%d: key %q repeated", file, ln, k))
		}
		cur[k] = v
	}
	flush()
	return out, errors.Join(append(errs, sc.Err())...)
}

// entryFrom checks one entry's keys and builds it.
func entryFrom(file string, kv map[string]string, body []string) (Entry, error) {
	e := Entry{File: file, Name: kv["name"], Source: kv["source"], Category: kv["category"],
		Note: kv["note"], Subject: kv["subject"], Expect: kv["expect"], Body: strings.Join(body, "\n")}
	for k := range kv {
		switch k {
		case "name", "source", "category", "channel", "class", "subject", "findings", "expect", "note":
		default:
			return e, fmt.Errorf("unknown key %q", k)
		}
	}
	for _, k := range []string{"name", "source", "category", "channel", "findings", "expect"} {
		if kv[k] == "" {
			return e, fmt.Errorf("entry %q: missing %s", e.Name, k)
		}
	}
	switch {
	case len(body) == 0:
		return e, fmt.Errorf("entry %q: no body lines", e.Name)
	case !strings.HasPrefix(e.Source, "https://"):
		return e, fmt.Errorf("entry %q: source must be an https URL", e.Name)
	case !slices.Contains([]string{"genuine", "scam", "confidential"}, e.Category):
		return e, fmt.Errorf("entry %q: category %q: use genuine, scam or confidential", e.Name, e.Category)
	case !slices.Contains([]string{"pass", "revise", "stop"}, e.Expect):
		return e, fmt.Errorf("entry %q: expect %q: use pass, revise or stop", e.Name, e.Expect)
	}
	if err := e.Channel.UnmarshalText([]byte(kv["channel"])); err != nil {
		return e, fmt.Errorf("entry %q: %w", e.Name, err)
	}
	if c := kv["class"]; c != "" {
		if err := e.Class.UnmarshalText([]byte(c)); err != nil {
			return e, fmt.Errorf("entry %q: %w", e.Name, err)
		}
	}
	if kv["findings"] != "none" {
		for _, w := range strings.Fields(kv["findings"]) {
			var k minimise.Kind
			if err := k.UnmarshalText([]byte(w)); err != nil {
				return e, fmt.Errorf("entry %q: %w", e.Name, err)
			}
			e.Findings = append(e.Findings, k)
		}
	}
	return e, nil
}
