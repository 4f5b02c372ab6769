package fhir

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

// Systems and extension URLs read from UK Core Patient (UK Core R4 STU2/3)
// and PDS FHIR API responses.
const (
	SystemNHSNumber          = "https://fhir.nhs.uk/Id/nhs-number"
	ExtNHSNumberVerification = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus"
	SystemNHSNumberVerified  = "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland"
	SystemConfidentiality    = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
	SystemActCode            = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	ExtDeathNotification     = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeathNotificationStatus"
	SystemDeathNotification  = "https://fhir.hl7.org.uk/CodeSystem/UKCore-DeathNotificationStatus"
	ExtContactPreference     = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-ContactPreference"
	SystemContactMethod      = "https://fhir.hl7.org.uk/CodeSystem/UKCore-PreferredContactMethod"
	SystemWrittenFormat      = "https://fhir.hl7.org.uk/CodeSystem/UKCore-PreferredWrittenCommunicationFormat"
	ExtNHSCommunication      = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSCommunication"
	SystemHumanLanguage      = "https://fhir.hl7.org.uk/CodeSystem/UKCore-HumanLanguage"
)

// systemNHSNumberVerifiedPDS is the NHS number verification status code
// system as the PDS FHIR API writes it (https://fhir.nhs.uk/R4/CodeSystem/
// UKCore-NHSNumberVerificationStatus, version 1.0.0), the codes of the
// England code system.
const systemNHSNumberVerifiedPDS = "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus"

// build maps the one Patient and the resources about them.
func (in *ingest) build() {
	p := in.patients[0]
	path := ref("Patient", p.ID)
	in.rec.PatientID = p.ID
	in.identity(p, path)
	in.security(p.Meta, path)
	in.deceased(p, path)
	if p.Active != nil && !*p.Active {
		in.rep.add(path+".active", Note, "the Patient resource is inactive: the record's national status is read from its other elements")
	}
	if p.BirthDate != "" {
		if d, err := channel.ParseDate(p.BirthDate); err == nil {
			in.rec.BirthDate = d
		} else {
			in.rep.add(path+".birthDate", Ignored, "not a full YYYY-MM-DD date: left out, so proxy authority by age cannot be checked")
		}
	}
	in.name(p, path)
	in.rec.Contacts = in.telecom(p.Telecom, path)
	in.nhsApp(path)
	in.capacity(path)
	for i, e := range p.Extensions {
		in.patientExtension(e, path+".extension["+strconv.Itoa(i)+"]")
	}
	in.proxies()
	in.objections()
	in.raFlags()
	in.otherExtensions()
	if in.rec.PatientID == "" {
		in.rec.PatientID = in.rec.NHSNumber
	}
	in.validate(path)
}

// validate reports each problem Record.Validate finds, so that a record
// that does not validate always comes with a report naming why.
func (in *ingest) validate(path string) {
	err := in.rec.Validate()
	if err == nil {
		return
	}
	var fes []*policy.FieldError
	collect(err, &fes)
	for _, fe := range fes {
		if errors.Is(fe, policy.ErrIncompleteEntry) {
			in.rep.add(path, Closed, "an entry of the record does not validate, so Decide sets it aside (a proxy or contact is not used, an objection is upheld) and decides without it: "+fe.Path+" "+fe.Problem)
			continue
		}
		in.rep.add(path, Closed, "the record does not validate, so Decide refuses it: "+fe.Path+" "+fe.Problem)
	}
	if len(fes) == 0 {
		in.rep.add(path, Closed, "the record does not validate, so Decide refuses it")
	}
}

// collect gathers the *FieldError values of a joined error.
func collect(err error, out *[]*policy.FieldError) {
	if fe, ok := err.(*policy.FieldError); ok {
		*out = append(*out, fe)
		return
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			collect(e, out)
		}
	}
}

// identity reads the NHS number and its verification status.
func (in *ingest) identity(p *patient, path string) {
	for i, id := range p.Identifier {
		at := path + ".identifier[" + strconv.Itoa(i) + "]"
		if id.System != SystemNHSNumber {
			in.rep.add(at, Ignored, "identifier system "+quote(id.System)+" is not the NHS number: left out")
			continue
		}
		if in.rec.NHSNumber != "" {
			in.rep.add(at, Closed, "a second NHS number: the first is kept; check which is current")
			continue
		}
		in.rec.NHSNumber = strings.TrimSpace(id.Value)
		if !channel.ValidNHSNumber(id.Value) {
			in.rep.add(at, Closed, "the NHS number fails the Modulus 11 check or is not 10 digits: Decide refuses the record until it is corrected")
		}
		verified := false
		in.nhsVerified = false
		for _, e := range id.Extensions {
			if sameSystem(e.URL, ExtNHSNumberVerification) {
				verified = e.ValueCodeableConcept.has(SystemNHSNumberVerified, "01") || e.ValueCodeableConcept.has(systemNHSNumberVerifiedPDS, "01")
			}
		}
		in.nhsVerified = verified
		if !verified {
			in.rep.add(at, Note, "the NHS number is not marked verified (NHSNumberVerificationStatus 01): no NHS App contact is added by it until it is traced")
		}
	}
}

// security reads the restricted label (P1).
func (in *ingest) security(m *meta, path string) {
	if m == nil {
		return
	}
	for i, s := range m.Security {
		at := path + ".meta.security[" + strconv.Itoa(i) + "]"
		switch {
		case sameSystem(s.System, SystemConfidentiality) && (s.Code == "R" || s.Code == "V"):
			in.restrict(at)
		case sameSystem(s.System, SystemActCode) && s.Code == "REDRSTRCT":
			in.restrict(at)
		case sameSystem(s.System, SystemConfidentiality) && (s.Code == "U" || s.Code == "L" || s.Code == "M" || s.Code == "N"):
		default:
			in.rep.add(at, Closed, "security label "+quote(s.System)+" code "+quote(s.Code)+" is not understood: the record is taken as restricted (P1)")
			in.restrict("")
		}
	}
}

func (in *ingest) restrict(at string) {
	if in.rec.Status == policy.StatusUnset || in.rec.Status == policy.Active {
		in.rec.Status = policy.Restricted
	}
	if at != "" {
		in.rep.add(at, Closed, "restricted record: Decide holds every message for a person to decide, and contact details from any copy must not be relied on (P1)")
	}
}

// deceased reads deceased[x] and the death notification status (P1). A
// death recorded without a formal notification is informal; a notification
// with no deceased element still fails closed.
func (in *ingest) deceased(p *patient, path string) {
	dead := p.DeceasedDateTime != "" || (p.DeceasedBoolean != nil && *p.DeceasedBoolean)
	status := ""
	for _, e := range p.Extensions {
		if !sameSystem(e.URL, ExtDeathNotification) {
			continue
		}
		for _, s := range e.Extensions {
			if s.URL == "deathNotificationStatus" {
				status, _ = s.ValueCodeableConcept.code(SystemDeathNotification)
			}
		}
	}
	switch {
	case status == "2" || (dead && status == ""):
		in.rec.Status = policy.Deceased
		in.rep.add(path+".deceased", Closed, "recorded as deceased: Decide refuses every message (P1)")
	case status == "1" || (dead && status != "U"):
		in.rec.Status = policy.InformallyDeceased
		in.rep.add(path+".deceased", Closed, "death notified informally (status "+quote(status)+"): Decide refuses every message (P1)")
	case dead && status == "U":
		in.rec.Status = policy.InformallyDeceased
		in.rep.add(path+".deceased", Closed, "a deceased element with the death notification removed (U): taken as informally deceased until the record is corrected")
	}
}

// name reads the usual name (or the first) and the home postcode, used only
// to flag them in message bodies.
func (in *ingest) name(p *patient, path string) {
	for _, n := range p.Name {
		if n.Use == "usual" || in.rec.Name == "" {
			in.rec.Name = nameText(n)
		}
	}
	for _, a := range p.Address {
		if a.Use == "home" || in.rec.Postcode == "" {
			in.rec.Postcode = a.PostalCode
			in.rec.Address = strings.Join(a.Line, ", ")
		}
	}
	if len(p.Address) > 0 {
		in.rep.add(path+".address", Note, "the postal address is used to flag it in message bodies; letters are addressed by the host")
	}
}

func nameText(n humanName) string {
	if n.Text != "" {
		return n.Text
	}
	return strings.TrimSpace(strings.Join(n.Given, " ") + " " + n.Family)
}

// patientExtension reads the UK Core extensions on Patient.
func (in *ingest) patientExtension(e extension, at string) {
	switch canonical(e.URL) {
	case ExtNHSNumberVerification, ExtDeathNotification:
	case ExtContactPreference:
		in.contactPreference(e, at)
	case ExtNHSCommunication:
		in.communication(e, at)
	default:
		in.rep.add(at, Ignored, "extension "+quote(e.URL)+" is not read by this package: left out")
	}
}

// communication reads NHSCommunication: the preferred language and whether
// an interpreter is required.
func (in *ingest) communication(e extension, at string) {
	var lang string
	preferred, interpreter := false, false
	for _, s := range e.Extensions {
		switch s.URL {
		case "language":
			if c, ok := s.ValueCodeableConcept.code(SystemHumanLanguage); ok {
				lang = c
			}
		case "preferred":
			preferred = s.ValueBoolean != nil && *s.ValueBoolean
		case "interpreterRequired":
			interpreter = s.ValueBoolean != nil && *s.ValueBoolean
		case "modeOfCommunication", "communicationProficiency":
			in.rep.add(at+"."+s.URL, Ignored, "not needed for a messaging decision: left out")
		default:
			in.rep.add(at+"."+quote(s.URL), Ignored, "not part of NHSCommunication as read: left out")
		}
	}
	if interpreter {
		in.need(policy.Interpreter, at, "interpreter required")
	}
	tag, err := language.Parse(lang)
	switch {
	case lang == "":
		in.rep.add(at, Ignored, "no language coded in "+SystemHumanLanguage+": left out")
	case err != nil:
		in.rep.add(at, Ignored, "language code "+quote(lang)+" is not a BCP 47 tag: left out")
	case in.rec.Language == "" || preferred:
		in.rec.Language = tag.String()
	}
}

// need adds n once, reporting where it came from.
func (in *ingest) need(n policy.Need, at, why string) {
	if in.needsSeen == nil {
		in.needsSeen = make(map[policy.Need]bool)
	}
	if !in.needsSeen[n] {
		in.needsSeen[n] = true
		in.rec.Needs = append(in.rec.Needs, n)
	}
	in.rep.add(at, Note, why+": need "+n.String())
}

// ended reports whether p ended before the reader's time, and reports an
// ended period kept for want of a time.
func (in *ingest) ended(p *period, at string) bool {
	if p == nil || p.End == "" {
		return false
	}
	end, ok := parseTime(p.End, true)
	if !ok {
		in.rep.add(at+".period.end", Ignored, "not a FHIR date or dateTime: the period is taken as open")
		return false
	}
	if in.at.IsZero() {
		in.rep.add(at+".period.end", Note, "the period has an end and Reader.At is not set: kept; set Reader.At to leave out ended periods")
		return false
	}
	return end.Before(in.at)
}

// parseTime reads a FHIR date or dateTime; a date stands for its start, or
// with end for the start of the next day.
func parseTime(s string, end bool) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			if layout == "2006-01-02" && end {
				t = t.AddDate(0, 0, 1)
			}
			return t, true
		}
	}
	return time.Time{}, false
}

// nhsApp adds the NHS App contact, addressed by the NHS number, when the
// host says the person is registered for the NHS App (Reader.NHSApp):
// FHIR does not say so. It adds none for a number that is missing, fails
// the Modulus 11 check or is not marked verified, and reports why.
func (in *ingest) nhsApp(path string) {
	at := path + ".nhs_app"
	switch {
	case !in.nhsAppSet:
		in.rep.add(at, Note, "FHIR does not say whether the person uses the NHS App: no NHS App contact; set Reader.NHSApp when the host knows they are registered")
	case in.rec.NHSNumber == "":
		in.rep.add(at, Ignored, "Reader.NHSApp is set but the Patient has no NHS number: no NHS App contact")
	case !channel.ValidNHSNumber(in.rec.NHSNumber):
		in.rep.add(at, Ignored, "Reader.NHSApp is set but the NHS number is not valid: no NHS App contact")
	case !in.nhsVerified:
		in.rep.add(at, Ignored, "Reader.NHSApp is set but the NHS number is not marked verified (01): no NHS App contact until it is traced")
	default:
		in.rec.Contacts = append([]channel.Contact{{Kind: channel.NHSApp, Address: in.rec.NHSNumber}}, in.rec.Contacts...)
		in.rep.add(at, Note, "registered for the NHS App on the host's word (Reader.NHSApp), not from FHIR: NHS App contact by the verified NHS number")
	}
}

// capacity sets the person's capacity from Reader.Capacity: UK Core has
// no element for it. Unknown capacity is reported where a proxy's
// authority depends on it (see proxies).
func (in *ingest) capacity(path string) {
	in.rec.Capacity = in.cap
	if in.cap != proxy.CapacityUnknown {
		in.rep.add(path+".capacity", Note, "capacity "+in.cap.String()+" on the host's word (Reader.Capacity), not from FHIR")
	}
}

// otherExtensions reports the extensions on Consent and Flag resources
// that are not read: everything but a proxy role's regulatoryBasis.
func (in *ingest) otherExtensions() {
	for _, c := range in.consents {
		for i, e := range c.Extensions {
			if isRegulatoryBasis(e.URL) && isProxyRole(c) {
				continue
			}
			in.rep.add(ref("Consent", c.ID)+".extension["+strconv.Itoa(i)+"]", Ignored, "extension "+quote(e.URL)+" is not read by this package: left out")
		}
	}
	for _, f := range in.flags {
		for i, e := range f.Extensions {
			in.rep.add(ref("Flag", f.ID)+".extension["+strconv.Itoa(i)+"]", Ignored, "extension "+quote(e.URL)+" is not read by this package: left out")
		}
	}
}
