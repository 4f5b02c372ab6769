package proxy

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"golang.org/x/text/language"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/printable"
)

// Proxy is a person recorded as acting on the patient's behalf, with the
// authority, period and status the record holds for them (G19, G20, P8).
// Check decides whether they may receive messages on a given date.
type Proxy struct {
	// ID is the host's identifier for the proxy relationship.
	ID string `json:"id"`
	// Name is the proxy's name. It is never printed by String or in errors.
	Name string `json:"name,omitempty"`
	// Relationship is how the proxy is related to the patient, such as
	// "mother" or "son", as the record holds it.
	Relationship string `json:"relationship,omitempty"`
	// Authority is the legal basis for acting as proxy (G19, P8).
	Authority Authority `json:"authority"`
	// RecordNote is true when a note in the patient's record confirms that
	// the proxy may receive messages on their behalf (G20). Without it the
	// proxy is never valid.
	RecordNote bool `json:"record_note"`
	// LPAActivated is true when a lasting power of attorney for health and
	// welfare has been activated (registered and in use). It matters only
	// for LastingPowerOfAttorney.
	LPAActivated bool `json:"lpa_activated,omitempty"`
	// BestInterestsRecorded is true when a best interests decision naming
	// the proxy is recorded. It matters only for BestInterests.
	BestInterestsRecorded bool `json:"best_interests_recorded,omitempty"`
	// PatientConsented is true when the patient's explicit consent to the
	// proxy is recorded. It matters for Consent, and for
	// ParentalResponsibility when the child has capacity (see Check).
	PatientConsented bool `json:"patient_consented,omitempty"`
	// From is the first day the authority applies. It must be set.
	From channel.Date `json:"from"`
	// Until is the last day the authority applies; the zero Date means
	// open-ended. Both ends are inclusive.
	Until channel.Date `json:"until,omitzero"`
	// Status is whether the relationship is in force (P8).
	Status Status `json:"status"`
	// DeactivatedReason says why a deactivated proxy was deactivated (P8).
	// It is unset while the proxy is active.
	DeactivatedReason DeactivationReason `json:"deactivated_reason,omitempty"`
	// Mode is whether the proxy receives copies or receives instead of the
	// patient; see Recipients for when Instead takes effect.
	Mode Mode `json:"mode,omitempty"`
	// Contacts are the proxy's own contact details.
	Contacts []channel.Contact `json:"contacts,omitempty"`
	// Preferences lists channels in the proxy's order of preference.
	Preferences []channel.Kind `json:"preferences,omitempty"`
	// Language is the proxy's preferred language as a BCP 47 tag, such as
	// "en-GB" or "cy".
	Language string `json:"language,omitempty"`
	// Access is what the proxy role allows the proxy to be told about, as
	// the national proxy service records it. Nil means unrestricted; a
	// list allows only the classes its levels cover (see Allows), so a
	// proxy allowed appointments only is not sent test results.
	Access []Access `json:"access,omitzero"`
}

// Patient is what proxy validity depends on about the person the messages
// are about: their date of birth and their recorded capacity.
type Patient struct {
	// BirthDate is the patient's date of birth. Parental responsibility
	// cannot be checked without it.
	BirthDate channel.Date `json:"birth_date,omitzero"`
	// Capacity is the patient's recorded capacity to make decisions about
	// their health and care.
	Capacity Capacity `json:"capacity,omitempty"`
}

// ErrInvalid is wrapped by every error Validate returns: the record is
// incomplete or inconsistent. Use errors.As with *FieldError for the field.
var ErrInvalid = errors.New("proxy: invalid record")

// Validate reports every problem with the record as *FieldError values
// joined with errors.Join, or nil. A record that passes may still be an
// invalid proxy on a given date; Check decides that. Validate checks that
// the fields are complete and consistent: an ID; a defined authority,
// status and mode; a deactivation reason exactly when deactivated; a From
// date and an Until date, if any, on or after it; contacts with a defined
// kind, an address and a defined status; preferences naming defined kinds
// once each; and a well-formed BCP 47 language tag, if any.
func (p *Proxy) Validate() error {
	if p == nil {
		return fieldErr("", "is missing: pass a proxy record")
	}
	var errs []error
	add := func(field, problem string) { errs = append(errs, fieldErr(field, problem)) }

	if printable.Blank(p.ID) {
		add("id", "is empty: set the host's identifier for this proxy relationship")
	} else if !printable.ID(p.ID) {
		add("id", "is not printable: use visible characters only, as valid UTF-8, with no control, format or zero-width characters")
	}
	if !p.Authority.Valid() {
		add("authority", p.Authority.String()+" is not an authority: use one of "+strings.Join(authorityNames[1:], ", "))
	}
	switch p.Status {
	case Active:
		if p.DeactivatedReason != DeactivationUnset {
			add("deactivated_reason", "is set but status is active: clear it, or set status to deactivated")
		}
	case Deactivated:
		if p.DeactivatedReason == DeactivationUnset {
			add("deactivated_reason", "is unset: record why the proxy was deactivated (patient_request, safeguarding or other)")
		}
	default:
		add("status", p.Status.String()+" is not a status: set active or deactivated")
	}
	if !p.DeactivatedReason.Valid() {
		add("deactivated_reason", p.DeactivatedReason.String()+" is not defined: use patient_request, safeguarding or other")
	}
	if !p.Mode.Valid() {
		add("mode", p.Mode.String()+" is not a mode: use copy or instead")
	}
	switch {
	case p.From.IsZero():
		add("from", "is unset: record the first day the authority applies")
	case !isDate(p.From):
		add("from", dateText(p.From)+" is not a calendar date: use YYYY-MM-DD")
	}
	switch {
	case p.Until.IsZero():
	case !isDate(p.Until):
		add("until", dateText(p.Until)+" is not a calendar date: use YYYY-MM-DD, or leave it unset for no end")
	case isDate(p.From) && dateKey(p.Until) < dateKey(p.From):
		add("until", "is before from: correct the period")
	}
	checkContacts(p.Contacts, add)
	var seen channel.Set
	for i, k := range p.Preferences {
		at := "preferences[" + strconv.Itoa(i) + "]"
		switch {
		case !k.Valid():
			add(at, k.String()+" is not a channel kind: use one of nhs_app, email, sms, messaging_app, letter")
		case seen.Has(k):
			add(at, k.String()+" is listed twice: list each channel once")
		}
		seen = seen.Add(k)
	}
	p.checkAccess(add)
	if p.Language != "" {
		if _, err := language.Parse(p.Language); err != nil {
			add("language", "is not a well-formed BCP 47 tag: use a tag such as en-GB or cy")
		}
	}
	return errors.Join(errs...)
}

// checkContacts checks a proxy's own contact details, reporting each
// problem to add under contacts[i].
func checkContacts(cs []channel.Contact, add func(field, problem string)) {
	for i, c := range cs {
		// Performance: the path is made only for a contact with a problem;
		// making it for each contact cost about 300 instructions a proxy
		// in every decision.
		badKind, noAddress := !c.Kind.Valid(), strings.TrimSpace(c.Address) == ""
		_, statusErr := c.Status.MarshalText()
		if !badKind && !noAddress && statusErr == nil {
			continue
		}
		at := "contacts[" + strconv.Itoa(i) + "]"
		if badKind {
			add(at+".kind", c.Kind.String()+" is not a channel kind: use one of nhs_app, email, sms, messaging_app, letter")
		}
		if noAddress {
			add(at+".address", "is empty: record the address or remove the contact")
		}
		if statusErr != nil {
			add(at+".status", c.Status.String()+" is not a contact status: use ok, bounced, not_recognised or removed")
		}
	}
}

// Validate reports problems with the patient's facts as *FieldError
// values joined with errors.Join, or nil. An unset birth date or an
// unknown capacity is not an error here: Check treats them as unknown and
// fails closed where they matter.
func (pt Patient) Validate() error {
	var errs []error
	if !pt.BirthDate.IsZero() && !isDate(pt.BirthDate) {
		errs = append(errs, fieldErr("birth_date", dateText(pt.BirthDate)+" is not a calendar date: use YYYY-MM-DD"))
	}
	if !pt.Capacity.Valid() {
		errs = append(errs, fieldErr("capacity", pt.Capacity.String()+" is not defined: use unknown, has_capacity or lacks_capacity"))
	}
	return errors.Join(errs...)
}

// String describes the proxy for logs and explanations: its ID and
// relationship (masked as channel.MaskID masks them: an NHS number or an
// address typed into either is not shown), authority, status, mode,
// period and contacts with their addresses masked (channel.Mask). It never includes the proxy's name.
// The format may change; do not parse it.
func (p Proxy) String() string {
	var b strings.Builder
	b.WriteString("proxy ")
	b.WriteString(strconv.Quote(channel.MaskID(p.ID)))
	if p.Relationship != "" {
		b.WriteString(" (")
		b.WriteString(channel.MaskID(p.Relationship))
		b.WriteString(")")
	}
	b.WriteString(" authority=")
	b.WriteString(p.Authority.String())
	b.WriteString(" status=")
	b.WriteString(p.Status.String())
	if p.Status == Deactivated {
		b.WriteString("/")
		b.WriteString(p.DeactivatedReason.String())
	}
	b.WriteString(" mode=")
	b.WriteString(p.Mode.String())
	b.WriteString(" note=")
	b.WriteString(strconv.FormatBool(p.RecordNote))
	b.WriteString(" period=")
	b.WriteString(dateText(p.From))
	b.WriteString("..")
	if p.Until.IsZero() {
		b.WriteString("open")
	} else {
		b.WriteString(dateText(p.Until))
	}
	b.WriteString(" contacts=[")
	for i, c := range p.Contacts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.String())
	}
	b.WriteString("]")
	return b.String()
}

// GoString is String, so that %#v does not print the name or addresses.
func (p Proxy) GoString() string { return p.String() }

// LogValue gives log/slog what String prints, so that no handler prints
// the name or addresses.
func (p Proxy) LogValue() slog.Value { return slog.StringValue(p.String()) }

// dateText prints any Date, including one that is not a calendar date,
// without the "" that channel.Date.String gives the zero Date.
func dateText(d channel.Date) string {
	if d.IsZero() {
		return "unset"
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// clip keeps host-supplied text short in messages.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
