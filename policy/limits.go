package policy

import (
	"github.com/carecomms/carecomms/proxy"
	"strconv"

	"github.com/carecomms/carecomms/internal/printable"
)

// Input limits. A message or record beyond any of them is refused: Decide
// gives Refuse with an input.message or input.record step naming the
// field, and Message.Validate or Record.Validate a *FieldError, before any
// other work is done on the field, so the time and memory of a decision
// stay bounded whatever a host passes in. A proxy's own fields beyond
// their limits set that proxy aside instead (an input.entry step, and a
// *FieldError wrapping ErrIncompleteEntry): nothing more of it is read,
// and the person's own message is decided without it. They are far above what care
// messages need; BenchmarkDecideWorstCase measures a decision at all of
// them at once.
const (
	// MaxBodyBytes bounds Message.Body: 32 KiB, about 5,000 words, more
	// than a long letter. A text message holds at most 918 characters
	// (channel.MaxSMSUnits).
	MaxBodyBytes = 32 << 10
	// MaxFindings bounds what a body may hold for scanning to be of use: a
	// body in which the scan finds more than 500 things to flag is refused
	// rather than revised, and the decision lists the first 500.
	MaxFindings = 500
	// MaxIDBytes bounds every identifier: Message.ID, Staff.ID, Group.ID,
	// Record.PatientID, an approval's recipient and decided_by, a proxy's
	// id, and Record.Language.
	MaxIDBytes = 256
	// MaxTextBytes bounds the other free text fields: the staff member's
	// name and role, the person's name, NHS number, address and postcode,
	// an override's decided_by and justification, an objection's reason
	// and recorded_by, a proxy's name and relationship. (Contact
	// addresses are bounded by channel.NormalizeAddress: 1 KiB.)
	MaxTextBytes = 1024
	// MaxAttempts bounds Message.Attempts.
	MaxAttempts = 64
	// MaxApprovals bounds Message.Approvals.
	MaxApprovals = 16
	// MaxContacts bounds Record.Contacts, and each proxy's contacts.
	MaxContacts = 32
	// MaxPreferences bounds Record.Preferences, and each proxy's.
	MaxPreferences = 16
	// MaxObjections bounds Record.Objections.
	MaxObjections = 32
	// MaxProxies bounds Record.Proxies.
	MaxProxies = 16
	// MaxNeeds bounds Record.Needs.
	MaxNeeds = 16
)

// tooMany adds the problem that the list at path has n entries, more
// than max, and reports whether it did; the caller then checks none of
// them.
//
// The test of the length is all a call does in the usual case, and is
// inlined; building the problem is a call of its own.
func (p *problems) tooMany(path string, n, max int) bool {
	if n <= max {
		return false
	}
	p.addTooMany(path, n, max)
	return true
}

func (p *problems) addTooMany(path string, n, max int) {
	p.add(path, "has "+strconv.Itoa(n)+" entries: at most "+strconv.Itoa(max)+" are allowed, and none is used")
}

// tooLong adds the problem that the text at path is longer than max
// bytes, and reports whether it did.
// As with tooMany, only the test of the length is inlined.
func (p *problems) tooLong(path, s string, max int) bool {
	if len(s) <= max {
		return false
	}
	p.addTooLong(path, len(s), max)
	return true
}

func (p *problems) addTooLong(path string, n, max int) {
	p.add(path, "is "+strconv.Itoa(n)+" bytes long: at most "+strconv.Itoa(max)+" are allowed")
}

// id checks an identifier: blank (reported as empty, unless empty is ""),
// longer than MaxIDBytes, or not printable (see printable.ID).
//
// An identifier that starts with a visible ASCII character, within the
// limit and printable, the usual case, is decided by the inlined test;
// the rest go through idProblems.
func (p *problems) id(path, s, empty string) {
	if s != "" && s[0] > ' ' && s[0] < 0x7f && len(s) <= MaxIDBytes && printable.ID(s) {
		return // not blank, as its first character is visible
	}
	p.idProblems(path, s, empty)
}

// idProblems adds the problem with an identifier id found, if any.
func (p *problems) idProblems(path, s, empty string) {
	switch {
	case blank(s):
		if empty != "" {
			p.add(path, empty)
		}
	case p.tooLong(path, s, MaxIDBytes):
	case !printable.ID(s):
		p.add(path, "is not printable: use visible characters only, as valid UTF-8, with no control, format or zero-width characters")
	}
}

// oversized names every field of the record beyond its limit and reports
// whether there was one outside the proxies' entries, which proxyOversized
// sets aside. It reads only lengths, so it costs the same
// whatever the record holds.
func (r *Record) oversized(p *problems) bool {
	if r.withinLimits() {
		return false // the usual case, without the calls below
	}
	n := len(p.list)
	p.tooLong("nhs_number", r.NHSNumber, MaxTextBytes)
	p.tooLong("name", r.Name, MaxTextBytes)
	p.tooLong("address", r.Address, MaxTextBytes)
	p.tooLong("postcode", r.Postcode, MaxTextBytes)
	p.tooLong("language", r.Language, MaxIDBytes)
	p.tooMany("contacts", len(r.Contacts), MaxContacts)
	p.tooMany("preferences", len(r.Preferences), MaxPreferences)
	p.tooMany("needs", len(r.Needs), MaxNeeds)
	if !p.tooMany("objections", len(r.Objections), MaxObjections) {
		for i := range r.Objections {
			o := &r.Objections[i]
			p.tooLongAt("objections", i, "reason", o.Reason, MaxTextBytes)
			p.tooLongAt("objections", i, "recorded_by", o.RecordedBy, MaxTextBytes)
			p.tooLongAt("objections", i, "service", o.Service, MaxTextBytes)
		}
	}
	if !p.tooMany("proxies", len(r.Proxies), MaxProxies) {
		for i := range r.Proxies {
			p.proxyOversized(i, &r.Proxies[i])
		}
	}
	return len(p.list) > n
}

// proxyOversized flags the fields of proxies[i] over their limits as
// problems of that entry alone (ErrIncompleteEntry): the proxy is not used
// and not validated further (only its id is compared with the others'),
// and the person's own message is decided without it.
func (p *problems) proxyOversized(i int, x *proxy.Proxy) {
	n := len(p.list)
	p.tooLongAt("proxies", i, "id", x.ID, MaxIDBytes)
	p.tooLongAt("proxies", i, "name", x.Name, MaxTextBytes)
	p.tooLongAt("proxies", i, "relationship", x.Relationship, MaxTextBytes)
	p.tooLongAt("proxies", i, "language", x.Language, MaxIDBytes)
	if len(x.Contacts) > MaxContacts || len(x.Preferences) > MaxPreferences {
		f := "proxies[" + strconv.Itoa(i) + "]"
		p.tooMany(f+".contacts", len(x.Contacts), MaxContacts)
		p.tooMany(f+".preferences", len(x.Preferences), MaxPreferences)
	}
	if len(p.list) == n {
		return
	}
	p.dropped |= 1 << i
	for _, fe := range p.list[n:] {
		p.entry(fe)
	}
	p.list = p.list[:n]
}

// tooLongAt is tooLong for the field of entry i of the list at path,
// building the path only when the text is too long.
func (p *problems) tooLongAt(list string, i int, field, s string, max int) {
	if len(s) > max {
		p.tooLong(list+"["+strconv.Itoa(i)+"]."+field, s, max)
	}
}

// withinLimits reports whether every field oversized checks is within its
// limit: the same tests, with nothing to report, in one pass that
// oversized skips its calls after.
func (r *Record) withinLimits() bool {
	if len(r.NHSNumber) > MaxTextBytes || len(r.Name) > MaxTextBytes || len(r.Address) > MaxTextBytes ||
		len(r.Postcode) > MaxTextBytes || len(r.Language) > MaxIDBytes || len(r.Contacts) > MaxContacts ||
		len(r.Preferences) > MaxPreferences || len(r.Needs) > MaxNeeds ||
		len(r.Objections) > MaxObjections || len(r.Proxies) > MaxProxies {
		return false
	}
	for i := range r.Objections {
		o := &r.Objections[i]
		if len(o.Reason) > MaxTextBytes || len(o.RecordedBy) > MaxTextBytes || len(o.Service) > MaxTextBytes {
			return false
		}
	}
	for i := range r.Proxies {
		x := &r.Proxies[i]
		if len(x.ID) > MaxIDBytes || len(x.Name) > MaxTextBytes || len(x.Relationship) > MaxTextBytes ||
			len(x.Language) > MaxIDBytes || len(x.Contacts) > MaxContacts || len(x.Preferences) > MaxPreferences {
			return false
		}
	}
	return true
}
