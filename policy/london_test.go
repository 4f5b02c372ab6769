package policy

import (
	"testing"
	"time"
	_ "time/tzdata" // Europe/London for these tests, whatever the host has

	"pgregory.net/rapid"
)

// london is time/tzdata's Europe/London, the reference for London time.
func london(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestLondonOffsetAtEveryChange compares londonOffset and nextChange with
// the zone database at every change of London's offset from 1900 to
// 2100, a second before and at each, and in the hours around it (issue
// 16: the autumn repeated hour).
func TestLondonOffsetAtEveryChange(t *testing.T) {
	loc := london(t)
	end := time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC)
	changes := 0
	for u := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC); ; {
		_, next := u.In(loc).ZoneBounds()
		if next.IsZero() || next.After(end) {
			break
		}
		if !next.After(u) {
			// Package time gives a bound at the end of some years of the
			// rule after its last listed change (2040), where none is.
			u = u.Add(time.Hour)
			continue
		}
		_, before := next.Add(-time.Second).In(loc).Zone()
		_, after := next.In(loc).Zone()
		if before != after {
			changes++
			if got := nextChange(u.Unix()); got != next.Unix() {
				t.Fatalf("nextChange(%v) = %v, zone database says %v", u, time.Unix(got, 0).UTC(), next)
			}
			u = next
		} else {
			u = next // a change of the zone's name only
		}
		for _, d := range []time.Duration{-3 * time.Hour, -time.Hour, -time.Second, 0, time.Second, 59 * time.Minute, time.Hour, 3 * time.Hour} {
			at := next.Add(d)
			if _, off := at.In(loc).Zone(); londonOffset(at) != time.Duration(off)*time.Second {
				t.Fatalf("londonOffset(%v) = %v, zone database says %ds", at, londonOffset(at), off)
			}
		}
	}
	if changes < 2*(2100-1996) {
		t.Fatalf("only %d changes checked", changes)
	}
}

// TestLondonOffsetRandom compares londonOffset and londonClock with the
// zone database at random instants over the whole range a message may
// carry, and especially in the weeks of the changes.
func TestLondonOffsetRandom(t *testing.T) {
	loc := london(t)
	rapid.Check(t, func(rt *rapid.T) {
		var u int64
		if rapid.Bool().Draw(rt, "near a change") {
			y := rapid.IntRange(1900, 2100).Draw(rt, "year")
			m := rapid.SampledFrom([]time.Month{3, 4, 9, 10, 11}).Draw(rt, "month")
			u = time.Date(y, m, 15, 0, 0, 0, 0, time.UTC).Unix() + rapid.Int64Range(0, 21*86400).Draw(rt, "secs")
		} else {
			u = rapid.Int64Range(minUnix, maxUnix-1).Draw(rt, "unix")
		}
		at := time.Unix(u, 0)
		lt := at.In(loc)
		_, off := lt.Zone()
		if got := londonOffset(at); got != time.Duration(off)*time.Second {
			rt.Fatalf("londonOffset(%v) = %v, zone database says %ds", at.UTC(), got, off)
		}
		local, date := londonClock(at)
		wall := time.Date(lt.Year(), lt.Month(), lt.Day(), lt.Hour(), lt.Minute(), lt.Second(), 0, time.UTC)
		if local != wall.Unix() || date.Year != lt.Year() || date.Month != lt.Month() || date.Day != lt.Day() {
			rt.Fatalf("londonClock(%v) = %d, %v; zone database says %v", at.UTC(), local, date, lt)
		}
	})
}

// TestAutumnRepeatedHour is the case issue 16 found: a window of
// 01:30-23:00, decided at 01:00 GMT on 25 October 2026 (the clocks went
// back from 02:00 BST an instant before), opened at once; it opens at
// 01:30 GMT. Decided at 00:10 GMT (01:10 BST, before the change) it opens
// at 01:30 BST; and a window of 01:00-01:30 decided at 01:45 BST opens at
// 01:00 GMT, when the clocks show 01:00 again.
func TestAutumnRepeatedHour(t *testing.T) {
	late := Window{Start: ClockOf(1, 30), End: ClockOf(23, 0), Days: EveryDay}
	short := Window{Start: ClockOf(1, 0), End: ClockOf(1, 30), Days: EveryDay}
	for _, tc := range []struct {
		name     string
		w        Window
		at, want time.Time
	}{
		{"01:00 GMT, after the change", late, time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC), time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)},
		{"01:10 BST, before the change", late, time.Date(2026, 10, 25, 0, 10, 0, 0, time.UTC), time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)},
		{"01:45 BST, window shut until 01:00 GMT", short, time.Date(2026, 10, 25, 0, 45, 0, 0, time.UTC), time.Date(2026, 10, 25, 1, 0, 0, 0, time.UTC)},
		{"1990: changes on the Sunday after the fourth Saturday", late, time.Date(1990, 10, 28, 1, 0, 0, 0, time.UTC), time.Date(1990, 10, 28, 1, 30, 0, 0, time.UTC)},
	} {
		if got := tc.w.opens(tc.at, nil); !got.Equal(tc.want) {
			t.Errorf("%s: opens(%v) = %v, want %v", tc.name, tc.at, got, tc.want)
		}
	}
}
