// Package jsonpos finds where in a JSON text a decoding error from
// encoding/json arose, so that tools can name the line and the field. The
// scenario parser and the decide example share it.
package jsonpos

import (
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/carecomms/carecomms/internal/strictjson"
)

// Kind is the sort of decoding error Locate recognised.
type Kind int

// Kinds of decoding error.
const (
	Other        Kind = iota // none of the below
	Syntax                   // a *json.SyntaxError
	Type                     // a *json.UnmarshalTypeError
	UnknownField             // "json: unknown field", from DisallowUnknownFields
	BadValue                 // a value a type's UnmarshalText or UnmarshalJSON rejected: an internal/enum.Error, or quoted in the error
)

var quoted = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)

// Locate returns the kind of err, the byte offset in text where it arose
// (-1 when it cannot be found) and the field it concerns ("" when not
// known). The field of an unknown field is its name; that of a rejected
// value is the object key before the value.
func Locate(text string, err error) (k Kind, off int64, field string) {
	var se *strictjson.Error
	if errors.As(err, &se) && se.Path != "" {
		return locateStrict(text, se)
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return Syntax, syn.Offset, ""
	case errors.As(err, &typ):
		return Type, typ.Offset, typ.Field
	}
	var rej interface{ Rejected() string }
	if errors.As(err, &rej) && rej.Rejected() != "" {
		// The value is not in the message (see internal/enum.Error).
		if i := strings.Index(text, `"`+rej.Rejected()); i >= 0 {
			return BadValue, int64(i), keyBefore(text, i)
		}
		return BadValue, -1, ""
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

// locateStrict places an error of a type that decodes itself strictly
// (policy.Message, say): its path is relative to that type's value, so
// the first key in text whose path ends with it is taken. The field is
// the full path for a value of the wrong JSON type, as encoding/json gives
// it, and the key otherwise.
func locateStrict(text string, se *strictjson.Error) (Kind, int64, string) {
	off, full := findPath(text, se.Path)
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(se.Err, strictjson.ErrUnknownField):
		return UnknownField, off, se.Path[strings.LastIndexAny(se.Path, ".]")+1:]
	case errors.As(se.Err, &typ):
		return Type, off, full
	}
	return BadValue, off, se.Path[strings.LastIndexAny(se.Path, ".]")+1:]
}

// findPath returns the offset of the first key or array element in text
// whose JSON path ends with suffix, and that path; -1 and "" when there is
// none.
func findPath(text, suffix string) (int64, string) {
	dec := json.NewDecoder(strings.NewReader(text))
	var w pathWalk
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return -1, ""
		}
		if p, ok := w.step(tok); ok && endsWith(p, suffix) {
			rest := text[start:]
			return start + int64(len(rest)-len(strings.TrimLeft(rest, " \t\r\n,"))), p
		}
	}
}

// endsWith reports whether path p ends with the path suffix at a step.
func endsWith(p, suffix string) bool {
	return strings.HasSuffix(p, suffix) && (len(p) == len(suffix) || suffix[0] == '[' || p[len(p)-len(suffix)-1] == '.')
}

// pathWalk follows the JSON path of a stream of tokens.
type pathWalk struct{ stack []frame }

// frame is one open object or array.
type frame struct {
	obj   bool
	key   string
	index int
	want  bool // an object expecting a key, or an array before its first element
}

// step takes the next token; at a key, or at the start of an array's
// element, it returns the path there.
func (w *pathWalk) step(tok json.Token) (string, bool) {
	at := ""
	if n := len(w.stack); n > 0 {
		top := &w.stack[n-1]
		switch {
		case top.obj && top.want && tok != json.Delim('}'):
			top.key, top.want = tok.(string), false
			return w.path(), true
		case !top.obj && tok != json.Delim(']'):
			if top.want {
				top.want = false
			} else {
				top.index++
			}
			at = w.path()
		}
	}
	switch tok {
	case json.Delim('{'):
		w.stack = append(w.stack, frame{obj: true, want: true})
		return at, at != ""
	case json.Delim('['):
		w.stack = append(w.stack, frame{want: true})
		return at, at != ""
	case json.Delim('}'), json.Delim(']'):
		w.stack = w.stack[:len(w.stack)-1]
	}
	if n := len(w.stack); n > 0 && w.stack[n-1].obj {
		w.stack[n-1].want = true
	}
	return at, at != ""
}

func (w *pathWalk) path() string {
	var b strings.Builder
	for _, f := range w.stack {
		if !f.obj {
			b.WriteString("[" + strconv.Itoa(f.index) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(f.key)
	}
	return b.String()
}
