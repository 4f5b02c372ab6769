package strictjson_test

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/policy"
)

// The marker put in every field: a word, and digits such as an NHS
// number or a phone number would have.
const (
	secretWord   = "Zq7SecretMarker"
	secretDigits = "7391846205"
)

// secretValues are the values put in each field in turn: the marker as a
// string of each kind the field may expect, and as numbers too big or too
// precise for any Go number type.
var secretValues = []string{
	`"` + secretWord + `"`,
	`"` + secretWord + ` ` + secretDigits + `"`,
	`"2026-11-24T10:00:00Z ` + secretWord + `"`,
	`"` + secretDigits + secretDigits + `"`,
	secretDigits + secretDigits + secretDigits,
	"-" + secretDigits + secretDigits + secretDigits,
	secretDigits + ".5e999",
	secretDigits + ".25",
	`["` + secretWord + `"]`,
	`{"k": "` + secretWord + `"}`,
	`true`,
}

var (
	unmarshaler     = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// fieldDocs returns a JSON text for each field of t, at any depth, and each
// value in secretValues: the text sets that one field to that value.
func fieldDocs(t reflect.Type, depth int) []string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if depth > 6 {
		return nil
	}
	var docs []string
	self := t.Implements(unmarshaler) || reflect.PointerTo(t).Implements(unmarshaler) ||
		t.Implements(textUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler)
	switch k := t.Kind(); {
	case self, k != reflect.Struct && k != reflect.Slice && k != reflect.Array && k != reflect.Map:
		docs = append(docs, secretValues...)
	}
	switch t.Kind() {
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" || f.Anonymous {
				continue
			}
			if name == "" {
				name = f.Name
			}
			for _, d := range fieldDocs(f.Type, depth+1) {
				docs = append(docs, `{"`+name+`": `+d+`}`)
			}
		}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			break
		}
		for _, d := range fieldDocs(t.Elem(), depth+1) {
			docs = append(docs, `[`+d+`]`)
		}
	case reflect.Map:
		for _, d := range fieldDocs(t.Elem(), depth+1) {
			docs = append(docs, `{"k": `+d+`}`)
		}
	}
	return docs
}

// TestPolicyErrorsDoNotEchoValues decodes a policy.Message, Record and
// Config with a secret marker in each field in turn: whatever the field's
// type, the error never repeats the value.
func TestPolicyErrorsDoNotEchoValues(t *testing.T) {
	for _, v := range []any{&policy.Message{}, &policy.Record{}, &policy.Config{}} {
		typ := reflect.TypeOf(v).Elem()
		docs := fieldDocs(typ, 0)
		failed, errs := 0, 0
		for _, doc := range docs {
			err := json.Unmarshal([]byte(doc), reflect.New(typ).Interface())
			if err == nil {
				continue
			}
			errs++
			msg := err.Error()
			if strings.Contains(msg, secretWord) || strings.Contains(msg, secretDigits) {
				if failed++; failed <= 10 {
					t.Errorf("json.Unmarshal(%s, *%v) error %q repeats the value", doc, typ, msg)
				}
			}
		}
		if failed > 10 {
			t.Errorf("*%v: %d more errors repeat the value", typ, failed-10)
		}
		if errs < 50 {
			t.Errorf("*%v: only %d of %d texts failed to decode, want the walk to reach every field", typ, errs, len(docs))
		}
	}
}
