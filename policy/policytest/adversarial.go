package policytest

import (
	"strings"
	"time"

	"pgregory.net/rapid"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

// AdversarialMessage returns a generator of messages built to break a
// decider: a realistic message with one to four of its fields spoiled.
// Spoilt fields include a missing identifier, decision time or staff
// member; enums outside their range (zero values and values past the last
// name); decision times in year 1 or 9999 or in a far time zone;
// appointments exactly 48 hours ahead, a nanosecond either side, or in
// the past; group messages of size 0 or below; override claims with
// undefined grounds or roles; attempts with undefined kinds; service codes
// in odd case or spacing; and bodies that are empty, huge (up to 40,000
// bytes), invalid UTF-8, or laced with zero-width characters, right-to-left
// overrides, full-width letters and homoglyphs.
func AdversarialMessage() *rapid.Generator[policy.Message] {
	return rapid.Custom(func(t *rapid.T) policy.Message {
		at := drawAt(t)
		r := drawRecord(t, at)
		return drawAdversarialMessage(t, at, &r)
	})
}

// AdversarialRecord returns a generator of records built to break a
// decider: a realistic record with one to five of its parts spoiled.
// Spoilt parts include a missing patient identifier; undefined status,
// capacity and need values; impossible birth dates (30 February, the
// future); contacts with undefined kinds or statuses, empty, huge or
// malformed addresses, addresses laced with zero-width spaces, duplicates
// of one kind where the first has failed; preferences naming no kind or
// one kind twice; objections with no scope, channel or service (which
// cover everything), with no recorder or time; proxies with no status, no
// authority, periods that end before they start, deactivated without a
// reason, holding parental responsibility for an adult or consent for a
// person who lacks capacity; and conflicting facts such as a deceased
// person with proxies and objections.
func AdversarialRecord() *rapid.Generator[policy.Record] {
	return rapid.Custom(func(t *rapid.T) policy.Record {
		return drawAdversarialRecord(t, drawAt(t))
	})
}

// oddText is text that trips up normalisers, scanners and encoders.
var oddText = []string{
	"",
	"   \t\n",
	"Y\u200bo\u200bu\u200br H\u200bI\u200bV test was positive",
	"Your \u202eevitisop\u202c result",
	"Your ＨＩＶ test result is ready",
	"Your HІV test (Cyrillic І) is ready",
	"bad \xff\xfe utf-8 \xc3",
	"nul\x00byte",
	"e\u0301\u0301\u0301 combining marks",
	"\ufeffbyte order mark",
	"emoji 👩🏽‍⚕️🏥 only",
	"tab\tand\r\ncarriage returns",
	"9990000018 9990000026 9990000034",
	"call 07700 900123 or email a@example.org, NG1 1AA",
	"PAY £10 NOW!! https://bit.ly/x https://evil.example.com/pay click here",
	"<script>alert(1)</script> {{.Body}} %s %v ${jndi:x}",
}

func drawOddText(t *rapid.T, label string) string {
	switch rapid.IntRange(0, 5).Draw(t, label+"_kind") {
	case 0:
		return rapid.String().Draw(t, label+"_random")
	case 1:
		s := rapid.SampledFrom(oddText).Draw(t, label+"_odd")
		s = strings.Repeat(s+" ", rapid.IntRange(1, 2000).Draw(t, label+"_repeat"))
		if len(s) > 40000 {
			s = s[:40000] // may cut a character in two: invalid UTF-8 on purpose
		}
		return s
	}
	return rapid.SampledFrom(oddText).Draw(t, label+"_odd")
}

func drawAdversarialMessage(t *rapid.T, at time.Time, r *policy.Record) policy.Message {
	m := drawMessage(t, at, r)
	for i, n := 0, rapid.IntRange(1, 4).Draw(t, "message_spoils"); i < n; i++ {
		switch rapid.IntRange(0, 13).Draw(t, "message_spoil") {
		case 0:
			m.ID = rapid.SampledFrom([]string{"", " ", "msg\x00", strings.Repeat("x", 5000)}).Draw(t, "spoil_id")
		case 1:
			m.At = rapid.SampledFrom([]time.Time{{}, time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
				at.In(time.FixedZone("LINT", 14*3600)), at.In(time.FixedZone("odd", -(9*3600 + 30*60)))}).Draw(t, "spoil_at")
		case 2:
			m.Purpose = policy.Purpose(rapid.SampledFrom([]uint8{0, 6, 200, 255}).Draw(t, "spoil_purpose"))
		case 3:
			m.Class = channel.Class(rapid.SampledFrom([]uint8{0, 15, 99, 255}).Draw(t, "spoil_class"))
		case 4:
			m.Urgency = policy.Urgency(rapid.SampledFrom([]uint8{4, 9, 255}).Draw(t, "spoil_urgency"))
		case 5:
			m.Body = drawOddText(t, "spoil_body")
		case 6:
			m.Staff = policy.Staff{ID: rapid.SampledFrom([]string{"", ""}).Draw(t, "spoil_staff"), Name: "No Id"}
		case 7:
			m.AppointmentAt = at.Add(rapid.SampledFrom([]time.Duration{48 * time.Hour, 48*time.Hour + 1, 48*time.Hour - 1, 0, -1, -48 * time.Hour, 1 << 62}).Draw(t, "spoil_appointment"))
			m.Class = rapid.SampledFrom([]channel.Class{channel.AppointmentChange, channel.AppointmentReminder}).Draw(t, "spoil_appointment_class")
		case 8:
			m.Group = &policy.Group{ID: rapid.SampledFrom([]string{"", "batch-x"}).Draw(t, "spoil_group_id"), Size: rapid.SampledFrom([]int{0, -1, -1 << 40, 1 << 40}).Draw(t, "spoil_group_size")}
		case 9:
			m.Override = &objection.Override{
				Ground:    objection.Ground(rapid.SampledFrom([]uint8{0, 11, 99, 3, 9}).Draw(t, "spoil_ground")),
				DecidedBy: rapid.SampledFrom([]string{"", " ", "cg-01"}).Draw(t, "spoil_decided_by"),
				Role:      objection.Role(rapid.SampledFrom([]uint8{0, 1, 5, 6, 200}).Draw(t, "spoil_role")),
			}
		case 10:
			m.Attempts = append(m.Attempts, channel.Attempt{
				Kind:    channel.Kind(rapid.SampledFrom([]uint8{0, 3, 6, 255}).Draw(t, "spoil_attempt_kind")),
				Address: drawOddText(t, "spoil_attempt_address"),
				Result:  channel.Result(rapid.SampledFrom([]uint8{5, 6, 7, 255}).Draw(t, "spoil_attempt_outcome")),
			})
		case 11:
			m.Service = rapid.SampledFrom([]string{"SEXUAL_HEALTH", " sexual_health ", "sexual health", "Sexual_Health", strings.Repeat("hiv", 100), "\u200bhiv"}).Draw(t, "spoil_service")
		case 12:
			m.Urgency = policy.Emergency
			m.Purpose = policy.Purpose(rapid.SampledFrom([]uint8{1, 3, 4}).Draw(t, "spoil_emergency_purpose"))
		default:
			if len(m.Body) > 0 {
				cut := rapid.IntRange(0, len(m.Body)-1).Draw(t, "spoil_body_cut")
				m.Body = m.Body[:cut] + "\u200b" + m.Body[cut:]
			}
		}
	}
	return m
}

// drawAdversarialRecord draws a realistic record at time at and spoils one
// to five of its parts.
func drawAdversarialRecord(t *rapid.T, at time.Time) policy.Record {
	r := drawRecord(t, at)
	today := londonDate(at)
	for i, n := 0, rapid.IntRange(1, 5).Draw(t, "record_spoils"); i < n; i++ {
		spoilRecord(t, at, today, &r)
	}
	return r
}

// spoilRecord draws one way to spoil r and applies it; today is at's date
// in London.
func spoilRecord(t *rapid.T, at time.Time, today channel.Date, r *policy.Record) {
	switch spoil := rapid.IntRange(0, 15).Draw(t, "record_spoil"); spoil {
	case 0:
		r.PatientID = rapid.SampledFrom([]string{"", " ", "proxy-1"}).Draw(t, "spoil_patient_id")
	case 1:
		r.Status = policy.Status(rapid.SampledFrom([]uint8{6, 99, 255}).Draw(t, "spoil_status"))
	case 2:
		r.BirthDate = rapid.SampledFrom([]channel.Date{
			{Year: 2026, Month: time.February, Day: 30}, {Year: 0, Month: 0, Day: 0}, {Year: 2010, Month: 13, Day: 1},
			addDays(today, 1), addDays(today, 3650), {Year: -5, Month: 1, Day: 1},
		}).Draw(t, "spoil_birth_date")
	case 3:
		r.Capacity = proxy.Capacity(rapid.SampledFrom([]uint8{3, 255}).Draw(t, "spoil_capacity"))
	case 4, 5, 6:
		spoilContacts(t, spoil, r)
	case 7:
		r.Preferences = append(r.Preferences, channel.Kind(rapid.SampledFrom([]uint8{0, 2, 2, 6, 255}).Draw(t, "spoil_preference")))
	case 8:
		r.Objections = append(r.Objections, objection.Objection{
			Scope:       objection.Scope(rapid.SampledFrom([]uint8{0, 1, 4, 99}).Draw(t, "spoil_objection_scope")),
			Channel:     channel.Kind(rapid.SampledFrom([]uint8{0, 9}).Draw(t, "spoil_objection_channel")),
			SeriousHarm: chance(t, "spoil_objection_serious_harm", 50),
		})
	case 9:
		p := drawSpoiltProxy(t, at, today, r)
		r.Proxies = append(r.Proxies, p)
	case 10:
		addConflictingProxy(t, at, today, r)
	case 11:
		r.Needs = append(r.Needs, policy.Need(rapid.SampledFrom([]uint8{0, 7, 255}).Draw(t, "spoil_need")))
	case 12:
		r.Language = rapid.SampledFrom([]string{"xx-!!", "zz", "en_GB", strings.Repeat("a", 300), "cy-Latn-GB-x-private"}).Draw(t, "spoil_language")
	case 13:
		// A deceased or restricted person with everything else set.
		r.Status = rapid.SampledFrom([]policy.Status{policy.Deceased, policy.InformallyDeceased, policy.Invalidated, policy.RemovedFromList, policy.Restricted}).Draw(t, "spoil_conflict_status")
	case 15:
		// A preferred contact time that is not a period of the day, or
		// on days that are not defined.
		r.ContactTimes = append(r.ContactTimes, rapid.SampledFrom([]policy.ContactTime{
			{Start: policy.ClockOf(18, 0), End: policy.ClockOf(9, 0), Days: policy.EveryDay},
			{Start: policy.ClockOf(9, 0), End: policy.ClockOf(9, 0), Days: policy.Weekdays},
			{Start: -1, End: policy.ClockOf(9, 0), Days: policy.Weekdays},
			{Start: policy.ClockOf(9, 0), End: 24*60 + 1, Days: policy.EveryDay},
			{Start: policy.ClockOf(9, 0), End: policy.ClockOf(17, 0), Days: policy.Days(2)},
		}).Draw(t, "spoil_contact_time"))
	default:
		r.Objections = append(r.Objections, objection.Objection{
			Scope: objection.ScopeService, Service: rapid.SampledFrom([]string{"", " ", "SCREENING"}).Draw(t, "spoil_objection_service"),
			RecordedAt: at, RecordedBy: "staff-0001",
		})
	}
}

// spoilContacts spoils r's contacts in the way spoil (4, 5 or 6) says:
// an added contact with undefined or odd fields, an oddly written address
// put first, or a duplicate of one kind whose first copy has bounced.
func spoilContacts(t *rapid.T, spoil int, r *policy.Record) {
	switch spoil {
	case 4:
		r.Contacts = append(r.Contacts, channel.Contact{
			Kind:    channel.Kind(rapid.SampledFrom([]uint8{0, 6, 255, 3, 2}).Draw(t, "spoil_contact_kind")),
			Address: drawOddText(t, "spoil_contact_address"),
			Status:  channel.Status(rapid.SampledFrom([]uint8{0, 4, 99}).Draw(t, "spoil_contact_status")),
		})
	case 5:
		k := rapid.SampledFrom([]channel.Kind{channel.SMS, channel.Email, channel.NHSApp, channel.Letter, channel.MessagingApp}).Draw(t, "spoil_odd_address_kind")
		addr := rapid.SampledFrom([]string{
			"07700 900123\u200b", "+44 (0)7700 900123", "+33 6 12 34 56 78", "0115 496 0123", "07700 9001234",
			"jo@@example.org", "jo@example", "Jo@Bücher.example", "JO@EXAMPLE.ORG", "jo..x@example.org",
			"9990000019", "999 000 0018", "1 Example Street, Nottingham", "1 Example Street, Nottingham, ng11aa",
		}).Draw(t, "spoil_odd_address")
		r.Contacts = append([]channel.Contact{{Kind: k, Address: addr}}, r.Contacts...)
	case 6:
		k := rapid.SampledFrom([]channel.Kind{channel.SMS, channel.Email}).Draw(t, "spoil_duplicate_kind")
		a := Address(k).Draw(t, "spoil_duplicate_address")
		r.Contacts = append([]channel.Contact{{Kind: k, Address: a, Status: channel.StatusBounced}, {Kind: k, Address: a}}, r.Contacts...)
	}
}

// drawSpoiltProxy draws a proxy for r with one part spoiled: no status,
// deactivated without a reason, a reason while active, undefined authority
// or mode, a period that ends before it starts, no or the patient's ID, an
// undefined or repeated access level, or no start.
func drawSpoiltProxy(t *rapid.T, at time.Time, today channel.Date, r *policy.Record) proxy.Proxy {
	p := drawProxy(t, at, r.BirthDate, len(r.Proxies))
	switch rapid.IntRange(0, 8).Draw(t, "spoil_proxy") {
	case 0:
		p.Status = 0
	case 1:
		p.Status, p.DeactivatedReason = proxy.Deactivated, proxy.DeactivationUnset
	case 2:
		p.DeactivatedReason = proxy.Safeguarding
	case 3:
		p.Authority = proxy.Authority(rapid.SampledFrom([]uint8{0, 6, 255}).Draw(t, "spoil_proxy_authority"))
	case 4:
		p.From, p.Until = today, addDays(today, -1)
	case 5:
		p.ID = rapid.SampledFrom([]string{"", r.PatientID}).Draw(t, "spoil_proxy_id")
	case 6:
		p.Mode = proxy.Mode(rapid.SampledFrom([]uint8{2, 255}).Draw(t, "spoil_proxy_mode"))
	case 7:
		p.Access = append(p.Access, rapid.SampledFrom([]proxy.Access{0, 5, 255, proxy.Appointments}).Draw(t, "spoil_proxy_access"))
		p.Access = append(p.Access, p.Access[len(p.Access)-1])
	default:
		p.From = channel.Date{}
	}
	return p
}

// addConflictingProxy adds to r an active proxy whose facts conflict with
// the record's: parental responsibility for an adult, or consent from a
// person who lacks capacity.
func addConflictingProxy(t *rapid.T, at time.Time, today channel.Date, r *policy.Record) {
	p := drawProxy(t, at, r.BirthDate, len(r.Proxies))
	p.RecordNote, p.Status, p.DeactivatedReason, p.From, p.Until = true, proxy.Active, proxy.DeactivationUnset, addDays(today, -10), channel.Date{}
	if chance(t, "spoil_conflict_adult", 50) {
		p.Authority = proxy.ParentalResponsibility
		r.BirthDate = addYears(today, -rapid.SampledFrom([]int{18, 40}).Draw(t, "spoil_conflict_age"))
	} else {
		p.Authority, p.PatientConsented = proxy.Consent, true
		r.Capacity = proxy.LacksCapacity
	}
	r.Proxies = append(r.Proxies, p)
}
