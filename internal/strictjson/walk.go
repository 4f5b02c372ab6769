package strictjson

import (
	"encoding"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// checker walks a JSON text beside the Go type it decodes into. In the
// check pass it finds what encoding/json lets through (repeated keys,
// keys in the wrong case, invalid UTF-8); as a prober it decodes each
// value the type decodes itself, to find which one encoding/json
// rejected.
type checker struct {
	data  []byte
	pos   int // just past the last value walked
	depth int
	probe bool
}

var (
	unmarshalerType     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// value walks the value starting at or after i; t is the type it decodes
// into, or nil when the walk has no type (inside an any, or a value a
// type decodes itself).
func (c *checker) value(i int, t reflect.Type, path string) error {
	i = skipSpace(c.data, i)
	if i >= len(c.data) {
		return c.bad(i, path)
	}
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	leaf := t != nil && isLeaf(t)
	inner := t
	if leaf || (t != nil && t.Kind() == reflect.Interface) {
		inner = nil
	}
	var err error
	switch c.data[i] {
	case '{':
		err = c.object(i, inner, path)
	case '[':
		err = c.array(i, inner, path)
	case '"':
		_, err = c.str(i, path)
	default:
		err = c.scalar(i, path)
	}
	if err != nil || !c.probe || !leaf {
		return err
	}
	return c.try(i, c.pos, t, path)
}

// isLeaf reports whether values of t are decoded by t itself (a
// json.Unmarshaler or encoding.TextUnmarshaler) or are strings, numbers,
// booleans or bytes.
func isLeaf(t reflect.Type) bool {
	if decodesItself(t) {
		return true
	}
	switch t.Kind() {
	case reflect.Struct, reflect.Map, reflect.Interface, reflect.Array:
		return false
	case reflect.Slice:
		return t.Elem().Kind() == reflect.Uint8
	}
	return true
}

// object walks an object; t is nil, a struct or a map.
func (c *checker) object(i int, t reflect.Type, path string) error {
	if c.depth++; c.depth > MaxDepth {
		return &Error{Path: path, Offset: int64(i), Problem: "is nested more than " + strconv.Itoa(MaxDepth) + " deep", Err: ErrSyntax}
	}
	defer func() { c.depth-- }()
	var fields map[string]field
	if t != nil && t.Kind() == reflect.Struct {
		fields = fieldsOf(t)
	}
	seen := map[string]int{}
	i = skipSpace(c.data, i+1)
	if i < len(c.data) && c.data[i] == '}' {
		c.pos = i + 1
		return nil
	}
	for {
		i = skipSpace(c.data, i)
		if i >= len(c.data) || c.data[i] != '"' {
			return c.bad(i, path)
		}
		key, err := c.str(i, path)
		if err != nil {
			return err
		}
		kpath := join(path, key)
		if _, dup := seen[key]; dup {
			return &Error{Path: kpath, Offset: int64(i), Problem: "is given twice: give each field once", Err: ErrDuplicateKey}
		}
		seen[key] = i
		ft, err := c.fieldType(t, fields, key, kpath, i)
		if err != nil {
			return err
		}
		if i = skipSpace(c.data, c.pos); i >= len(c.data) || c.data[i] != ':' {
			return c.bad(i, path)
		}
		if err := c.value(i+1, ft, kpath); err != nil {
			return err
		}
		switch i = skipSpace(c.data, c.pos); {
		case i < len(c.data) && c.data[i] == ',':
			i++
		case i < len(c.data) && c.data[i] == '}':
			c.pos = i + 1
			return nil
		default:
			return c.bad(i, path)
		}
	}
}

// fieldType returns the type of the value of key in an object decoded into
// t, or an error when t is a struct without that field.
func (c *checker) fieldType(t reflect.Type, fields map[string]field, key, kpath string, at int) (reflect.Type, error) {
	switch {
	case t == nil:
		return nil, nil
	case t.Kind() == reflect.Map:
		return t.Elem(), nil
	case t.Kind() != reflect.Struct:
		return nil, nil // encoding/json reports the mismatch
	}
	if f, ok := fields[key]; ok {
		return f.typ, nil
	}
	for name := range fields {
		if equalFold(name, key) {
			return nil, &Error{Path: kpath, Offset: int64(at), Problem: "differs only in letter case from the field " + strconv.Quote(name) + ": write field names exactly", Err: ErrKeyCase}
		}
	}
	return nil, &Error{Path: kpath, Offset: int64(at), Problem: "unknown field: remove it, or check its spelling", Err: ErrUnknownField}
}

// array walks an array; t is nil, a slice or an array.
func (c *checker) array(i int, t reflect.Type, path string) error {
	if c.depth++; c.depth > MaxDepth {
		return &Error{Path: path, Offset: int64(i), Problem: "is nested more than " + strconv.Itoa(MaxDepth) + " deep", Err: ErrSyntax}
	}
	defer func() { c.depth-- }()
	var et reflect.Type
	if t != nil && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		et = t.Elem()
	}
	i = skipSpace(c.data, i+1)
	if i < len(c.data) && c.data[i] == ']' {
		c.pos = i + 1
		return nil
	}
	for n := 0; ; n++ {
		if err := c.value(i, et, index(path, n)); err != nil {
			return err
		}
		switch i = skipSpace(c.data, c.pos); {
		case i < len(c.data) && c.data[i] == ',':
			i++
		case i < len(c.data) && c.data[i] == ']':
			c.pos = i + 1
			return nil
		default:
			return c.bad(i, path)
		}
	}
}

// str walks the string starting at i, checking its escapes and its UTF-8,
// and returns its text.
func (c *checker) str(i int, path string) (string, error) {
	escaped := false
	for j := i + 1; j < len(c.data); {
		switch b := c.data[j]; {
		case b == '"':
			c.pos = j + 1
			if !escaped {
				return string(c.data[i+1 : j]), nil
			}
			var s string
			if err := json.Unmarshal(c.data[i:j+1], &s); err != nil {
				return "", c.bad(i, path)
			}
			return s, nil
		case b == '\\':
			n, ok := c.escape(j)
			if n == 0 {
				return "", c.bad(j, path)
			}
			if !ok {
				return "", c.invalidUTF8(j, path)
			}
			escaped = true
			j += n
		case b < ' ':
			return "", c.bad(j, path)
		case b < utf8.RuneSelf:
			j++
		default:
			r, size := utf8.DecodeRune(c.data[j:])
			if r == utf8.RuneError && size == 1 {
				return "", c.invalidUTF8(j, path)
			}
			j += size
		}
	}
	return "", c.bad(len(c.data), path)
}

// escape returns the length of the escape at j (0 when malformed) and
// whether it is valid Unicode: a \u escape of half a surrogate pair must
// be followed by the other half.
func (c *checker) escape(j int) (int, bool) {
	if j+1 >= len(c.data) {
		return 0, true
	}
	switch c.data[j+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 2, true
	case 'u':
	default:
		return 0, true
	}
	r, ok := c.hex4(j + 2)
	switch {
	case !ok:
		return 0, true
	case r >= 0xdc00 && r <= 0xdfff:
		return 6, false
	case r < 0xd800 || r > 0xdbff:
		return 6, true
	}
	if j+7 < len(c.data) && c.data[j+6] == '\\' && c.data[j+7] == 'u' {
		if lo, ok := c.hex4(j + 8); ok && lo >= 0xdc00 && lo <= 0xdfff {
			return 12, true
		}
	}
	return 6, false
}

func (c *checker) hex4(j int) (rune, bool) {
	if j+4 > len(c.data) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(c.data[j:j+4]), 16, 16)
	return rune(v), err == nil
}

// scalar walks a number, true, false or null; encoding/json checks them
// in full.
func (c *checker) scalar(i int, path string) error {
	j := i
	for j < len(c.data) {
		b := c.data[j]
		if (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || b == '-' || b == '+' || b == '.' || b == 'E' {
			j++
			continue
		}
		break
	}
	if j == i {
		return c.bad(i, path)
	}
	c.pos = j
	return nil
}

// try decodes the value data[start:end] into a new t, and returns the
// error it gives as an *Error at path. An *Error from a type that decodes
// itself strictly (policy.Message, say) is re-rooted under path.
func (c *checker) try(start, end int, t reflect.Type, path string) error {
	err := json.Unmarshal(c.data[start:end], reflect.New(t).Interface())
	if err == nil {
		return nil
	}
	var inner *Error
	if errors.As(err, &inner) {
		off := inner.Offset
		if off >= 0 {
			off += int64(start)
		}
		p := inner.Path
		switch {
		case p == "":
			p = path
		case p[0] == '[':
			p = path + p
		default:
			p = join(path, p)
		}
		return &Error{Path: p, Offset: off, Problem: inner.Problem, Err: inner.Err}
	}
	return &Error{Path: path, Offset: int64(start), Problem: describe(t, err), Err: err}
}

var timeType = reflect.TypeFor[time.Time]()

// describe says what is wrong with a value that did not decode into t,
// without repeating it: the errors of encoding/json and of the standard
// library's types (time.Time, say) quote the value they reject, so only
// an error from a type outside the standard library that decodes itself,
// and so follows the rule not to, is passed on as it is.
func describe(t reflect.Type, err error) string {
	var (
		te *json.UnmarshalTypeError
		pe *time.ParseError
	)
	switch {
	case t == timeType || errors.As(err, &pe):
		return "is not an RFC 3339 time: write it as 2026-11-24T10:00:00Z"
	case errors.As(err, &te):
		// Value is "number" or, for a number out of range, "number 1e999".
		kind, _, _ := strings.Cut(te.Value, " ")
		return "is a JSON " + kind + ", which a " + t.String() + " cannot hold"
	case decodesItself(t) && !standard(t):
		return err.Error()
	}
	return "cannot be decoded as a " + t.String() + ": check the value's type and format"
}

// decodesItself reports whether t or *t is a json.Unmarshaler or an
// encoding.TextUnmarshaler.
func decodesItself(t reflect.Type) bool {
	pt := reflect.PointerTo(t)
	return t.Implements(unmarshalerType) || pt.Implements(unmarshalerType) ||
		t.Implements(textUnmarshalerType) || pt.Implements(textUnmarshalerType)
}

// standard reports whether t is declared in the standard library, whose
// import paths have no dot in their first element.
func standard(t reflect.Type) bool {
	first, _, _ := strings.Cut(t.PkgPath(), "/")
	return !strings.Contains(first, ".")
}

func (c *checker) bad(i int, path string) error {
	return &Error{Path: path, Offset: int64(i), Err: ErrSyntax}
}

func (c *checker) invalidUTF8(i int, path string) error {
	return &Error{Path: path, Offset: int64(i), Problem: "is not valid UTF-8: send text as UTF-8, without lone surrogate escapes", Err: ErrInvalidUTF8}
}
