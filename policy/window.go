package policy

import (
	"fmt"
	"slices"
	"time"

	"github.com/carecomms/carecomms/channel"
)

// Clock is a time of day in Europe/London, in minutes after midnight. It
// encodes as "HH:MM".
type Clock int

// ClockOf returns the clock time h:m.
func ClockOf(h, m int) Clock { return Clock(h*60 + m) }

// String returns "HH:MM".
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// MarshalText encodes c as "HH:MM".
func (c Clock) MarshalText() ([]byte, error) {
	if c < 0 || c > 24*60 {
		return nil, fmt.Errorf("policy: clock %d is outside 00:00–24:00", int(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText decodes "HH:MM" (00:00 to 24:00).
func (c *Clock) UnmarshalText(b []byte) error {
	var h, m int
	if len(b) != 5 || b[2] != ':' {
		return fmt.Errorf("policy: clock %q is not HH:MM", clip(string(b)))
	}
	if _, err := fmt.Sscanf(string(b), "%02d:%02d", &h, &m); err != nil || h > 24 || m > 59 || (h == 24 && m != 0) {
		return fmt.Errorf("policy: clock %q is not HH:MM between 00:00 and 24:00", clip(string(b)))
	}
	*c = ClockOf(h, m)
	return nil
}

// Window is when routine messages on a channel may go (P2), in
// Europe/London local time. A window open on weekdays is also shut on the
// org's holidays (Config.Holidays).
type Window struct {
	Channel channel.Kind `json:"channel"`
	Start   Clock        `json:"start"`
	End     Clock        `json:"end"`
	Days    Days         `json:"days"`
}

// DefaultWindows are the national services' sending windows (P2): SMS,
// email and other apps 08:00–18:00 on weekdays; NHS App 06:00–22:00 every
// day. Letters have no window.
func DefaultWindows() []Window {
	return []Window{
		{channel.NHSApp, ClockOf(6, 0), ClockOf(22, 0), EveryDay},
		{channel.Email, ClockOf(8, 0), ClockOf(18, 0), Weekdays},
		{channel.SMS, ClockOf(8, 0), ClockOf(18, 0), Weekdays},
		{channel.MessagingApp, ClockOf(8, 0), ClockOf(18, 0), Weekdays},
	}
}

// londonOffset is the UTC offset of Europe/London at t, computed from the
// UK rule (British Summer Time from 01:00 UTC on the last Sunday of March
// to 01:00 UTC on the last Sunday of October) so that no zone database is
// needed: hosts in scratch containers get the same answers. The rule has
// held since 1996 and is applied to every year; instants before 1996 (a
// replay of old messages, say) may be an hour out around the changes.
func londonOffset(t time.Time) time.Duration {
	u := t.Unix()
	y, m, _ := civil(floorDiv(u, 86400))
	return offsetIn(u, y, m)
}

// offsetIn is londonOffset for the instant u (Unix seconds), whose UTC
// date is in month m of year y.
func offsetIn(u int64, y, m int) time.Duration {
	switch {
	case m < 3 || m > 10:
		return 0
	case m > 3 && m < 10:
		return time.Hour
	}
	change := lastSundayDays(y, m)*86400 + 3600
	if (m == 3) == (u >= change) {
		return time.Hour // after the March change, or before the October one
	}
	return 0
}

// floorDiv is a / b rounded towards minus infinity, for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

// civil returns the proleptic Gregorian year, month and day of day d
// counted from 1970-01-01 (Howard Hinnant's algorithm).
func civil(d int64) (y, m, day int) {
	z := d + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, day
}

// lastSundayDays is the last Sunday of month m (31 days: March or
// October) in year y, in days since 1970-01-01.
func lastSundayDays(y int, m int) int64 {
	d := daysFromCivil(y, m, 31)
	// 1970-01-01 was a Thursday: weekday = (d+4) mod 7, Sunday = 0.
	wd := (d%7 + 7 + 4) % 7
	return d - wd
}

// daysFromCivil returns the days since 1970-01-01 of the proleptic
// Gregorian date y-m-d (Howard Hinnant's algorithm).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// londonLocal is London wall-clock time at t, as seconds since
// 1970-01-01 00:00 local time.
func londonLocal(t time.Time) int64 { return t.Unix() + int64(londonOffset(t)/time.Second) }

// londonClock returns londonLocal(t) and the London date at t. The
// calendar arithmetic is done once when, as for most of the day, London's
// date is the UTC date.
func londonClock(t time.Time) (local int64, date channel.Date) {
	u := t.Unix()
	ud := floorDiv(u, 86400)
	y, m, d := civil(ud)
	local = u + int64(offsetIn(u, y, m)/time.Second)
	if ld := floorDiv(local, 86400); ld != ud {
		y, m, d = civil(ld)
	}
	return local, channel.Date{Year: y, Month: time.Month(m), Day: d}
}

// opensFrom returns the first instant at or after t when w is open;
// local is londonLocal(t), and holidays are the days (since 1970-01-01,
// sorted) a weekday window stays shut.
func (w Window) opensFrom(t time.Time, local int64, holidays []int64) time.Time {
	if w.Start >= w.End {
		return t
	}
	// Each pass moves to the next day's opening, or across a clock change.
	// A run of h holidays with the weekends among them shuts at most
	// h + 2(h/5 + 2) days in a row, so 9 + 2h passes always reach an open
	// day.
	for i := 0; i < 9+2*len(holidays); i++ {
		if i > 0 {
			local = londonLocal(t)
		}
		day := floorDiv(local, 86400)
		mins := Clock((local - day*86400) / 60)
		// 1970-01-01 was a Thursday: weekday = (day+4) mod 7, Sunday = 0.
		wd := ((day+4)%7 + 7) % 7
		open := w.Days == EveryDay || (wd != 0 && wd != 6 && !holiday(holidays, day))
		if open && mins >= w.Start && mins < w.End {
			return t
		}
		if !open || mins >= w.Start {
			day++
		}
		// The opening as London wall time in UTC fields; convert.
		t = fromLondonWall(time.Unix(day*86400+int64(w.Start)*60, 0).UTC())
	}
	return t
}

// holiday reports whether day (since 1970-01-01) is in the sorted days.
func holiday(days []int64, day int64) bool {
	_, found := slices.BinarySearch(days, day)
	return found
}

// fromLondonWall returns the instant at which London's clocks first show
// the wall time w (given in UTC fields), or, when w falls in the hour the
// clocks skip in spring, the instant just after the skip.
func fromLondonWall(w time.Time) time.Time {
	if bst := w.Add(-time.Hour); londonOffset(bst) == time.Hour {
		return bst // the earlier reading, also in the repeated autumn hour
	}
	if gmt := w; londonOffset(gmt) == 0 {
		return gmt
	}
	// In the spring gap: clocks jump from 01:00 to 02:00 at 01:00 UTC.
	y, m, d := w.Date()
	return time.Date(y, m, d, 1, 0, 0, 0, time.UTC)
}
