package proxy

import (
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/carecomms/carecomms/channel"
)

// genDate draws mostly real dates around the present, with some unset and
// some impossible ones (30 February, month 13).
func genDate() *rapid.Generator[channel.Date] {
	return rapid.Custom(func(t *rapid.T) channel.Date {
		switch rapid.IntRange(0, 19).Draw(t, "date_kind") {
		case 0:
			return channel.Date{}
		case 1:
			return channel.Date{
				Year:  rapid.IntRange(-1, 10001).Draw(t, "bad_year"),
				Month: time.Month(rapid.IntRange(-1, 14).Draw(t, "bad_month")),
				Day:   rapid.IntRange(-1, 33).Draw(t, "bad_day"),
			}
		case 2:
			return channel.Date{Year: rapid.SampledFrom([]int{2000, 2004, 2008, 2024, 2026}).Draw(t, "leap_year"), Month: time.February, Day: 29}
		}
		base := time.Date(1940, 1, 1, 0, 0, 0, 0, time.UTC)
		return channel.DateOf(base.AddDate(0, 0, rapid.IntRange(0, 40000).Draw(t, "day_offset")))
	})
}

func genPatient() *rapid.Generator[Patient] {
	return rapid.Custom(func(t *rapid.T) Patient {
		return Patient{
			BirthDate: genDate().Draw(t, "birth"),
			Capacity:  Capacity(rapid.IntRange(0, 3).Draw(t, "capacity")),
		}
	})
}

func genProxy() *rapid.Generator[Proxy] {
	return rapid.Custom(func(t *rapid.T) Proxy {
		p := Proxy{
			ID:                    "p",
			Authority:             Authority(rapid.IntRange(0, 6).Draw(t, "authority")),
			RecordNote:            rapid.Bool().Draw(t, "note"),
			LPAActivated:          rapid.Bool().Draw(t, "lpa"),
			BestInterestsRecorded: rapid.Bool().Draw(t, "best_interests"),
			PatientConsented:      rapid.Bool().Draw(t, "consented"),
			From:                  genDate().Draw(t, "from"),
			Status:                Status(rapid.IntRange(0, 3).Draw(t, "status")),
			DeactivatedReason:     DeactivationReason(rapid.IntRange(0, 4).Draw(t, "deactivated_reason")),
			Mode:                  Mode(rapid.IntRange(0, 2).Draw(t, "mode")),
		}
		if rapid.Bool().Draw(t, "bounded") {
			p.Until = genDate().Draw(t, "until")
		}
		return p
	})
}

// TestPropCheckNeedsNoteStatusPeriod: Check never says Valid without a
// record note (G20), an active status and a decision date inside a
// well-formed period (P8), and Valid always agrees with Reason.
func TestPropCheckNeedsNoteStatusPeriod(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProxy().Draw(t, "proxy")
		pt := genPatient().Draw(t, "patient")
		on := genDate().Draw(t, "on")
		r := Check(&p, pt, on)
		if !r.Reason.Valid() {
			t.Fatalf("Check = %+v: reason is not defined", r)
		}
		if r.Valid != r.Reason.Allows() {
			t.Fatalf("Check = %+v: Valid disagrees with Reason", r)
		}
		if !r.Valid {
			return
		}
		switch {
		case !p.RecordNote:
			t.Fatalf("G20: Check(%v) valid without a record note", p)
		case p.Status != Active:
			t.Fatalf("P8: Check(%v) valid with status %v", p, p.Status)
		case !on.Valid() || !p.From.Valid() || on.Before(p.From):
			t.Fatalf("P8: Check(%v) valid on %v, before the period", p, on)
		case !p.Until.IsZero() && (!p.Until.Valid() || on.After(p.Until)):
			t.Fatalf("P8: Check(%v) valid on %v, after the period", p, on)
		case r.Reason.Authority() != p.Authority:
			t.Fatalf("Check(%v) reason %v, want the proxy's authority", p, r.Reason)
		}
		switch p.Authority {
		case ParentalResponsibility:
			if a := Age(pt.BirthDate, on); a < 0 || a >= AdultAge {
				t.Fatalf("G19: parental responsibility valid at age %d", a)
			}
		case LastingPowerOfAttorney, CourtAppointedDeputy, BestInterests:
			if pt.Capacity != LacksCapacity {
				t.Fatalf("G19: %v valid with capacity %v", p.Authority, pt.Capacity)
			}
		case Consent:
			if pt.Capacity != HasCapacity || !p.PatientConsented {
				t.Fatalf("G19: consent valid with capacity %v, consented %v", pt.Capacity, p.PatientConsented)
			}
		}
	})
}

// TestPropCheckDeterministic: the same inputs, including a copy of the
// proxy, always give the same result.
func TestPropCheckDeterministic(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := genProxy().Draw(t, "proxy")
		pt := genPatient().Draw(t, "patient")
		on := genDate().Draw(t, "on")
		first := Check(&p, pt, on)
		q := p
		for range 3 {
			if got := Check(&q, pt, on); got != first {
				t.Fatalf("Check = %+v, then %+v", first, got)
			}
		}
	})
}

// TestPropRemovingNeverAdds: removing a proxy from the record never makes
// another proxy valid, never changes another proxy's entry, and never
// stops the patient receiving directly (G18).
func TestPropRemovingNeverAdds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ps := rapid.SliceOfN(genProxy(), 1, 5).Draw(t, "proxies")
		pt := genPatient().Draw(t, "patient")
		on := genDate().Draw(t, "on")
		k := rapid.IntRange(0, len(ps)-1).Draw(t, "remove")
		full := Recipients(ps, pt, on)
		fewer := slices.Delete(slices.Clone(ps), k, k+1)
		sub := Recipients(fewer, pt, on)
		if len(sub.Proxies) != len(fewer) || len(full.Proxies) != len(ps) {
			t.Fatalf("Recipients returned %d and %d entries for %d and %d proxies", len(full.Proxies), len(sub.Proxies), len(ps), len(fewer))
		}
		for i, e := range sub.Proxies {
			j := i
			if i >= k {
				j = i + 1
			}
			fe := full.Proxies[j]
			if e.Index != i || fe.Index != j {
				t.Fatalf("entries carry indexes %d and %d, want %d and %d", e.Index, fe.Index, i, j)
			}
			if e.Result != fe.Result || e.Mode != fe.Mode {
				t.Fatalf("removing proxy %d changed proxy %d from %+v to %+v", k, j, fe, e)
			}
		}
		if full.PatientReceives() && !sub.PatientReceives() {
			t.Fatalf("removing proxy %d stopped the patient receiving directly: %v then %v", k, full.Route, sub.Route)
		}
	})
}

// TestPropInsteadOnlyWhenAllowed: a proxy receives instead of the patient
// only when it is valid, asked for Instead, and the patient lacks capacity
// or is a young child under its parental responsibility; and the patient
// stops receiving directly exactly when some proxy receives instead.
func TestPropInsteadOnlyWhenAllowed(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ps := rapid.SliceOfN(genProxy(), 0, 4).Draw(t, "proxies")
		pt := genPatient().Draw(t, "patient")
		on := genDate().Draw(t, "on")
		plan := Recipients(ps, pt, on)
		anyInstead := false
		for i, e := range plan.Proxies {
			if e.Mode != Instead {
				continue
			}
			anyInstead = true
			p := ps[i]
			young := p.Authority == ParentalResponsibility && pt.Capacity == CapacityUnknown &&
				Age(pt.BirthDate, on) >= 0 && Age(pt.BirthDate, on) < YoungChildAge
			if !e.Result.Valid || p.Mode != Instead || !(pt.Capacity == LacksCapacity || young) {
				t.Fatalf("G18: proxy %d (%v) receives instead: %+v, patient %+v", i, p, e, pt)
			}
		}
		if anyInstead == plan.PatientReceives() {
			t.Fatalf("G18: route %v with a proxy receiving instead = %v", plan.Route, anyInstead)
		}
	})
}

// TestPropAge compares Age with the time package: the anniversary in the
// year of on, normalised by time.Date (29 February becomes 1 March in a
// common year).
func TestPropAge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		birth := genDate().Draw(t, "birth")
		on := genDate().Draw(t, "on")
		got := Age(birth, on)
		if !birth.Valid() || !on.Valid() || on.Before(birth) {
			if got != -1 {
				t.Fatalf("Age(%v, %v) = %d, want -1", birth, on, got)
			}
			return
		}
		want := on.Year - birth.Year
		anniversary := channel.DateOf(time.Date(on.Year, birth.Month, birth.Day, 0, 0, 0, 0, time.UTC))
		if on.Before(anniversary) {
			want--
		}
		if got != want {
			t.Fatalf("Age(%v, %v) = %d, want %d", birth, on, got, want)
		}
	})
}
