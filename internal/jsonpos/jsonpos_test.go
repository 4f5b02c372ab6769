package jsonpos

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
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
