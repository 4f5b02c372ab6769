package jsonpos

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/carecomms/carecomms/internal/strictjson"
)

// TestLocate decodes broken texts and checks each error is placed at the
// right offset and field.
func TestLocate(t *testing.T) {
	type doc struct {
		N    int       `json:"n"`
		When time.Time `json:"when"`
	}
	for _, tc := range []struct {
		name, text string
		kind       Kind
		at         string // the text at the offset; "" for -1
		field      string
	}{
		{"syntax", `{"n": 1,, "when": ""}`, Syntax, ` "when"`, ""},
		{"type", `{"n": "one"}`, Type, `}`, "n"},
		{"unknown field", `{"n": 1, "colour": "red"}`, UnknownField, `"colour"`, "colour"},
		{"bad value", `{"n": 1, "when": "yesterday"}`, BadValue, `"yesterday"`, "when"},
	} {
		dec := json.NewDecoder(bytes.NewReader([]byte(tc.text)))
		dec.DisallowUnknownFields()
		var d doc
		err := dec.Decode(&d)
		if err == nil {
			t.Fatalf("%s: no error", tc.name)
		}
		k, off, field := Locate(tc.text, err)
		if k != tc.kind || field != tc.field {
			t.Errorf("%s: Locate(%v) = kind %d, field %q, want kind %d, field %q", tc.name, err, k, field, tc.kind, tc.field)
			continue
		}
		if off < 0 || !bytes.HasPrefix([]byte(tc.text[off:]), []byte(tc.at)) {
			t.Errorf("%s: offset %d, want the text at %q", tc.name, off, tc.at)
		}
	}
	if k, off, _ := Locate(`{}`, json.Unmarshal([]byte("x"), new(int))); k != Syntax || off != 1 {
		t.Errorf("a syntax error is not placed at its offset: kind %d, offset %d", k, off)
	}
}

// strictDoc decodes itself strictly, as policy.Message does.
type strictDoc struct {
	ID    string   `json:"id"`
	Items []string `json:"items"`
}

func (s *strictDoc) UnmarshalJSON(b []byte) error {
	type plain strictDoc
	return strictjson.Decode(b, (*plain)(s))
}

// TestLocateStrict: an error from a type that decodes itself strictly has
// a path relative to its own value; Locate finds it in the whole text.
func TestLocateStrict(t *testing.T) {
	type outer struct {
		Other map[string]any `json:"other"`
		Doc   strictDoc      `json:"doc"`
	}
	for _, tc := range []struct {
		name, text string
		kind       Kind
		at, field  string
	}{
		{"wrong type", `{"other": {"x": {}}, "doc": {"id": 7}}`, Type, `"id": 7`, "doc.id"},
		{"unknown field", `{"doc": {"id": "a", "colour": "red"}}`, UnknownField, `"colour"`, "colour"},
		{"duplicate", `{"doc": {"id": "a", "items": ["x"], "items": []}}`, BadValue, `"items"`, "items"},
		{"in an array", `{"doc": {"items": ["x", 7]}}`, Type, `7]`, "doc.items[1]"},
	} {
		var o outer
		err := json.Unmarshal([]byte(tc.text), &o)
		if err == nil {
			t.Fatalf("%s: no error", tc.name)
		}
		k, off, field := Locate(tc.text, err)
		if k != tc.kind || field != tc.field || off < 0 || !strings.HasPrefix(tc.text[off:], tc.at) {
			t.Errorf("%s: Locate(%v) = kind %d, offset %d, field %q; want kind %d at %q, field %q", tc.name, err, k, off, field, tc.kind, tc.at, tc.field)
		}
	}
}
