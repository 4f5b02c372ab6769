package objection

import (
	"time"

	"github.com/carecomms/carecomms/channel"
)

// t0 is the decision time used throughout the tests.
var t0 = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

const secret = "SECRET-family-members-can-read-my-phone"

// obj returns a valid objection with the given scope; target is the channel
// for ScopeChannel.
func obj(s Scope, target channel.Kind) Objection {
	o := Objection{Scope: s, Reason: secret, RecordedAt: t0.Add(-30 * 24 * time.Hour), RecordedBy: "staff-17"}
	switch s {
	case ScopeChannel:
		o.Channel = target
	case ScopeService:
		o.Service = "screening"
	}
	return o
}

func harm(o Objection) Objection { o.SeriousHarm = true; return o }

// decided returns a complete override on g by someone who may decide it.
func decided(g Ground) *Override {
	ov := &Override{Ground: g, DecidedBy: "cg-01", Role: CaldicottGuardian, At: t0.Add(-time.Hour)}
	if g == GroundOther || g == GroundEmergency {
		ov.Justification = "written case for this person"
	}
	return ov
}

// fitting returns facts under which g fits for a person who objected to
// sms: for primary_method_failed, email failed and only sms and email are
// on record.
func fitting(g Ground) *Facts {
	f := &Facts{At: t0, Service: "screening"}
	switch g {
	case GroundCommunicableDisease:
		f.Class, f.Urgent = channel.PublicHealthAlert, true
	case GroundWaitingListValidation:
		f.Class, f.GroupSize, f.WaitingListThreshold = channel.WaitingListValidation, 5000, 500
	case GroundAppointmentChange48h:
		f.Class, f.AppointmentAt = channel.AppointmentChange, t0.Add(24*time.Hour)
	case GroundVulnerableAfterEvent:
		f.Class, f.Vulnerable = channel.WelfareCheck, true
	case GroundPrimaryMethodFailed:
		f.Class = channel.AppointmentReminder
		f.Failed = channel.SetOf(channel.Email)
		f.Usable = channel.SetOf(channel.SMS, channel.Email)
	case GroundVirtualConsultation:
		f.Class = channel.VirtualConsultation
	case GroundCredibleThreat:
		f.Class = channel.SafetyWarning
	case GroundIncorrectMedication:
		f.Class = channel.MedicationAlert
	case GroundEmergency:
		f.Class, f.Emergency = channel.SafetyWarning, true
	case GroundOther:
		f.Class = channel.Administrative
	}
	return f
}
