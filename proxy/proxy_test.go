package proxy

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/carecomms/carecomms/channel"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		rule   string
		edit   func(*Proxy)
		fields []string // the fields the errors must name, in order
	}{
		{"complete", "P8", func(*Proxy) {}, nil},
		{"open-ended, no contacts, no language", "P8", func(p *Proxy) { p.Contacts, p.Preferences, p.Language = nil, nil, "" }, nil},
		{"deactivated with a reason", "P8", func(p *Proxy) { p.Status, p.DeactivatedReason = Deactivated, Safeguarding }, nil},
		{"no record note is still a valid record", "G20", func(p *Proxy) { p.RecordNote = false }, nil},
		{"id empty", "P8", func(p *Proxy) { p.ID = " " }, []string{"id"}},
		{"authority unset", "P8", func(p *Proxy) { p.Authority = 0 }, []string{"authority"}},
		{"authority undefined", "P8", func(p *Proxy) { p.Authority = 77 }, []string{"authority"}},
		{"status unset", "P8", func(p *Proxy) { p.Status = 0 }, []string{"status"}},
		{"deactivated without a reason", "P8", func(p *Proxy) { p.Status = Deactivated }, []string{"deactivated_reason"}},
		{"active with a reason", "P8", func(p *Proxy) { p.DeactivatedReason = PatientRequest }, []string{"deactivated_reason"}},
		{"reason undefined", "P8", func(p *Proxy) { p.Status, p.DeactivatedReason = Deactivated, 9 }, []string{"deactivated_reason"}},
		{"mode undefined", "G18", func(p *Proxy) { p.Mode = 5 }, []string{"mode"}},
		{"from unset", "P8", func(p *Proxy) { p.From = channel.Date{} }, []string{"from"}},
		{"from not a date", "P8", func(p *Proxy) { p.From = d(2021, time.February, 29) }, []string{"from"}},
		{"until not a date", "P8", func(p *Proxy) { p.Until = d(2030, time.November, 31) }, []string{"until"}},
		{"until before from", "P8", func(p *Proxy) { p.Until = d(2019, time.December, 31) }, []string{"until"}},
		{"until equals from", "P8", func(p *Proxy) { p.Until = p.From }, nil},
		{"contact kind unset", "G30", func(p *Proxy) { p.Contacts[0].Kind = 0 }, []string{"contacts[0].kind"}},
		{"contact address empty", "G30", func(p *Proxy) { p.Contacts[1].Address = "" }, []string{"contacts[1].address"}},
		{"contact status undefined", "G31", func(p *Proxy) { p.Contacts[1].Status = 12 }, []string{"contacts[1].status"}},
		{"preference undefined", "G7", func(p *Proxy) { p.Preferences = []channel.Kind{channel.SMS, 9} }, []string{"preferences[1]"}},
		{"preference twice", "G7", func(p *Proxy) { p.Preferences = []channel.Kind{channel.SMS, channel.SMS} }, []string{"preferences[1]"}},
		{"language not BCP 47", "G33", func(p *Proxy) { p.Language = "english please" }, []string{"language"}},
		{"language Welsh", "G33", func(p *Proxy) { p.Language = "cy" }, nil},
		{"several problems", "P8", func(p *Proxy) { p.ID, p.Status, p.From = "", 0, channel.Date{} }, []string{"id", "status", "from"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := active(Consent)
			tt.edit(&p)
			err := p.Validate()
			got := fieldsOf(err)
			if diff := cmp.Diff(tt.fields, got); diff != "" {
				t.Errorf("%s: Validate(%s) fields (-want +got):\n%s\nerror: %v", tt.rule, tt.name, diff, err)
			}
			if err != nil {
				if !errors.Is(err, ErrInvalid) {
					t.Errorf("Validate(%s) = %v, want it to wrap ErrInvalid", tt.name, err)
				}
				for _, line := range strings.Split(err.Error(), "\n") {
					if !strings.HasPrefix(line, "proxy: ") {
						t.Errorf("Validate(%s) error line %q does not start with \"proxy: \"", tt.name, line)
					}
				}
			}
		})
	}
	var nilProxy *Proxy
	if err := nilProxy.Validate(); !errors.Is(err, ErrInvalid) {
		t.Errorf("(*Proxy)(nil).Validate() = %v, want ErrInvalid", err)
	}
}

// fieldsOf lists the fields of the *FieldError values joined in err.
func fieldsOf(err error) []string {
	if err == nil {
		return nil
	}
	var out []string
	var walk func(error)
	walk = func(e error) {
		var fe *FieldError
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
		} else if errors.As(e, &fe) {
			out = append(out, fe.Path)
		} else {
			out = append(out, "?"+e.Error())
		}
	}
	walk(err)
	return out
}

func TestPatientValidate(t *testing.T) {
	tests := []struct {
		name   string
		pt     Patient
		fields []string
	}{
		{"empty", Patient{}, nil},
		{"complete", Patient{BirthDate: d(2000, time.January, 1), Capacity: HasCapacity}, nil},
		{"birth not a date", Patient{BirthDate: d(2001, time.February, 29)}, []string{"birth_date"}},
		{"capacity undefined", Patient{Capacity: 7}, []string{"capacity"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.fields, fieldsOf(tt.pt.Validate())); diff != "" {
			t.Errorf("Patient.Validate(%s) fields (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestProxyJSONRoundTrip(t *testing.T) {
	full := active(LastingPowerOfAttorney)
	full.Until = d(2030, time.December, 31)
	full.Mode = Instead
	full.Status, full.DeactivatedReason = Deactivated, Safeguarding
	full.Contacts[0].Verified = time.Date(2025, time.May, 1, 9, 30, 0, 0, time.UTC)
	full.Contacts[1].Status = channel.StatusBounced
	full.Access = []Access{Appointments, TestResults}
	minimal := Proxy{ID: "p2", Authority: Consent, From: d(2024, time.February, 29), Status: Active}
	// An empty access list allows nothing; it must not come back as nil,
	// which allows everything.
	nothing := minimal
	nothing.Access = []Access{}

	for _, p := range []Proxy{full, minimal, nothing} {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("json.Marshal(%v): %v", p, err)
		}
		var got Proxy
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("json.Unmarshal(%s): %v", b, err)
		}
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("Proxy JSON round trip (-want +got):\n%s\njson: %s", diff, b)
		}
	}

	b, _ := json.Marshal(minimal)
	want := `{"id":"p2","authority":"consent","record_note":false,"from":"2024-02-29","status":"active"}`
	if string(b) != want {
		t.Errorf("json.Marshal(minimal) = %s, want %s", b, want)
	}
	b, _ = json.Marshal(nothing)
	if want := `"access":[]`; !strings.Contains(string(b), want) {
		t.Errorf("json.Marshal(access to nothing) = %s, want it to hold %s", b, want)
	}
}

func TestProxyJSONRejects(t *testing.T) {
	tests := []struct{ name, json string }{
		{"unknown authority", `{"id":"p","authority":"guardian","from":"2024-01-01","status":"active"}`},
		{"unset authority name", `{"id":"p","authority":"unset","from":"2024-01-01","status":"active"}`},
		{"unknown status", `{"id":"p","authority":"consent","from":"2024-01-01","status":"suspended"}`},
		{"unknown mode", `{"id":"p","authority":"consent","from":"2024-01-01","status":"active","mode":"both"}`},
		{"unknown deactivation reason", `{"id":"p","authority":"consent","from":"2024-01-01","status":"deactivated","deactivated_reason":"bored"}`},
		{"bad date", `{"id":"p","authority":"consent","from":"01/01/2024","status":"active"}`},
		{"upper-case authority", `{"id":"p","authority":"CONSENT","from":"2024-01-01","status":"active"}`},
	}
	for _, tt := range tests {
		var p Proxy
		if err := json.Unmarshal([]byte(tt.json), &p); err == nil {
			t.Errorf("json.Unmarshal(%s) = %v, want an error", tt.name, p)
		}
	}
	if _, err := json.Marshal(Proxy{ID: "p", Status: Active}); err == nil {
		t.Error("json.Marshal of a proxy with no authority succeeded, want an error")
	}
}

func TestPatientAndPlanJSON(t *testing.T) {
	pt := Patient{BirthDate: d(2008, time.February, 29), Capacity: LacksCapacity}
	b, err := json.Marshal(pt)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"birth_date":"2008-02-29","capacity":"lacks_capacity"}` {
		t.Errorf("json.Marshal(patient) = %s", b)
	}
	var gotPt Patient
	if err := json.Unmarshal(b, &gotPt); err != nil || gotPt != pt {
		t.Errorf("Patient round trip = %v, %v; want %v", gotPt, err, pt)
	}
	if err := json.Unmarshal([]byte(`{"capacity":"partial"}`), &gotPt); err == nil {
		t.Error("json.Unmarshal accepted capacity \"partial\"")
	}

	ps, rpt, on := benchRecord()
	plan := Recipients(ps, rpt, on)
	b, err = json.Marshal(plan)
	if err != nil {
		t.Fatal(err)
	}
	var gotPlan Plan
	if err := json.Unmarshal(b, &gotPlan); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(plan, gotPlan); diff != "" {
		t.Errorf("Plan JSON round trip (-want +got):\n%s\njson: %s", diff, b)
	}
	if !strings.Contains(string(b), `"route":"instead_young_child"`) || !strings.Contains(string(b), `"reason":"parental_responsibility"`) {
		t.Errorf("Plan JSON %s lacks the route or reason names", b)
	}
}

// TestNoSecrets checks that String, GoString, the fmt verbs and every
// Validate error never contain the proxy's name or a contact address.
func TestNoSecrets(t *testing.T) {
	const name = "Alexandra Testperson"
	addresses := []string{"07700900123", "alexandra.parent@example.org", "9990001234", "1 Test Street, Leeds LS1 1AA"}
	base := active(Consent)
	base.Name = name
	base.Contacts = []channel.Contact{
		{Kind: channel.SMS, Address: addresses[0]},
		{Kind: channel.Email, Address: addresses[1], Status: channel.StatusBounced},
		{Kind: channel.NHSApp, Address: addresses[2]},
		{Kind: channel.Letter, Address: addresses[3]},
	}
	broken := base
	broken.Contacts = slices.Clone(base.Contacts)
	broken.Contacts[0].Kind = 0
	broken.Contacts[1].Status = 40
	broken.Contacts[2].Kind = 99
	broken.ID, broken.Status, broken.Authority, broken.Language = "", 0, 0, "x-"+name
	broken.Preferences = []channel.Kind{0, 0}

	for _, p := range []Proxy{base, broken} {
		texts := []string{p.String(), p.GoString(), fmt.Sprint(p), fmt.Sprintf("%v %+v %#v %s", p, p, p, p), fmt.Sprint(&p)}
		if err := p.Validate(); err != nil {
			texts = append(texts, err.Error())
		}
		for _, pt := range []Patient{{}, {BirthDate: d(2010, 1, 1), Capacity: HasCapacity}} {
			texts = append(texts, fmt.Sprintf("%+v", Check(&p, pt, d(2026, 1, 1))))
			texts = append(texts, fmt.Sprintf("%+v", Recipients([]Proxy{p}, pt, d(2026, 1, 1))))
		}
		for _, text := range texts {
			for _, secret := range append([]string{name, "Alexandra"}, addresses...) {
				if strings.Contains(text, secret) {
					t.Errorf("output %q contains %q", text, secret)
				}
			}
		}
	}
	if got := base.String(); !strings.Contains(got, "authority=consent") || !strings.Contains(got, "contacts=[sms ") || !strings.Contains(got, "123 (ok)") {
		t.Errorf("String() = %q, want the authority and masked contacts", got)
	}
}
