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
