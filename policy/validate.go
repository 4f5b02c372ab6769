package policy

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/printable"
	"github.com/carecomms/carecomms/internal/service"
	"github.com/carecomms/carecomms/internal/vocab"
	"github.com/carecomms/carecomms/internal/word"
	"github.com/carecomms/carecomms/objection"
)

// ErrInvalidMessage and ErrInvalidRecord are wrapped by the errors of
// Message.Validate and Record.Validate.
var (
	ErrInvalidMessage = errors.New("policy: invalid message")
	ErrInvalidRecord  = errors.New("policy: invalid record")
)

// ErrIncompleteEntry is wrapped, beside ErrInvalidRecord, by a problem
// confined to one entry of the record, which Decide works around rather
// than refuse the person's own message: a proxy entry that fails
// validation, or shares its id with the person or another proxy, is not
// used; an objection without who recorded it or when is upheld; a
// contact of no defined kind or status is not used. The decision flags
// each with an input.entry step and a correct_record obligation.
var ErrIncompleteEntry = errors.New("policy: incomplete entry in the record")

// problems collects the field errors of one validation.
type problems struct {
	list []*FieldError
	base error
	// entries are the problems that wrap ErrIncompleteEntry; dropped has
	// bit i set when proxies[i] is not used because of one.
	entries []*FieldError
	dropped uint32
}

// entry adds fe as a problem confined to one entry (ErrIncompleteEntry).
func (p *problems) entry(fe *FieldError) {
	fe.Err = errors.Join(ErrIncompleteEntry, fe.Err)
	p.entries = append(p.entries, fe)
}

// addEntry adds a problem confined to one entry of the record.
func (p *problems) addEntry(path, problem string) {
	p.entry(vocab.NewFieldError("policy", p.base, path, problem))
}

func (p *problems) add(path, problem string) {
	p.list = append(p.list, vocab.NewFieldError("policy", p.base, path, problem))
}

// nest adds the problems err holds (a nested value's Validate) under the
// path prefix, each keeping its own cause, with note appended.
func (p *problems) nest(prefix string, err error, note string) {
	for _, e := range vocab.Nest("policy", p.base, prefix, err) {
		fe := e.(*FieldError)
		fe.Problem += note
		p.list = append(p.list, fe)
	}
}

func (p *problems) join() error {
	if len(p.list) == 0 && len(p.entries) == 0 {
		return nil
	}
	errs := make([]error, 0, len(p.list)+len(p.entries))
	for _, e := range p.list {
		errs = append(errs, e)
	}
	for _, e := range p.entries {
		errs = append(errs, e)
	}
	return errors.Join(errs...)
}

// Validate reports every problem with the message, joined. Decide reports
// the same problems as trail steps and never sends such a message. Each
// error is a *FieldError wrapping ErrInvalidMessage.
func (m *Message) Validate() error {
	p := problems{base: ErrInvalidMessage}
	m.check(&p)
	return p.join()
}

func (m *Message) check(p *problems) {
	p.id("id", m.ID, "is empty: give every message an identifier (G26)")
	// A blank staff.id is staff.attribution's to report (G28).
	p.id("staff.id", m.Staff.ID, "")
	p.tooLong("staff.name", m.Staff.Name, MaxTextBytes)
	p.tooLong("staff.role", m.Staff.Role, MaxTextBytes)
	if m.Service != "" && !service.Valid(m.Service) {
		p.add("service", "is not a service code: use lower case letters, digits and single underscores, such as \"sexual_health\"")
	}
	if m.At.IsZero() {
		p.add("at", "is unset: pass the decision time; nothing reads the clock")
	} else if !inRange(m.At) {
		p.add("at", "is outside the years 1900 to 9000: pass the real decision time")
	}
	if !m.AppointmentAt.IsZero() && !inRange(m.AppointmentAt) {
		p.add("appointment_at", "is outside the years 1900 to 9000")
	}
	if m.Purpose < IndividualCare || m.Purpose > Other {
		p.add("purpose", "is unset: say whether the message is about individual_care (G1)")
	}
	if !m.Class.Valid() {
		p.add("class", "is unset: name the content class, such as appointment_reminder (G5)")
	}
	if m.Urgency > Emergency {
		p.add("urgency", "is not a defined urgency")
	}
	m.checkBody(p)
	if m.Group != nil {
		p.id("group.id", m.Group.ID, "is empty: identify the group message")
		if m.Group.Size < 1 {
			p.add("group.size", "must be at least 1")
		}
	}
	if m.Override != nil {
		if !m.Override.Ground.Valid() {
			p.add("override.ground", "is unset: name the compelling ground (G14)")
		}
		if !m.Override.At.IsZero() && !inRange(m.Override.At) {
			p.add("override.at", "is outside the years 1900 to 9000")
		}
		p.tooLong("override.decided_by", m.Override.DecidedBy, MaxTextBytes)
		p.tooLong("override.justification", m.Override.Justification, MaxTextBytes)
	}
	m.checkApprovals(p)
	if !p.tooMany("attempts", len(m.Attempts), MaxAttempts) {
		for i := range m.Attempts {
			a := &m.Attempts[i]
			if what := kindProblem(a.Kind); what != "" {
				p.add(fmt.Sprintf("attempts[%d].kind", i), what+": name the channel attempted")
			}
			if !a.Result.Valid() {
				p.add(fmt.Sprintf("attempts[%d].outcome", i), "is not a defined outcome: use one of "+outcomeNames())
			}
		}
	}
}

// kindProblem says what is wrong with a channel kind given in the input:
// "is unset", "is not a channel kind", or "" for a valid kind.
func kindProblem(k channel.Kind) string {
	switch {
	case k == 0:
		return "is unset"
	case !k.Valid():
		return "is not a channel kind"
	}
	return ""
}

// outcomeNames lists the names of the defined attempt outcomes, for the
// problem that names an undefined one.
func outcomeNames() string {
	var names []string
	for r := channel.ResultUnknown; r.Valid(); r++ {
		names = append(names, r.String())
	}
	return strings.Join(names, ", ")
}

// checkBody checks the body, the per-channel bodies and the fallback
// wait.
func (m *Message) checkBody(p *problems) {
	checkText(p, "body", m.Body)
	m.checkBodies(p)
	checkWait(p, "fallback_after", m.FallbackAfter)
}

// checkApprovals checks the approvals of earlier holds (G21, P1, G34).
func (m *Message) checkApprovals(p *problems) {
	if p.tooMany("approvals", len(m.Approvals), MaxApprovals) {
		return
	}
	for i, a := range m.Approvals {
		f := fmt.Sprintf("approvals[%d]", i)
		switch {
		case a.Rule != RuleProxySensitive && a.Rule != RuleRecordRestricted:
			p.add(f+".rule", "is not a rule whose hold can be approved: use proxy.sensitive_service or record.restricted")
		case a.Rule == RuleProxySensitive && a.Recipient == "":
			p.add(f+".recipient", "is empty: name the proxy the individual agreed may be told")
		case a.Recipient != "":
			p.id(f+".recipient", a.Recipient, "")
		}
		p.id(f+".decided_by", a.DecidedBy, "is empty: name the member of staff who recorded the decision (G28)")
		if a.At.IsZero() || !inRange(a.At) || (!m.At.IsZero() && a.At.After(m.At)) {
			p.add(f+".at", "must be set, and no later than the message's time")
		}
		if a.Role != ThePatient && a.Role != CaldicottGuardian {
			p.add(f+".role", "must be the_patient or caldicott_guardian")
		}
	}
}

// Validate reports every problem with the record, joined. Decide reports
// the same problems as trail steps and never sends for such a record,
// except a problem confined to one entry, which also wraps
// ErrIncompleteEntry: the proxy or contact is not used, or the objection
// upheld, and the person's own message is decided without the entry. Each error is a
// *FieldError wrapping ErrInvalidRecord. A contact whose address does not
// validate is not a record problem: Decide skips that contact and says so.
// Decide also refuses a birth date after the message's date, which
// Validate, having no date, cannot check; it refuses one outside 1900 to
// 9000. Fields beyond the input limits (MaxContacts and the rest) are
// named, and the entries of such a record are not checked; a proxy's own
// fields beyond them set that proxy aside instead.
func (r *Record) Validate() error {
	p := problems{base: ErrInvalidRecord}
	r.check(&p)
	return p.join()
}

func (r *Record) check(p *problems) {
	p.id("patient_id", r.PatientID, "is empty: identify the person the message is about")
	if !r.Status.ForRecord() {
		p.add("status", "is not a national record status: use active, deceased, informally_deceased, invalidated, removed or restricted (P1)")
	}
	switch {
	case r.BirthDate.IsZero():
	case !r.BirthDate.Valid():
		p.add("birth_date", "is not a calendar date")
	case r.BirthDate.Year < 1900 || r.BirthDate.Year > 9000:
		p.add("birth_date", "is outside the years 1900 to 9000: check the date of birth")
	}
	if !r.Capacity.Valid() {
		p.add("capacity", "is not a defined capacity")
	}
	if r.oversized(p) {
		return // each field over its limit is named; the entries are not read
	}
	if r.NHSNumber != "" && !channel.ValidNHSNumber(r.NHSNumber) {
		p.add("nhs_number", "is not a valid NHS number: 10 digits whose last is the modulus 11 check digit of the first nine; check it against the national record")
	}
	r.checkContacts(p)
	for i, k := range r.Preferences {
		if !k.Valid() {
			p.add(fmt.Sprintf("preferences[%d]", i), "is unset: list channel kinds")
		}
	}
	r.checkEntries(p)
	for i, n := range r.Needs {
		if n < LargePrint || n > Deafblind {
			p.add(fmt.Sprintf("needs[%d]", i), "is not a defined need")
		}
	}
	if r.Language != "" {
		if _, err := language.Parse(r.Language); err != nil {
			p.add("language", "is not a BCP 47 tag such as \"cy\" or \"pl\"")
		}
	}
	if len(r.ContactTimes) > MaxContactTimes {
		p.add("contact_times", "lists more than 28 times: merge them into fewer periods")
	}
	for i, ct := range r.ContactTimes {
		if ct.Start < 0 || ct.End > 24*60 || ct.Start >= ct.End {
			p.add(fmt.Sprintf("contact_times[%d]", i), "is not a period of the day: set start before end, between 00:00 and 24:00")
		}
		if ct.Days != Weekdays && ct.Days != EveryDay {
			p.add(fmt.Sprintf("contact_times[%d].days", i), "is not weekdays or every_day")
		}
	}
}

// checkContacts checks each contact's kind and status. A problem is
// confined to its contact (ErrIncompleteEntry): the contact is not used,
// and the person is reached by the others.
func (r *Record) checkContacts(p *problems) {
	for i := range r.Contacts {
		c := &r.Contacts[i]
		if what := kindProblem(c.Kind); what != "" {
			p.addEntry(fmt.Sprintf("contacts[%d].kind", i), what+": name the channel the contact serves (this contact is not used)")
		}
		if c.Status > channel.StatusRemoved {
			p.addEntry(fmt.Sprintf("contacts[%d].status", i), "is not a defined status: use ok, bounced, not_recognised or removed (this contact is not used)")
		}
	}
}

// checkEntries checks the objection and proxy entries. A proxy entry's
// problems, and an objection's missing recorded_by or recorded_at, or a
// service objection's missing or unreadable service (it then covers every
// message), are confined to their entry (ErrIncompleteEntry): the proxy is
// not used and the objection is upheld. Other objection problems are the
// record's.
func (r *Record) checkEntries(p *problems) {
	for i := range r.Objections {
		ob := &r.Objections[i]
		err := ob.Validate()
		if err == nil {
			continue
		}
		n := len(p.list)
		p.nest(fmt.Sprintf("objections[%d]", i), err, " (the objection is still upheld)")
		kept := p.list[:n]
		for _, fe := range p.list[n:] {
			if strings.HasSuffix(fe.Path, ".recorded_by") || strings.HasSuffix(fe.Path, ".recorded_at") ||
				(ob.Scope == objection.ScopeService && strings.HasSuffix(fe.Path, ".service")) {
				p.entry(fe)
			} else {
				kept = append(kept, fe)
			}
		}
		p.list = kept
	}
	for i := range r.Proxies {
		if p.dropped&(1<<i) != 0 {
			continue // over a limit: not read further (see proxyOversized)
		}
		n := len(p.list)
		if err := r.Proxies[i].Validate(); err != nil {
			p.nest(fmt.Sprintf("proxies[%d]", i), err, " (this proxy is not used)")
		}
		id := r.Proxies[i].ID
		if id != "" && id == r.PatientID {
			p.add(fmt.Sprintf("proxies[%d].id", i), "is the patient's id: give each proxy its own identifier (this proxy is not used)")
		}
		for j := range i {
			if id != "" && r.Proxies[j].ID == id {
				p.add(fmt.Sprintf("proxies[%d].id", i), "repeats proxies["+strconv.Itoa(j)+"].id: give each proxy its own identifier (neither is used)")
				p.dropped |= 1 << j
			}
		}
		if len(p.list) > n {
			p.dropped |= 1 << i
			for _, fe := range p.list[n:] {
				p.entry(fe)
			}
			p.list = p.list[:n]
		}
	}
}

// inRange reports whether t is a plausible time for care messaging, so
// that every time a decision derives from it stays encodable.
func inRange(t time.Time) bool {
	u := t.Unix()
	return u >= minUnix && u < maxUnix
}

// The Unix times of 1900-01-01 and 9001-01-01.
const (
	minUnix = -2208988800
	maxUnix = 221876928000
)

// blank reports whether s is empty once white space, control and format
// characters (zero-width spaces, byte order marks) are removed: see
// printable.Blank. An identifier that starts with a visible ASCII
// character, the usual case, is decided without a pass over s.
func blank(s string) bool { return printable.Blank(s) }

// validText reports whether s is valid UTF-8. ASCII text, as most message
// bodies are, is checked eight bytes at a time; utf8.ValidString takes
// over from the first block with a byte of 128 or more.
func validText(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if word.Load64(s[i:i+8])&word.Highs != 0 {
			return utf8.ValidString(s[i:])
		}
	}
	for ; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return utf8.ValidString(s[i:])
		}
	}
	return true
}
