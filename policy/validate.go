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
	"github.com/carecomms/carecomms/internal/service"
	"github.com/carecomms/carecomms/internal/vocab"
)

// ErrInvalidMessage and ErrInvalidRecord are wrapped by the errors of
// Message.Validate and Record.Validate.
var (
	ErrInvalidMessage = errors.New("policy: invalid message")
	ErrInvalidRecord  = errors.New("policy: invalid record")
)

// problems collects the field errors of one validation.
type problems struct {
	list []*FieldError
	base error
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
	if len(p.list) == 0 {
		return nil
	}
	errs := make([]error, len(p.list))
	for i, e := range p.list {
		errs[i] = e
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
	if blank(m.ID) {
		p.add("id", "is empty: give every message an identifier (G26)")
	}
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
	if m.Body == "" {
		p.add("body", "is empty: draft the message before deciding")
	} else if !validText(m.Body) {
		p.add("body", "is not valid UTF-8: pass the text as the person will read it")
	}
	if m.Group != nil {
		if m.Group.ID == "" {
			p.add("group.id", "is empty: identify the group message")
		}
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
	}
	for i, a := range m.Approvals {
		f := fmt.Sprintf("approvals[%d]", i)
		switch {
		case a.Rule != RuleProxySensitive && a.Rule != RuleRecordRestricted:
			p.add(f+".rule", "is not a rule whose hold can be approved: use proxy.sensitive_service or record.restricted")
		case a.Rule == RuleProxySensitive && a.Recipient == "":
			p.add(f+".recipient", "is empty: name the proxy the individual agreed may be told")
		}
		if blank(a.DecidedBy) {
			p.add(f+".decided_by", "is empty: name the member of staff who recorded the decision (G28)")
		}
		if a.At.IsZero() || !inRange(a.At) || (!m.At.IsZero() && a.At.After(m.At)) {
			p.add(f+".at", "must be set, and no later than the message's time")
		}
		if a.Role != ThePatient && a.Role != CaldicottGuardian {
			p.add(f+".role", "must be the_patient or caldicott_guardian")
		}
	}
	for i := range m.Attempts {
		if !m.Attempts[i].Kind.Valid() {
			p.add(fmt.Sprintf("attempts[%d].kind", i), "is unset: name the channel attempted")
		}
	}
}

// Validate reports every problem with the record, joined. Decide reports
// the same problems as trail steps and never sends for such a record. Each
// error is a *FieldError wrapping ErrInvalidRecord. A contact whose address
// does not validate is not a record problem: Decide skips that contact and
// says so.
func (r *Record) Validate() error {
	p := problems{base: ErrInvalidRecord}
	r.check(&p)
	return p.join()
}

func (r *Record) check(p *problems) {
	if blank(r.PatientID) {
		p.add("patient_id", "is empty: identify the person the message is about")
	}
	if !r.Status.ForRecord() {
		p.add("status", "is not a national record status: use active, deceased, informally_deceased, invalidated, removed or restricted (P1)")
	}
	if !r.BirthDate.IsZero() && !r.BirthDate.Valid() {
		p.add("birth_date", "is not a calendar date")
	}
	if !r.Capacity.Valid() {
		p.add("capacity", "is not a defined capacity")
	}
	for i := range r.Contacts {
		if !r.Contacts[i].Kind.Valid() {
			p.add(fmt.Sprintf("contacts[%d].kind", i), "is unset: name the channel the contact serves")
		}
		if r.Contacts[i].Status > channel.StatusRemoved {
			p.add(fmt.Sprintf("contacts[%d].status", i), "is not a defined status")
		}
	}
	for i, k := range r.Preferences {
		if !k.Valid() {
			p.add(fmt.Sprintf("preferences[%d]", i), "is unset: list channel kinds")
		}
	}
	for i := range r.Objections {
		if err := r.Objections[i].Validate(); err != nil {
			p.nest(fmt.Sprintf("objections[%d]", i), err, " (the objection is still upheld)")
		}
	}
	for i := range r.Proxies {
		if err := r.Proxies[i].Validate(); err != nil {
			p.nest(fmt.Sprintf("proxies[%d]", i), err, "")
		}
		id := r.Proxies[i].ID
		if id != "" && id == r.PatientID {
			p.add(fmt.Sprintf("proxies[%d].id", i), "is the patient's id: give each proxy its own identifier")
		}
		for j := range i {
			if id != "" && r.Proxies[j].ID == id {
				p.add(fmt.Sprintf("proxies[%d].id", i), "repeats proxies["+strconv.Itoa(j)+"].id: give each proxy its own identifier")
			}
		}
	}
	for i, n := range r.Needs {
		if n < LargePrint || n > ViaCarer {
			p.add(fmt.Sprintf("needs[%d]", i), "is not a defined need")
		}
	}
	if r.Language != "" {
		if _, err := language.Parse(r.Language); err != nil {
			p.add("language", "is not a BCP 47 tag such as \"cy\" or \"pl\"")
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

// blank reports whether s is empty or only white space. An identifier
// that starts with a visible ASCII character is not blank, the usual case,
// decided without a pass over s.
func blank(s string) bool {
	if s != "" && s[0] > ' ' && s[0] < 0x7f {
		return false
	}
	return strings.TrimSpace(s) == ""
}

// validText reports whether s is valid UTF-8. ASCII text, as most message
// bodies are, is checked eight bytes at a time; utf8.ValidString takes
// over from the first block with a byte of 128 or more.
func validText(s string) bool {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		b := s[i : i+8]
		// One 64-bit load: the compiler merges the byte loads.
		w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		if w&0x8080808080808080 != 0 {
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
