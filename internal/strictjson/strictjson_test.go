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

// TestStandardTypeErrors checks the errors for values that a standard
// library type (time.Time) or encoding/json itself rejects: each names
// the field, says what is expected, and never repeats the value.
func TestStandardTypeErrors(t *testing.T) {
	type numbers struct {
		Small  int8          `json:"small"`
		Count  uint          `json:"count"`
		Ratio  float32       `json:"ratio"`
		Wait   time.Duration `json:"wait"`
		Blob   []byte        `json:"blob"`
		Flag   bool          `json:"flag"`
		Quoted int           `json:"quoted,string"`
	}
	var v struct {
		Record record  `json:"record"`
		Nums   numbers `json:"nums"`
	}
	for _, tc := range []struct {
		name, in, path, problem string
	}{
		{"time as text", `{"record": {"contacts": [{"at": "Your test was positive"}]}}`, "record.contacts[0].at", "is not an RFC 3339 time: write it as 2026-11-24T10:00:00Z"},
		{"time out of range", `{"record": {"contacts": [{"at": "2026-13-45T10:00:00Z"}]}}`, "record.contacts[0].at", "is not an RFC 3339 time: write it as 2026-11-24T10:00:00Z"},
		{"time as number", `{"record": {"contacts": [{"at": 20261124}]}}`, "record.contacts[0].at", "is not an RFC 3339 time: write it as 2026-11-24T10:00:00Z"},
		{"number too big", `{"nums": {"small": 7391846205}}`, "nums.small", "is a JSON number, which a int8 cannot hold"},
		{"negative unsigned", `{"nums": {"count": -7391846205}}`, "nums.count", "is a JSON number, which a uint cannot hold"},
		{"float overflow", `{"nums": {"ratio": 7391846205e99}}`, "nums.ratio", "is a JSON number, which a float32 cannot hold"},
		{"fraction in duration", `{"nums": {"wait": 7391846205.5}}`, "nums.wait", "is a JSON number, which a time.Duration cannot hold"},
		{"bad base64", `{"nums": {"blob": "Your test!"}}`, "nums.blob", "cannot be decoded as a []uint8: check the value's type and format"},
		{"string for bool", `{"nums": {"flag": "Your test"}}`, "nums.flag", "is a JSON string, which a bool cannot hold"},
		{"bad quoted number", `{"nums": {"quoted": "Your test"}}`, "nums.quoted", "is a JSON string, which a int cannot hold"},
	} {
		err := Decode([]byte(tc.in), &v)
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: Decode = %v, want an *Error", tc.name, err)
			continue
		}
		if e.Path != tc.path || e.Problem != tc.problem {
			t.Errorf("%s: Decode = path %q problem %q, want %q %q", tc.name, e.Path, e.Problem, tc.path, tc.problem)
		}
		for _, secret := range []string{"Your test", "7391846205", "20261124", "2026-13-45"} {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("%s: Decode error %q repeats the value", tc.name, err)
			}
		}
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
