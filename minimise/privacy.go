package minimise

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
)

// String describes the subject without their name, date of birth, address
// or postcode: only which of them are given.
func (s Subject) String() string {
	out := "subject with"
	given := false
	for _, f := range []struct {
		name string
		set  bool
	}{{"name", s.Name != ""}, {"birth date", !s.BirthDate.IsZero()}, {"address", s.Address != ""}, {"postcode", s.Postcode != ""}} {
		if f.set {
			out += " " + f.name
			given = true
		}
	}
	if !given {
		out += " nothing to look for"
	}
	return out
}

// Format prints String for every verb, %#v included, so that no verb
// prints the person's details.
func (s Subject) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, s.String()) }

// LogValue gives log/slog what String prints, so that no handler prints
// the person's details.
func (s Subject) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Format prints the length of the prepared body for every verb, %#v
// included: a Prepared holds the body and where its words are.
func (p *Prepared) Format(f fmt.State, verb rune) {
	n := 0
	if p != nil {
		n = len(p.text)
	}
	_, _ = io.WriteString(f, "minimise.Prepared (body "+strconv.Itoa(n)+" bytes)")
}
