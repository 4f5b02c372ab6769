package proxy

import (
	"time"

	"github.com/carecomms/carecomms/channel"
)

// Ages at which the rules change.
const (
	// AdultAge is the age at which parental responsibility ends (G19): a
	// proxy with parental responsibility is valid through the day before
	// the patient's 18th birthday and not on it.
	AdultAge = 18
	// CapacityPresumedAge is the age from which the Mental Capacity Act 2005
	// presumes capacity. Check (for parental responsibility) and WhoChecks
	// use it when no capacity is recorded.
	CapacityPresumedAge = 16
	// YoungChildAge: a patient younger than this, with no capacity
	// recorded, is a young child whose messages a proxy with parental
	// responsibility and Mode Instead may receive instead of them. It is
	// the first milestone at which GP practices, following RCGP guidance,
	// review a parent's proxy access against the child's own competence.
	YoungChildAge = 11
)

// Age returns the patient's age in completed years on the given date, or
// -1 when either date is not a calendar date or birth is after on.
//
// Both dates are civil dates in the patient's calendar (Europe/London for
// the services this library serves); they carry no time of day or zone, so
// no zone arithmetic is needed: the host converts an instant to the
// Europe/London date once, with channel.DateOf(t.In(london)).
//
// A person attains an age at the start of the anniversary of their birth
// (Family Law Reform Act 1969 s.9). For a person born on 29 February the
// anniversary in a common year is taken to be 1 March: a full year has
// passed only once 28 February has ended. This is the rule Scots law
// states for Scotland (Age of Legal Capacity (Scotland) Act 1991 s.6) and
// the usual reading in England and Wales, where no statute says it
// expressly. So a child born on 29 February 2008 is 17 on 28 February 2026
// and 18 on 1 March 2026, and turns 16 on 29 February 2024. For parental
// responsibility this keeps the parent's authority one day longer than the
// 28 February reading would; hosts that need the earlier date can end the
// proxy's period (Until) on 27 February.
func Age(birth, on channel.Date) int {
	if !isDate(birth) || !isDate(on) || dateKey(on) < dateKey(birth) {
		return -1
	}
	years := on.Year - birth.Year
	m, d := birth.Month, birth.Day
	if m == time.February && d == 29 && !isLeap(on.Year) {
		m, d = time.March, 1
	}
	if on.Month < m || (on.Month == m && on.Day < d) {
		years--
	}
	return years
}

// isDate reports whether d is a calendar date in years 1 to 9999, as
// channel.Date.Valid does, without the cost of building a time.Time.
func isDate(d channel.Date) bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return d.Day <= daysIn(d.Month, d.Year)
}

func daysIn(m time.Month, y int) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// dateKey orders valid dates: a < b as dates exactly when dateKey(a) <
// dateKey(b).
func dateKey(d channel.Date) int { return d.Year<<9 | int(d.Month)<<5 | d.Day }
