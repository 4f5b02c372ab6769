package fhir

import (
	"strconv"
	"strings"

	"github.com/carecomms/carecomms/channel"
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
	// "Patient/p1.telecom[2]". The resource id is masked as
	// [channel.MaskID] masks an identifier, since PDS uses the NHS number
	// as a Patient's id ("Patient/*******026.gender"), and an element name
	// the package does not read is quoted and masked likewise
	// (`Patient/p1."********"`). It never holds a value from the input.
	Path string `json:"path"`
	// Severity says what was done with it.
	Severity Severity `json:"severity"`
	// Detail says what and why. It never holds an address, a name or an
	// identifier's value. A code, a code system or a URL from the input
	// that it quotes is masked as [channel.MaskID] masks an identifier,
	// except that a URL of printable text with no space or @ (such as a
	// UK Core extension) is shown up to 160 bytes, with its numbers masked
	// as [channel.Redact] masks them. Its wording may change.
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

// ref returns the path of a resource, as "Patient/id", with the id masked
// as channel.MaskID masks an identifier: PDS uses the NHS number as a
// Patient's id, and hosts use one for any resource.
func ref(typ, id string) string {
	if id == "" {
		return typ + "/"
	}
	return typ + "/" + channel.MaskID(id)
}

// quote returns text from the input (a code, a system, a URL, an element
// name) in quotes, as a report shows it: masked as channel.MaskID masks an
// identifier (an address or free text as stars, all but the last 3 digits
// of an NHS or phone number), except that a URL of printable text with no
// space or @, such as the code systems and extensions this package names,
// is shown up to 160 bytes, with its numbers masked as channel.Redact
// masks them.
func quote(s string) string {
	switch {
	case s == "":
		return `""`
	case isURL(s):
		return strconv.Quote(channel.Redact(s, ""))
	}
	return strconv.Quote(channel.MaskID(s))
}

// maxURLShown is the longest URL quote shows.
const maxURLShown = 160

// isURL reports whether s is an http or https URL of at most maxURLShown
// bytes of printable ASCII, with no space and no @: text channel.MaskID
// would show as an identifier but for its length.
func isURL(s string) bool {
	if len(s) > maxURLShown || !(strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '@' {
			return false
		}
	}
	return true
}
