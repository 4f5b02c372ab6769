package policy

import (
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/carecomms/carecomms/channel"
)

// TestLondonOffset checks the UK summer time rule against the zone
// database, where the host has one, for every hour around each change.
func TestLondonOffset(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no zone database on this host: ", err)
	}
	for y := 1996; y <= 2037; y++ {
		for _, m := range []time.Month{time.March, time.October} {
			base := time.Date(y, m, 20, 0, 0, 0, 0, time.UTC)
			for h := 0; h < 12*24; h++ {
				u := base.Add(time.Duration(h) * time.Hour)
				_, off := u.In(loc).Zone()
				if got := londonOffset(u); got != time.Duration(off)*time.Second {
					t.Fatalf("londonOffset(%v) = %v, zone database says %ds", u, got, off)
				}
			}
		}
	}
	if time.Unix(minUnix, 0).UTC().Year() != 1900 || time.Unix(maxUnix, 0).UTC().Year() != 9001 || time.Unix(maxUnix-1, 0).UTC().Year() != 9000 {
		t.Fatalf("time range bounds are wrong")
	}
}

// TestWindowAcrossClockChanges: a window opening in the hour the clocks
// skip opens when the clocks jump; windows on change days open at the
// local time they name.
func TestWindowAcrossClockChanges(t *testing.T) {
	cases := []struct {
		name string
		w    Window
		at   time.Time
		want time.Time
	}{
		{"spring gap", Window{Start: ClockOf(1, 30), End: ClockOf(23, 0), Days: EveryDay},
			time.Date(2026, 3, 29, 0, 10, 0, 0, time.UTC), time.Date(2026, 3, 29, 1, 0, 0, 0, time.UTC)},
		{"spring day, 08:00 BST", Window{Start: ClockOf(8, 0), End: ClockOf(18, 0), Days: EveryDay},
			time.Date(2026, 3, 29, 0, 10, 0, 0, time.UTC), time.Date(2026, 3, 29, 7, 0, 0, 0, time.UTC)},
		{"autumn repeated hour, first reading", Window{Start: ClockOf(1, 30), End: ClockOf(23, 0), Days: EveryDay},
			time.Date(2026, 10, 25, 0, 0, 0, 0, time.UTC), time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)},
		{"autumn day, 08:00 GMT", Window{Start: ClockOf(8, 0), End: ClockOf(18, 0), Days: EveryDay},
			time.Date(2026, 10, 24, 20, 0, 0, 0, time.UTC), time.Date(2026, 10, 25, 8, 0, 0, 0, time.UTC)},
	}
	for _, tc := range cases {
		if got := tc.w.opens(tc.at, nil); !got.Equal(tc.want) {
			t.Errorf("%s: opens(%v) = %v, want %v", tc.name, tc.at, got, tc.want)
		}
	}
}

// TestWindowOpensMatchesZoneDatabase compares opens with a minute-by-
// minute search using the zone database, where the host has one, for
// random windows and instants around and between the clock changes.
func TestWindowOpensMatchesZoneDatabase(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no zone database on this host: ", err)
	}
	rapid.Check(t, func(rt *rapid.T) {
		start := rapid.IntRange(0, 24*60-1).Draw(rt, "start")
		w := Window{
			Start: Clock(start),
			End:   Clock(rapid.IntRange(start+1, 24*60).Draw(rt, "end")),
			Days:  Days(rapid.IntRange(0, 1).Draw(rt, "days")),
		}
		// Mostly the days around a change; sometimes any time.
		base := time.Date(rapid.IntRange(1998, 2040).Draw(rt, "year"), rapid.SampledFrom([]time.Month{3, 10, 1, 7}).Draw(rt, "month"), 22, 0, 0, 0, 0, time.UTC)
		at := base.Add(time.Duration(rapid.Int64Range(0, 12*24*3600).Draw(rt, "secs")) * time.Second)
		// Holidays: scattered days in the same fortnight, sometimes none,
		// and sometimes a long closure listing its weekdays only.
		var holidays []int64
		shut := map[channel.Date]bool{}
		days := rapid.SliceOfN(rapid.IntRange(0, 16), 0, 6).Draw(rt, "holidays")
		if run := rapid.IntRange(0, 45).Draw(rt, "closure"); run > 20 {
			for n := 0; n < run; n++ {
				if wd := base.AddDate(0, 0, n).Weekday(); wd != time.Saturday && wd != time.Sunday {
					days = append(days, n)
				}
			}
		}
		for _, n := range days {
			d := channel.DateOf(base.AddDate(0, 0, n))
			holidays = append(holidays, daysFromCivil(d.Year, int(d.Month), d.Day))
			shut[d] = true
		}
		slices.Sort(holidays)
		holidays = slices.Compact(holidays)
		want := at
		for u := at; ; u = u.Truncate(time.Minute).Add(time.Minute) {
			l := u.In(loc)
			mins := Clock(l.Hour()*60 + l.Minute())
			day := w.Days == EveryDay || (l.Weekday() != time.Saturday && l.Weekday() != time.Sunday && !shut[channel.DateOf(l)])
			if day && mins >= w.Start && mins < w.End {
				want = u
				break
			}
		}
		if got := w.opens(at, holidays); !got.Equal(want) {
			rt.Fatalf("%+v.opens(%v, holidays %v) = %v, want %v", w, at, holidays, got, want)
		}
	})
}

// TestCivil checks the calendar arithmetic against package time over the
// whole range of instants a message may carry.
func TestCivil(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		u := rapid.Int64Range(minUnix, maxUnix-1).Draw(rt, "unix")
		tm := time.Unix(u, 0).UTC()
		y, m, d := civil(floorDiv(u, 86400))
		if wy, wm, wd := tm.Date(); y != wy || time.Month(m) != wm || d != wd {
			rt.Fatalf("civil(%d) = %d-%d-%d, want %v", u, y, m, d, tm)
		}
		if got, want := localDate(londonLocal(tm)), channel.DateOf(tm.Add(londonOffset(tm))); got != want {
			rt.Fatalf("localDate(londonLocal(%v)) = %v, want %v", tm, got, want)
		}
		if local, date := londonClock(tm); local != londonLocal(tm) || date != localDate(local) {
			rt.Fatalf("londonClock(%v) = %d, %v, want %d, %v", tm, local, date, londonLocal(tm), localDate(londonLocal(tm)))
		}
	})
	for _, u := range []int64{minUnix, -1, 0, 86399, 86400, 951782400, maxUnix - 1} { // 951782400: 2000-02-29
		tm := time.Unix(u, 0).UTC()
		if y, m, d := civil(floorDiv(u, 86400)); y != tm.Year() || time.Month(m) != tm.Month() || d != tm.Day() {
			t.Errorf("civil(%d) = %d-%d-%d, want %v", u, y, m, d, tm)
		}
	}
}

// TestLondonClockDateChange: in summer time, London's date moves on an
// hour before the UTC date does.
func TestLondonClockDateChange(t *testing.T) {
	for _, tc := range []struct {
		at   time.Time
		want channel.Date
	}{
		{time.Date(2026, 7, 1, 22, 59, 59, 0, time.UTC), channel.Date{Year: 2026, Month: time.July, Day: 1}},
		{time.Date(2026, 7, 1, 23, 30, 0, 0, time.UTC), channel.Date{Year: 2026, Month: time.July, Day: 2}},
		{time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), channel.Date{Year: 2026, Month: time.December, Day: 31}},
		{time.Date(2026, 3, 28, 23, 30, 0, 0, time.UTC), channel.Date{Year: 2026, Month: time.March, Day: 28}}, // the change is at 01:00 UTC on the 29th
		{time.Date(2026, 3, 29, 23, 30, 0, 0, time.UTC), channel.Date{Year: 2026, Month: time.March, Day: 30}},
		{time.Date(2026, 10, 24, 23, 30, 0, 0, time.UTC), channel.Date{Year: 2026, Month: time.October, Day: 25}},
		{time.Date(2026, 10, 25, 23, 30, 0, 0, time.UTC), channel.Date{Year: 2026, Month: time.October, Day: 25}},
	} {
		if _, got := londonClock(tc.at); got != tc.want {
			t.Errorf("londonClock(%v) date = %v, want %v", tc.at, got, tc.want)
		}
	}
}

// TestWindowLongClosure: a weekday window stays shut over a long run of
// holidays and opens on the first working day after them.
func TestWindowLongClosure(t *testing.T) {
	w := Window{Channel: channel.SMS, Start: ClockOf(8, 0), End: ClockOf(18, 0), Days: Weekdays}
	var shut []int64
	first := daysFromCivil(2026, 12, 1)
	for d := first; d < first+30; d++ { // 1 to 30 December 2026
		shut = append(shut, d)
	}
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	want := time.Date(2026, 12, 31, 8, 0, 0, 0, time.UTC) // Thursday 31 December, 08:00 GMT
	if got := w.opens(at, shut); !got.Equal(want) {
		t.Errorf("opens(%v) over a 30-day closure = %v, want %v", at, got, want)
	}
	// A closure listing weekdays only: the weekends among them stay shut
	// too, and the window opens on the first working day after the run.
	friday := time.Date(2026, 10, 30, 19, 0, 0, 0, time.UTC)
	for h := 1; h <= 60; h++ {
		var weekdays []int64
		want := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC) // Monday 2 November, 08:00 GMT
		for len(weekdays) < h {
			if wd := want.Weekday(); wd != time.Saturday && wd != time.Sunday {
				weekdays = append(weekdays, daysFromCivil(want.Year(), int(want.Month()), want.Day()))
			}
			want = want.AddDate(0, 0, 1)
		}
		for want.Weekday() == time.Saturday || want.Weekday() == time.Sunday {
			want = want.AddDate(0, 0, 1)
		}
		if got := w.opens(friday, weekdays); !got.Equal(want) {
			t.Errorf("opens(%v) over %d weekday holidays = %v, want %v", friday, h, got, want)
		}
	}
	every := Window{Channel: channel.NHSApp, Start: ClockOf(6, 0), End: ClockOf(22, 0), Days: EveryDay}
	if got := every.opens(at, shut); !got.Equal(at) {
		t.Errorf("an every-day window opens(%v) = %v on a holiday, want it open", at, got)
	}
}

// opens, for these tests, is opensFrom working out London time itself.
func (w Window) opens(t time.Time, holidays []int64) time.Time {
	return w.opensFrom(t, londonLocal(t), holidays)
}

// localDate, for these tests, is the calendar date of London wall-clock
// time local.
func localDate(local int64) channel.Date {
	y, m, d := civil(floorDiv(local, 86400))
	return channel.Date{Year: y, Month: time.Month(m), Day: d}
}
