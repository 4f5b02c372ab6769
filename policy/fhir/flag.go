package fhir

import (
	"strconv"
	"strings"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/service"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
)

// Systems read from the NHS Reasonable Adjustment Flag (NHS England
// RA-Flag profile, draft 2.0.0, 2024; codes from its RA-FlagCode value set
// 0.1.0).
const (
	SystemPatientFlagCategory = "https://fhir.nhs.uk/England/CodeSystem/PatientFlagCategory"
	// SystemRAFlagCategory is the category system some of the RA
	// programme's draft examples code NRAF in instead.
	SystemRAFlagCategory = "https://fhir.nhs.uk/England/CodeSystem/RA-FlagCategory"
	SystemSNOMED         = "http://snomed.info/sct"
	// SystemObjection is this library's code system for objections held
	// locally as a Consent with provision.type deny: codes channel,
	// electronic, organisation, service and care (objection.Scope
	// names), and serious-harm.
	SystemObjection = "https://github.com/carecomms/carecomms/fhir/CodeSystem/objection"
	// SystemChannel is this library's code system for channel kinds
	// (channel.Kind names), used with an objection of scope channel.
	SystemChannel = "https://github.com/carecomms/carecomms/fhir/CodeSystem/channel"
	// SystemService is this library's code system for service codes,
	// used with an objection of scope service.
	SystemService = "https://github.com/carecomms/carecomms/fhir/CodeSystem/service"
)

// adjustment maps RA-FlagCode SNOMED CT codes onto needs. Every code is
// in the RA-FlagCode value set 0.1.0 (draft, 2024-02-14,
// https://fhir.nhs.uk/England/ValueSet/RA-FlagCode).
var adjustment = map[string]policy.Need{
	"957331000000109":  policy.LargePrint, // written information in at least 20 point sans serif font
	"957351000000102":  policy.LargePrint, // ... 24 point
	"957371000000106":  policy.LargePrint, // ... 28 point
	"936661000000109":  policy.Braille,    // contracted (Grade 2) Braille
	"936681000000100":  policy.Braille,    // uncontracted (Grade 1) Braille
	"936601000000105":  policy.Audio,      // electronic audio format
	"795801000000104":  policy.Audio,      // audio cassette tape
	"795731000000104":  policy.Audio,      // compact disc
	"796161000000101":  policy.EasyRead,   // information in Easyread
	"204331000000107":  policy.BSL,        // British Sign Language interpreter needed
	"415803005":        policy.BSL,        // uses British sign language
	"520471000000105":  policy.BSL,        // preferred method of communication: BSL
	"719561001":        policy.ViaCarer,   // requires contact via carer
	"936641000000108":  policy.Makaton,    // information in Makaton
	"204341000000103":  policy.Makaton,    // Makaton interpreter needed
	"415805003":        policy.Makaton,    // uses Makaton sign language
	"225835008":        policy.Advocate,   // needs an advocate
	"225834007":        policy.Advocate,   // uses a citizen advocate
	"225833001":        policy.Advocate,   // uses a legal advocate
	"796081000000106":  policy.TextRelay,  // requires contact by text relay
	"445488003":        policy.TextRelay,  // uses telecommunications device for the deaf
	"945911000000109":  policy.Lipspeaker, // requires lipspeaker
	"445143008":        policy.Lipspeaker, // uses lipspeaker
	"796201000000109":  policy.Deafblind,  // requires deafblind communicator guide
	"957071000000109":  policy.Deafblind,  // deafblind block alphabet interpreter
	"957051000000100":  policy.Deafblind,  // deafblind manual alphabet interpreter
	"957111000000103":  policy.Deafblind,  // deafblind haptic communication interpreter
	"981781000000107":  policy.Deafblind,  // uses Deafblind Manual Alphabet
	"957031000000107":  policy.Deafblind,  // uses deafblind intervener
	"1082551000000100": policy.EasyRead,   // information in aphasia-accessible format
}

// contactBy maps RA-FlagCode "requires contact by" codes onto
// preferences (RA-FlagCode 0.1.0, as for adjustment).
var contactBy = map[string]channel.Kind{
	"936741000000100": channel.Email,  // requires contact by email
	"936581000000101": channel.Email,  // requires information by email
	"936721000000107": channel.Letter, // requires contact by letter
	"936701000000103": channel.SMS,    // requires contact by SMS text message
}

// raFlags maps active NRAF Flags onto needs and preferences.
func (in *ingest) raFlags() {
	for _, f := range in.flags {
		path := ref("Flag", f.ID)
		nraf := false
		for i := range f.Category {
			nraf = nraf || f.Category[i].has(SystemPatientFlagCategory, "NRAF") || f.Category[i].has(SystemRAFlagCategory, "NRAF")
		}
		switch {
		case !nraf:
			in.rep.add(path, Ignored, "not a National Reasonable Adjustment Flag (category NRAF): left out")
			continue
		case f.Status != "active":
			in.rep.add(path+".status", Note, "flag status "+quote(f.Status)+" is not active: left out")
			continue
		case in.ended(f.Period, path):
			in.rep.add(path+".period", Note, "the flag's period has ended: left out")
			continue
		}
		code, ok := f.Code.code(SystemSNOMED)
		if !ok {
			in.rep.add(path+".code", Ignored, "the reasonable adjustment has no SNOMED CT code: recorded by hand only, left out")
			continue
		}
		if n, ok := adjustment[code]; ok {
			in.need(n, path+".code", "reasonable adjustment "+code)
			continue
		}
		if k, ok := contactBy[code]; ok {
			in.prefer(k)
			in.rep.add(path+".code", Note, "reasonable adjustment "+code+": prefers "+k.String())
			continue
		}
		in.rep.add(path+".code", Ignored, "reasonable adjustment "+quote(code)+" has no need in this library (it may matter at an appointment, not for a message): left out")
	}
}

// objections maps active Consents with a deny provision onto objections.
func (in *ingest) objections() {
	for _, c := range in.consents {
		path := ref("Consent", c.ID)
		if isProxyRole(c) {
			continue
		}
		if c.Provision == nil || c.Provision.Type != "deny" {
			in.rep.add(path, Ignored, "a Consent that is neither a proxy role nor a deny provision: left out")
			continue
		}
		if c.Status != "active" {
			in.rep.add(path+".status", Note, "objection status "+quote(c.Status)+" is not active: left out")
			continue
		}
		o := objection.Objection{Scope: objection.ScopeOrganisation}
		if t, ok := parseTime(c.DateTime, false); ok {
			o.RecordedAt = t
		}
		o.RecordedBy = recorder(c)
		in.objectionScope(&o, c.Provision, path)
		if len(c.Provision.Nested) > 0 {
			in.rep.add(path+".provision.provision", Closed, "nested provisions are not read: the objection is taken as covering what its top provision says, check exceptions by hand")
		}
		in.rec.Objections = append(in.rec.Objections, o)
	}
}

func recorder(c *consent) string {
	for _, rs := range [][]reference{c.Performer, c.Organization} {
		for _, r := range rs {
			switch {
			case r.Reference != "":
				return r.Reference
			case r.Identifier != nil && r.Identifier.Value != "":
				return r.Identifier.Value
			}
		}
	}
	return ""
}

// objectionScope reads the scope from provision.code; a deny with no code
// this package understands covers every message from the organisation.
func (in *ingest) objectionScope(o *objection.Objection, pr *provision, path string) {
	scoped := false
	for i := range pr.Code {
		for _, cd := range pr.Code[i].Coding {
			switch cd.System {
			case SystemObjection:
				if cd.Code == "serious-harm" {
					o.SeriousHarm = true
					continue
				}
				var s objection.Scope
				if err := s.UnmarshalText([]byte(cd.Code)); err == nil {
					o.Scope, scoped = s, true
				}
			case SystemChannel:
				var k channel.Kind
				if err := k.UnmarshalText([]byte(cd.Code)); err == nil {
					o.Channel = k
				} else {
					in.rep.add(path+".provision.code["+strconv.Itoa(i)+"]", Closed, "a code in "+SystemChannel+" is not a channel kind: an objection to a channel it cannot name covers every channel")
				}
			case SystemService:
				o.Service = strings.TrimSpace(cd.Code)
				if !service.ValidFold(o.Service) {
					in.rep.add(path+".provision.code["+strconv.Itoa(i)+"]", Closed, "a code in "+SystemService+" is not a service code (lower-case letters, digits and single underscores, such as sexual_health): the objection covers every message until it is corrected")
				}
			default:
				in.rep.add(path+".provision.code["+strconv.Itoa(i)+"]", Ignored, "code system "+quote(cd.System)+" is not understood")
			}
		}
	}
	if !scoped {
		o.Channel, o.Service = 0, ""
		in.rep.add(path+".provision.code", Closed, "no objection scope coded in "+SystemObjection+": taken as an objection to every message from the organisation")
	}
}
