package policy

import (
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/enum"
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
		return enum.Reject(b, "policy: a clock time must be written HH:MM, such as 08:00")
	}
	if _, err := fmt.Sscanf(string(b), "%02d:%02d", &h, &m); err != nil || h > 24 || m > 59 || (h == 24 && m != 0) {
		return enum.Reject(b, "policy: a clock time must be HH:MM between 00:00 and 24:00")
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

// londonOffset is the UTC offset of Europe/London at t, without a zone
// database, so hosts in scratch containers get the same answers. Since
// 1996 the UK rule (British Summer Time from 01:00 UTC on the last Sunday
// of March to 01:00 UTC on the last Sunday of October) is computed, and
// applied to every later year; earlier instants (a replay of old
// messages, say) are looked up in londonChanges, generated from the zone
// database. A test checks both against time/tzdata's Europe/London at
// every change from 1900 to 2100 and at random instants.
func londonOffset(t time.Time) time.Duration {
	u := t.Unix()
	y, m, _ := civil(floorDiv(u, 86400))
	return offsetIn(u, y, m)
}

//go:generate go run github.com/carecomms/carecomms/internal/cmd/londongen

// ruleFrom is 1996-01-01 00:00 UTC, from when the UK rule is computed.
const ruleFrom = 820454400

// offsetIn is londonOffset for the instant u (Unix seconds), whose UTC
// date is in month m of year y.
func offsetIn(u int64, y, m int) time.Duration {
	if u < ruleFrom {
		i := sort.Search(len(londonChanges), func(i int) bool { return londonChanges[i].at > u })
		if i == 0 {
			return 0
		}
		return time.Duration(londonChanges[i-1].off) * time.Second
	}
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

// nextChange returns the first instant after u (Unix seconds) at which
// London's offset from UTC changes.
func nextChange(u int64) int64 {
	if u < ruleFrom {
		i := sort.Search(len(londonChanges), func(i int) bool { return londonChanges[i].at > u })
		if i < len(londonChanges) {
			return londonChanges[i].at
		}
		u = ruleFrom
	}
	y, _, _ := civil(floorDiv(u, 86400))
	if march := lastSundayDays(y, 3)*86400 + 3600; u < march {
		return march
	}
	if october := lastSundayDays(y, 10)*86400 + 3600; u < october {
		return october
	}
	return lastSundayDays(y+1, 3)*86400 + 3600
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
//
// Between two changes of London's offset, wall-clock time runs with UTC,
// so the opening is found on the wall clock and converted with the offset
// in force; when that instant is past the next change, the search goes on
// from the change. So a window opening at 01:30 on the day the clocks go
// back opens at 01:30 BST when the search starts before it, and at 01:30
// GMT, an hour later, when it starts in the repeated hour after 01:30 BST
// has passed; one opening in the hour the clocks skip in spring opens when
// they jump.
func (w Window) opensFrom(t time.Time, local int64, holidays []int64) time.Time {
	if w.Start >= w.End {
		return t
	}
	u := t.Unix()
	for i := 0; i < 64; i++ {
		if i > 0 {
			local = u + int64(londonOffset(time.Unix(u, 0))/time.Second)
		}
		open := w.nextOpen(local, holidays)
		if open == local {
			if i == 0 {
				return t
			}
			return time.Unix(u, 0).UTC()
		}
		at, next := u+(open-local), nextChange(u)
		if at < next {
			return time.Unix(at, 0).UTC()
		}
		u = next
	}
	return time.Unix(u, 0).UTC() // unreachable: a change of offset is months away
}

// nextOpen returns the first London wall-clock time (in seconds since
// 1970-01-01 00:00 local) at or after local when w is open, ignoring
// changes of offset.
func (w Window) nextOpen(local int64, holidays []int64) int64 {
	day := floorDiv(local, 86400)
	mins := Clock((local - day*86400) / 60)
	// A run of h holidays with the weekends among them shuts at most
	// h + 2(h/5 + 2) days in a row, so 9 + 2h days always reach an open
	// day.
	for i := 0; i < 9+2*len(holidays); i++ {
		// 1970-01-01 was a Thursday: weekday = (day+4) mod 7, Sunday = 0.
		wd := ((day+4)%7 + 7) % 7
		open := w.Days == EveryDay || (wd != 0 && wd != 6 && !holiday(holidays, day))
		switch {
		case open && mins >= w.Start && mins < w.End:
			return local
		case open && mins < w.Start:
			return day*86400 + int64(w.Start)*60
		}
		day, mins = day+1, -1
	}
	return day*86400 + int64(w.Start)*60
}

// holiday reports whether day (since 1970-01-01) is in the sorted days.
func holiday(days []int64, day int64) bool {
	_, found := slices.BinarySearch(days, day)
	return found
}
