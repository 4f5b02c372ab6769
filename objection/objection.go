package objection

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/printable"
	"github.com/carecomms/carecomms/internal/service"
)

// Objection is a person's registered objection to being messaged (G10–G17).
//
// It round-trips through encoding/json, Reason included, so a host can
// store it. Its String, Format and LogValue methods and every error this
// package returns leave the Reason out, so an objection is safe to print
// and to log.
type Objection struct {
	// Scope is what the objection covers (G11).
	Scope Scope `json:"scope"`
	// Channel is the channel objected to, for ScopeChannel only.
	Channel channel.Kind `json:"channel,omitzero"`
	// Service is the service objected to, for ScopeService only: a service
	// code such as "screening", matched without regard to case or
	// surrounding spaces.
	Service string `json:"service,omitempty"`
	// Reason is the person's specific reason (G12). An objection without
	// one is still upheld, and Check flags the gap. It is never printed in
	// errors, String or logs.
	Reason string `json:"reason,omitempty"`
	// RecordedAt is when the objection was registered.
	RecordedAt time.Time `json:"recorded_at"`
	// RecordedBy identifies the member of staff who registered it (G28).
	RecordedBy string `json:"recorded_by"`
	// SeriousHarm marks an objection because contact by the covered
	// channels puts the person at risk of serious harm (G15). Such an
	// objection is never overridden, not even in an emergency.
	SeriousHarm bool `json:"serious_harm,omitempty"`
}

// Validate reports every problem with o, each as a *FieldError naming the
// field, joined with errors.Join; nil if o is valid. A missing Reason is not
// an error: the objection is upheld and the gap flagged (G12). An invalid
// objection is still upheld by Check.
func (o Objection) Validate() error {
	var errs []error
	switch {
	case !o.Scope.Valid():
		errs = append(errs, fieldErr("scope", isWhat(o.Scope == 0, o.Scope.String())+": use one of "+strings.Join(scopeNames[1:], ", ")))
	case o.Scope == ScopeChannel && !o.Channel.Valid():
		errs = append(errs, fieldErr("channel", isWhat(o.Channel == 0, o.Channel.String())+": an objection with scope channel names the channel objected to"))
	case o.Scope != ScopeChannel && o.Channel != 0:
		errs = append(errs, fieldErr("channel", "is set but scope is "+o.Scope.String()+": clear it, or use scope channel"))
	}
	switch {
	case o.Scope == ScopeService && strings.TrimSpace(o.Service) == "":
		errs = append(errs, fieldErr("service", "is empty: an objection with scope service names the service code, such as screening"))
	case o.Scope == ScopeService && !serviceCode(o.Service):
		errs = append(errs, fieldErr("service", "is not a service code: write it in lower-case letters, digits and single underscores, such as sexual_health (until it is, the objection covers every message)"))
	case o.Scope != ScopeService && o.Service != "" && o.Scope.Valid():
		errs = append(errs, fieldErr("service", "is set but scope is "+o.Scope.String()+": clear it, or use scope service"))
	}
	if printable.Blank(o.RecordedBy) {
		errs = append(errs, fieldErr("recorded_by", "is empty: name the staff member who recorded it (G28)"))
	}
	if o.RecordedAt.IsZero() {
		errs = append(errs, fieldErr("recorded_at", "is not set: give the time the objection was registered"))
	}
	if errs == nil {
		return nil // as errors.Join of nothing, without the call
	}
	return errors.Join(errs...)
}

// isWhat describes a bad enum value: "is not set" or "is kind(9)".
func isWhat(zero bool, s string) string {
	if zero {
		return "is not set"
	}
	return "is " + s
}

// valid is Validate without building errors, for Check's hot path.
func (o *Objection) valid() bool {
	switch {
	case !o.Scope.Valid(),
		o.Scope == ScopeChannel && !o.Channel.Valid(),
		o.Scope != ScopeChannel && o.Channel != 0,
		o.Scope == ScopeService && !serviceCode(o.Service),
		o.Scope != ScopeService && o.Service != "",
		printable.Blank(o.RecordedBy),
		o.RecordedAt.IsZero():
		return false
	}
	return true
}

// HasReason reports whether a specific reason is recorded (G12): a reason
// of spaces, or of characters that show nothing, is none. An objection
// without one is still upheld; the host should record the reason.
func (o *Objection) HasReason() bool { return !printable.Blank(o.Reason) }

// Covers reports whether o covers messages by channel k about service (a
// service code, or "" for a message from no particular service):
//   - ScopeChannel: k is the objection's channel;
//   - ScopeElectronic: k is electronic (every kind but a letter, G16);
//   - ScopeOrganisation and ScopeCare: every kind;
//   - ScopeService: every kind, when service matches o.Service without
//     regard to case or surrounding spaces.
//
// It fails closed: an objection whose scope is unset or unknown, a channel
// objection with no valid channel and a service objection with no service,
// or with one that is not a service code, cover every kind, since what they
// meant to leave open cannot be known.
// An invalid k is covered by nothing.
func (o Objection) Covers(k channel.Kind, service string) bool {
	return o.kinds(service, true).Has(k)
}

// kinds returns the set of kinds o covers for a message about service.
// When the service is not known (known false), a service objection covers
// every kind.
func (o *Objection) kinds(service string, known bool) channel.Set {
	if one, ok := o.oneChannel(); ok {
		return one
	}
	switch o.Scope {
	case ScopeElectronic:
		return channel.ElectronicKinds
	case ScopeOrganisation, ScopeCare:
		return channel.AllKinds
	case ScopeService:
		want := trimSpace(o.Service)
		if !known || strings.EqualFold(want, trimSpace(service)) || !serviceCode(want) {
			return channel.AllKinds
		}
		return 0
	}
	return channel.AllKinds // ScopeChannel with no valid channel, or no valid scope
}

// oneChannel returns the set of o's channel, and reports whether o is an
// objection to that one valid channel, as most are: kinds of such an
// objection is that set. It inlines, so Check decides them without a
// call.
func (o *Objection) oneChannel() (channel.Set, bool) {
	// An invalid channel's bit, if it has one in a Set, is not in AllKinds.
	one := channel.Set(1) << o.Channel
	return one, o.Scope == ScopeChannel && one&channel.AllKinds != 0
}

// serviceCode reports whether s is a service code (service.Valid) once
// surrounding spaces are trimmed and letters lower-cased, as Covers
// compares them. An objection to a service that is not a code cannot be
// matched to a message's service, so it covers every message.
func serviceCode(s string) bool {
	return service.ValidFold(trimSpace(s))
}

// trimSpace is strings.TrimSpace, deciding without a call a string that
// starts and ends with a visible ASCII character (no white space, ASCII or
// not, is one). Performance: kinds is asked for each objection and each
// candidate channel of every recipient, about 40 instructions a call.
func trimSpace(s string) string {
	if s != "" && s[0] > ' ' && s[0] < 0x7f && s[len(s)-1] > ' ' && s[len(s)-1] < 0x7f {
		return s
	}
	return strings.TrimSpace(s)
}

// Covered returns the kinds covered by any of objs for a message about
// service, with the same rules as Objection.Covers.
func Covered(objs []Objection, service string) channel.Set {
	var s channel.Set
	for i := range objs {
		s |= objs[i].kinds(service, true)
	}
	return s
}

// String describes o without its reason, such as
// "objection to sms (serious harm; reason recorded) recorded 2026-03-01T09:00:00Z by staff-17".
func (o Objection) String() string {
	var b strings.Builder
	b.WriteString("objection to ")
	switch o.Scope {
	case ScopeChannel:
		b.WriteString(o.Channel.String())
	case ScopeElectronic:
		b.WriteString("electronic channels")
	case ScopeOrganisation:
		b.WriteString("all messages from the organisation")
	case ScopeService:
		b.WriteString("service ")
		b.WriteString(clip(strings.TrimSpace(o.Service), 32))
	case ScopeCare:
		b.WriteString("processing for their care")
	default:
		b.WriteString("everything (")
		b.WriteString(o.Scope.String())
		b.WriteString(")")
	}
	b.WriteString(" (")
	if o.SeriousHarm {
		b.WriteString("serious harm; ")
	}
	if o.HasReason() {
		b.WriteString("reason recorded)")
	} else {
		b.WriteString("no reason recorded)")
	}
	if !o.RecordedAt.IsZero() {
		b.WriteString(" recorded ")
		b.WriteString(o.RecordedAt.Format(time.RFC3339))
	}
	if by := strings.TrimSpace(o.RecordedBy); by != "" {
		b.WriteString(" by ")
		b.WriteString(clip(by, 32))
	}
	return b.String()
}

// Format prints String for every verb, %#v included, so that no verb
// prints the reason.
func (o Objection) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(o.String())) }

// LogValue gives log/slog the objection without its reason.
func (o Objection) LogValue() slog.Value {
	attrs := []slog.Attr{slog.String("scope", o.Scope.String())}
	if o.Scope == ScopeChannel {
		attrs = append(attrs, slog.String("channel", o.Channel.String()))
	}
	if o.Scope == ScopeService {
		attrs = append(attrs, slog.String("service", clip(strings.TrimSpace(o.Service), 32)))
	}
	attrs = append(attrs,
		slog.Bool("serious_harm", o.SeriousHarm),
		slog.Bool("reason_recorded", o.HasReason()),
		slog.Time("recorded_at", o.RecordedAt),
		slog.String("recorded_by", clip(o.RecordedBy, 32)),
	)
	return slog.GroupValue(attrs...)
}

// clip keeps host-supplied text (a service code, a member of staff's id)
// short in descriptions and errors, and masks it as channel.MaskID does,
// since careless input can put an NHS number or an address anywhere: a
// text longer than n bytes, or that could be an address, is starred.
func clip(s string, n int) string {
	switch {
	case s == "":
		return ""
	case len(s) > n:
		return "********…" // too long to show
	}
	return channel.MaskID(s)
}
