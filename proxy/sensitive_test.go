package proxy

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDefaultSensitiveServices(t *testing.T) {
	want := []string{"assisted_conception", "gender_identity", "hiv", "mental_health", "safeguarding",
		"sexual_assault", "sexual_health", "substance_misuse", "termination_of_pregnancy"}
	if diff := cmp.Diff(want, DefaultSensitiveServices()); diff != "" {
		t.Errorf("G21: DefaultSensitiveServices() (-want +got):\n%s", diff)
	}
	got := DefaultSensitiveServices()
	got[0] = "changed"
	if DefaultSensitiveServices()[0] != "assisted_conception" {
		t.Error("DefaultSensitiveServices returns shared storage")
	}
	s := DefaultServices()
	if diff := cmp.Diff(want, s.Codes()); diff != "" {
		t.Errorf("DefaultServices().Codes() (-want +got):\n%s", diff)
	}
	for _, c := range want {
		if !validCode(c) {
			t.Errorf("default code %q is not lower snake_case", c)
		}
	}
}

func TestServicesHas(t *testing.T) {
	s := DefaultServices()
	tests := []struct {
		code string
		want bool
	}{
		{"sexual_health", true},
		{"SEXUAL_HEALTH", true},
		{"Sexual_Health", true},
		{"hiv", true},
		{"HIV", true},
		{"termination_of_pregnancy", true},
		{"mental_health", true},
		{"substance_misuse", true},
		{"sexual_assault", true},
		{"safeguarding", true},
		{"gender_identity", true},
		{"assisted_conception", true},
		{"", false},
		{"screening", false},
		{"sexual", false},
		{"sexual_health_", false},
		{"sexual health", false},
		{"sexual-health", false},
		{"hepatitis_b_vaccination", false},
		{"liver_function", false},
		{"ſexual_health", false}, // long s: no Unicode folding
		{"hıv", false},           // dotless i
		{strings.Repeat("a", 1000), false},
	}
	for _, tt := range tests {
		if got := s.Has(tt.code); got != tt.want {
			t.Errorf("G21: DefaultServices().Has(%q) = %v, want %v", tt.code, got, tt.want)
		}
	}
	var zero Services
	if zero.Has("hiv") || zero.Len() != 0 || zero.Codes() != nil {
		t.Error("the zero Services is not empty")
	}
	if n := testing.AllocsPerRun(100, func() { _ = s.Has("Mental_Health") }); n != 0 {
		t.Errorf("Has allocates %v times, want 0", n)
	}
}

func TestNewServices(t *testing.T) {
	tests := []struct {
		name    string
		codes   []string
		want    []string
		wantErr bool
	}{
		{"empty", nil, nil, false},
		{"sorted and deduplicated", []string{"hiv", "abc_2", "hiv"}, []string{"abc_2", "hiv"}, false},
		{"with digits", []string{"sti_2"}, []string{"sti_2"}, false},
		{"upper case", []string{"HIV"}, nil, true},
		{"leading digit", []string{"2hiv"}, nil, true},
		{"leading underscore", []string{"_hiv"}, nil, true},
		{"trailing underscore", []string{"hiv_"}, nil, true},
		{"double underscore", []string{"sexual__health"}, nil, true},
		{"hyphen", []string{"sexual-health"}, nil, true},
		{"space", []string{"sexual health"}, nil, true},
		{"empty code", []string{""}, nil, true},
		{"too long", []string{strings.Repeat("a", MaxServiceCode+1)}, nil, true},
		{"longest", []string{strings.Repeat("a", MaxServiceCode)}, []string{strings.Repeat("a", MaxServiceCode)}, false},
		{"non-ASCII", []string{"santé"}, nil, true},
	}
	for _, tt := range tests {
		s, err := NewServices(tt.codes...)
		if (err != nil) != tt.wantErr {
			t.Errorf("NewServices(%s) error = %v, want error %v", tt.name, err, tt.wantErr)
			continue
		}
		if err != nil {
			if !errors.Is(err, ErrServiceCode) || !strings.HasPrefix(err.Error(), "proxy: ") {
				t.Errorf("NewServices(%s) error = %q, want ErrServiceCode with the package prefix", tt.name, err)
			}
			continue
		}
		if diff := cmp.Diff(tt.want, s.Codes()); diff != "" {
			t.Errorf("NewServices(%s).Codes() (-want +got):\n%s", tt.name, diff)
		}
	}
	in := []string{"b_code", "a_code"}
	s, _ := NewServices(in...)
	if in[0] != "b_code" {
		t.Error("NewServices reordered the caller's slice")
	}
	codes := s.Codes()
	codes[0] = "zzz"
	if !s.Has("a_code") {
		t.Error("Codes returns shared storage")
	}
}

func TestServicesJSON(t *testing.T) {
	s, err := NewServices(append(DefaultSensitiveServices(), "liver_function")...)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var got Services
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(s.Codes(), got.Codes()); diff != "" {
		t.Errorf("Services JSON round trip (-want +got):\n%s", diff)
	}
	if b, _ := json.Marshal(Services{}); string(b) != "[]" {
		t.Errorf("json.Marshal(empty Services) = %s, want []", b)
	}
	for _, bad := range []string{`["Sexual_Health"]`, `"hiv"`, `[1]`, `{"hiv":true}`} {
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("json.Unmarshal(%s) into Services succeeded, want an error", bad)
		}
	}
}

func TestWhoChecks(t *testing.T) {
	on := d(2026, time.March, 10)
	tests := []struct {
		name string
		pt   Patient
		want Role
	}{
		{"adult with capacity", Patient{BirthDate: d(1980, 1, 1), Capacity: HasCapacity}, ThePatient},
		{"adult lacking capacity", Patient{BirthDate: d(1980, 1, 1), Capacity: LacksCapacity}, CaldicottGuardian},
		{"adult, capacity unknown: presumed", Patient{BirthDate: d(1980, 1, 1)}, ThePatient},
		{"16 today, capacity unknown", Patient{BirthDate: d(2010, time.March, 10)}, ThePatient},
		{"16 tomorrow, capacity unknown", Patient{BirthDate: d(2010, time.March, 11)}, CaldicottGuardian},
		{"competent 13-year-old", Patient{BirthDate: d(2013, 1, 1), Capacity: HasCapacity}, ThePatient},
		{"young child, capacity unknown", Patient{BirthDate: d(2020, 1, 1)}, CaldicottGuardian},
		{"no birth date, capacity unknown", Patient{}, CaldicottGuardian},
		{"no birth date, has capacity", Patient{Capacity: HasCapacity}, ThePatient},
		{"undefined capacity", Patient{BirthDate: d(1980, 1, 1), Capacity: 9}, CaldicottGuardian},
	}
	for _, tt := range tests {
		if got := WhoChecks(tt.pt, on); got != tt.want {
			t.Errorf("G21/G34: WhoChecks(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestGuidanceSensitiveExamples runs the guidance's two examples: a bland
// confirmation ("Your appointment is confirmed for today at 10:30") for a
// hepatitis B vaccine after a sexual assault, and for a liver function test
// that may indicate high alcohol intake. The text carries nothing
// sensitive; the service does, so a proxy delivery is held (G21).
func TestGuidanceSensitiveExamples(t *testing.T) {
	on := d(2026, time.March, 10)
	adult := Patient{BirthDate: d(1990, 5, 5), Capacity: HasCapacity}
	lacking := Patient{BirthDate: d(1950, 5, 5), Capacity: LacksCapacity}
	teen := Patient{BirthDate: d(2010, 9, 1), Capacity: HasCapacity}
	young := Patient{BirthDate: d(2012, 9, 1)} // 13, competence not recorded

	s := DefaultServices()
	tests := []struct {
		name    string
		service string // as the host codes the appointment
		pt      Patient
		hold    bool
		by      Role
	}{
		{"hepatitis B vaccine after sexual assault, consenting adult", SexualAssault, adult, true, ThePatient},
		{"liver function test for alcohol intake, consenting adult", SubstanceMisuse, adult, true, ThePatient},
		{"liver function test for alcohol intake, patient lacks capacity", SubstanceMisuse, lacking, true, CaldicottGuardian},
		{"sexual health clinic, 16-year-old with parental responsibility proxy", SexualHealth, teen, true, ThePatient},
		{"contraception under sexual health, 13-year-old, competence not recorded", SexualHealth, young, true, CaldicottGuardian},
		{"upper-case code from the host", "SUBSTANCE_MISUSE", adult, true, ThePatient},
		{"routine screening", "screening", adult, false, 0},
		{"no service named", "", adult, false, 0},
	}
	for _, tt := range tests {
		hold, by := HoldForCheck(s, tt.service, tt.pt, on)
		if hold != tt.hold || by != tt.by {
			t.Errorf("G21: HoldForCheck(%s) = %v, %v; want %v, %v", tt.name, hold, by, tt.hold, tt.by)
		}
	}
	// An org that cannot tell which service a liver function test belongs
	// to can add the procedure's own code.
	withLFT, err := NewServices(append(DefaultSensitiveServices(), "liver_function")...)
	if err != nil {
		t.Fatal(err)
	}
	if hold, _ := HoldForCheck(withLFT, "liver_function", adult, on); !hold {
		t.Error("G21: HoldForCheck(liver_function) with the code added = false, want true")
	}
	if hold, _ := HoldForCheck(Services{}, SexualAssault, adult, on); hold {
		t.Error("HoldForCheck with an empty set held a message")
	}
}

// TestParentNeverToldWithoutCheck: for a young person under 18 and any
// default sensitive service, a valid parental responsibility proxy is
// always held for a check, whatever the young person's capacity (G21).
func TestParentNeverToldWithoutCheck(t *testing.T) {
	on := d(2026, time.March, 10)
	s := DefaultServices()
	p := active(ParentalResponsibility)
	for _, birth := range []struct{ y, m, d int }{{2008, 3, 11}, {2010, 1, 1}, {2015, 6, 1}, {2024, 2, 29}} {
		for _, c := range []Capacity{CapacityUnknown, HasCapacity, LacksCapacity} {
			pt := Patient{BirthDate: d(birth.y, time.Month(birth.m), birth.d), Capacity: c}
			if !Check(&p, pt, on).Valid {
				t.Fatalf("parent of %v not valid", pt)
			}
			for _, code := range s.Codes() {
				if hold, by := HoldForCheck(s, code, pt, on); !hold || !by.Valid() {
					t.Errorf("G21: HoldForCheck(%s, %+v) = %v, %v; want a hold naming who checks", code, pt, hold, by)
				}
			}
		}
	}
	if !slices.Equal(s.Codes(), DefaultSensitiveServices()) {
		t.Error("DefaultServices codes differ from DefaultSensitiveServices")
	}
}
