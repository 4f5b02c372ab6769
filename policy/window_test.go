package policy

import (
	"testing"
	"time"
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
		if got := tc.w.opens(tc.at); !got.Equal(tc.want) {
			t.Errorf("%s: opens(%v) = %v, want %v", tc.name, tc.at, got, tc.want)
		}
	}
}
