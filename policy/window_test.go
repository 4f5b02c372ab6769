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
