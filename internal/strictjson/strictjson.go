// Package strictjson decodes JSON as encoding/json does, but strictly: a
// key given twice, a key that matches a field's name only when letter case
// is ignored, a field the type does not have, text that is not valid UTF-8
// (encoding/json would put U+FFFD in its place) and data after the value
// are errors. Each error is an *Error naming the JSON path of the field,
// such as "record.contacts[1].kind", and its byte offset.
//
// No error repeats a value from the text. Where encoding/json or a
// standard library type would quote the value it rejects, the error says
// what the field expects instead: "is not an RFC 3339 time: write it as
// 2026-11-24T10:00:00Z" for a time.Time, "is a JSON number, which a int8
// cannot hold" for a number out of range. The error of a type outside the
// standard library that decodes itself is passed on; such types must not
// repeat the value either.
//
// carecomms decodes its inputs with it (policy.Message, policy.Record and
// policy.Config decode strictly through their UnmarshalJSON methods, and
// the scenario parser uses it), and tools that read a case file call
// Decode.
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/carecomms/carecomms/channel"
)

// The causes an *Error wraps; test with errors.Is.
var (
	// ErrDuplicateKey: an object gives the same key twice.
	ErrDuplicateKey = errors.New("strictjson: duplicate key")
	// ErrKeyCase: a key differs only in letter case from a field's name.
	ErrKeyCase = errors.New("strictjson: key differs in case from the field name")
	// ErrUnknownField: a key names no field of the type.
	ErrUnknownField = errors.New("strictjson: unknown field")
	// ErrInvalidUTF8: a string or key is not valid UTF-8, or escapes half
	// a surrogate pair.
	ErrInvalidUTF8 = errors.New("strictjson: invalid UTF-8")
	// ErrSyntax: the text is not JSON, is nested too deeply, or has data
	// after the value.
	ErrSyntax = errors.New("strictjson: invalid JSON")
)

// MaxDepth is the deepest nesting of arrays and objects accepted.
const MaxDepth = 100

// Error is a problem with one field of a JSON text.
type Error struct {
	// Path is the JSON path of the field or value, such as
	// "record.contacts[1].kind"; empty for the text as a whole.
	Path string
	// Offset is the byte offset in the text where the problem is, or -1.
	Offset int64
	// Problem says what is wrong and how to fix it.
	Problem string
	// Err is the cause: one of this package's sentinel errors, or the
	// error the field's type returned when decoding its value. Unlike
	// Problem, the error of a standard library type may quote the value.
	Err error
}

// Error returns text such as "json: record.status: is given twice: give
// each field once". Like the errors of the types it decodes, it never
// repeats a value from the text.
func (e *Error) Error() string {
	if e.Path == "" {
		return "json: " + e.Problem
	}
	return "json: " + e.Path + ": " + e.Problem
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Decode decodes the JSON value in data into v, which must be a non-nil
// pointer, with encoding/json's rules and the strict checks of this
// package; only white space may follow the value. v may be partly filled
// when Decode fails.
func Decode(data []byte, v any) error {
	end, err := DecodePrefix(data, v)
	if err != nil {
		return err
	}
	if i := skipSpace(data, end); i < len(data) {
		return &Error{Offset: int64(i), Problem: "has data after the JSON value: give one value", Err: ErrSyntax}
	}
	return nil
}

// DecodePrefix is Decode for the first JSON value in data, which may be
// followed by anything; it returns the offset just past the value.
func DecodePrefix(data []byte, v any) (end int, err error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return 0, errors.New("strictjson: Decode needs a non-nil pointer")
	}
	c := checker{data: data}
	start := skipSpace(data, 0)
	if err := c.value(start, rv.Type().Elem(), ""); err != nil {
		return 0, c.syntax(err)
	}
	end = c.pos
	dec := json.NewDecoder(bytes.NewReader(data[:end]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return 0, locate(data[:end], start, rv.Type().Elem(), err)
	}
	return end, nil
}

// syntax completes a syntax error found by the checker with
// encoding/json's description of it.
func (c *checker) syntax(err error) error {
	var e *Error
	if !errors.As(err, &e) || e.Err != ErrSyntax || e.Problem != "" {
		return err
	}
	var x any
	jerr := json.NewDecoder(bytes.NewReader(c.data)).Decode(&x)
	var se *json.SyntaxError
	switch {
	case errors.As(jerr, &se):
		e.Problem = "is not valid JSON: " + strings.TrimPrefix(se.Error(), "json: ")
	case errors.Is(jerr, io.ErrUnexpectedEOF) || jerr != nil && e.Offset >= int64(len(c.data)):
		e.Problem = "is not valid JSON: the text ends early"
	default:
		e.Problem = "is not valid JSON"
	}
	return e
}

// locate finds the field whose value the decoder rejected, by decoding
// each value the type decodes itself (a TextUnmarshaler, an Unmarshaler, a
// string, number or bool) on its own.
func locate(data []byte, start int, t reflect.Type, err error) error {
	p := checker{data: data, probe: true}
	if perr := p.value(start, t, ""); perr != nil {
		var e *Error
		if errors.As(perr, &e) {
			return e
		}
	}
	return &Error{Offset: -1, Problem: "does not decode into a " + t.String() + ": check each field's type and value", Err: err}
}

// join appends a key or an index to a path. A key is masked as
// channel.MaskID masks an identifier: an unknown key or a map's key is
// input, and may be an NHS number or an address.
func join(path, key string) string {
	key = channel.MaskID(key)
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}
