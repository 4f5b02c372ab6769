package policytest

import (
	"fmt"
	"strings"
	"time"

	"pgregory.net/rapid"

	"github.com/carecomms/carecomms/channel"
)

// Synthetic identifiers. Every identifier the generators draw is plainly
// synthetic: NHS numbers from the 999 test range, mobile numbers from
// Ofcom's drama range 07700 900000–900999, landlines from the Nottingham
// drama range 0115 496 0000–0999, email addresses at example.org,
// example.com and example.net, and postcodes in the usual format.

// NHSNumber returns a generator of valid NHS numbers from the 999 test
// range: "999" and six digits, then the Modulus 11 check digit. Nine-digit
// stems whose check would be 10 (no valid number) are moved to the next
// stem that has one.
func NHSNumber() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		return nhsNumber(rapid.IntRange(0, 999999).Draw(t, "nhs_number_stem"))
	})
}

// nhsNumber returns the valid test-range NHS number nearest above stem.
func nhsNumber(stem int) string {
	for i := 0; i < 12; i++ {
		s := fmt.Sprintf("999%06d", (stem+i)%1000000)
		if c, ok := nhsCheckDigit(s); ok {
			return s + string(rune('0'+c))
		}
	}
	return "9990000018" // unreachable: a check digit exists within 11 stems
}

// nhsCheckDigit returns the Modulus 11 check digit of nine digits.
func nhsCheckDigit(nine string) (int, bool) {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(nine[i]-'0') * (10 - i)
	}
	c := 11 - sum%11
	if c == 11 {
		c = 0
	}
	return c, c != 10
}

// Mobile returns a generator of UK mobile numbers in Ofcom's drama range
// (07700 900000–900999), written in the forms people and systems use:
// "07700 900123", "07700900123", "+44 7700 900123", "+447700900123",
// "0044 7700 900123" and "(07700) 900-123".
func Mobile() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		n := rapid.IntRange(0, 999).Draw(t, "mobile_last_digits")
		return mobileForm(n, rapid.IntRange(0, 5).Draw(t, "mobile_form"))
	})
}

func mobileForm(n, form int) string {
	switch form {
	case 1:
		return fmt.Sprintf("07700900%03d", n)
	case 2:
		return fmt.Sprintf("+44 7700 900%03d", n)
	case 3:
		return fmt.Sprintf("+447700900%03d", n)
	case 4:
		return fmt.Sprintf("0044 7700 900%03d", n)
	case 5:
		return fmt.Sprintf("(07700) 900-%03d", n)
	}
	return fmt.Sprintf("07700 900%03d", n)
}

// Landline returns a generator of Nottingham landline numbers in the drama
// range (0115 496 0000–0999): not mobiles, so never usable for SMS.
func Landline() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		return fmt.Sprintf("0115 496 0%03d", rapid.IntRange(0, 999).Draw(t, "landline_last_digits"))
	})
}

var (
	firstNames = []string{"Asha", "Ben", "Cara", "Dev", "Eilidh", "Femi", "Gwen", "Hamza", "Iris", "Jonah", "Kasia", "Liam", "Mina", "Nell", "Owen", "Priya"}
	lastNames  = []string{"Example", "Sample", "Testperson", "Placeholder", "Specimen", "Demo"}
	streets    = []string{"Example Street", "Sample Road", "Test Lane", "Demo Avenue", "Placeholder Close"}
	towns      = []string{"Nottingham", "Leeds", "Manchester", "Bristol", "Cardiff", "London"}
	outwards   = []string{"NG1", "NG7", "LS1", "LS6", "M1", "M14", "BS1", "CF10", "SW1A", "EC1A", "B1", "W1A"}
	domains    = []string{"example.org", "example.com", "example.net", "mail.example.org"}
)

// Email returns a generator of email addresses at the reserved example
// domains, such as "asha.example@example.org", in the case they were
// typed in.
func Email() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		f := rapid.SampledFrom(firstNames).Draw(t, "email_first_name")
		l := rapid.SampledFrom(lastNames).Draw(t, "email_last_name")
		d := rapid.SampledFrom(domains).Draw(t, "email_domain")
		local := strings.ToLower(f + "." + l)
		if rapid.Bool().Draw(t, "email_plus_tag") {
			local += "+nhs"
		}
		if rapid.IntRange(0, 4).Draw(t, "email_upper_domain") == 0 {
			d = strings.ToUpper(d)
		}
		return local + "@" + d
	})
}

// Postcode returns a generator of well-formed UK postcodes such as
// "NG1 1AA", sometimes written in lower case or without the space.
func Postcode() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		out := rapid.SampledFrom(outwards).Draw(t, "postcode_outward")
		in := fmt.Sprintf("%d%c%c", rapid.IntRange(0, 9).Draw(t, "postcode_sector"),
			rapid.SampledFrom([]rune("ABDEFGHJLNPQRSTUWXYZ")).Draw(t, "postcode_unit_1"),
			rapid.SampledFrom([]rune("ABDEFGHJLNPQRSTUWXYZ")).Draw(t, "postcode_unit_2"))
		switch rapid.IntRange(0, 5).Draw(t, "postcode_form") {
		case 0:
			return strings.ToLower(out + " " + in)
		case 1:
			return out + in
		}
		return out + " " + in
	})
}

// PostalAddress returns a generator of postal addresses ending with a
// postcode, such as "12 Example Street, Nottingham, NG1 1AA", sometimes on
// separate lines.
func PostalAddress() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		n := rapid.IntRange(1, 250).Draw(t, "address_number")
		s := rapid.SampledFrom(streets).Draw(t, "address_street")
		town := rapid.SampledFrom(towns).Draw(t, "address_town")
		pc := Postcode().Draw(t, "address_postcode")
		if rapid.IntRange(0, 3).Draw(t, "address_multiline") == 0 {
			return fmt.Sprintf("%d %s\n%s\n%s", n, s, town, pc)
		}
		return fmt.Sprintf("%d %s, %s, %s", n, s, town, pc)
	})
}

// PersonName returns a generator of obviously made-up names such as
// "Asha Example".
func PersonName() *rapid.Generator[string] {
	return rapid.Custom(func(t *rapid.T) string {
		return rapid.SampledFrom(firstNames).Draw(t, "first_name") + " " + rapid.SampledFrom(lastNames).Draw(t, "last_name")
	})
}

// Address returns a generator of realistic addresses for channel kind k:
// an NHS number for the NHS App, a mobile for SMS and messaging apps, an
// email address or a postal address.
func Address(k channel.Kind) *rapid.Generator[string] {
	switch k {
	case channel.NHSApp:
		return NHSNumber()
	case channel.SMS, channel.MessagingApp:
		return Mobile()
	case channel.Email:
		return Email()
	case channel.Letter:
		return PostalAddress()
	}
	return rapid.Just("")
}

// londonOffset is Europe/London's offset from UTC at t: British Summer
// Time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
// Sunday of October. It needs no zone database.
func londonOffset(t time.Time) time.Duration {
	t = t.UTC()
	y := t.Year()
	start := lastSunday(y, time.March).Add(time.Hour)
	end := lastSunday(y, time.October).Add(time.Hour)
	if !t.Before(start) && t.Before(end) {
		return time.Hour
	}
	return 0
}

func lastSunday(y int, m time.Month) time.Time {
	d := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -int(d.Weekday()))
}

// londonDate is the Europe/London calendar date of t.
func londonDate(t time.Time) channel.Date { return channel.DateOf(t.UTC().Add(londonOffset(t))) }

// londonTime returns the instant at local wall time h:m on date d in
// Europe/London.
func londonTime(d channel.Date, h, m int) time.Time {
	local := time.Date(d.Year, d.Month, d.Day, h, m, 0, 0, time.UTC)
	return local.Add(-londonOffset(local.Add(-time.Hour)))
}

// addYears returns d moved by n years, keeping the day where it exists
// and using 28 February for 29 February in a common year.
func addYears(d channel.Date, n int) channel.Date {
	y := d.Year + n
	if d.Month == time.February && d.Day == 29 && !leap(y) {
		return channel.Date{Year: y, Month: time.February, Day: 28}
	}
	return channel.Date{Year: y, Month: d.Month, Day: d.Day}
}

func addDays(d channel.Date, n int) channel.Date {
	return channel.DateOf(time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).AddDate(0, 0, n))
}

func leap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// chance draws a yes with pct per cent probability. rapid's integer
// generators favour small and edge values, which suits values but not
// probabilities, so chance builds a uniform number from fair coin flips.
// rapid shrinks the flips towards no, so a shrunk failing case has every
// optional feature off that it does not need.
func chance(t *rapid.T, label string, pct int) bool {
	return uniform(t, label, 100) >= 100-pct
}

// uniform draws an integer in [0, n) with every value about equally
// likely (within n in 1<<16), from 16 coin flips; n is at most 1<<16.
func uniform(t *rapid.T, label string, n int) int {
	v := 0
	for range 16 {
		v <<= 1
		if rapid.Bool().Draw(t, label) {
			v |= 1
		}
	}
	return v % n
}
