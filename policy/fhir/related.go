package fhir

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/proxy"
)

// Systems read for proxies, as the national proxy service (the Validated
// Relationships Service FHIR API) records a proxy role: a Consent with
// category INFA, provision.type permit, and the legal basis as the
// provision actor's role or in the Consent's regulatoryBasis extension.
const (
	SystemProxyLegalBasis = "https://fhir.nhs.uk/England/CodeSystem/England-NHSProxyLegalBasis"
	SystemRoleCode        = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
	// ExtRegulatoryBasis is the R5 Consent.regulatoryBasis cross-version
	// extension, where the service's later examples put the legal basis.
	ExtRegulatoryBasis = "http://hl7.org/fhir/5.0/StructureDefinition/extension-Consent.regulatoryBasis"
	// SystemProxyAccess is this library's code system for the access a
	// proxy role grants, with codes appointments, prescriptions,
	// test_results and medical_record (proxy.Access names).
	SystemProxyAccess = "https://github.com/carecomms/carecomms/fhir/CodeSystem/proxy-access"
	// SystemRequestedAccess is the placeholder code system the Validated
	// Relationships Service API's examples use for the access a proxy
	// asks for (APPT, PRESCR, TEST, RECRD, CNTCT, VACC). It is read
	// where it codes a role's provision.action; the service may replace
	// it.
	SystemRequestedAccess = "https://fhir.nhs.uk/CodeSystem/Proxy-Placeholder-RequestedAccess"
)

// legalBasis maps the England-NHSProxyLegalBasis codes that the Validated
// Relationships Service API's published examples use onto authorities
// (https://github.com/NHSDigital/validated-relationships-service-api,
// specification/examples, API 1.27.0).
// The code system itself is not published where this package could read
// it, so its other codes (for a lasting power of attorney, a best
// interests decision, the patient's consent) are not mapped: a host that
// has them adds them with Reader.LegalBasis.
var legalBasis = map[string]proxy.Authority{
	"parental-responsibility":                 proxy.ParentalResponsibility,
	"court-appointed-personal-welfare-deputy": proxy.CourtAppointedDeputy,
}

// requestedAccess maps the service's placeholder access codes onto access
// levels, as its QuestionnaireResponse examples code them
// (specification/examples/requests/POST_QuestionnaireResponse). CNTCT (contacting the surgery) and VACC (vaccination records)
// have no level here: they grant nothing this library sends.
var requestedAccess = map[string]proxy.Access{
	"APPT":   proxy.Appointments,
	"PRESCR": proxy.Prescriptions,
	"TEST":   proxy.TestResults,
	"RECRD":  proxy.MedicalRecord,
}

// proxies maps each RelatedPerson, with the proxy role (Consent) naming
// them, to a proxy.
func (in *ingest) proxies() {
	for _, rp := range in.related {
		path := ref("RelatedPerson", rp.ID)
		p := proxy.Proxy{ID: rp.ID, Name: firstName(rp.Name), Relationship: relationship(rp.Relationship)}
		if p.ID == "" {
			in.rep.add(path, Ignored, "RelatedPerson without an id: left out")
			continue
		}
		p.Contacts = in.telecom(rp.Telecom, path)
		for i, e := range rp.Extensions {
			at := path + ".extension[" + strconv.Itoa(i) + "]"
			if sameSystem(e.URL, ExtContactPreference) {
				p.Preferences = in.proxyPreference(e, at)
				continue
			}
			in.rep.add(at, Ignored, "extension "+quote(e.URL)+" is not read by this package: left out")
		}
		role := in.roleFor(rp)
		if role == nil {
			in.rep.add(path, Closed, "no active proxy role (Consent with category INFA and a permit provision) names this person: not a valid proxy until one is recorded (G19, G20)")
		}
		in.applyRole(&p, rp, role, path)
		if p.Authority != proxy.ParentalResponsibility && p.Authority.Valid() && in.cap == proxy.CapacityUnknown {
			in.rep.add(path, Note, "this authority depends on the person's capacity, which UK Core does not carry: set Reader.Capacity from the care record, or the proxy is not valid")
		}
		in.rec.Proxies = append(in.rec.Proxies, p)
	}
}

// proxyPreference reads a proxy's own preferred contact method (letter,
// email or SMS); their other preferences are reported and left out.
func (in *ingest) proxyPreference(e extension, at string) []channel.Kind {
	var prefs []channel.Kind
	for i, s := range e.Extensions {
		sub := at + ".extension[" + strconv.Itoa(i) + "]"
		code, _ := s.ValueCodeableConcept.code(SystemContactMethod)
		switch {
		case s.URL == "PreferredContactMethod" && code == "1":
			prefs = append(prefs, channel.Letter)
		case s.URL == "PreferredContactMethod" && code == "4":
			prefs = append(prefs, channel.Email)
		case s.URL == "PreferredContactMethod" && code == "9":
			prefs = append(prefs, channel.SMS)
		default:
			in.rep.add(sub, Ignored, "a proxy's contact preference other than letter, email or SMS is not read: left out")
		}
	}
	return prefs
}

// roleFor finds the proxy-role Consent whose provision actor, or grantee,
// is rp: by reference RelatedPerson/id or by an identifier rp carries.
func (in *ingest) roleFor(rp *relatedPerson) *consent {
	for _, c := range in.consents {
		if !isProxyRole(c) {
			continue
		}
		for _, a := range c.Provision.Actor {
			if refersTo(a.Reference, rp) {
				return c
			}
		}
	}
	return nil
}

func isProxyRole(c *consent) bool {
	if c.Provision == nil || c.Provision.Type != "permit" {
		return false
	}
	for i := range c.Category {
		if c.Category[i].has(SystemActCode, "INFA") {
			return true
		}
	}
	return false
}

func refersTo(r *reference, rp *relatedPerson) bool {
	if r == nil {
		return false
	}
	if r.Reference != "" && (r.Reference == "RelatedPerson/"+rp.ID || strings.HasSuffix(r.Reference, "/RelatedPerson/"+rp.ID)) {
		return true
	}
	if r.Identifier == nil || r.Identifier.Value == "" {
		return false
	}
	for _, id := range rp.Identifier {
		if id.System == r.Identifier.System && id.Value == r.Identifier.Value {
			return true
		}
	}
	return false
}

// applyRole sets the authority, period, status and access from the role.
// An active role recorded by the national service is taken as the record
// note (G20) and as the evidence its legal basis needs (an activated LPA,
// a recorded best interests decision, the patient's consent).
func (in *ingest) applyRole(p *proxy.Proxy, rp *relatedPerson, c *consent, path string) {
	p.Status = proxy.Active
	if rp.Active != nil && !*rp.Active {
		p.Status, p.DeactivatedReason = proxy.Deactivated, proxy.OtherReason
		in.rep.add(path+".active", Note, "inactive RelatedPerson: the proxy is deactivated")
	}
	var per *period
	if c != nil {
		cpath := ref("Consent", c.ID)
		in.authority(p, c, cpath)
		in.access(p, c.Provision, cpath)
		if c.Status != "active" && p.Status == proxy.Active {
			p.Status, p.DeactivatedReason = proxy.Deactivated, proxy.OtherReason
			in.rep.add(cpath+".status", Closed, "proxy role status "+quote(c.Status)+" is not active: the proxy is deactivated")
		}
		per = c.Provision.Period
		if per == nil || per.Start == "" {
			per = rp.Period
		}
		if (per == nil || per.Start == "") && c.DateTime != "" {
			per = &period{Start: c.DateTime, End: endOf(per)}
		}
	} else {
		per = rp.Period
	}
	in.proxyPeriod(p, per, path)
}

func endOf(p *period) string {
	if p == nil {
		return ""
	}
	return p.End
}

// authority reads the legal basis from the provision actor's role or the
// regulatoryBasis extension. A basis this package does not map gives the
// proxy no authority.
func (in *ingest) authority(p *proxy.Proxy, c *consent, path string) {
	code, at, ok := basisCode(c)
	switch {
	case !ok && at != "":
		in.rep.add(path+at, Closed, "the role records two different legal bases: the proxy has no authority until it is corrected (P8)")
		return
	case !ok:
		in.rep.add(path+".provision.actor", Closed, "no legal basis coded in "+SystemProxyLegalBasis+": the proxy has no authority (P8)")
		return
	}
	auth, known := legalBasis[code]
	if !known && in.bases != nil {
		auth, known = in.bases(code)
	}
	if !known || !auth.Valid() {
		in.rep.add(path+at, Closed, "legal basis "+quote(code)+" is not mapped (set Reader.LegalBasis for codes you have confirmed): the proxy has no authority (P8)")
		return
	}
	p.Authority, p.RecordNote = auth, true
	p.LPAActivated = auth == proxy.LastingPowerOfAttorney
	p.BestInterestsRecorded = auth == proxy.BestInterests
	p.PatientConsented = auth == proxy.Consent
	in.rep.add(path, Note, "proxy role recorded by the national proxy service: taken as the record note (G20) and the evidence its legal basis needs")
}

// basisCode returns the role's England-NHSProxyLegalBasis code and the
// element it came from: the provision actor's role, else the
// regulatoryBasis extension. Two different codes are no basis at all.
func basisCode(c *consent) (code, at string, ok bool) {
	var codes []string
	for _, a := range c.Provision.Actor {
		if cd, found := a.Role.code(SystemProxyLegalBasis); found {
			codes, at = append(codes, cd), cmp.Or(at, ".provision.actor")
		}
	}
	for i, e := range c.Extensions {
		if !isRegulatoryBasis(e.URL) {
			continue
		}
		if cd, found := e.ValueCodeableConcept.code(SystemProxyLegalBasis); found {
			codes, at = append(codes, cd), cmp.Or(at, ".extension["+strconv.Itoa(i)+"]")
		}
	}
	slices.Sort(codes)
	switch codes = slices.Compact(codes); len(codes) {
	case 0:
		return "", "", false
	case 1:
		return codes[0], at, true
	}
	return "", ".provision", false
}

// isRegulatoryBasis reports whether u is the regulatoryBasis extension,
// written with http as published or with https as some of the service's
// examples write it.
func isRegulatoryBasis(u string) bool {
	return u == ExtRegulatoryBasis || u == "https://"+strings.TrimPrefix(ExtRegulatoryBasis, "http://")
}

// access reads the access the role grants; none means unrestricted. A
// code not understood grants nothing, so a role coded only in codes not
// understood allows nothing.
func (in *ingest) access(p *proxy.Proxy, pr *provision, path string) {
	for i, a := range pr.Action {
		at := path + ".provision.action[" + strconv.Itoa(i) + "]"
		for _, cd := range a.Coding {
			acc, ok := accessOf(cd)
			switch {
			case ok:
				if !slices.Contains(p.Access, acc) {
					p.Access = append(p.Access, acc)
				}
				continue
			case cd.System == SystemRequestedAccess:
				in.rep.add(at, Closed, "requested access "+quote(cd.Code)+" is nothing this library sends: not granted")
			case cd.System == SystemProxyAccess:
				in.rep.add(at, Closed, "access "+quote(cd.Code)+" is not understood: not granted")
			default:
				in.rep.add(at, Closed, "access code system "+quote(cd.System)+" is not understood: not granted")
			}
			if p.Access == nil {
				p.Access = []proxy.Access{} // scoped, to nothing yet
			}
		}
	}
}

// accessOf maps an access coding onto an access level.
func accessOf(cd coding) (proxy.Access, bool) {
	switch cd.System {
	case SystemProxyAccess:
		var acc proxy.Access
		return acc, acc.UnmarshalText([]byte(cd.Code)) == nil
	case SystemRequestedAccess:
		acc, ok := requestedAccess[cd.Code]
		return acc, ok
	}
	return 0, false
}

// proxyPeriod sets From and Until. A role with no start date is accepted
// from the reader's date.
func (in *ingest) proxyPeriod(p *proxy.Proxy, per *period, path string) {
	if per != nil && per.Start != "" {
		if t, ok := parseTime(per.Start, false); ok {
			p.From = dateOf(t)
		}
	}
	if p.From.IsZero() {
		if in.at.IsZero() {
			in.rep.add(path+".period", Closed, "no start date and Reader.At is not set: the proxy is not valid until a start date is recorded")
		} else {
			p.From = dateOf(in.at)
			in.rep.add(path+".period", Note, "no start date: taken as in force from the date read")
		}
	}
	if per != nil && per.End != "" {
		if t, ok := parseTime(per.End, false); ok {
			p.Until = dateOf(t)
		}
	}
}

func dateOf(t time.Time) channel.Date {
	y, m, d := t.Date()
	return channel.Date{Year: y, Month: m, Day: d}
}

func firstName(ns []humanName) string {
	if len(ns) == 0 {
		return ""
	}
	return nameText(ns[0])
}

// relationship is the most specific relationship's display or code.
func relationship(cs []concept) string {
	out := ""
	for i := range cs {
		for _, cd := range cs[i].Coding {
			switch {
			case cd.Display != "":
				out = cd.Display
			case cd.Code != "":
				out = cd.Code
			}
		}
	}
	return out
}
