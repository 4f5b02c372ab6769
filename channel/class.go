package channel

import "github.com/carecomms/carecomms/internal/enum"

// Class is the kind of content a message carries. The org's acceptable use
// cases (G5) say which classes may go by which channel, and several of the
// compelling grounds for overriding an objection (G14) depend on the class.
// The zero value is not a valid class: a message must say what it is.
type Class uint8

// The content classes.
const (
	AppointmentReminder   Class = iota + 1 // a reminder of a booked appointment
	AppointmentChange                      // an appointment cancelled, postponed or moved (G14.3)
	AppointmentInvitation                  // an invitation to book (screening, vaccination)
	VirtualConsultation                    // an invitation to a virtual consultation with a link (G14.6)
	TestResultsReady                       // results are ready, with no detail (G23)
	TestResults                            // the results themselves: confidential
	Prescription                           // a prescription ready to collect
	CareInformation                        // information about treatment or care: confidential
	MedicationAlert                        // incorrect medication was prescribed (G14.8)
	WaitingListValidation                  // asking whether a person still needs to wait (G14.2)
	PublicHealthAlert                      // others at risk from a communicable disease (G14.1)
	WelfareCheck                           // vulnerable people after extreme weather or outages (G14.4)
	SafetyWarning                          // credible threats made about the person (G14.7)
	Administrative                         // other routine, non-clinical care administration
)

var classNames = []string{"",
	"appointment_reminder", "appointment_change", "appointment_invitation",
	"virtual_consultation", "test_results_ready", "test_results", "prescription",
	"care_information", "medication_alert", "waiting_list_validation",
	"public_health_alert", "welfare_check", "safety_warning", "administrative",
}

// Classes lists every valid class.
func Classes() []Class {
	out := make([]Class, 0, len(classNames)-1)
	for i := 1; i < len(classNames); i++ {
		out = append(out, Class(i))
	}
	return out
}

// Valid reports whether c is one of the defined classes.
func (c Class) Valid() bool { return c >= AppointmentReminder && int(c) < len(classNames) }

// String returns the class name, such as "test_results".
func (c Class) String() string { return enum.Name("class", classNames, int(c)) }

// MarshalText encodes c by name. The zero class is an error.
func (c Class) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, errInvalidEnum("class", c.String())
	}
	return []byte(classNames[c]), nil
}

// UnmarshalText decodes a class name, rejecting unknown names.
func (c *Class) UnmarshalText(b []byte) error {
	v, err := enum.Parse("channel", "class", classNames, 1, b)
	if err != nil {
		return err
	}
	*c = Class(v)
	return nil
}

// Confidential reports whether the class carries confidential health
// information by its nature (G6, G23): detailed test results and
// information about treatment or care. A medication alert asks the person to
// make contact and need not be. Other classes may still contain
// confidential words; the minimise package finds those.
func (c Class) Confidential() bool {
	return c == TestResults || c == CareInformation
}
