package proxy

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/carecomms/carecomms/channel"
)

func TestCheck(t *testing.T) {
	on := d(2026, time.March, 10)
	child := Patient{BirthDate: d(2015, time.May, 1)}                            // 10
	teen := Patient{BirthDate: d(2010, time.May, 1), Capacity: HasCapacity}      // 15
	adult := Patient{BirthDate: d(1950, time.May, 1), Capacity: HasCapacity}     // 75
	lacking := Patient{BirthDate: d(1950, time.May, 1), Capacity: LacksCapacity} // 75
	unknown := Patient{BirthDate: d(1950, time.May, 1)}                          // 75, capacity not recorded

	with := func(a Authority, f func(*Proxy)) *Proxy {
		p := active(a)
		if f != nil {
			f(&p)
		}
		return &p
	}
	tests := []struct {
		name  string
		rule  string
		p     *Proxy
		pt    Patient
		on    channel.Date
		valid bool
		want  Reason
	}{
		{"nil proxy", "G19", nil, adult, on, false, ReasonNoProxy},
		{"parent of a child", "G19", with(ParentalResponsibility, nil), child, on, true, ReasonParentalResponsibility},
		{"parent of a competent teenager who consented", "G19", with(ParentalResponsibility, nil), teen, on, true, ReasonParentalResponsibility},
		{"parent of a competent teenager, no consent", "G19", with(ParentalResponsibility, func(p *Proxy) { p.PatientConsented = false }), teen, on, false, ReasonChildNoConsent},
		{"parent of a child with no capacity recorded, no consent", "G19", with(ParentalResponsibility, func(p *Proxy) { p.PatientConsented = false }), child, on, true, ReasonParentalResponsibility},
		{"parent of a child who lacks capacity, no consent", "G19", with(ParentalResponsibility, func(p *Proxy) { p.PatientConsented = false }),
			Patient{BirthDate: d(2009, time.May, 1), Capacity: LacksCapacity}, on, true, ReasonParentalResponsibility},
		{"parent of a 16-year-old, capacity presumed, no consent", "G19", with(ParentalResponsibility, func(p *Proxy) { p.PatientConsented = false }),
			Patient{BirthDate: d(2010, time.March, 10)}, on, false, ReasonChildNoConsent},
		{"parent of a 15-year-old the day before 16, no consent", "G19", with(ParentalResponsibility, func(p *Proxy) { p.PatientConsented = false }),
			Patient{BirthDate: d(2010, time.March, 11)}, on, true, ReasonParentalResponsibility},
		{"parent of a 17-year-old who consented", "G19", with(ParentalResponsibility, nil), Patient{BirthDate: d(2009, time.May, 1)}, on, true, ReasonParentalResponsibility},
		{"parent of an adult", "G19", with(ParentalResponsibility, nil), adult, on, false, ReasonPatientAdult},
		{"parent, birth date unset", "G19", with(ParentalResponsibility, nil), Patient{}, on, false, ReasonUnknownBirthDate},
		{"parent, birth date not a date", "G19", with(ParentalResponsibility, nil), Patient{BirthDate: d(2015, time.February, 30)}, on, false, ReasonUnknownBirthDate},
		{"parent, birth after decision", "G19", with(ParentalResponsibility, nil), Patient{BirthDate: addDays(on, 1)}, on, false, ReasonUnknownBirthDate},
		{"parent, newborn on the day of birth", "G19", with(ParentalResponsibility, nil), Patient{BirthDate: on}, on, true, ReasonParentalResponsibility},
		{"LPA activated, lacks capacity", "G19", with(LastingPowerOfAttorney, nil), lacking, on, true, ReasonLastingPowerOfAttorney},
		{"LPA not activated", "G19", with(LastingPowerOfAttorney, func(p *Proxy) { p.LPAActivated = false }), lacking, on, false, ReasonLPANotActivated},
		{"LPA, patient has capacity", "G19", with(LastingPowerOfAttorney, nil), adult, on, false, ReasonPatientHasCapacity},
		{"LPA, capacity unknown", "G19", with(LastingPowerOfAttorney, nil), unknown, on, false, ReasonCapacityUnknown},
		{"LPA not activated and has capacity: capacity first", "G19", with(LastingPowerOfAttorney, func(p *Proxy) { p.LPAActivated = false }), adult, on, false, ReasonPatientHasCapacity},
		{"deputy, lacks capacity", "G19", with(CourtAppointedDeputy, nil), lacking, on, true, ReasonCourtAppointedDeputy},
		{"deputy, has capacity", "G19", with(CourtAppointedDeputy, nil), adult, on, false, ReasonPatientHasCapacity},
		{"deputy, capacity unknown", "G19", with(CourtAppointedDeputy, nil), unknown, on, false, ReasonCapacityUnknown},
		{"best interests recorded, lacks capacity", "G19", with(BestInterests, nil), lacking, on, true, ReasonBestInterests},
		{"best interests not recorded", "G19", with(BestInterests, func(p *Proxy) { p.BestInterestsRecorded = false }), lacking, on, false, ReasonBestInterestsNotRecorded},
		{"best interests, has capacity", "G19", with(BestInterests, nil), adult, on, false, ReasonPatientHasCapacity},
		{"consent, has capacity", "G19", with(Consent, nil), adult, on, true, ReasonConsent},
		{"consent not recorded", "G19", with(Consent, func(p *Proxy) { p.PatientConsented = false }), adult, on, false, ReasonNoConsent},
		{"consent, lacks capacity", "G19", with(Consent, nil), lacking, on, false, ReasonPatientLacksCapacity},
		{"consent, capacity unknown: not presumed", "G19", with(Consent, nil), unknown, on, false, ReasonCapacityUnknown},
		{"consent of a competent teenager", "G19", with(Consent, nil), teen, on, true, ReasonConsent},
		{"no record note", "G20", with(Consent, func(p *Proxy) { p.RecordNote = false }), adult, on, false, ReasonNoRecordNote},
		{"deactivated at patient request", "P8", with(Consent, func(p *Proxy) { p.Status, p.DeactivatedReason = Deactivated, PatientRequest }), adult, on, false, ReasonDeactivated},
		{"deactivated for safeguarding, no note either", "P8", with(ParentalResponsibility, func(p *Proxy) {
			p.Status, p.DeactivatedReason, p.RecordNote = Deactivated, Safeguarding, false
		}), child, on, false, ReasonDeactivated},
		{"status unset", "P8", with(Consent, func(p *Proxy) { p.Status = 0 }), adult, on, false, ReasonStatusUnset},
		{"status undefined", "P8", with(Consent, func(p *Proxy) { p.Status = 9 }), adult, on, false, ReasonStatusUnset},
		{"authority unset", "P8", with(0, nil), adult, on, false, ReasonInvalidAuthority},
		{"authority undefined", "P8", with(Authority(42), nil), adult, on, false, ReasonInvalidAuthority},
		{"decision date unset", "P8", with(Consent, nil), adult, channel.Date{}, false, ReasonInvalidDate},
		{"decision date not a date", "P8", with(Consent, nil), adult, d(2026, time.February, 29), false, ReasonInvalidDate},
		{"from unset", "P8", with(Consent, func(p *Proxy) { p.From = channel.Date{} }), adult, on, false, ReasonInvalidPeriod},
		{"from not a date", "P8", with(Consent, func(p *Proxy) { p.From = d(2025, time.April, 31) }), adult, on, false, ReasonInvalidPeriod},
		{"until before from", "P8", with(Consent, func(p *Proxy) { p.From, p.Until = on, addDays(on, -1) }), adult, on, false, ReasonInvalidPeriod},
		{"until not a date", "P8", with(Consent, func(p *Proxy) { p.Until = d(2030, time.June, 31) }), adult, on, false, ReasonInvalidPeriod},
		{"starts on the decision date", "P8", with(Consent, func(p *Proxy) { p.From = on }), adult, on, true, ReasonConsent},
		{"starts the day after", "P8", with(Consent, func(p *Proxy) { p.From = addDays(on, 1) }), adult, on, false, ReasonNotStarted},
		{"ends on the decision date", "P8", with(Consent, func(p *Proxy) { p.Until = on }), adult, on, true, ReasonConsent},
		{"ended the day before", "P8", with(Consent, func(p *Proxy) { p.Until = addDays(on, -1) }), adult, on, false, ReasonExpired},
		{"one-day period", "P8", with(Consent, func(p *Proxy) { p.From, p.Until = on, on }), adult, on, true, ReasonConsent},
		{"expired and no note: note first", "G20", with(Consent, func(p *Proxy) { p.Until, p.RecordNote = addDays(on, -1), false }), adult, on, false, ReasonNoRecordNote},
		{"expired parent of an adult: period first", "P8", with(ParentalResponsibility, func(p *Proxy) { p.Until = addDays(on, -1) }), adult, on, false, ReasonExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(tt.p, tt.pt, tt.on)
			want := Result{Valid: tt.valid, Reason: tt.want}
			if got != want {
				t.Errorf("%s: Check(%s) = %+v, want %+v", tt.rule, tt.name, got, want)
			}
		})
	}
}

// TestCheck18thBirthday checks that parental responsibility is valid
// through the day before the 18th birthday and not on it (G19), including
// 29 February birthdays, whose 18th birthday always falls in a common year
// and is taken to be 1 March.
func TestCheck18thBirthday(t *testing.T) {
	tests := []struct {
		name  string
		birth channel.Date
		on    channel.Date
		valid bool
	}{
		{"day before the 18th birthday", d(2008, time.June, 15), d(2026, time.June, 14), true},
		{"18th birthday", d(2008, time.June, 15), d(2026, time.June, 15), false},
		{"day after the 18th birthday", d(2008, time.June, 15), d(2026, time.June, 16), false},
		{"new year's eve before an 1 January 18th birthday", d(2008, time.January, 1), d(2025, time.December, 31), true},
		{"1 January 18th birthday", d(2008, time.January, 1), d(2026, time.January, 1), false},
		{"leapling, 28 February of the common year", d(2008, time.February, 29), d(2026, time.February, 28), true},
		{"leapling, 1 March of the common year", d(2008, time.February, 29), d(2026, time.March, 1), false},
		{"leapling born 2004, 28 February 2022", d(2004, time.February, 29), d(2022, time.February, 28), true},
		{"leapling born 2004, 1 March 2022", d(2004, time.February, 29), d(2022, time.March, 1), false},
		{"leapling aged 16 on a leap day", d(2008, time.February, 29), d(2024, time.February, 29), true},
		{"born 28 February, 28 February of the 18th year", d(2008, time.February, 28), d(2026, time.February, 28), false},
		{"born 1 March in a leap year, day before", d(2008, time.March, 1), d(2026, time.February, 28), true},
	}
	for _, tt := range tests {
		p := active(ParentalResponsibility)
		got := Check(&p, Patient{BirthDate: tt.birth}, tt.on)
		if got.Valid != tt.valid {
			t.Errorf("G19: Check(%s: born %s, on %s) = %+v, want valid %v", tt.name, tt.birth, tt.on, got, tt.valid)
		}
		if !tt.valid && got.Reason != ReasonPatientAdult {
			t.Errorf("G19: Check(%s) reason = %v, want patient_adult", tt.name, got.Reason)
		}
	}
}

// TestCheckMatrix runs every authority against every capacity, age
// boundary, record note, period boundary, status and evidence setting, and
// compares Check with an oracle written from the rules in G19, G20 and P8
// using the time package for the 18th birthday.
func TestCheckMatrix(t *testing.T) {
	type ageCase struct {
		name  string
		birth channel.Date
		on    channel.Date
	}
	ages := []ageCase{
		{"child of 5", d(2021, time.March, 3), d(2026, time.June, 14)},
		{"day before 18th", d(2008, time.June, 15), d(2026, time.June, 14)},
		{"18th birthday", d(2008, time.June, 15), d(2026, time.June, 15)},
		{"leapling 28 Feb of 18th year", d(2008, time.February, 29), d(2026, time.February, 28)},
		{"leapling 1 Mar of 18th year", d(2008, time.February, 29), d(2026, time.March, 1)},
		{"leapling 16 on a leap day", d(2008, time.February, 29), d(2024, time.February, 29)},
		{"adult", d(1960, time.October, 9), d(2026, time.June, 14)},
		{"birth date unknown", channel.Date{}, d(2026, time.June, 14)},
	}
	type periodCase struct {
		name     string
		from, to int // days relative to the decision date; to == nil-ish uses open
		open     bool
		inside   bool
	}
	periods := []periodCase{
		{"starts today", 0, 30, false, true},
		{"ends today", -30, 0, false, true},
		{"starts tomorrow", 1, 30, false, false},
		{"ended yesterday", -30, -1, false, false},
		{"open-ended", -400, 0, true, true},
	}
	authorities := append(Authorities(), 0)
	capacities := []Capacity{CapacityUnknown, HasCapacity, LacksCapacity}
	statuses := []Status{0, Active, Deactivated}

	oracle := func(p Proxy, pt Patient, on channel.Date, inside bool) bool {
		if p.Status != Active || !p.RecordNote || !inside {
			return false
		}
		switch p.Authority {
		case ParentalResponsibility:
			if pt.BirthDate.IsZero() {
				return false
			}
			b := pt.BirthDate
			born := time.Date(b.Year, b.Month, b.Day, 0, 0, 0, 0, time.UTC)
			adult := channel.DateOf(born.AddDate(AdultAge, 0, 0))
			sixteen := channel.DateOf(born.AddDate(CapacityPresumedAge, 0, 0))
			switch {
			case !on.Before(adult):
				return false
			case pt.Capacity == LacksCapacity:
				return true
			case pt.Capacity == HasCapacity || !on.Before(sixteen):
				// A child with capacity, recorded or presumed from 16,
				// must consent (issue 13).
				return p.PatientConsented
			}
			return true
		case LastingPowerOfAttorney:
			return pt.Capacity == LacksCapacity && p.LPAActivated
		case CourtAppointedDeputy:
			return pt.Capacity == LacksCapacity
		case BestInterests:
			return pt.Capacity == LacksCapacity && p.BestInterestsRecorded
		case Consent:
			return pt.Capacity == HasCapacity && p.PatientConsented
		}
		return false
	}

	n := 0
	for _, a := range authorities {
		for _, c := range capacities {
			for _, ac := range ages {
				for _, note := range []bool{false, true} {
					for _, pc := range periods {
						for _, st := range statuses {
							for _, evidence := range []bool{false, true} {
								p := Proxy{ID: "p", Authority: a, RecordNote: note, Status: st,
									LPAActivated: evidence, BestInterestsRecorded: evidence, PatientConsented: evidence,
									From: addDays(ac.on, pc.from)}
								if !pc.open {
									p.Until = addDays(ac.on, pc.to)
								}
								if st == Deactivated {
									p.DeactivatedReason = OtherReason
								}
								pt := Patient{BirthDate: ac.birth, Capacity: c}
								got := Check(&p, pt, ac.on)
								want := oracle(p, pt, ac.on, pc.inside)
								name := fmt.Sprintf("%v/%v/%s/note=%v/%s/%v/evidence=%v", a, c, ac.name, note, pc.name, st, evidence)
								if got.Valid != want {
									t.Errorf("G19/G20/P8: Check(%s) = %+v, want valid %v", name, got, want)
								}
								if got.Valid != got.Reason.Allows() || !got.Reason.Valid() {
									t.Errorf("Check(%s) = %+v: Valid disagrees with Reason", name, got)
								}
								if got.Valid && got.Reason.Authority() != a {
									t.Errorf("Check(%s) reason = %v, want the authority %v", name, got.Reason, a)
								}
								n++
							}
						}
					}
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("matrix ran no cases")
	}
}

func TestRecipients(t *testing.T) {
	on := d(2026, time.March, 10)
	young := Patient{BirthDate: d(2019, time.April, 1)}    // 6, capacity not recorded
	eleven := Patient{BirthDate: d(2015, time.March, 10)}  // 11 today
	tenLast := Patient{BirthDate: d(2015, time.March, 11)} // 10, 11 tomorrow
	competent := Patient{BirthDate: d(2019, time.April, 1), Capacity: HasCapacity}
	lacking := Patient{BirthDate: d(1950, time.May, 1), Capacity: LacksCapacity}
	adult := Patient{BirthDate: d(1950, time.May, 1), Capacity: HasCapacity}

	mk := func(a Authority, m Mode, f func(*Proxy)) Proxy {
		p := active(a)
		p.Mode = m
		if f != nil {
			f(&p)
		}
		return p
	}
	ok := func(r Reason) Result { return Result{Valid: true, Reason: r} }
	no := func(r Reason) Result { return Result{Reason: r} }

	tests := []struct {
		name    string
		rule    string
		proxies []Proxy
		pt      Patient
		want    Plan
	}{
		{"no proxies", "G18", nil, adult, Plan{Route: Direct}},
		{"consent copy", "G19", []Proxy{mk(Consent, Copy, nil)}, adult,
			Plan{Route: Direct, Proxies: []Entry{{0, ok(ReasonConsent), Copy}}}},
		{"consent asks instead: patient has capacity, copy", "G18", []Proxy{mk(Consent, Instead, nil)}, adult,
			Plan{Route: Direct, Proxies: []Entry{{0, ok(ReasonConsent), Copy}}}},
		{"LPA instead, lacks capacity", "G19", []Proxy{mk(LastingPowerOfAttorney, Instead, nil)}, lacking,
			Plan{Route: InsteadLacksCapacity, Proxies: []Entry{{0, ok(ReasonLastingPowerOfAttorney), Instead}}}},
		{"deputy copy, lacks capacity", "G19", []Proxy{mk(CourtAppointedDeputy, Copy, nil)}, lacking,
			Plan{Route: Direct, Proxies: []Entry{{0, ok(ReasonCourtAppointedDeputy), Copy}}}},
		{"invalid instead proxy changes nothing", "G20", []Proxy{mk(LastingPowerOfAttorney, Instead, func(p *Proxy) { p.RecordNote = false })}, lacking,
			Plan{Route: Direct, Proxies: []Entry{{0, no(ReasonNoRecordNote), Copy}}}},
		{"parent instead, young child", "G19", []Proxy{mk(ParentalResponsibility, Instead, nil)}, young,
			Plan{Route: InsteadYoungChild, Proxies: []Entry{{0, ok(ReasonParentalResponsibility), Instead}}}},
		{"parent instead, child of 10 the day before 11", "G19", []Proxy{mk(ParentalResponsibility, Instead, nil)}, tenLast,
			Plan{Route: InsteadYoungChild, Proxies: []Entry{{0, ok(ReasonParentalResponsibility), Instead}}}},
		{"parent instead, 11th birthday: copy", "G18", []Proxy{mk(ParentalResponsibility, Instead, nil)}, eleven,
			Plan{Route: Direct, Proxies: []Entry{{0, ok(ReasonParentalResponsibility), Copy}}}},
		{"parent instead, young child recorded competent: copy", "G18", []Proxy{mk(ParentalResponsibility, Instead, nil)}, competent,
			Plan{Route: Direct, Proxies: []Entry{{0, ok(ReasonParentalResponsibility), Copy}}}},
		{"two parents, one instead, one copy", "G19", []Proxy{mk(ParentalResponsibility, Copy, nil), mk(ParentalResponsibility, Instead, nil)}, young,
			Plan{Route: InsteadYoungChild, Proxies: []Entry{{0, ok(ReasonParentalResponsibility), Copy}, {1, ok(ReasonParentalResponsibility), Instead}}}},
		{"mixed: deactivated, expired, valid", "P8", []Proxy{
			mk(Consent, Copy, func(p *Proxy) { p.Status, p.DeactivatedReason = Deactivated, Safeguarding }),
			mk(Consent, Copy, func(p *Proxy) { p.Until = d(2026, time.March, 9) }),
			mk(Consent, Copy, nil),
		}, adult, Plan{Route: Direct, Proxies: []Entry{{0, no(ReasonDeactivated), Copy}, {1, no(ReasonExpired), Copy}, {2, ok(ReasonConsent), Copy}}}},
		{"undefined mode is a copy", "G18", []Proxy{mk(LastingPowerOfAttorney, Mode(7), nil)}, lacking,
			Plan{Route: Direct, Proxies: []Entry{{0, ok(ReasonLastingPowerOfAttorney), Copy}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Recipients(tt.proxies, tt.pt, on)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s: Recipients(%s) (-want +got):\n%s", tt.rule, tt.name, diff)
			}
			if got.PatientReceives() != (got.Route == Direct) {
				t.Errorf("Recipients(%s).PatientReceives() = %v with route %v", tt.name, got.PatientReceives(), got.Route)
			}
		})
	}
}

func TestCheckAllocs(t *testing.T) {
	ps, pt, on := benchRecord()
	allocs := testing.AllocsPerRun(100, func() {
		for i := range ps {
			_ = Check(&ps[i], pt, on)
		}
	})
	if allocs != 0 {
		t.Errorf("Check allocates %v times per record, want 0", allocs)
	}
	allocs = testing.AllocsPerRun(100, func() { _ = Recipients(ps, pt, on) })
	if allocs > 1 {
		t.Errorf("Recipients allocates %v times, want at most 1", allocs)
	}
}
