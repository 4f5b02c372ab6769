package isotime

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestAppend checks both layouts against package time's AppendFormat,
// at the year 0 and 9999 boundaries, outside them, and at random.
func TestAppend(t *testing.T) {
	check := func(tb interface{ Fatalf(string, ...any) }, tm time.Time) {
		for _, c := range []struct {
			nanos  bool
			layout string
		}{{false, time.RFC3339}, {true, Nanos}} {
			if got, want := string(Append([]byte("x"), tm, c.nanos)), "x"+tm.UTC().Format(c.layout); got != want {
				tb.Fatalf("Append(%v, nanos %v) = %q, want %q", tm, c.nanos, got, want)
			}
		}
	}
	for _, tm := range []time.Time{
		{}, time.Unix(0, 0), time.Unix(-1, 5), time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 31, 23, 59, 59, 999999999, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 1, time.UTC), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 6, 1, 9, 5, 7, 120, time.FixedZone("BST", 3600)),
	} {
		check(t, tm)
	}
	rapid.Check(t, func(rt *rapid.T) {
		check(rt, time.Unix(rapid.Int64Range(-2208988800, 221845392000).Draw(rt, "unix"), rapid.Int64Range(0, 999999999).Draw(rt, "nsec")))
	})
}
