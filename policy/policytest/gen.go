package policytest

import (
	"fmt"
	"log/slog"
	"strings"
	"time"

	"pgregory.net/rapid"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

// Case is one input to a Decider: a message and the record of the person
// it is about. It round-trips through JSON as {"message": ..., "record": ...}
// when its enums hold defined values.
type Case struct {
	Message policy.Message `json:"message"`
	Record  policy.Record  `json:"record"`
}

// LogValue gives log/slog the message and the record as they print, masked,
// so that slog's JSON handler does not marshal their fields.
func (c Case) LogValue() slog.Value {
	return slog.GroupValue(slog.Any("message", c.Message), slog.Any("record", c.Record))
}

// Message returns a generator of realistic messages about individual
// care (and now and then research, fundraising or marketing ones, G1):
// every field the guidance touches, bodies written like a GP practice's
// messages with now and then a detail that should not be there (an NHS
// number, a test result, a payment request, a shortened link), decision
// times on sending-window and clock-change edges, appointments either side
// of the 48-hour edge, group messages, override claims and earlier failed
// attempts. Valid messages are the common case.
func Message() *rapid.Generator[policy.Message] {
	return rapid.Custom(func(t *rapid.T) policy.Message {
		return drawMessage(t, drawAt(t), nil)
	})
}

// Record returns a generator of realistic care records: synthetic
// identities, contacts of every kind in the forms people write them
// (some failed, removed or stale), preferences, objections of every scope
// (some without reasons, some for serious harm), proxies with each
// authority and period edges (an 18th birthday today or tomorrow, an
// authority ending today) and access scoped by message type, reasonable
// adjustments, languages and preferred contact times. Birth
// dates and periods are drawn around a decision date between 2026 and
// 2027.
func Record() *rapid.Generator[policy.Record] {
	return rapid.Custom(func(t *rapid.T) policy.Record {
		return drawRecord(t, drawAt(t))
	})
}

// Cases returns a generator of realistic cases: a Record and a Message
// drawn around the same decision time, so that birthdays, proxy periods,
// contact verification and earlier attempts relate to the message.
func Cases() *rapid.Generator[Case] {
	return rapid.Custom(func(t *rapid.T) Case {
		at := drawAt(t)
		r := drawRecord(t, at)
		return Case{Message: drawMessage(t, at, &r), Record: r}
	})
}

// AdversarialCases returns a generator of cases built to break deciders:
// an adversarial message and an adversarial record drawn around the same
// decision time, or a realistic one of the pair with an adversarial other.
func AdversarialCases() *rapid.Generator[Case] {
	return rapid.Custom(func(t *rapid.T) Case {
		at := drawAt(t)
		var c Case
		switch rapid.IntRange(0, 2).Draw(t, "adversarial_side") {
		case 0:
			c.Record = drawRecord(t, at)
			c.Message = drawAdversarialMessage(t, at, &c.Record)
		case 1:
			c.Record = drawAdversarialRecord(t, at)
			c.Message = drawMessage(t, at, &c.Record)
		default:
			c.Record = drawAdversarialRecord(t, at)
			c.Message = drawAdversarialMessage(t, at, &c.Record)
		}
		return c
	})
}

// MixedCases returns a generator that draws a realistic case three times
// in four and an adversarial one otherwise. TestDecider uses it.
func MixedCases() *rapid.Generator[Case] {
	return rapid.Custom(drawMixed)
}

func drawMixed(t *rapid.T) Case {
	if chance(t, "adversarial", 25) {
		return AdversarialCases().Draw(t, "adversarial_case")
	}
	return Cases().Draw(t, "realistic_case")
}

// epoch is the first day decision times are drawn from.
var epoch = channel.Date{Year: 2026, Month: time.January, Day: 1}

// bankHolidays are the bank holidays in England and Wales in the years
// drawAt draws from.
func bankHolidays() []channel.Date {
	var out []channel.Date
	for _, d := range [][3]int{
		{2026, 1, 1}, {2026, 4, 3}, {2026, 4, 6}, {2026, 5, 4}, {2026, 5, 25}, {2026, 8, 31}, {2026, 12, 25}, {2026, 12, 28},
		{2027, 1, 1}, {2027, 3, 26}, {2027, 3, 29}, {2027, 5, 3}, {2027, 5, 31}, {2027, 8, 30}, {2027, 12, 27}, {2027, 12, 28},
	} {
		out = append(out, channel.Date{Year: d[0], Month: time.Month(d[1]), Day: d[2]})
	}
	return out
}

// drawAt draws a decision time between 2026 and 2027: mostly in working
// hours, and often on an edge: a sending window opening or closing, a
// weekend, or the hour around a clock change.
func drawAt(t *rapid.T) time.Time {
	day := addDays(epoch, rapid.IntRange(0, 729).Draw(t, "at_day"))
	switch rapid.IntRange(0, 9).Draw(t, "at_kind") {
	case 0: // a sending-window edge (P2)
		hm := rapid.SampledFrom([][2]int{{7, 59}, {8, 0}, {17, 59}, {18, 0}, {5, 59}, {6, 0}, {21, 59}, {22, 0}, {0, 0}, {23, 59}}).Draw(t, "at_window_edge")
		return londonTime(day, hm[0], hm[1])
	case 1: // around a clock change
		y := rapid.SampledFrom([]int{2026, 2027}).Draw(t, "at_clock_change_year")
		m := rapid.SampledFrom([]time.Month{time.March, time.October}).Draw(t, "at_clock_change_month")
		return lastSunday(y, m).Add(time.Duration(rapid.IntRange(-90, 150).Draw(t, "at_clock_change_minutes")) * time.Minute)
	case 2: // any minute of the day
		return londonTime(day, 0, 0).Add(time.Duration(rapid.IntRange(0, 24*60-1).Draw(t, "at_minute")) * time.Minute)
	}
	return londonTime(day, rapid.IntRange(8, 17).Draw(t, "at_hour"), rapid.IntRange(0, 59).Draw(t, "at_minute_of_hour"))
}

var (
	orgNames    = []string{"Riverside Surgery", "Canal Street Practice", "Hillside Health Centre"}
	services    = []string{"", "", "", "general_practice", "screening", "vaccination", "diabetes", "physiotherapy", "maternity"}
	sensitive   = proxy.DefaultSensitiveServices()
	linkDomains = []string{"riverside-surgery.example.org", "canal-street.example.org"}
)

// drawService draws a service code: usually none or a routine service,
// sometimes a sensitive one (G21).
func drawService(t *rapid.T) string {
	if chance(t, "service_sensitive", 20) {
		return rapid.SampledFrom(sensitive).Draw(t, "sensitive_service")
	}
	return rapid.SampledFrom(services).Draw(t, "service")
}

// drawMessage draws a realistic message at time at; r, when not nil, is
// the record it is about (earlier attempts use its contacts).
func drawMessage(t *rapid.T, at time.Time, r *policy.Record) policy.Message {
	m := policy.Message{
		ID:      fmt.Sprintf("msg-%05d", rapid.IntRange(0, 99999).Draw(t, "message_id")),
		At:      at,
		Purpose: policy.IndividualCare,
		Class:   rapid.SampledFrom(channel.Classes()).Draw(t, "class"),
		Service: drawService(t),
		Staff:   drawStaff(t),
	}
	if chance(t, "staff_missing", 3) {
		m.Staff = policy.Staff{} // a system that does not pass who is sending (G28)
	}
	if chance(t, "purpose_out_of_scope", 10) {
		m.Purpose = rapid.SampledFrom([]policy.Purpose{policy.Research, policy.Fundraising, policy.Marketing, policy.Other}).Draw(t, "purpose")
	}
	m.Urgency = rapid.SampledFrom([]policy.Urgency{
		policy.Routine, policy.Routine, policy.Routine, policy.Routine, policy.Routine, policy.Routine,
		policy.TimeSensitive, policy.TimeSensitive, policy.Urgent, policy.Urgent, policy.Emergency,
	}).Draw(t, "urgency")
	switch m.Class {
	case channel.AppointmentReminder, channel.AppointmentChange, channel.AppointmentInvitation, channel.VirtualConsultation:
		if !chance(t, "appointment_unset", 17) {
			m.AppointmentAt = at.Add(drawAppointmentOffset(t))
		}
	}
	m.Body = drawBody(t, m.Class, r)
	if chance(t, "channel_bodies", 20) {
		m.Bodies = drawBodies(t, m.Class, r)
	}
	if chance(t, "fallback_after_set", 10) {
		m.FallbackAfter = rapid.SampledFrom([]policy.Duration{policy.MinFallbackWait, policy.Duration(4 * time.Hour), policy.Duration(36 * time.Hour), policy.MaxFallbackWait}).Draw(t, "fallback_after")
	}
	if chance(t, "group_message", 14) {
		m.Group = &policy.Group{
			ID:   fmt.Sprintf("batch-%03d", rapid.IntRange(0, 999).Draw(t, "group_id")),
			Size: rapid.SampledFrom([]int{1, 2, 40, 499, 500, 501, 1200, 25000}).Draw(t, "group_size"),
		}
	}
	if chance(t, "override_claimed", 20) {
		m.Override = drawOverride(t, m.Class, at)
	}
	if r != nil && chance(t, "earlier_attempts", 17) {
		m.Attempts = drawAttempts(t, at, r.Contacts)
	}
	return m
}

// drawBodies draws a body of its own for some channels, as NHS Notify's
// message plans do: a bland prompt to read the message in the NHS App, a
// body like the message's own (which may name a condition), and for
// email a subject, bland or naming the condition.
func drawBodies(t *rapid.T, c channel.Class, r *policy.Record) []policy.Body {
	org := rapid.SampledFrom(orgNames).Draw(t, "bodies_org")
	var bs []policy.Body
	for _, k := range []channel.Kind{channel.SMS, channel.Email, channel.NHSApp, channel.Letter} {
		if !chance(t, "body_for_"+k.String(), 50) {
			continue
		}
		b := policy.Body{Channel: k, Text: "You have a new message from " + org + " in the NHS App. Log in to read it."}
		if chance(t, "body_own_text", 40) {
			b.Text = drawBody(t, c, r)
		}
		if k == channel.Email && chance(t, "body_subject", 60) {
			b.Subject = rapid.SampledFrom([]string{"A message from " + org, "Your appointment", "Your diabetes review", "Your test results"}).Draw(t, "body_subject_text")
		}
		bs = append(bs, b)
	}
	return bs
}

// drawAppointmentOffset draws how far ahead the appointment is, often on
// the 48-hour edge of G14.3 or within a letter's delivery time.
func drawAppointmentOffset(t *rapid.T) time.Duration {
	edges := []time.Duration{
		-time.Hour, 0, time.Minute, 2 * time.Hour, 23 * time.Hour, 24 * time.Hour,
		47*time.Hour + 59*time.Minute, 48 * time.Hour, 48*time.Hour + time.Second, 49 * time.Hour,
		72 * time.Hour, 5 * 24 * time.Hour, 14 * 24 * time.Hour, 60 * 24 * time.Hour,
	}
	if chance(t, "appointment_on_edge", 50) {
		return rapid.SampledFrom(edges).Draw(t, "appointment_edge")
	}
	return time.Duration(rapid.IntRange(1, 30*24).Draw(t, "appointment_hours")) * time.Hour
}

var staffRoles = []string{"receptionist", "practice nurse", "gp", "practice manager", "pharmacist", ""}

func drawStaff(t *rapid.T) policy.Staff {
	s := policy.Staff{ID: fmt.Sprintf("staff-%04d", rapid.IntRange(1, 9999).Draw(t, "staff_id"))}
	if chance(t, "staff_named", 50) {
		s.Name = PersonName().Draw(t, "staff_name")
		s.Role = rapid.SampledFrom(staffRoles).Draw(t, "staff_role")
	}
	return s
}

// groundFor is the ground that fits a class, if one does.
var groundFor = map[channel.Class]objection.Ground{
	channel.PublicHealthAlert:     objection.GroundCommunicableDisease,
	channel.WaitingListValidation: objection.GroundWaitingListValidation,
	channel.AppointmentChange:     objection.GroundAppointmentChange48h,
	channel.WelfareCheck:          objection.GroundVulnerableAfterEvent,
	channel.VirtualConsultation:   objection.GroundVirtualConsultation,
	channel.SafetyWarning:         objection.GroundCredibleThreat,
	channel.MedicationAlert:       objection.GroundIncorrectMedication,
}

// drawOverride draws an override claim: usually the ground that fits the
// class, sometimes another; decided by a named person in a role, or
// pending a decision.
func drawOverride(t *rapid.T, c channel.Class, at time.Time) *objection.Override {
	g, ok := groundFor[c]
	if !ok || chance(t, "override_other_ground", 25) {
		g = rapid.SampledFrom(objection.Grounds()).Draw(t, "override_ground")
	}
	ov := &objection.Override{Ground: g}
	if !chance(t, "override_pending", 25) {
		ov.DecidedBy = fmt.Sprintf("staff-%04d", rapid.IntRange(1, 9999).Draw(t, "override_decided_by"))
		ov.Role = rapid.SampledFrom(objection.Roles()).Draw(t, "override_role")
		ov.At = at.Add(-time.Duration(rapid.IntRange(0, 600).Draw(t, "override_minutes_before")) * time.Minute)
	}
	if chance(t, "override_justified", 50) {
		ov.Justification = "Discussed with the duty doctor: the person must be told before the appointment."
	}
	return ov
}

// drawAttempts draws earlier delivery attempts to the record's contacts,
// some of which failed permanently (G31, G14.5).
func drawAttempts(t *rapid.T, at time.Time, contacts []channel.Contact) []channel.Attempt {
	n := rapid.IntRange(1, 3).Draw(t, "attempts")
	out := make([]channel.Attempt, 0, n)
	for i := 0; i < n; i++ {
		a := channel.Attempt{
			At:     at.Add(-time.Duration(rapid.IntRange(1, 72).Draw(t, "attempt_hours_before")) * time.Hour),
			Result: rapid.SampledFrom([]channel.Result{channel.ResultBounced, channel.ResultNotRecognised, channel.ResultTemporaryFailure, channel.ResultDelivered, channel.ResultUnknown}).Draw(t, "attempt_outcome"),
		}
		if len(contacts) > 0 && !chance(t, "attempt_other_address", 25) {
			c := contacts[rapid.IntRange(0, len(contacts)-1).Draw(t, "attempt_contact")]
			a.Kind, a.Address = c.Kind, c.Address
		} else {
			a.Kind = rapid.SampledFrom(channel.Kinds()).Draw(t, "attempt_kind")
			a.Address = Address(a.Kind).Draw(t, "attempt_address")
		}
		out = append(out, a)
	}
	return out
}

// drawBody writes a body like a practice's message for the class, with
// now and then a detail the guidance says to leave out.
func drawBody(t *rapid.T, c channel.Class, r *policy.Record) string {
	org := rapid.SampledFrom(orgNames).Draw(t, "body_org")
	phone := Landline().Draw(t, "body_phone")
	var b strings.Builder
	if r != nil && r.Name != "" && chance(t, "body_greeting", 20) {
		b.WriteString("Dear " + r.Name + ", ")
	}
	b.WriteString(org + ": ")
	switch c {
	case channel.AppointmentReminder:
		b.WriteString("this is a reminder of your appointment on Thursday at 09:40. To cancel or rebook, call " + phone + ".")
	case channel.AppointmentChange:
		b.WriteString("we are sorry, your appointment tomorrow has been moved to 14:20. Please call " + phone + " if this time does not suit you.")
	case channel.AppointmentInvitation:
		b.WriteString("you are due a routine check. Book at https://www.nhs.uk/nhs-services/ or call " + phone + ".")
	case channel.VirtualConsultation:
		b.WriteString("your video consultation is at 11:00. Join at https://" + rapid.SampledFrom(linkDomains).Draw(t, "body_link_domain") + "/video/join on the day.")
	case channel.TestResultsReady:
		b.WriteString("your test results are ready. Please log in to the NHS App or call " + phone + ".")
	case channel.TestResults:
		b.WriteString("your blood test results are back and are within the normal range.")
	case channel.Prescription:
		b.WriteString("your prescription is ready to collect from the pharmacy.")
	case channel.CareInformation:
		b.WriteString("following your appointment, here is the information about your care plan we discussed.")
	case channel.MedicationAlert:
		b.WriteString("please call " + phone + " today about a prescription you were given this week.")
	case channel.WaitingListValidation:
		b.WriteString("are you still waiting for your hospital appointment? Please reply YES or NO, or call " + phone + ".")
	case channel.PublicHealthAlert:
		b.WriteString("you may have been in contact with an infectious illness. Please call " + phone + " today.")
	case channel.WelfareCheck:
		b.WriteString("after the power cut in your area we want to check you are safe and well. Please call " + phone + ".")
	case channel.SafetyWarning:
		b.WriteString("please call " + phone + " as soon as you can about your safety.")
	default:
		b.WriteString("our opening hours over the bank holiday have changed. See https://www.nhs.uk/service-search for details.")
	}
	nhs := NHSNumber().Draw(t, "body_nhs_number")
	extras := []string{
		" Your NHS number is " + nhs + ".",
		" Date of birth: 02/03/1984.",
		" Your HbA1c result was 48 mmol/mol.",
		" This is about your diabetes review.",
		" Please bring your metformin.",
		" Please pay £25 for your missed appointment.",
		" Click here: https://bit.ly/3xYzAbc",
		" ACT NOW TO AVOID LOSING YOUR PLACE!!",
		" Please reply with your bank details.",
		" See you at the sexual health clinic.",
		" It\u2019s on the first floor \u2013 take the lift\u2026",
		" Thanks \U0001F642",
		" Please call the the surgery.",
		" Reply STOP to opt out of reminders.",
		" You can also email reception@riverside-surgery.example.org.",
	}
	for i, n := 0, rapid.SampledFrom([]int{0, 0, 0, 0, 0, 1, 1, 1, 2, 3}).Draw(t, "body_extras"); i < n; i++ {
		b.WriteString(rapid.SampledFrom(extras).Draw(t, "body_extra"))
	}
	if chance(t, "body_long", 5) {
		s := b.String()
		for b.Len() < 1000 {
			b.WriteString(" " + s)
		}
	}
	return b.String()
}

// drawRecord draws a realistic record for a decision at time at.
func drawRecord(t *rapid.T, at time.Time) policy.Record {
	today := londonDate(at)
	nhs := NHSNumber().Draw(t, "record_nhs_number")
	r := policy.Record{PatientID: nhs}
	if chance(t, "record_local_id", 20) {
		r.PatientID = fmt.Sprintf("p-%06d", rapid.IntRange(0, 999999).Draw(t, "record_patient_id"))
	}
	if !chance(t, "record_nhs_number_unknown", 17) {
		r.NHSNumber = nhs
	}
	if chance(t, "record_identity", 50) {
		r.Name = PersonName().Draw(t, "record_name")
		r.Address = PostalAddress().Draw(t, "record_address")
		r.Postcode = Postcode().Draw(t, "record_postcode")
	}
	r.BirthDate = drawBirthDate(t, today)
	if chance(t, "record_not_active", 10) {
		r.Status = rapid.SampledFrom([]policy.Status{policy.Deceased, policy.InformallyDeceased, policy.Invalidated, policy.RemovedFromList, policy.Restricted}).Draw(t, "record_status")
	}
	r.Capacity = rapid.SampledFrom([]proxy.Capacity{proxy.CapacityUnknown, proxy.HasCapacity, proxy.HasCapacity, proxy.LacksCapacity}).Draw(t, "record_capacity")
	r.Vulnerable = chance(t, "record_vulnerable", 17)
	r.Contacts = drawContacts(t, at, nhs, "record")
	if chance(t, "record_has_preferences", 50) {
		r.Preferences = drawPreferences(t, "record")
	}
	for i, n := 0, rapid.SampledFrom([]int{0, 0, 0, 0, 0, 0, 1, 1, 2, 3}).Draw(t, "record_objections"); i < n; i++ {
		r.Objections = append(r.Objections, drawObjection(t, at))
	}
	for i, n := 0, rapid.SampledFrom([]int{0, 0, 0, 0, 0, 1, 1, 2}).Draw(t, "record_proxies"); i < n; i++ {
		r.Proxies = append(r.Proxies, drawProxy(t, at, r.BirthDate, i))
	}
	if chance(t, "record_has_needs", 20) {
		r.Needs = rapid.SliceOfNDistinct(rapid.SampledFrom([]policy.Need{policy.LargePrint, policy.Braille, policy.Audio, policy.EasyRead, policy.BSL, policy.ViaCarer}), 1, 2, rapid.ID[policy.Need]).Draw(t, "record_needs")
	}
	r.Language = rapid.SampledFrom([]string{"", "", "", "en-GB", "cy", "pl", "pa", "so"}).Draw(t, "record_language")
	if chance(t, "record_has_contact_times", 25) {
		r.ContactTimes = drawContactTimes(t)
	}
	return r
}

// contactPeriods are preferred contact times people record: the UK Core
// PreferredContactTimes periods (morning, afternoon, evening), office
// hours, and edges of the org's sending windows: a minute before one
// opens or closes, the whole day, and the night when no window is open.
var contactPeriods = [][2]policy.Clock{
	{policy.ClockOf(6, 0), policy.ClockOf(12, 0)}, {policy.ClockOf(12, 0), policy.ClockOf(18, 0)},
	{policy.ClockOf(18, 0), policy.ClockOf(22, 0)}, {policy.ClockOf(9, 0), policy.ClockOf(17, 0)},
	{policy.ClockOf(7, 59), policy.ClockOf(8, 0)}, {policy.ClockOf(17, 59), policy.ClockOf(18, 0)},
	{policy.ClockOf(12, 0), policy.ClockOf(12, 1)}, {0, 24 * 60},
	{policy.ClockOf(22, 0), 24 * 60}, {0, policy.ClockOf(6, 0)},
}

// drawContactTimes draws one to three preferred contact times (G7, G33),
// on weekdays or every day.
func drawContactTimes(t *rapid.T) []policy.ContactTime {
	n := rapid.IntRange(1, 3).Draw(t, "contact_times")
	out := make([]policy.ContactTime, 0, n)
	for range n {
		p := rapid.SampledFrom(contactPeriods).Draw(t, "contact_time_period")
		days := rapid.SampledFrom([]policy.Days{policy.Weekdays, policy.EveryDay}).Draw(t, "contact_time_days")
		out = append(out, policy.ContactTime{Start: p[0], End: p[1], Days: days})
	}
	return out
}

// accessLevels are the proxy access levels, as the national proxy
// service records them.
var accessLevels = []proxy.Access{proxy.Appointments, proxy.Prescriptions, proxy.TestResults, proxy.MedicalRecord}

// drawAccess draws the access a proxy role grants: usually none recorded
// (unrestricted), otherwise one or two levels, and now and then an empty
// list, which allows nothing.
func drawAccess(t *rapid.T) []proxy.Access {
	switch rapid.IntRange(0, 9).Draw(t, "proxy_access_kind") {
	case 0, 1, 2:
		return rapid.SliceOfNDistinct(rapid.SampledFrom(accessLevels), 1, 2, rapid.ID[proxy.Access]).Draw(t, "proxy_access")
	case 3:
		return []proxy.Access{}
	}
	return nil
}

// drawBirthDate draws a birth date: any age, or on an edge that proxy
// rules turn on (an 18th, 16th or 11th birthday today, tomorrow or
// yesterday; 29 February).
func drawBirthDate(t *rapid.T, today channel.Date) channel.Date {
	switch rapid.IntRange(0, 5).Draw(t, "birth_kind") {
	case 0:
		return channel.Date{}
	case 1, 2:
		age := rapid.SampledFrom([]int{18, 18, 16, 11}).Draw(t, "birth_edge_age")
		return addDays(addYears(today, -age), rapid.IntRange(-1, 1).Draw(t, "birth_edge_days"))
	case 3:
		return channel.Date{Year: rapid.SampledFrom([]int{2008, 2012, 2016, 1980}).Draw(t, "birth_leap_year"), Month: time.February, Day: 29}
	}
	return addDays(today, -rapid.IntRange(0, 95*365).Draw(t, "birth_days_ago"))
}

// drawContacts draws contacts of each kind with the chance people have
// them: the NHS App (addressed by the NHS number), a mobile, an email
// address, a postal address, now and then a messaging app and a second
// contact of one kind. Some are failed, removed, unverified, stale or not
// valid for their kind (a landline for SMS).
func drawContacts(t *rapid.T, at time.Time, nhs, who string) []channel.Contact {
	var out []channel.Contact
	for _, kp := range []struct {
		k   channel.Kind
		pct int
	}{{channel.NHSApp, 45}, {channel.SMS, 70}, {channel.Email, 50}, {channel.Letter, 55}, {channel.MessagingApp, 15}, {channel.SMS, 8}, {channel.Email, 5}} {
		if kp.k == channel.NHSApp && nhs == "" || !chance(t, who+"_has_"+kp.k.String(), kp.pct) {
			continue
		}
		c := channel.Contact{Kind: kp.k}
		if kp.k == channel.NHSApp {
			c.Address = nhs
		} else {
			c.Address = Address(kp.k).Draw(t, who+"_contact_address")
		}
		if kp.k == channel.SMS && chance(t, who+"_contact_landline", 8) {
			c.Address = Landline().Draw(t, who+"_contact_landline_number")
		}
		switch v := rapid.IntRange(0, 9).Draw(t, who+"_contact_verified"); {
		case v == 0:
		case v == 1:
			c.Verified = at.Add(-time.Duration(rapid.IntRange(364, 366).Draw(t, who+"_contact_verified_edge_days")) * 24 * time.Hour)
		default:
			c.Verified = at.Add(-time.Duration(rapid.IntRange(0, 500).Draw(t, who+"_contact_verified_days")) * 24 * time.Hour)
		}
		if chance(t, who+"_contact_not_ok", 12) {
			c.Status = rapid.SampledFrom([]channel.Status{channel.StatusBounced, channel.StatusNotRecognised, channel.StatusRemoved}).Draw(t, who+"_contact_status")
		}
		out = append(out, c)
	}
	return out
}

func drawPreferences(t *rapid.T, who string) []channel.Kind {
	p := rapid.Permutation(channel.Kinds()).Draw(t, who+"_preference_order")
	return p[:rapid.IntRange(1, len(p)).Draw(t, who+"_preferences")]
}

// drawObjection draws a registered objection of any scope (G11), with or
// without a reason (G12), sometimes for serious harm (G15).
func drawObjection(t *rapid.T, at time.Time) objection.Objection {
	o := objection.Objection{
		Scope: rapid.SampledFrom([]objection.Scope{
			objection.ScopeChannel, objection.ScopeChannel, objection.ScopeChannel, objection.ScopeChannel,
			objection.ScopeElectronic, objection.ScopeElectronic, objection.ScopeService, objection.ScopeService,
			objection.ScopeOrganisation, objection.ScopeCare,
		}).Draw(t, "objection_scope"),
		RecordedAt: at.Add(-time.Duration(rapid.IntRange(1, 2000).Draw(t, "objection_days_ago")) * 24 * time.Hour),
		RecordedBy: fmt.Sprintf("staff-%04d", rapid.IntRange(1, 9999).Draw(t, "objection_recorded_by")),
	}
	switch o.Scope {
	case objection.ScopeChannel:
		o.Channel = rapid.SampledFrom([]channel.Kind{channel.SMS, channel.Email, channel.MessagingApp, channel.NHSApp, channel.Letter}).Draw(t, "objection_channel")
	case objection.ScopeService:
		o.Service = rapid.SampledFrom(append([]string{"screening", "vaccination", "diabetes"}, sensitive[:3]...)).Draw(t, "objection_service")
	}
	if !chance(t, "objection_no_reason", 20) {
		o.Reason = rapid.SampledFrom([]string{
			"Family members can access my phone.",
			"I share an email account with my partner.",
			"I do not want reminders about screening.",
			"My ex-partner still has this phone.",
		}).Draw(t, "objection_reason")
	}
	o.SeriousHarm = o.Scope != objection.ScopeService && chance(t, "objection_serious_harm", 17)
	return o
}

// drawProxy draws a proxy with any authority (P8), mostly confirmed by a
// record note (G20), with periods that start or end around the decision
// date and the evidence each authority needs, now and then missing.
func drawProxy(t *rapid.T, at time.Time, birth channel.Date, i int) proxy.Proxy {
	today := londonDate(at)
	p := proxy.Proxy{
		ID:           fmt.Sprintf("proxy-%d", i+1),
		Relationship: rapid.SampledFrom([]string{"mother", "father", "son", "daughter", "partner", "carer", ""}).Draw(t, "proxy_relationship"),
		Authority:    rapid.SampledFrom(proxy.Authorities()).Draw(t, "proxy_authority"),
		RecordNote:   !chance(t, "proxy_no_note", 17),
		Status:       proxy.Active,
		Mode:         rapid.SampledFrom([]proxy.Mode{proxy.Copy, proxy.Copy, proxy.Instead}).Draw(t, "proxy_mode"),
	}
	if chance(t, "proxy_named", 50) {
		p.Name = PersonName().Draw(t, "proxy_name")
	}
	p.LPAActivated = !chance(t, "proxy_lpa_not_activated", 25)
	p.BestInterestsRecorded = !chance(t, "proxy_bi_not_recorded", 25)
	p.PatientConsented = !chance(t, "proxy_no_consent", 25)
	switch rapid.IntRange(0, 5).Draw(t, "proxy_period") {
	case 0:
		p.From = today
	case 1:
		p.From = addDays(today, 1) // not started
	case 2:
		p.From = addDays(today, -400)
		p.Until = addDays(today, rapid.IntRange(-1, 1).Draw(t, "proxy_until_edge"))
	default:
		if !birth.IsZero() && p.Authority == proxy.ParentalResponsibility {
			p.From = birth
		} else {
			p.From = addDays(today, -rapid.IntRange(1, 3000).Draw(t, "proxy_from_days_ago"))
		}
	}
	if chance(t, "proxy_deactivated", 10) {
		p.Status = proxy.Deactivated
		p.DeactivatedReason = rapid.SampledFrom([]proxy.DeactivationReason{proxy.PatientRequest, proxy.Safeguarding, proxy.OtherReason}).Draw(t, "proxy_deactivated_reason")
	}
	p.Contacts = drawContacts(t, at, "", "proxy")
	if chance(t, "proxy_has_preferences", 50) {
		p.Preferences = drawPreferences(t, "proxy")
	}
	p.Language = rapid.SampledFrom([]string{"", "en-GB", "cy", "ur"}).Draw(t, "proxy_language")
	p.Access = drawAccess(t)
	return p
}

// Config returns a generator of realistic org configurations that
// policy.New accepts: the defaults, or the defaults with a secure email
// service approved for confidential content, a messaging app approved,
// SMS or letters not approved, the org's own use cases, sensitive services,
// link domains, languages, sender id, sending windows, contact age limit
// and waiting-list threshold.
func Config() *rapid.Generator[policy.Config] {
	return rapid.Custom(drawConfig)
}

func drawConfig(t *rapid.T) policy.Config {
	c := policy.DefaultConfig()
	c.Name = rapid.SampledFrom(orgNames).Draw(t, "config_name")
	c.Phone = Landline().Draw(t, "config_phone")
	if chance(t, "config_link_domains", 50) {
		c.LinkDomains = []string{rapid.SampledFrom(linkDomains).Draw(t, "config_link_domain")}
		c.Website = "https://" + c.LinkDomains[0]
	}
	var platforms []policy.Platform
	for _, p := range c.Platforms {
		switch {
		case p.Channel == channel.Email && chance(t, "config_secure_email", 33):
			p.Name, p.LogIn, p.Confidential = "NHS.net Connect", true, true
		case p.Channel == channel.SMS && chance(t, "config_drop_sms", 12):
			continue
		case p.Channel == channel.Letter && chance(t, "config_drop_letter", 12):
			continue
		case p.Channel == channel.NHSApp && chance(t, "config_drop_nhs_app", 10):
			continue
		}
		platforms = append(platforms, p)
	}
	if chance(t, "config_messaging_app", 25) {
		platforms = append(platforms, policy.Platform{Channel: channel.MessagingApp, Name: "Practice messaging app", DPIA: true})
	}
	c.Platforms = platforms
	if chance(t, "config_reorder", 25) {
		rest := rapid.Permutation([]channel.Kind{channel.Email, channel.SMS, channel.MessagingApp, channel.Letter}).Draw(t, "config_order")
		c.Order = append([]channel.Kind{channel.NHSApp}, rest...)
	}
	switch rapid.IntRange(0, 4).Draw(t, "config_use_cases") {
	case 0:
		c.UseCases = []policy.UseCase{} // every class by every approved channel
	case 1:
		c.UseCases = append(policy.DefaultUseCases(), policy.UseCase{Class: channel.Prescription, Channels: []channel.Kind{channel.NHSApp, channel.SMS}})
	}
	if chance(t, "config_sensitive_services", 25) {
		c.SensitiveServices = append(proxy.DefaultSensitiveServices(), "liver_function", "hepatitis_b")
	}
	if chance(t, "config_welsh", 25) {
		c.Languages = []string{"en-GB", "cy"}
	}
	if chance(t, "config_sender_id", 25) {
		c.SenderID = rapid.SampledFrom([]string{"Riverside", "CanalStGP", "NHSHillside"}).Draw(t, "config_sender")
	}
	switch rapid.IntRange(0, 5).Draw(t, "config_windows") {
	case 0:
		c.Windows = []policy.Window{}
	case 1:
		c.Windows = []policy.Window{{Channel: channel.SMS, Start: policy.ClockOf(9, 0), End: policy.ClockOf(17, 30), Days: policy.EveryDay}}
	}
	if chance(t, "config_holidays", 25) {
		c.Holidays = bankHolidays()
	}
	if chance(t, "config_contact_age", 25) {
		c.ContactMaxAge = policy.Duration(time.Duration(rapid.SampledFrom([]int{90, 180, 730}).Draw(t, "config_contact_age_days")) * 24 * time.Hour)
	}
	if chance(t, "config_threshold", 25) {
		c.WaitingListThreshold = rapid.SampledFrom([]int{50, 1000}).Draw(t, "config_threshold_size")
	}
	c.AllowInternational = chance(t, "config_international", 12)
	return c
}
