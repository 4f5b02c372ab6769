package main

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"path"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/policytest"
	"github.com/carecomms/carecomms/proxy"
)

// schema is a JSON Schema object, its keywords in the order written.
type schema struct {
	Dialect              string   `json:"$schema,omitempty"`
	Comment              string   `json:"$comment,omitempty"`
	Title                string   `json:"title,omitempty"`
	Description          string   `json:"description,omitempty"`
	Ref                  string   `json:"$ref,omitempty"`
	Type                 string   `json:"type,omitempty"`
	Format               string   `json:"format,omitempty"`
	Pattern              string   `json:"pattern,omitempty"`
	Enum                 []string `json:"enum,omitempty"`
	Items                *schema  `json:"items,omitempty"`
	Properties           members  `json:"properties,omitempty"`
	Required             []string `json:"required,omitempty"`
	AdditionalProperties *bool    `json:"additionalProperties,omitempty"`
	Defs                 members  `json:"$defs,omitempty"`
}

// member is a named schema: a property or a definition.
type member struct {
	name string
	s    *schema
}

// members is a JSON object of schemas that keeps its order.
type members []member

// MarshalJSON writes the members in order.
func (ms members) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, _ := json.Marshal(m.name)
		buf.Write(k)
		buf.WriteByte(':')
		b, err := encode(m.s)
		if err != nil {
			return nil, err
		}
		buf.Write(bytes.TrimSpace(b))
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// sortedDefs returns the definitions in order of name.
func (g *gen) sortedDefs() members {
	out := make(members, 0, len(g.defs))
	for name, s := range g.defs {
		out = append(out, member{name, s})
	}
	slices.SortFunc(out, func(a, b member) int { return strings.Compare(a.name, b.name) })
	return out
}

// gen builds one document's definitions.
type gen struct {
	root   string // module directory, for enums.txt
	input  bool   // a document hosts write: enums accept their aliases
	defs   map[string]*schema
	byType map[reflect.Type]string // definition name of each type seen
	byName map[string]reflect.Type
}

func newGen(root string, input bool) *gen {
	return &gen{root: root, input: input, defs: map[string]*schema{}, byType: map[reflect.Type]string{}, byName: map[string]reflect.Type{}}
}

// Types with their own encodings, and the schema of each use.
var (
	timeType     = reflect.TypeFor[time.Time]()
	dateType     = reflect.TypeFor[channel.Date]()
	durationType = reflect.TypeFor[policy.Duration]()
	clockType    = reflect.TypeFor[policy.Clock]()
	setType      = reflect.TypeFor[channel.Set]()
	servicesType = reflect.TypeFor[proxy.Services]()
	ruleType     = reflect.TypeFor[policy.RuleID]()
	overlayType  = reflect.TypeFor[configOverlay]()
	scenarioType = reflect.TypeFor[policytest.ScenarioJSON]()

	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
)

// special returns the schema of a use of a type with its own encoding, or
// nil when t is not one.
func (g *gen) special(t reflect.Type) (*schema, error) {
	switch t {
	case timeType:
		return &schema{Type: "string", Format: "date-time"}, nil
	case dateType:
		return &schema{Type: "string", Format: "date"}, nil
	case durationType:
		return g.define(t, func() (*schema, error) {
			return &schema{Type: "string", Description: "A Go duration, such as \"72h\" or \"1h30m0s\"; never negative.",
				Pattern: `^(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$`}, nil
		})
	case clockType:
		return g.define(t, func() (*schema, error) {
			return &schema{Type: "string", Description: "A time of day in Europe/London, HH:MM from 00:00 to 24:00.",
				Pattern: `^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$`}, nil
		})
	case setType:
		items, err := g.use(reflect.TypeFor[channel.Kind]())
		return &schema{Type: "array", Items: items}, err
	case servicesType:
		return &schema{Type: "array", Items: &schema{Type: "string"}}, nil
	}
	return nil, nil
}

// use returns the schema of a use of type t: inline for simple types, a
// $ref to a definition for structs and enums.
func (g *gen) use(t reflect.Type) (*schema, error) {
	if s, err := g.special(t); s != nil || err != nil {
		return s, err
	}
	if t.Kind() == reflect.Pointer {
		return g.use(t.Elem())
	}
	if isEnum(t) {
		return g.define(t, func() (*schema, error) { return g.enum(t) })
	}
	if t.Implements(textMarshaler) || t.Implements(jsonMarshaler) ||
		reflect.PointerTo(t).Implements(jsonMarshaler) {
		return nil, fmt.Errorf("%s has its own JSON encoding and no schema: add it to schemagen's special types", t)
	}
	switch t.Kind() {
	case reflect.String:
		return &schema{Type: "string"}, nil
	case reflect.Bool:
		return &schema{Type: "boolean"}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return &schema{Type: "integer"}, nil
	case reflect.Float32, reflect.Float64:
		return &schema{Type: "number"}, nil
	case reflect.Slice, reflect.Array:
		items, err := g.use(t.Elem())
		return &schema{Type: "array", Items: items}, err
	case reflect.Struct:
		return g.define(t, func() (*schema, error) { return g.object(t) })
	}
	return nil, fmt.Errorf("%s is a %s, which schemagen cannot describe", t, t.Kind())
}

// isEnum reports whether t is an enum: an integer type with MarshalText.
func isEnum(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Uint8, reflect.Int8:
		return t.Implements(textMarshaler) && reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]())
	}
	return false
}

// define adds t's definition, made by build, the first time t is used,
// and returns a $ref to it.
func (g *gen) define(t reflect.Type, build func() (*schema, error)) (*schema, error) {
	name, ok := g.byType[t]
	if !ok {
		name = defName(t)
		if other, taken := g.byName[name]; taken {
			return nil, fmt.Errorf("%s and %s would both be defined as %q", other, t, name)
		}
		g.byType[t], g.byName[name] = name, t // before build: t may refer to itself
		s, err := build()
		if err != nil {
			return nil, err
		}
		g.defs[name] = s
	}
	return &schema{Ref: "#/$defs/" + name}, nil
}

// defName names a type's definition by its package and name, such as
// "channel.Kind". The shared vocabulary is named as package policy
// re-exports it; schemagen's own types by their role.
func defName(t reflect.Type) string {
	switch t {
	case overlayType:
		return "ConfigOverlay"
	case reflect.TypeFor[caseFile]():
		return "Case"
	case reflect.TypeFor[batchResult]():
		return "BatchResult"
	}
	pkg := path.Base(t.PkgPath())
	if t.PkgPath() == modulePath+"/internal/vocab" {
		pkg = "policy"
	}
	return pkg + "." + t.Name()
}
