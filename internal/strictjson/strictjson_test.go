package strictjson

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

type kind int

func (k *kind) UnmarshalText(b []byte) error {
	switch string(b) {
	case "sms":
		*k = 1
	case "email":
		*k = 2
	default:
		return errors.New("unknown kind: use sms or email")
	}
	return nil
}

type contact struct {
	Kind    kind      `json:"kind"`
	Address string    `json:"address"`
	At      time.Time `json:"at,omitzero"`
}

type base struct {
	ID string `json:"id"`
}

type record struct {
	base
	Status   string         `json:"status"`
	Contacts []contact      `json:"contacts"`
	Extra    map[string]int `json:"extra,omitempty"`
	Any      any            `json:"any,omitempty"`
	Skip     string         `json:"-"`
	Ptr      *contact       `json:"ptr,omitempty"`
	Note     string
}

type outer struct {
	Record record `json:"record"`
}

func TestDecodeAccepts(t *testing.T) {
	var o outer
	in := `{"record": {"id": "p1", "status": "active", "Note": "n", "contacts": [{"kind": "sms", "address": "07700 900123"}],
		"extra": {"a": 1, "b": 2}, "any": {"x": [1, {"y": "\u00e9\ud83d\ude00"}]}, "ptr": {"kind": "email", "address": "a@example.org"}}}`
	if err := Decode([]byte(in), &o); err != nil {
		t.Fatal(err)
	}
	var want outer
	if err := json.Unmarshal([]byte(in), &want); err != nil {
		t.Fatal(err)
	}
	if o.Record.ID != "p1" || o.Record.Contacts[0].Kind != 1 || o.Record.Ptr.Kind != 2 || o.Record.Extra["b"] != 2 {
		t.Errorf("Decode = %+v, want %+v", o, want)
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		err      error
		path     string
	}{
		{"duplicate key", `{"record": {"status": "deceased", "status": "active"}}`, ErrDuplicateKey, "record.status"},
		{"duplicate by escape", `{"record": {"status": "deceased", "st\u0061tus": "active"}}`, ErrDuplicateKey, "record.status"},
		{"duplicate in map", `{"record": {"extra": {"a": 1, "a": 2}}}`, ErrDuplicateKey, "record.extra.a"},
		{"duplicate in any", `{"record": {"any": {"a": 1, "a": 2}}}`, ErrDuplicateKey, "record.any.a"},
		{"key case", `{"record": {"ID": "p1"}}`, ErrKeyCase, "record.ID"},
		{"key case of both", `{"record": {"id": "p1", "Id": "p2"}}`, ErrKeyCase, "record.Id"},
		{"key case nested", `{"record": {"contacts": [{"kind": "sms", "Address": "x"}]}}`, ErrKeyCase, "record.contacts[0].Address"},
		{"unknown field", `{"record": {"colour": "red"}}`, ErrUnknownField, "record.colour"},
		{"ignored field", `{"record": {"Skip": "x"}}`, ErrUnknownField, "record.Skip"},
		{"invalid UTF-8 value", "{\"record\": {\"status\": \"act\xffive\"}}", ErrInvalidUTF8, "record.status"},
		{"invalid UTF-8 key", "{\"record\": {\"st\xc3tus\": \"active\"}}", ErrInvalidUTF8, "record"},
		{"lone surrogate", `{"record": {"status": "\ud800"}}`, ErrInvalidUTF8, "record.status"},
		{"lone low surrogate", `{"record": {"contacts": [{"address": "\udc00x"}]}}`, ErrInvalidUTF8, "record.contacts[0].address"},
		{"bad enum", `{"record": {"contacts": [{"kind": "sms"}, {"kind": "fax"}]}}`, nil, "record.contacts[1].kind"},
		{"wrong type", `{"record": {"contacts": [{"address": 7}]}}`, nil, "record.contacts[0].address"},
		{"bad time", `{"record": {"contacts": [{"at": "yesterday"}]}}`, nil, "record.contacts[0].at"},
		{"syntax", `{"record": {"status": "active",}}`, ErrSyntax, "record"},
		{"truncated", `{"record": {"status": "act`, ErrSyntax, "record.status"},
		{"trailing data", `{"record": {}} {}`, ErrSyntax, ""},
		{"too deep", `{"record": {"any": ` + strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1) + `}}`, ErrSyntax, ""},
	} {
		var o outer
		err := Decode([]byte(tc.in), &o)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: Decode = %v, want an *Error", tc.name, err)
			continue
		}
		if tc.err != nil && !errors.Is(err, tc.err) {
			t.Errorf("%s: Decode = %v, want %v", tc.name, err, tc.err)
		}
		if tc.name != "too deep" && e.Path != tc.path {
			t.Errorf("%s: path = %q, want %q (%v)", tc.name, e.Path, tc.path, err)
		}
		if e.Problem == "" || e.Offset < 0 && tc.err != nil {
			t.Errorf("%s: %#v lacks a problem or an offset", tc.name, e)
		}
	}
}

// strict decodes itself strictly, as policy.Message does: its errors are
// re-rooted under the path of the field that holds it.
type strict struct {
	Status string `json:"status"`
}

func (s *strict) UnmarshalJSON(b []byte) error {
	type plain strict
	return Decode(b, (*plain)(s))
}

func TestNestedStrictType(t *testing.T) {
	var v struct {
		Items []strict `json:"items"`
	}
	err := Decode([]byte(`{"items": [{"status": "a"}, {"status": "a", "status": "b"}]}`), &v)
	var e *Error
	if !errors.As(err, &e) || e.Path != "items[1].status" || !errors.Is(err, ErrDuplicateKey) || e.Offset != 44 {
		t.Errorf("Decode = %#v, want a duplicate key at items[1].status, byte 44", err)
	}
	// Through encoding/json too, the strict type rejects duplicates.
	var s strict
	if err := json.Unmarshal([]byte(`{"status": "a", "STATUS": "b"}`), &s); !errors.Is(err, ErrKeyCase) {
		t.Errorf("json.Unmarshal = %v, want ErrKeyCase", err)
	}
}

func TestDecodePrefix(t *testing.T) {
	var v map[string]int
	end, err := DecodePrefix([]byte(`{"a": 1}   # a comment`), &v)
	if err != nil || end != 8 || v["a"] != 1 {
		t.Errorf("DecodePrefix = %d, %v, %v", end, v, err)
	}
}

func TestErrorsDoNotEchoValues(t *testing.T) {
	var o outer
	err := Decode([]byte(`{"record": {"contacts": [{"kind": "07700 900777"}]}}`), &o)
	if err == nil || strings.Contains(err.Error(), "900777") {
		t.Errorf("Decode error = %v, want one that does not repeat the value", err)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"record": {"id": "p", "contacts": [{"kind": "sms"}]}}`))
	f.Add([]byte(`{"record": {"status": "a", "status": "b"}}`))
	f.Add([]byte("{\"record\": {\"status\": \"\xff\"}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var o outer
		err := Decode(data, &o)
		var std outer
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err == nil && dec.Decode(&std) != nil {
			t.Fatalf("Decode accepted what encoding/json refuses: %q", data)
		}
	})
}
