// Package enum holds the text encoding shared by the module's small named
// enum types: lower-case snake_case names, unknown names rejected.
package enum

import (
	"fmt"
	"strings"
)

// Name returns names[v], or a placeholder such as "kind(9)" for a value
// outside the table. Index 0 is the zero value's name.
func Name(typ string, names []string, v int) string {
	if v >= 0 && v < len(names) && names[v] != "" {
		return names[v]
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}

// Parse finds text among names, starting at index first (1 when the zero
// value has no valid name). Its error, an *Error, names the package, the
// type and the accepted names, and suggests the name text differs from only
// in case or surrounding spaces; it never repeats text, which may be
// personal data typed into the wrong field.
func Parse(pkg, typ string, names []string, first int, text []byte) (int, error) {
	for i := first; i < len(names); i++ {
		if names[i] != "" && string(text) == names[i] {
			return i, nil
		}
	}
	hint := ""
	for _, n := range names[first:] {
		if n != "" && strings.EqualFold(strings.TrimSpace(string(text)), n) {
			hint = " (did you mean " + n + "?)"
			break
		}
	}
	return 0, Reject(text, "%s: unknown %s%s: use one of %v", pkg, typ, hint, names[first:])
}

// Error is the error for a value that does not decode. Its message says
// what was wrong and what would be accepted, never the value itself: a
// careless or hostile input may put a phone number, an address or an NHS
// number in any field, and error messages end up in logs. Rejected gives
// the value to tools that must find it in the input, such as
// internal/jsonpos.
type Error struct {
	msg      string
	rejected string
}

// Reject returns an *Error with the message fmt.Sprintf(format, args...),
// which must not contain the rejected value.
func Reject(rejected []byte, format string, args ...any) *Error {
	return &Error{msg: fmt.Sprintf(format, args...), rejected: clip(rejected)}
}

// Error returns the message.
func (e *Error) Error() string { return e.msg }

// GoString is Error, so that %#v does not print the rejected value.
func (e *Error) GoString() string { return e.msg }

// Rejected returns the start of the value that did not decode.
func (e *Error) Rejected() string { return e.rejected }

// clip keeps the rejected value short when a caller passes a long string.
func clip(b []byte) string {
	const max = 64
	if len(b) > max {
		return string(b[:max])
	}
	return string(b)
}

// Marshal encodes v by name, rejecting values outside names[first:] and
// values whose name is empty.
func Marshal(pkg, typ string, names []string, v, first int) ([]byte, error) {
	if v < first || v >= len(names) || names[v] == "" {
		return nil, fmt.Errorf("%s: cannot encode %s %s: set it to one of %v", pkg, typ, Name(typ, names, v), names[first:])
	}
	return []byte(names[v]), nil
}
