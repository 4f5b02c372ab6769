package proxy

import (
	"time"

	"github.com/carecomms/carecomms/channel"
)

// d builds a Date without validation, so tests can also build bad ones.
func d(y int, m time.Month, day int) channel.Date { return channel.Date{Year: y, Month: m, Day: day} }

// addDays moves a valid date by n days using the time package, an
// implementation independent of the package's own date arithmetic.
func addDays(x channel.Date, n int) channel.Date {
	return channel.DateOf(time.Date(x.Year, x.Month, x.Day, 12, 0, 0, 0, time.UTC).AddDate(0, 0, n))
}

// active returns a complete, valid-looking proxy with the given authority
// and all of its evidence recorded; tests switch fields off.
func active(a Authority) Proxy {
	return Proxy{
		ID:                    "proxy-1",
		Name:                  "Alexandra Testperson",
		Relationship:          "mother",
		Authority:             a,
		RecordNote:            true,
		LPAActivated:          true,
		BestInterestsRecorded: true,
		PatientConsented:      true,
		From:                  d(2020, time.January, 1),
		Status:                Active,
		Contacts: []channel.Contact{
			{Kind: channel.SMS, Address: "07700900123"},
			{Kind: channel.Email, Address: "alexandra.parent@example.org"},
		},
		Preferences: []channel.Kind{channel.SMS, channel.Email},
		Language:    "en-GB",
	}
}
