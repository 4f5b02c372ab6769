package main

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// fieldKey names a JSON field of a struct type.
type fieldKey struct {
	t    reflect.Type
	name string
}

// asGiven are fields that hold input exactly as a scenario gives it, which
// may be incomplete or invalid on purpose: any object, rather than the
// schema of the field's type. A scenario's message and record match
// message.schema.json and record.schema.json unless the scenario is about
// bad input (it expects an input.* trail step), which a test checks.
var asGiven = map[fieldKey]*schema{
	{scenarioType, "message"}: {Type: "object", Description: "The message as the scenario gives it. It matches message.schema.json unless the scenario is about incomplete or invalid input: then expect lists an input.* step."},
	{scenarioType, "record"}:  {Type: "object", Description: "The record as the scenario gives it. It matches record.schema.json unless the scenario is about incomplete or invalid input: then expect lists an input.* step."},
}

// field is one JSON field of a struct.
type field struct {
	name     string
	typ      reflect.Type
	required bool
}

// object returns the schema of struct t: its fields as properties, the
// ones always written required (none for a config overlay), and no others
// allowed.
func (g *gen) object(t reflect.Type) (*schema, error) {
	fs, err := jsonFields(t)
	if err != nil {
		return nil, err
	}
	no := false
	s := &schema{Type: "object", AdditionalProperties: &no}
	for _, f := range fs {
		p, ok := asGiven[fieldKey{t, f.name}]
		if !ok {
			if p, err = g.use(f.typ); err != nil {
				return nil, fmt.Errorf("%s.%s: %w", t, f.name, err)
			}
		}
		s.Properties = append(s.Properties, member{f.name, p})
		if f.required && t != overlayType {
			s.Required = append(s.Required, f.name)
		}
	}
	return s, nil
}

// jsonFields lists the fields encoding/json reads and writes for struct t,
// in its order: the fields of an embedded struct without a JSON name take
// its place, unless a field of t has the same name.
func jsonFields(t reflect.Type) ([]field, error) {
	own := map[string]bool{}
	for i := range t.NumField() {
		if name, ok := ownName(t.Field(i)); ok {
			own[name] = true
		}
	}
	var out []field
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if et := embeddedStruct(f, name); et != nil {
			inner, err := jsonFields(et)
			if err != nil {
				return nil, err
			}
			for _, in := range inner {
				if !own[in.name] {
					out = append(out, in)
				}
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		o := strings.Split(opts, ",")
		if slices.Contains(o, "string") || slices.Contains(o, "inline") {
			return nil, fmt.Errorf("%s.%s: schemagen does not support the json tag option in %q", t, f.Name, tag)
		}
		out = append(out, field{name, f.Type, !slices.Contains(o, "omitempty") && !slices.Contains(o, "omitzero")})
	}
	for i := 1; i < len(out); i++ {
		if slices.ContainsFunc(out[:i], func(f field) bool { return f.name == out[i].name }) {
			return nil, fmt.Errorf("%s: two fields are named %q in JSON", t, out[i].name)
		}
	}
	return out, nil
}

// ownName is the JSON name of a field that is not an embedded struct.
func ownName(f reflect.StructField) (string, bool) {
	tag := f.Tag.Get("json")
	name, _, _ := strings.Cut(tag, ",")
	if tag == "-" || embeddedStruct(f, name) != nil || !f.IsExported() {
		return "", false
	}
	if name == "" {
		name = f.Name
	}
	return name, true
}

// embeddedStruct returns the struct type of an embedded field whose fields
// encoding/json promotes, or nil.
func embeddedStruct(f reflect.StructField, jsonName string) reflect.Type {
	if !f.Anonymous || jsonName != "" {
		return nil
	}
	t := f.Type
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	return t
}
