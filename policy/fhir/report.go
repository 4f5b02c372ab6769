package fhir

import (
	"strconv"
	"strings"
)

// Severity says what the reader did with an element it reported.
type Severity int

// Severities, from the mildest.
const (
	// Note: the element was mapped, with an assumption the entry states.
	Note Severity = iota + 1
	// Ignored: the element was not understood and is not in the Record.
	Ignored
	// Closed: the element was mapped so that Decide fails closed (a
	// restricted or deceased person, an invalid NHS number, a proxy
	// without authority), or could not be mapped safely.
	Closed
)

// String returns "note", "ignored" or "closed".
func (s Severity) String() string {
	switch s {
	case Note:
		return "note"
	case Ignored:
		return "ignored"
	case Closed:
		return "closed"
	}
	return "severity(" + strconv.Itoa(int(s)) + ")"
}

// Entry is one thing the reader reports about one element.
type Entry struct {
	// Path names the element, as Resource/id.element[i], such as
	// "Patient/p1.telecom[2]". It holds resource ids and element names
	// only, never a value from the input.
	Path string `json:"path"`
	// Severity says what was done with it.
	Severity Severity `json:"severity"`
	// Detail says what and why. It never holds an address, a name or an
	// identifier's value. Its wording may change.
	Detail string `json:"detail"`
}

// String returns "path: severity: detail".
func (e Entry) String() string { return e.Path + ": " + e.Severity.String() + ": " + e.Detail }

// Report is what the reader did not map as it stands: every element it
// did not understand, every assumption it made and every mapping that
// makes Decide fail closed. A host logs it or shows it beside the record.
type Report struct {
	Entries []Entry `json:"entries,omitempty"`
}

// maxEntries bounds a report on hostile input; the last entry says how
// many more were left out.
const maxEntries = 1000

func (r *Report) add(path string, s Severity, detail string) {
	switch {
	case len(r.Entries) < maxEntries:
		r.Entries = append(r.Entries, Entry{Path: path, Severity: s, Detail: detail})
	case len(r.Entries) == maxEntries:
		r.Entries = append(r.Entries, Entry{Path: path, Severity: Ignored, Detail: "too many report entries: the rest are left out"})
	}
}

// Closed reports whether any entry made the record fail closed.
func (r *Report) Closed() bool { return r.Worst() == Closed }

// Worst returns the most severe entry's severity, or 0 for an empty report.
func (r *Report) Worst() Severity {
	var w Severity
	for _, e := range r.Entries {
		w = max(w, e.Severity)
	}
	return w
}

// String lists the entries, one a line.
func (r Report) String() string {
	var b strings.Builder
	for _, e := range r.Entries {
		b.WriteString(e.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// clip shortens text from the input (codes, URLs) for a detail.
func clip(s string) string {
	const n = 80
	if len(s) <= n {
		return strconv.Quote(s)
	}
	return strconv.Quote(s[:n]) + "…"
}
