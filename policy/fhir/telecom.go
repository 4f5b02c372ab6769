package fhir

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
)

// ranked is a contact with its ContactPoint.rank (0 when unranked).
type ranked struct {
	c    channel.Contact
	rank int
}

// telecom maps ContactPoints to contacts, ordered by rank (1 first,
// unranked last), each kind's first being the one Decide uses. A
// ContactPoint carries no date it was last confirmed, so every contact's
// freshness is unknown: Decide asks the host to confirm the contact it
// chooses (G30), once for the person, and the report says so once.
func (in *ingest) telecom(tel []contactPoint, path string) []channel.Contact {
	var out []ranked
	for i, t := range tel {
		at := path + ".telecom[" + strconv.Itoa(i) + "]"
		k, ok := in.kindOf(t, at)
		if !ok {
			continue
		}
		if t.Use == "old" || in.ended(t.Period, at) {
			in.rep.add(at, Ignored, "no longer in use (use old, or its period has ended): left out")
			continue
		}
		if len(t.Extensions) > 0 {
			in.rep.add(at+".extension", Ignored, "ContactPoint extensions are not read: left out")
		}
		r := 0
		if t.Rank != nil && *t.Rank > 0 {
			r = *t.Rank
		}
		out = append(out, ranked{c: channel.Contact{Kind: k, Address: t.Value}, rank: r})
	}
	slices.SortStableFunc(out, func(a, b ranked) int {
		switch {
		case a.rank == b.rank:
			return 0
		case a.rank == 0:
			return 1
		case b.rank == 0:
			return -1
		}
		return cmp.Compare(a.rank, b.rank)
	})
	cs := make([]channel.Contact, len(out))
	for i := range out {
		cs[i] = out[i].c
	}
	if len(cs) > 0 {
		in.rep.add(path+".telecom", Note, "no contact point records when it was last confirmed: freshness unknown, so Decide asks once to confirm the contact it uses (G30)")
	}
	return cs
}

// kindOf maps ContactPoint.system and use to a channel kind. A phone is a
// text-message contact only when it is a UK mobile number (or use mobile
// and it normalises as one); voice calls are not a channel.
func (in *ingest) kindOf(t contactPoint, at string) (channel.Kind, bool) {
	if t.Value == "" {
		in.rep.add(at, Ignored, "contact point without a value: left out")
		return 0, false
	}
	switch t.System {
	case "email":
		return channel.Email, true
	case "sms":
		return channel.SMS, true
	case "phone":
		if t.Use == "mobile" {
			return channel.SMS, true
		}
		if _, err := channel.NormalizeAddress(channel.SMS, t.Value, channel.AddressRules{}); err == nil {
			in.rep.add(at, Note, "a phone with use "+quote(t.Use)+" is a UK mobile number: taken as a text-message contact")
			return channel.SMS, true
		}
		in.rep.add(at, Ignored, "a phone number that is not a UK mobile: voice calls are not a channel this library decides, left out")
		return 0, false
	}
	in.rep.add(at, Ignored, "contact point system "+quote(t.System)+" is not a channel: left out")
	return 0, false
}

// contactPreference reads UK Core ContactPreference: the preferred method,
// the preferred written format and the preferred contact times.
func (in *ingest) contactPreference(e extension, at string) {
	for i, s := range e.Extensions {
		sub := at + ".extension[" + strconv.Itoa(i) + "]"
		switch s.URL {
		case "PreferredContactMethod":
			code, _ := s.ValueCodeableConcept.code(SystemContactMethod)
			in.method(code, sub)
		case "PreferredWrittenCommunicationFormat":
			code, _ := s.ValueCodeableConcept.code(SystemWrittenFormat)
			in.writtenFormat(code, sub)
		case "PreferredContactTimes":
			in.contactTimes(s, sub)
		default:
			in.rep.add(sub, Ignored, "sub-extension "+quote(s.URL)+" is not part of ContactPreference as read: left out")
		}
	}
}

// method maps a UKCore-PreferredContactMethod code (CodeSystem 2.2.0,
// 2023-10-09: 1 letter, 2 visit, 3 telephone, 4 e-mail, 5 minicom, 6
// telephone contact via proxy, 7 sign language, 8 no telephone contact,
// 9 SMS).
func (in *ingest) method(code, at string) {
	switch code {
	case "1":
		in.prefer(channel.Letter)
	case "4":
		in.prefer(channel.Email)
	case "9":
		in.prefer(channel.SMS)
	case "6":
		in.need(policy.ViaCarer, at, "preferred contact method 6, telephone contact via proxy")
	case "7":
		in.need(policy.BSL, at, "preferred contact method 7, sign language")
	case "5":
		in.need(policy.TextRelay, at, "preferred contact method 5, minicom (textphone)")
	case "2", "3", "8":
		in.rep.add(at, Ignored, "preferred contact method "+quote(code)+" (visit, telephone or no telephone contact) is about calls or visits, not messages: left out")
	default:
		in.rep.add(at, Ignored, "preferred contact method "+quote(code)+" is not a code of "+SystemContactMethod+": left out")
	}
}

func (in *ingest) prefer(k channel.Kind) {
	if !slices.Contains(in.rec.Preferences, k) {
		in.rec.Preferences = append(in.rec.Preferences, k)
	}
}

// writtenFormat maps a UKCore-PreferredWrittenCommunicationFormat code
// (CodeSystem 2.1.0: 11 large print, 12 braille, 13 audio tape).
func (in *ingest) writtenFormat(code, at string) {
	switch code {
	case "11":
		in.need(policy.LargePrint, at, "preferred written format 11, large print")
	case "12":
		in.need(policy.Braille, at, "preferred written format 12, braille")
	case "13":
		in.need(policy.Audio, at, "preferred written format 13, audio tape")
	default:
		in.rep.add(at, Ignored, "written format "+quote(code)+" is not a code of "+SystemWrittenFormat+": left out")
	}
}

// contactTimes maps PreferredContactTimes (a Timing) to contact times:
// repeat.when MORN (06:00–12:00), AFT (12:00–18:00) and EVE (18:00–22:00),
// on the days repeat.dayOfWeek gives (Monday to Friday, or every day).
func (in *ingest) contactTimes(s extension, at string) {
	if s.ValueTiming == nil || s.ValueTiming.Repeat == nil {
		in.rep.add(at, Ignored, "preferred contact times without a Timing.repeat (free text is not read): left out")
		return
	}
	rp := s.ValueTiming.Repeat
	days := policy.EveryDay
	wd := []string{"mon", "tue", "wed", "thu", "fri"}
	switch {
	case len(rp.DayOfWeek) == 0 || len(rp.DayOfWeek) == 7:
	case slices.Equal(sortedDays(rp.DayOfWeek), wd):
		days = policy.Weekdays
	default:
		in.rep.add(at+".dayOfWeek", Note, "only Monday to Friday or every day is understood: taken as every day")
	}
	if len(rp.TimeOfDay) > 0 {
		in.rep.add(at+".timeOfDay", Ignored, "single times of day are not a window: left out")
	}
	for _, w := range rp.When {
		var ct policy.ContactTime
		switch w {
		case "MORN":
			ct = policy.ContactTime{Start: policy.ClockOf(6, 0), End: policy.ClockOf(12, 0), Days: days}
		case "AFT":
			ct = policy.ContactTime{Start: policy.ClockOf(12, 0), End: policy.ClockOf(18, 0), Days: days}
		case "EVE":
			ct = policy.ContactTime{Start: policy.ClockOf(18, 0), End: policy.ClockOf(22, 0), Days: days}
		default:
			in.rep.add(at+".when", Ignored, "event timing "+quote(w)+" is not MORN, AFT or EVE: left out")
			continue
		}
		in.rec.ContactTimes = append(in.rec.ContactTimes, ct)
	}
}

func sortedDays(d []string) []string {
	order := map[string]int{"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}
	out := slices.Clone(d)
	slices.SortFunc(out, func(a, b string) int { return cmp.Compare(order[a], order[b]) })
	return slices.Compact(out)
}
