// Package jsonpos finds where in a JSON text a decoding error from
// encoding/json arose, so that tools can name the line and the field. The
// scenario parser and the decide example share it.
package jsonpos

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
)

// Kind is the sort of decoding error Locate recognised.
type Kind int

// Kinds of decoding error.
const (
	Other        Kind = iota // none of the below
	Syntax                   // a *json.SyntaxError
	Type                     // a *json.UnmarshalTypeError
	UnknownField             // "json: unknown field", from DisallowUnknownFields
	BadValue                 // a value a type's UnmarshalText or UnmarshalJSON rejected, quoted in the error
)

var quoted = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)

// Locate returns the kind of err, the byte offset in text where it arose
// (-1 when it cannot be found) and the field it concerns ("" when not
// known). The field of an unknown field is its name; that of a rejected
// value is the object key before the value.
func Locate(text string, err error) (k Kind, off int64, field string) {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return Syntax, syn.Offset, ""
	case errors.As(err, &typ):
		return Type, typ.Offset, typ.Field
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return UnknownField, int64(strings.Index(text, name)), strings.Trim(name, `"`)
	}
	if m := quoted.FindStringSubmatch(msg); m != nil && m[1] != "" {
		needle := `"` + strings.TrimSuffix(m[1], "…")
		if i := strings.Index(text, needle); i >= 0 {
			return BadValue, int64(i), keyBefore(text, i)
		}
		return BadValue, -1, ""
	}
	return Other, -1, ""
}

// keyBefore returns the object key whose value starts at or after off.
func keyBefore(text string, off int) string {
	i := strings.LastIndexByte(text[:off], ':')
	if i < 0 {
		return ""
	}
	j := strings.LastIndexByte(text[:i], '"')
	if j < 0 {
		return ""
	}
	k := strings.LastIndexByte(text[:j], '"')
	if k < 0 {
		return ""
	}
	return text[k+1 : j]
}
