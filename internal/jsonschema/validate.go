package jsonschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
)

// Error is one way a document breaks its schema. Path is where, in the
// style of policy.FieldError ("record.contacts[0].kind"; "" for the whole
// document). Problem never quotes the value at fault, which may be
// personal data: it says what was wanted.
type Error struct {
	Path    string
	Problem string
}

// Error gives the path and the problem.
func (e *Error) Error() string {
	if e.Path == "" {
		return "jsonschema: the document " + e.Problem
	}
	return "jsonschema: " + e.Path + " " + e.Problem
}

// Validate checks one JSON document against s and returns nil or every
// problem, each an *Error, joined. Data that is not a single JSON value,
// is not valid UTF-8 or has an object with a key twice is an error too:
// encoding/json would read such a document, silently, one way of several.
func (s *Schema) Validate(data []byte) error {
	v, err := decode(data)
	if err != nil {
		return err
	}
	return s.ValidateValue(v)
}

// ValidateValue checks a decoded document: the values encoding/json gives
// an any (map[string]any, []any, string, bool, nil, and float64 or
// json.Number).
func (s *Schema) ValidateValue(v any) error {
	var errs []error
	s.root.check(v, "", &errs)
	return errors.Join(errs...)
}

// check validates v, found at path, against n and adds each problem.
func (n *node) check(v any, path string, errs *[]error) {
	bad := func(format string, args ...any) {
		*errs = append(*errs, &Error{Path: path, Problem: fmt.Sprintf(format, args...)})
	}
	if n.always != nil {
		if !*n.always {
			bad("is not allowed here")
		}
		return
	}
	if n.ref != nil {
		n.ref.check(v, path, errs)
	}
	if len(n.types) > 0 && !slices.ContainsFunc(n.types, func(t string) bool { return isType(v, t) }) {
		bad("is %s, want %s", typeOf(v), strings.Join(n.types, " or "))
		return
	}
	if n.enum != nil && !n.inEnum(v) {
		bad("is not one of %s", enumText(n.enum))
	}
	if s, ok := v.(string); ok {
		n.checkString(s, bad)
	}
	switch v := v.(type) {
	case map[string]any:
		n.checkObject(v, path, errs)
	case []any:
		if n.items != nil {
			for i, x := range v {
				n.items.check(x, path+"["+itoa(i)+"]", errs)
			}
		}
	}
}

func (n *node) checkString(s string, bad func(string, ...any)) {
	if n.pattern != nil && !n.pattern.MatchString(s) {
		bad("does not match the pattern %s", n.pattern)
	}
	switch {
	case n.format == "date" && !isDate(s):
		bad("is not a date such as \"2026-11-24\"")
	case n.format == "date-time" && !isDateTime(s):
		bad("is not an RFC 3339 date-time such as \"2026-11-24T10:00:00Z\"")
	}
}

func (n *node) checkObject(obj map[string]any, path string, errs *[]error) {
	for _, name := range n.required {
		if _, ok := obj[name]; !ok {
			*errs = append(*errs, &Error{Path: path, Problem: fmt.Sprintf("lacks the required property %q", name)})
		}
	}
	for _, name := range sortedKeys(obj) {
		sub := join(path, name)
		if p, ok := n.props[name]; ok {
			p.check(obj[name], sub, errs)
			continue
		}
		if n.additional != nil {
			n.additional.check(obj[name], sub, errs)
		}
	}
}

func (n *node) inEnum(v any) bool {
	b, err := json.Marshal(v)
	if err != nil {
		return false
	}
	for _, e := range n.enum {
		if bytes.Equal(b, e) {
			return true
		}
	}
	return false
}

func enumText(enum [][]byte) string {
	parts := make([]string, len(enum))
	for i, e := range enum {
		parts[i] = string(e)
	}
	if len(parts) > 12 {
		parts = append(parts[:12], "…")
	}
	return strings.Join(parts, ", ")
}

// join appends a property name to a path.
func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// isType reports whether v is of the JSON Schema type t.
func isType(v any, t string) bool {
	switch v := v.(type) {
	case map[string]any:
		return t == "object"
	case []any:
		return t == "array"
	case string:
		return t == "string"
	case bool:
		return t == "boolean"
	case nil:
		return t == "null"
	case json.Number:
		return t == "number" || (t == "integer" && isInteger(v.String()))
	case float64:
		return t == "number" || (t == "integer" && v == float64(int64(v)))
	}
	return false
}

// isInteger reports whether a JSON number has no fractional part, as 2020-12
// counts 1.0 an integer.
func isInteger(s string) bool {
	f, ok := new(big.Float).SetString(s)
	return ok && f.IsInt()
}

func typeOf(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	case json.Number, float64:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}
