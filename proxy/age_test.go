package proxy

import (
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
)

func TestAge(t *testing.T) {
	tests := []struct {
		name  string
		birth channel.Date
		on    channel.Date
		want  int
	}{
		{"day of birth", d(2010, time.May, 1), d(2010, time.May, 1), 0},
		{"day before first birthday", d(2010, time.May, 1), d(2011, time.April, 30), 0},
		{"first birthday", d(2010, time.May, 1), d(2011, time.May, 1), 1},
		{"day before 18th", d(2008, time.June, 15), d(2026, time.June, 14), 17},
		{"18th birthday", d(2008, time.June, 15), d(2026, time.June, 15), 18},
		{"31 December birthday, 30 December", d(2000, time.December, 31), d(2025, time.December, 30), 24},
		{"31 December birthday", d(2000, time.December, 31), d(2025, time.December, 31), 25},
		{"leapling, 28 February of a common year", d(2008, time.February, 29), d(2026, time.February, 28), 17},
		{"leapling, 1 March of a common year", d(2008, time.February, 29), d(2026, time.March, 1), 18},
		{"leapling, 28 February of a leap year", d(2008, time.February, 29), d(2024, time.February, 28), 15},
		{"leapling, 29 February of a leap year", d(2008, time.February, 29), d(2024, time.February, 29), 16},
		{"leapling, 1 March of a leap year", d(2008, time.February, 29), d(2024, time.March, 1), 16},
		{"leapling, common century year 2100", d(2096, time.February, 29), d(2100, time.February, 28), 3},
		{"leapling, 1 March 2100", d(2096, time.February, 29), d(2100, time.March, 1), 4},
		{"leapling, leap century year 2000", d(1996, time.February, 29), d(2000, time.February, 29), 4},
		{"born 1 March of a leap year, 29 February", d(2008, time.March, 1), d(2012, time.February, 29), 3},
		{"born 28 February, 28 February of a common year", d(2008, time.February, 28), d(2026, time.February, 28), 18},
		{"birth after on", d(2026, time.March, 2), d(2026, time.March, 1), -1},
		{"birth unset", channel.Date{}, d(2026, time.March, 1), -1},
		{"on unset", d(2008, time.March, 1), channel.Date{}, -1},
		{"birth not a date", d(2007, time.February, 29), d(2026, time.March, 1), -1},
		{"on not a date", d(2008, time.March, 1), d(2026, time.February, 29), -1},
		{"month out of range", d(2008, 13, 1), d(2026, time.March, 1), -1},
		{"year 0", d(0, time.March, 1), d(2026, time.March, 1), -1},
	}
	for _, tt := range tests {
		if got := Age(tt.birth, tt.on); got != tt.want {
			t.Errorf("G19: Age(%s: %v, %v) = %d, want %d", tt.name, tt.birth, tt.on, got, tt.want)
		}
	}
}

// TestIsDateAgreesWithChannel checks the package's fast date validity
// against channel.Date.Valid over every day-of-month in a span of years.
func TestIsDateAgreesWithChannel(t *testing.T) {
	for _, y := range []int{0, 1, 1900, 1999, 2000, 2023, 2024, 2100, 2400, 9999, 10000} {
		for m := time.Month(0); m <= 13; m++ {
			for day := -1; day <= 32; day++ {
				x := d(y, m, day)
				if got, want := isDate(x), x.Valid(); got != want {
					t.Errorf("isDate(%04d-%02d-%02d) = %v, channel says %v", y, m, day, got, want)
				}
			}
		}
	}
}
