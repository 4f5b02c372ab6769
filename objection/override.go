package objection

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/carecomms/carecomms/internal/printable"
)

// Override is a decision, or a claim awaiting one, to message a person
// despite their objection on a compelling legitimate ground (G13, G14,
// G32).
//
// Check accepts an override with no decision-maker yet (DecidedBy empty)
// as a claim: when its ground fits, the verdict is NeedsDecision and names
// who must decide. Validate checks a complete decision, ready to record.
type Override struct {
	// Ground is the compelling ground claimed.
	Ground Ground `json:"ground"`
	// DecidedBy identifies the member of staff who decided (G28); empty
	// while the decision is pending.
	DecidedBy string `json:"decided_by,omitempty"`
	// Role is the decision-maker's role; Ground.DecidableBy says which roles
	// may decide which grounds.
	Role Role `json:"role,omitzero"`
	// Justification is the written case for the decision (G13). It is
	// required for GroundOther and GroundEmergency (a stated reason the
	// message is a genuine emergency, G32) and recommended for every
	// ground. It may
	// hold personal details, so String and errors leave it out.
	Justification string `json:"justification,omitempty"`
	// At is when the decision was made. Check does not test it; the host
	// records it with the decision.
	At time.Time `json:"at,omitzero"`
}

// Validate reports every problem with o as a complete decision, each as a
// *FieldError, joined with errors.Join; nil if o is complete and
// consistent: a defined ground, a named decision-maker in a role that may
// decide that ground, a justification for GroundOther and GroundEmergency,
// and a time.
func (o Override) Validate() error {
	var errs []error
	if !o.Ground.Valid() {
		errs = append(errs, fieldErr("ground", isWhat(o.Ground == GroundNone, o.Ground.String())+": use one of "+strings.Join(groundNames[1:], ", ")))
	}
	if printable.Blank(o.DecidedBy) {
		errs = append(errs, fieldErr("decided_by", "is empty: name the staff member who decided (G13, G28)"))
	}
	switch {
	case !o.Role.Valid():
		errs = append(errs, fieldErr("role", isWhat(o.Role == 0, o.Role.String())+": use one of caldicott_guardian, dpo, ig_lead, senior_clinician or the_sender"))
	case o.Ground.Valid() && !o.Ground.DecidableBy(o.Role):
		errs = append(errs, fieldErr("role", "is "+o.Role.String()+", which may not decide ground "+o.Ground.String()+": ask the "+DefaultDecider(o.Ground).String()+" (G34)"))
	}
	if (o.Ground == GroundOther || o.Ground == GroundEmergency) && strings.TrimSpace(o.Justification) == "" {
		errs = append(errs, fieldErr("justification", "is empty: ground "+o.Ground.String()+" needs a written justification (G13, G32)"))
	}
	if o.At.IsZero() {
		errs = append(errs, fieldErr("at", "is not set: give the time of the decision"))
	}
	return errors.Join(errs...)
}

// DefaultDecider returns who must decide an override on ground g when no
// one who may decide it is named (G13, G34): the sender for an emergency
// (any member of staff, who must then be named), otherwise the Caldicott
// Guardian.
func DefaultDecider(g Ground) Role {
	if g == GroundEmergency {
		return TheSender
	}
	return CaldicottGuardian
}

// String describes o without its justification, such as
// "override on appointment_change_48h decided by cg-01 (caldicott_guardian)".
func (o Override) String() string {
	var b strings.Builder
	b.WriteString("override on ")
	b.WriteString(o.Ground.String())
	if by := strings.TrimSpace(o.DecidedBy); by != "" {
		b.WriteString(" decided by ")
		b.WriteString(clip(by, 32))
		b.WriteString(" (")
		b.WriteString(o.Role.String())
		b.WriteString(")")
	} else {
		b.WriteString(" awaiting a decision")
	}
	if !o.At.IsZero() {
		b.WriteString(" at ")
		b.WriteString(o.At.Format(time.RFC3339))
	}
	return b.String()
}

// Format prints String for every verb, %#v included, so that no verb
// prints the justification.
func (o Override) Format(f fmt.State, verb rune) { _, _ = f.Write([]byte(o.String())) }

// LogValue gives log/slog the override without its justification.
func (o Override) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("ground", o.Ground.String()),
		slog.String("decided_by", clip(o.DecidedBy, 32)),
		slog.String("role", o.Role.String()),
		slog.Bool("justified", strings.TrimSpace(o.Justification) != ""),
		slog.Time("at", o.At),
	)
}
