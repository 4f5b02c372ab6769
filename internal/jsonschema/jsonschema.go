// Package jsonschema validates JSON documents against the subset of JSON
// Schema 2020-12 that the schemas in policy/schema use: type (a name or a
// list of names), properties, required, additionalProperties (a boolean or
// a schema), enum, const, items, $ref to a JSON pointer within the same
// document, $defs, pattern, and format date and date-time. The annotations
// $schema, $id, $comment, title and description are read and ignored.
//
// Any other keyword, a $ref to another document, or a format it does not
// know is an error from Compile, not something silently skipped, so a
// schema this package accepts is checked in full.
package jsonschema

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Schema is a compiled schema, safe for concurrent use.
type Schema struct {
	root *node
}

// node is one compiled schema object.
type node struct {
	always     *bool // a boolean schema: true accepts anything, false nothing
	types      []string
	props      map[string]*node
	required   []string
	additional *node // nil: any additional property is allowed
	enum       [][]byte
	items      *node
	ref        *node
	format     string
	pattern    *regexp.Regexp
}

// known lists the keywords Compile understands; annotations are ignored.
var known = map[string]bool{
	"$schema": true, "$id": true, "$comment": true, "title": true, "description": true, "$defs": true,
	"type": true, "properties": true, "required": true, "additionalProperties": true,
	"enum": true, "const": true, "items": true, "$ref": true, "format": true, "pattern": true,
}

var typeNames = []string{"object", "array", "string", "integer", "number", "boolean", "null"}

// compiler compiles a document's schema objects, once each by JSON pointer,
// so a $ref to a definition that refers back to itself terminates.
type compiler struct {
	doc  any
	done map[string]*node
}

// Compile compiles a schema document. Its errors name the JSON pointer of
// the schema object at fault.
func Compile(data []byte) (*Schema, error) {
	doc, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("jsonschema: the schema: %w", err)
	}
	c := &compiler{doc: doc, done: map[string]*node{}}
	root, err := c.compile("", doc)
	if err != nil {
		return nil, err
	}
	return &Schema{root: root}, nil
}

// MustCompile is Compile for schemas known to be good; it panics on error.
func MustCompile(data []byte) *Schema {
	s, err := Compile(data)
	if err != nil {
		panic(err)
	}
	return s
}

// compile compiles the schema object v found at JSON pointer ptr.
func (c *compiler) compile(ptr string, v any) (*node, error) {
	if n, ok := c.done[ptr]; ok {
		return n, nil
	}
	n := &node{}
	c.done[ptr] = n
	switch v := v.(type) {
	case bool:
		n.always = &v
		return n, nil
	case map[string]any:
		for _, k := range sortedKeys(v) {
			if !known[k] {
				return nil, fmt.Errorf("jsonschema: %s: keyword %q is not supported: use only %s", at(ptr), k, strings.Join(sortedKeys(known), ", "))
			}
			if err := c.keyword(n, ptr, k, v[k]); err != nil {
				return nil, err
			}
		}
		return n, nil
	}
	return nil, fmt.Errorf("jsonschema: %s: a schema must be an object or a boolean", at(ptr))
}

// keyword compiles one keyword k, with value v, of the schema at ptr into n.
func (c *compiler) keyword(n *node, ptr, k string, v any) error {
	var err error
	sub := ptr + "/" + escape(k)
	switch k {
	case "type":
		n.types, err = typeList(v)
	case "properties":
		n.props, err = c.properties(sub, v)
	case "required":
		n.required, err = stringList(v)
	case "additionalProperties":
		n.additional, err = c.compile(sub, v)
	case "enum":
		n.enum, err = enumList(v)
	case "const":
		var b []byte
		b, err = json.Marshal(v)
		n.enum = [][]byte{b}
	case "items":
		n.items, err = c.compile(sub, v)
	case "$ref":
		n.ref, err = c.ref(v)
	case "format":
		s, _ := v.(string)
		if s != "date" && s != "date-time" {
			err = fmt.Errorf("format %v is not supported: use date or date-time", v)
		}
		n.format = s
	case "pattern":
		s, _ := v.(string)
		n.pattern, err = regexp.Compile(s)
	case "$defs":
		err = c.defs(sub, v)
	}
	if err != nil {
		return fmt.Errorf("jsonschema: %s: %s: %w", at(ptr), k, err)
	}
	return nil
}

func (c *compiler) properties(ptr string, v any) (map[string]*node, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("must be an object")
	}
	out := make(map[string]*node, len(m))
	for _, name := range sortedKeys(m) {
		n, err := c.compile(ptr+"/"+escape(name), m[name])
		if err != nil {
			return nil, err
		}
		out[name] = n
	}
	return out, nil
}

func (c *compiler) defs(ptr string, v any) error {
	m, ok := v.(map[string]any)
	if !ok {
		return errors.New("must be an object")
	}
	for _, name := range sortedKeys(m) {
		if _, err := c.compile(ptr+"/"+escape(name), m[name]); err != nil {
			return err
		}
	}
	return nil
}

// ref resolves a "#/..." JSON pointer within the document and compiles
// its target.
func (c *compiler) ref(v any) (*node, error) {
	s, _ := v.(string)
	if s != "#" && !strings.HasPrefix(s, "#/") {
		return nil, fmt.Errorf("%q is not a JSON pointer within this document: write \"#/$defs/Name\"", s)
	}
	target := c.doc
	for _, tok := range strings.Split(s[1:], "/")[1:] {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, ok := target.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%q does not resolve: %q is not inside an object", s, tok)
		}
		if target, ok = m[tok]; !ok {
			return nil, fmt.Errorf("%q does not resolve: no member %q", s, tok)
		}
	}
	return c.compile(s[1:], target)
}

func typeList(v any) ([]string, error) {
	var names []string
	switch v := v.(type) {
	case string:
		names = []string{v}
	case []any:
		for _, x := range v {
			s, _ := x.(string)
			names = append(names, s)
		}
	}
	if len(names) == 0 {
		return nil, errors.New("must be a type name or a list of them")
	}
	for _, t := range names {
		if !slices.Contains(typeNames, t) {
			return nil, fmt.Errorf("%q is not a type: use %s", t, strings.Join(typeNames, ", "))
		}
	}
	return names, nil
}

func stringList(v any) ([]string, error) {
	l, ok := v.([]any)
	if !ok {
		return nil, errors.New("must be a list of strings")
	}
	out := make([]string, len(l))
	for i, x := range l {
		if out[i], ok = x.(string); !ok {
			return nil, errors.New("must be a list of strings")
		}
	}
	return out, nil
}

// enumList keeps each allowed value as canonical JSON, so values compare
// by their encoding.
func enumList(v any) ([][]byte, error) {
	l, ok := v.([]any)
	if !ok || len(l) == 0 {
		return nil, errors.New("must be a non-empty list")
	}
	out := make([][]byte, len(l))
	for i, x := range l {
		b, err := json.Marshal(x)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

// at names a JSON pointer in errors.
func at(ptr string) string {
	if ptr == "" {
		return "the root schema"
	}
	return "#" + ptr
}

func escape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// itoa is strconv.Itoa, named for brevity in paths.
func itoa(i int) string { return strconv.Itoa(i) }

// isDate reports whether s is a full-date of RFC 3339 (YYYY-MM-DD).
func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil && len(s) == len("2006-01-02")
}

// isDateTime reports whether s is a date-time of RFC 3339.
func isDateTime(s string) bool {
	_, err := time.Parse(time.RFC3339Nano, strings.ToUpper(s))
	return err == nil
}
