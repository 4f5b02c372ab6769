package objection

import "errors"

// ErrInvalid is the sentinel every validation error wraps: test for it with
// errors.Is. The details are in a *FieldError (errors.As).
var ErrInvalid = errors.New("objection: invalid")

// FieldError says which field of an Objection or Override is wrong, what is
// wrong with it and how to fix it. It never holds the person's reason, a
// justification or a service code.
type FieldError struct {
	// Type is "objection" or "override".
	Type string
	// Field is the field's JSON name, such as "recorded_by".
	Field string
	// Problem says what is wrong and how to fix it.
	Problem string
}

// Error returns a message such as
// "objection: objection.recorded_by is empty: name the staff member who recorded it".
func (e *FieldError) Error() string {
	return "objection: " + e.Type + "." + e.Field + " " + e.Problem
}

// Unwrap returns ErrInvalid.
func (e *FieldError) Unwrap() error { return ErrInvalid }

func fieldErr(typ, field, problem string) error {
	return &FieldError{Type: typ, Field: field, Problem: problem}
}
