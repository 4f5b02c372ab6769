package channel

// Classes lists every valid class.
func Classes() []Class {
	out := make([]Class, 0, len(classNames)-1)
	for i := 1; i < len(classNames); i++ {
		out = append(out, Class(i))
	}
	return out
}

// Confidential reports whether the class carries confidential health
// information by its nature (G6, G23): detailed test results and
// information about treatment or care. A medication alert asks the person to
// make contact and need not be. Other classes may still contain
// confidential words; the minimise package finds those.
func (c Class) Confidential() bool {
	return c == TestResults || c == CareInformation
}

// CanBeEmergency reports whether a message of this class can be a genuine
// emergency, in which safety may override an objection (G14, G32): a
// safety warning, others at risk from a communicable disease, incorrect
// medication, a welfare check after an event, and urgent clinical results
// or care information. Reminders, invitations, appointment changes (which
// have their own ground, G14.3), virtual consultations, prescriptions,
// waiting-list questions and administration cannot.
func (c Class) CanBeEmergency() bool {
	switch c {
	case SafetyWarning, PublicHealthAlert, MedicationAlert, WelfareCheck, TestResultsReady, TestResults, CareInformation:
		return true
	}
	return false
}
