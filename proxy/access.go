package proxy

import (
	"strconv"
	"strings"

	"github.com/carecomms/carecomms/channel"
)

// Covers reports whether access a allows a proxy to receive a message of
// class c:
//   - Appointments: appointment reminders, changes and invitations,
//     virtual consultations and waiting list validation;
//   - Prescriptions: prescriptions and medication alerts;
//   - TestResults: test results and that results are ready;
//   - MedicalRecord: every class, care information included.
//
// Administrative messages are covered by every access level. Public
// health alerts, welfare checks and safety warnings are covered only by
// MedicalRecord: a proxy scoped to appointments is not told them. An
// invalid access or class covers nothing.
func (a Access) Covers(c channel.Class) bool {
	if !c.Valid() {
		return false
	}
	switch a {
	case MedicalRecord:
		return true
	case Appointments:
		switch c {
		case channel.AppointmentReminder, channel.AppointmentChange, channel.AppointmentInvitation,
			channel.VirtualConsultation, channel.WaitingListValidation, channel.Administrative:
			return true
		}
	case Prescriptions:
		return c == channel.Prescription || c == channel.MedicationAlert || c == channel.Administrative
	case TestResults:
		return c == channel.TestResultsReady || c == channel.TestResults || c == channel.Administrative
	}
	return false
}

// Allows reports whether the proxy's access allows a message of class c:
// true when Access is nil (unrestricted), otherwise when one of its
// levels covers c. A non-nil empty list allows nothing.
func (p *Proxy) Allows(c channel.Class) bool {
	if p.Access == nil {
		return true
	}
	for _, a := range p.Access {
		if a.Covers(c) {
			return true
		}
	}
	return false
}

// checkAccess adds a problem for each access level that is undefined or
// listed twice.
func (p *Proxy) checkAccess(add func(field, problem string)) {
	for i, a := range p.Access {
		at := "access[" + strconv.Itoa(i) + "]"
		if !a.Valid() {
			add(at, a.String()+" is not an access level: use one of "+strings.Join(accessNames[1:], ", "))
		}
		for j := range i {
			if p.Access[j] == a && a.Valid() {
				add(at, a.String()+" is listed twice: list each access level once")
				break
			}
		}
	}
}
