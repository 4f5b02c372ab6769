package jsonschema

import (
	"errors"
	"strings"
	"testing"
)

// person is a hand-written schema using every keyword the package
// supports, including a definition that refers to itself.
const person = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$comment": "a test schema",
  "title": "person",
  "$ref": "#/$defs/Person",
  "$defs": {
    "Person": {
      "description": "someone",
      "type": "object",
      "properties": {
        "name": {"type": "string", "pattern": "^[A-Z]"},
        "born": {"type": "string", "format": "date"},
        "seen": {"type": "string", "format": "date-time"},
        "kind": {"$ref": "#/$defs/Kind"},
        "age": {"type": "integer"},
        "score": {"type": "number"},
        "ok": {"type": "boolean"},
        "note": {"type": ["string", "null"]},
        "version": {"const": 1},
        "children": {"type": "array", "items": {"$ref": "#/$defs/Person"}},
        "extra": {"type": "object", "additionalProperties": {"type": "integer"}},
        "anything": true
      },
      "required": ["name", "kind"],
      "additionalProperties": false
    },
    "Kind": {"type": "string", "enum": ["adult", "child"]}
  }
}`

func TestValid(t *testing.T) {
	s, err := Compile([]byte(person))
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []string{
		`{"name": "Asha", "kind": "adult"}`,
		`{"name": "Asha", "kind": "adult", "born": "1984-03-02", "seen": "2026-11-24T10:00:00.5+01:00", "age": 42, "score": 1.5,
		  "ok": true, "note": null, "version": 1, "anything": [1, {"x": null}], "extra": {"a": 1, "b": 2.0},
		  "children": [{"name": "Ben", "kind": "child", "children": []}]}`,
		`{"name": "Asha", "kind": "adult", "age": 1.0, "seen": "2026-11-24t10:00:00z"}`,
	} {
		if err := s.Validate([]byte(doc)); err != nil {
			t.Errorf("Validate(%s) = %v, want nil", doc, err)
		}
	}
}

// TestInvalid checks each keyword can fail, with a path naming where.
func TestInvalid(t *testing.T) {
	s := MustCompile([]byte(person))
	tests := []struct {
		reason, doc string
		want        []string // each must appear in the error
	}{
		{"not an object", `[]`, []string{"the document is an array, want object"}},
		{"required", `{"name": "Asha"}`, []string{`lacks the required property "kind"`}},
		{"additional property", `{"name": "Asha", "kind": "adult", "colour": "red"}`, []string{"colour is not allowed here"}},
		{"enum", `{"name": "Asha", "kind": "elder"}`, []string{`kind is not one of "adult", "child"`}},
		{"const", `{"name": "Asha", "kind": "adult", "version": 2}`, []string{"version is not one of 1"}},
		{"type", `{"name": 7, "kind": "adult"}`, []string{"name is a number, want string"}},
		{"type list", `{"name": "Asha", "kind": "adult", "note": 3}`, []string{"note is a number, want string or null"}},
		{"integer", `{"name": "Asha", "kind": "adult", "age": 4.5}`, []string{"age is a number, want integer"}},
		{"pattern", `{"name": "asha", "kind": "adult"}`, []string{"name does not match the pattern ^[A-Z]"}},
		{"date", `{"name": "Asha", "kind": "adult", "born": "1984-02-30"}`, []string{"born is not a date"}},
		{"date-time", `{"name": "Asha", "kind": "adult", "seen": "2026-11-24 10:00"}`, []string{"seen is not an RFC 3339 date-time"}},
		{"nested through $ref and items", `{"name": "Asha", "kind": "adult", "children": [{"name": "Ben", "kind": "child"}, {"kind": "kid"}]}`,
			[]string{`children[1] lacks the required property "name"`, `children[1].kind is not one of`}},
		{"additionalProperties schema", `{"name": "Asha", "kind": "adult", "extra": {"a": "one"}}`, []string{"extra.a is a string, want integer"}},
		{"not JSON", `{"name": `, []string{"not JSON"}},
		{"trailing data", `{"name": "Asha", "kind": "adult"} {}`, []string{"not JSON"}},
		{"duplicate key", `{"name": "Asha", "kind": "adult", "children": [{"name": "Ben", "kind": "child", "kind": "adult"}]}`, []string{"children[0].kind is given twice"}},
		{"invalid UTF-8", "{\"name\": \"A\xffsha\", \"kind\": \"adult\"}", []string{"not valid UTF-8"}},
		{"key in another case", `{"Name": "Asha", "name": "Asha", "kind": "adult"}`, []string{"Name is not allowed here"}},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			err := s.Validate([]byte(tt.doc))
			if err == nil {
				t.Fatalf("Validate(%s) = nil, want an error (%s)", tt.doc, tt.reason)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Validate(%s) = %v, want it to say %q", tt.doc, err, w)
				}
			}
		})
	}
}

// TestNoValueEchoed checks problems say what was wanted, never the value,
// which may be personal data.
func TestNoValueEchoed(t *testing.T) {
	s := MustCompile([]byte(person))
	err := s.Validate([]byte(`{"name": "asha 07700 900123", "kind": "9990000018", "born": "1984-13-40", "age": 4.25, "seen": "yesterday"}`))
	for _, secret := range []string{"07700", "9990000018", "1984", "4.25", "yesterday"} {
		if err == nil || strings.Contains(err.Error(), secret) {
			t.Errorf("Validate = %v: it shows %q", err, secret)
		}
	}
}

// TestEveryProblem checks Validate reports every problem, not the first.
func TestEveryProblem(t *testing.T) {
	err := MustCompile([]byte(person)).Validate([]byte(`{"name": "asha", "kind": "elder", "x": 1}`))
	var n int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var se *Error
		if errors.As(e, &se) {
			n++
		}
	}
	if n != 3 {
		t.Errorf("Validate = %v: %d problems, want 3", err, n)
	}
}

// TestCompileErrors checks what Compile refuses rather than ignores.
func TestCompileErrors(t *testing.T) {
	tests := []struct{ reason, schema, want string }{
		{"unknown keyword", `{"type": "string", "minLength": 1}`, `keyword "minLength" is not supported`},
		{"unknown format", `{"type": "string", "format": "email"}`, "format email is not supported"},
		{"remote $ref", `{"$ref": "other.json#/x"}`, "not a JSON pointer within this document"},
		{"dangling $ref", `{"$ref": "#/$defs/Nope", "$defs": {"Yes": true}}`, `no member "Nope"`},
		{"bad type", `{"type": "text"}`, `"text" is not a type`},
		{"bad pattern", `{"pattern": "("}`, "pattern"},
		{"nested unknown keyword", `{"properties": {"a": {"oneOf": []}}}`, "#/properties/a"},
		{"not a schema", `{"items": 3}`, "must be an object or a boolean"},
		{"not JSON", `{`, "not JSON"},
	}
	for _, tt := range tests {
		_, err := Compile([]byte(tt.schema))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Compile(%s) (%s) = %v, want an error containing %q", tt.schema, tt.reason, err, tt.want)
		}
	}
}

// TestValidateValue checks decoded values as encoding/json gives them,
// with float64 numbers.
func TestValidateValue(t *testing.T) {
	s := MustCompile([]byte(`{"type": "object", "properties": {"n": {"type": "integer"}}}`))
	if err := s.ValidateValue(map[string]any{"n": 3.0}); err != nil {
		t.Errorf("ValidateValue(n: 3.0) = %v", err)
	}
	if err := s.ValidateValue(map[string]any{"n": 3.5}); err == nil {
		t.Error("ValidateValue(n: 3.5) = nil, want an error")
	}
	if err := MustCompile([]byte(`false`)).ValidateValue(nil); err == nil {
		t.Error("the false schema accepted null")
	}
}
