package channel

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// roundTrip encodes v as JSON and decodes it into a new T.
func roundTrip[T any](t *testing.T, v T) (T, string) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json.Marshal(%v) error = %v", v, err)
	}
	var back T
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("json.Unmarshal(%s) error = %v", b, err)
	}
	return back, string(b)
}

func TestEnumJSON(t *testing.T) {
	for _, k := range Kinds() {
		if back, js := roundTrip(t, k); back != k || js != `"`+k.String()+`"` {
			t.Errorf("Kind %v round trip = %v via %s", k, back, js)
		}
	}
	for _, c := range Classes() {
		if back, js := roundTrip(t, c); back != c || js != `"`+c.String()+`"` {
			t.Errorf("Class %v round trip = %v via %s", c, back, js)
		}
	}
	for s := StatusOK; s <= StatusRemoved; s++ {
		if back, js := roundTrip(t, s); back != s || js != `"`+s.String()+`"` {
			t.Errorf("Status %v round trip = %v via %s", s, back, js)
		}
	}
	for o := ResultUnknown; o <= ResultNotRecognised; o++ {
		if back, js := roundTrip(t, o); back != o || js != `"`+o.String()+`"` {
			t.Errorf("Outcome %v round trip = %v via %s", o, back, js)
		}
	}
	for _, e := range []Encoding{GSM7, UCS2} {
		if back, js := roundTrip(t, e); back != e || js != `"`+e.String()+`"` {
			t.Errorf("Encoding %v round trip = %v via %s", e, back, js)
		}
	}
}

func TestEnumJSONRejectsUnknown(t *testing.T) {
	cases := []struct {
		name string
		into any
		in   string
	}{
		{"kind", new(Kind), `"telegram"`},
		{"kind empty", new(Kind), `""`},
		{"kind upper", new(Kind), `"SMS"`},
		{"kind number", new(Kind), `3`},
		{"class", new(Class), `"marketing"`},
		{"class empty", new(Class), `""`},
		{"status", new(Status), `"failed"`},
		{"outcome", new(Result), `"sent"`},
		{"encoding", new(Encoding), `"utf8"`},
		{"date", new(Date), `"2024-02-30"`},
		{"date form", new(Date), `"29/02/2024"`},
		{"contact kind", new(Contact), `{"kind":"fax","address":"x"}`},
		{"attempt outcome", new(Attempt), `{"kind":"sms","address":"x","at":"2024-01-02T03:04:05Z","outcome":"lost"}`},
	}
	for _, tc := range cases {
		if err := json.Unmarshal([]byte(tc.in), tc.into); err == nil {
			t.Errorf("json.Unmarshal(%s, %s) error = nil, want an error", tc.name, tc.in)
		} else if strings.Contains(tc.in, `"`) && !strings.Contains(err.Error(), "channel: ") {
			t.Errorf("json.Unmarshal(%s) error = %v, want a channel error", tc.name, err)
		}
	}
}

func TestInvalidEnumsDoNotEncode(t *testing.T) {
	for _, v := range []any{Kind(0), Kind(9), Class(0), Class(99), Status(9), Result(9), Encoding(0)} {
		if b, err := json.Marshal(v); err == nil {
			t.Errorf("json.Marshal(%#v) = %s, want an error", v, b)
		}
	}
}

func TestContactAttemptJSON(t *testing.T) {
	at := time.Date(2024, 2, 29, 9, 30, 0, 0, time.UTC)
	c := Contact{Kind: SMS, Address: "+447700900123", Verified: at, Status: StatusNotRecognised}
	back, js := roundTrip(t, c)
	if diff := cmp.Diff(c, back); diff != "" {
		t.Errorf("Contact round trip (-want +got):\n%s", diff)
	}
	if want := `{"kind":"sms","address":"+447700900123","verified":"2024-02-29T09:30:00Z","status":"not_recognised"}`; js != want {
		t.Errorf("json.Marshal(Contact) = %s, want %s", js, want)
	}
	// Zero verified time and the ok status are left out.
	if _, js := roundTrip(t, Contact{Kind: Email, Address: "jane@example.org"}); js != `{"kind":"email","address":"jane@example.org"}` {
		t.Errorf("json.Marshal(minimal Contact) = %s", js)
	}

	a := Attempt{Kind: Email, Address: "jane@example.org", At: at, Result: ResultBounced}
	backA, js := roundTrip(t, a)
	if diff := cmp.Diff(a, backA); diff != "" {
		t.Errorf("Attempt round trip (-want +got):\n%s", diff)
	}
	if want := `{"kind":"email","address":"jane@example.org","at":"2024-02-29T09:30:00Z","outcome":"bounced"}`; js != want {
		t.Errorf("json.Marshal(Attempt) = %s, want %s", js, want)
	}
}

func TestDateJSON(t *testing.T) {
	type holder struct {
		Born  Date `json:"born"`
		Until Date `json:"until,omitzero"`
	}
	h := holder{Born: Date{2024, time.February, 29}}
	back, js := roundTrip(t, h)
	if back != h || js != `{"born":"2024-02-29"}` {
		t.Errorf("Date round trip = %+v via %s", back, js)
	}
	if _, err := json.Marshal(holder{Born: Date{2023, time.February, 29}}); err == nil {
		t.Errorf("json.Marshal(2023-02-29) error = nil, want an error")
	}
	var z holder
	if err := json.Unmarshal([]byte(`{"born":""}`), &z); err != nil || !z.Born.IsZero() {
		t.Errorf(`json.Unmarshal("") = %v, %v, want the zero Date`, z.Born, err)
	}
}

func TestOtherJSON(t *testing.T) {
	info := CountSMS("It’s ready")
	if back, _ := roundTrip(t, info); !cmp.Equal(info, back) {
		t.Errorf("SMSInfo round trip (-want +got):\n%s", cmp.Diff(info, back))
	}
	e := Envelope{MessageID: "m-1", Recipient: "p-1", Kind: SMS, Address: "+447700900123", Body: "Hello", SenderID: "NHSTrust",
		NotBefore: time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)}
	if back, _ := roundTrip(t, e); back != e {
		t.Errorf("Envelope round trip = %+v, want %+v", back, e)
	}
	r := Receipt{ID: "prov-9", Kind: SMS, Result: ResultAccepted, At: time.Date(2024, 3, 1, 8, 0, 1, 0, time.UTC)}
	back, js := roundTrip(t, r)
	if back != r || js != `{"id":"prov-9","kind":"sms","outcome":"accepted","at":"2024-03-01T08:00:01Z"}` {
		t.Errorf("Receipt round trip = %+v via %s", back, js)
	}
}
