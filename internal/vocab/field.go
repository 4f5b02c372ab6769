package vocab

import (
	"errors"
	"strings"
)

// FieldError is one problem with one field of an input: the field's JSON
// path, such as "proxies[0].status", what is wrong and how to fix it, and
// the cause it wraps. Every validator in carecomms reports its problems as
// *FieldError values, joined with errors.Join; a nested value's problems
// keep their own *FieldError, re-rooted under the outer path, so
// errors.As finds the field and errors.Is finds both the outer and the
// inner package's sentinel.
//
// Its text names the field and never holds a message body, an address or
// an identifier from the input.
type FieldError struct {
	// Path is the JSON path of the field, such as "contacts[1].kind".
	Path string
	// Problem says what is wrong and how to fix it.
	Problem string
	// Err is the cause: the package's sentinel (such as
	// policy.ErrInvalidRecord), and for a nested value the inner
	// package's sentinel too.
	Err error
	pkg string
}

// NewFieldError returns a problem with the field at path, reported by
// package pkg and wrapping sentinel.
func NewFieldError(pkg string, sentinel error, path, problem string) *FieldError {
	return &FieldError{Path: path, Problem: problem, Err: sentinel, pkg: pkg}
}

// Error returns text such as
// "policy: proxies[0].status: unset is not a status: set active or deactivated".
func (e *FieldError) Error() string {
	var b strings.Builder
	if e.pkg != "" {
		b.WriteString(e.pkg)
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Problem)
	return b.String()
}

// Unwrap returns the cause.
func (e *FieldError) Unwrap() error { return e.Err }

// Nest re-roots the problems in err under path prefix, reported by pkg and
// wrapping sentinel as well as each problem's own cause. A problem that is
// not a *FieldError becomes one at prefix. It returns nil for a nil err.
func Nest(pkg string, sentinel error, prefix string, err error) []error {
	if err == nil {
		return nil
	}
	var out []error
	for _, e := range Flatten(err) {
		fe, ok := e.(*FieldError)
		if !ok {
			out = append(out, &FieldError{Path: prefix, Problem: e.Error(), Err: errors.Join(sentinel, e), pkg: pkg})
			continue
		}
		path := prefix
		if fe.Path != "" {
			path = join(prefix, fe.Path)
		}
		out = append(out, &FieldError{Path: path, Problem: fe.Problem, Err: both{sentinel, fe.Err}, pkg: pkg})
	}
	return out
}

// Flatten lists the errors an errors.Join holds, recursively; any other
// error is listed alone.
func Flatten(err error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range j.Unwrap() {
		out = append(out, Flatten(e)...)
	}
	return out
}

func join(prefix, path string) string {
	if prefix == "" {
		return path
	}
	if strings.HasPrefix(path, "[") {
		return prefix + path
	}
	return prefix + "." + path
}

// both wraps two causes without adding text of its own: errors.Is and
// errors.As see each.
type both [2]error

func (b both) Error() string   { return b[0].Error() + ": " + b[1].Error() }
func (b both) Unwrap() []error { return b[:] }
