package minimise

import (
	"errors"
	"fmt"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/vocab"
)

// SeverityRule sets how strict an org is about one finding kind: for
// every message class, or for one. A rule for a class wins over a rule for
// every class. It may raise an advisory kind to Blocking ("an unapproved
// link always blocks", "urgency blocks in reminders") or lower a kind, with
// two floors: confidential content on a channel not approved for it, and
// the requests and links P6 says never to send (payment, bank or card
// details, credentials, URL shorteners, look-alike domains), always block.
type SeverityRule struct {
	Kind Kind `json:"kind"`
	// Class is the message class the rule is for; the zero value means
	// every class.
	Class    channel.Class `json:"class,omitzero"`
	Severity Severity      `json:"severity"`
}

// ErrBadSeverity is the error New reports, wrapped in a *FieldError, for a
// severity rule with an invalid kind, class or severity.
var ErrBadSeverity = errors.New("minimise: bad severity rule")

// severityTable holds an org's severity rules by kind and class (column 0
// for every class); the zero Severity means no rule.
type severityTable [32][16]Severity

// setSeverities checks the rules and builds the table; problems are
// appended to errs.
func (s *Scanner) setSeverities(rules []SeverityRule, errs []error) []error {
	if len(rules) == 0 {
		return errs
	}
	t := new(severityTable)
	for k, r := range rules {
		field := fmt.Sprintf("severities[%d]", k)
		switch {
		case !r.Kind.Valid() || int(r.Kind) >= len(t):
			errs = append(errs, vocab.NewFieldError("minimise", ErrBadSeverity, field, "kind "+r.Kind.String()+" is not a finding kind"))
		case r.Class != 0 && (!r.Class.Valid() || int(r.Class) >= len(t[0])):
			errs = append(errs, vocab.NewFieldError("minimise", ErrBadSeverity, field, "class "+r.Class.String()+" is not a message class: leave it out for every class"))
		case !r.Severity.Valid():
			errs = append(errs, vocab.NewFieldError("minimise", ErrBadSeverity, field, "severity must be info, warning or blocking"))
		default:
			t[r.Kind][r.Class] = r.Severity
		}
	}
	s.sev = t
	return errs
}

// Severity returns how serious f is for a message of the given class on a
// channel (secure as in [Finding.SeverityOn]): the finding's own severity,
// then the class (urgency that the class warrants, as in a medication
// alert or a public health alert, is Info), then the org's
// [Config.Severities]. Blocking findings lead to Revise; Info and Warning
// findings are advisory, reported on a decision to send. A nil Scanner
// applies the defaults.
func (s *Scanner) Severity(f Finding, class channel.Class, secure bool) Severity {
	sev := f.SeverityOn(secure)
	if f.Kind == Urgency && urgentClass(class) {
		sev = Info
	}
	if s == nil || s.sev == nil || !f.Kind.Valid() || int(f.Kind) >= len(s.sev) {
		return sev
	}
	row := &s.sev[f.Kind]
	o := row[0]
	if int(class) < len(row) && class != 0 && row[class] != 0 {
		o = row[class]
	}
	switch {
	case o == 0:
	case o < sev && sev.Blocks() && (f.Kind.never() || f.Kind.Confidential() && !secure):
		// The floors: never lowered.
	default:
		sev = o
	}
	return sev
}

// urgentClass reports whether a message of class c warrants urgent
// wording: "call us immediately" about a wrong medicine is not pressure
// to act on a scam (G14.1, G14.4, G14.7, G14.8).
func urgentClass(c channel.Class) bool {
	switch c {
	case channel.MedicationAlert, channel.PublicHealthAlert, channel.WelfareCheck, channel.SafetyWarning:
		return true
	}
	return false
}

// never reports whether P6 says never to send a finding of kind k:
// requests to pay, for bank or card details or for credentials, URL
// shorteners and look-alike domains.
func (k Kind) never() bool {
	switch k {
	case PaymentRequest, FinancialDetails, CredentialsRequest, URLShortener, LookalikeDomain:
		return true
	}
	return false
}
