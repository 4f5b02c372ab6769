package channel

import (
	"testing"
	"time"
)

func TestDateValid(t *testing.T) {
	cases := []struct {
		name string
		d    Date
		want bool
	}{
		{"leap year 29 Feb", Date{2024, time.February, 29}, true},
		{"century leap year", Date{2000, time.February, 29}, true},
		{"not a leap year", Date{2023, time.February, 29}, false},
		{"century not leap", Date{1900, time.February, 29}, false},
		{"31 Apr", Date{2024, time.April, 31}, false},
		{"31 Dec", Date{2024, time.December, 31}, true},
		{"month 13", Date{2024, 13, 1}, false},
		{"day 0", Date{2024, time.January, 0}, false},
		{"year 0", Date{0, time.January, 1}, false},
		{"year 10000", Date{10000, time.January, 1}, false},
		{"zero", Date{}, false},
	}
	for _, tc := range cases {
		if got := tc.d.Valid(); got != tc.want {
			t.Errorf("Date(%s).Valid() = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestDateCompare(t *testing.T) {
	cases := []struct {
		name string
		a, b Date
		want int
	}{
		{"equal", Date{2024, 2, 29}, Date{2024, 2, 29}, 0},
		{"year", Date{2023, 12, 31}, Date{2024, 1, 1}, -1},
		{"month", Date{2024, 3, 1}, Date{2024, 2, 29}, 1},
		{"day", Date{2024, 2, 28}, Date{2024, 2, 29}, -1},
		{"zero before any", Date{}, Date{1, 1, 1}, -1},
	}
	for _, tc := range cases {
		if got := tc.a.Compare(tc.b); got != tc.want {
			t.Errorf("Compare(%s) = %d, want %d", tc.name, got, tc.want)
		}
		if got := tc.b.Compare(tc.a); got != -tc.want {
			t.Errorf("Compare(%s, reversed) = %d, want %d", tc.name, got, -tc.want)
		}
		if tc.a.Before(tc.b) != (tc.want < 0) || tc.a.After(tc.b) != (tc.want > 0) {
			t.Errorf("Before/After(%s) disagree with Compare = %d", tc.name, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	d, err := ParseDate("2024-02-29")
	if err != nil || d != (Date{2024, time.February, 29}) || d.String() != "2024-02-29" {
		t.Errorf("ParseDate(2024-02-29) = %v, %v", d, err)
	}
	for _, bad := range []string{"2023-02-29", "2024-2-29", "29-02-2024", "", "2024-02-29T00:00:00Z"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) error = nil, want an error", bad)
		}
	}
	if got := DateOf(time.Date(2024, 2, 29, 23, 59, 0, 0, time.UTC)); got != (Date{2024, 2, 29}) {
		t.Errorf("DateOf(2024-02-29T23:59Z) = %v", got)
	}
}

// TestDateValidMatchesTime: Valid agrees with time.Date's normalisation
// for the last days of every month of years 1 to 2500 and around 9999.
func TestDateValidMatchesTime(t *testing.T) {
	for y := 1; y <= 9999; y++ {
		if y > 2500 && y < 9900 {
			continue
		}
		for m := time.January; m <= time.December; m++ {
			for day := 27; day <= 32; day++ {
				want := time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Day() == day
				if got := (Date{Year: y, Month: m, Day: day}).Valid(); got != want {
					t.Fatalf("Date{%d, %v, %d}.Valid() = %v, want %v", y, m, day, got, want)
				}
			}
		}
	}
}
