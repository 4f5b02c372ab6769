package fhir

import (
	"strconv"
	"strings"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/proxy"
)

// Systems read for proxies, as the national proxy service (the Validated
// Relationships Service FHIR API) records a proxy role: a Consent with
// category INFA, provision.type permit, and the legal basis as the
// provision actor's role.
const (
	SystemProxyLegalBasis = "https://fhir.nhs.uk/England/CodeSystem/England-NHSProxyLegalBasis"
	SystemRoleCode        = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
	// SystemProxyAccess is this library's code system for the access a
	// proxy role grants, with codes appointments, prescriptions,
	// test_results and medical_record (proxy.Access names). The national
	// proxy service's own access codes were not available when this
	// package was written; map them onto these.
	SystemProxyAccess = "https://github.com/carecomms/carecomms/fhir/CodeSystem/proxy-access"
)

// legalBasis maps England-NHSProxyLegalBasis codes onto authorities. The
// first two codes are as the service's published examples use them; the
// others follow the same pattern and must be checked against the code
// system.
var legalBasis = map[string]proxy.Authority{
	"parental-responsibility":                      proxy.ParentalResponsibility,
	"court-appointed-personal-welfare-deputy":      proxy.CourtAppointedDeputy,
	"lasting-power-of-attorney-health-and-welfare": proxy.LastingPowerOfAttorney,
	"lasting-power-of-attorney":                    proxy.LastingPowerOfAttorney,
	"best-interest-decision":                       proxy.BestInterests,
	"best-interests-decision":                      proxy.BestInterests,
	"consent":                                      proxy.Consent,
	"patient-consent":                              proxy.Consent,
}

// proxies maps each RelatedPerson, with the proxy role (Consent) naming
// them, to a proxy.
func (in *ingest) proxies() {
	for _, rp := range in.related {
		path := "RelatedPerson/" + rp.ID
		p := proxy.Proxy{ID: rp.ID, Name: firstName(rp.Name), Relationship: relationship(rp.Relationship)}
		if p.ID == "" {
			in.rep.add(path, Ignored, "RelatedPerson without an id: left out")
			continue
		}
		p.Contacts = in.telecom(rp.Telecom, path)
		for i, e := range rp.Extensions {
			at := path + ".extension[" + strconv.Itoa(i) + "]"
			if e.URL == ExtContactPreference {
				p.Preferences = in.proxyPreference(e, at)
				continue
			}
			in.rep.add(at, Ignored, "extension "+clip(e.URL)+" is not read by this package: left out")
		}
		role := in.roleFor(rp)
		if role == nil {
			in.rep.add(path, Closed, "no active proxy role (Consent with category INFA and a permit provision) names this person: not a valid proxy until one is recorded (G19, G20)")
		}
		in.applyRole(&p, rp, role, path)
		if p.Authority != proxy.ParentalResponsibility && p.Authority.Valid() {
			in.rep.add(path, Note, "this authority depends on the person's capacity, which FHIR does not carry: set Record.Capacity from the care record, or the proxy is not valid")
		}
		in.rec.Proxies = append(in.rec.Proxies, p)
	}
}

// proxyPreference reads a proxy's own preferred contact method (letter
// or email); their other preferences are reported and left out.
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
		default:
			in.rep.add(sub, Ignored, "a proxy's contact preference other than letter or email is not read: left out")
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
		cpath := "Consent/" + c.ID
		in.authority(p, c, cpath)
		in.access(p, c.Provision, cpath)
		if c.Status != "active" && p.Status == proxy.Active {
			p.Status, p.DeactivatedReason = proxy.Deactivated, proxy.OtherReason
			in.rep.add(cpath+".status", Closed, "proxy role status "+clip(c.Status)+" is not active: the proxy is deactivated")
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

func (in *ingest) authority(p *proxy.Proxy, c *consent, path string) {
	for _, a := range c.Provision.Actor {
		code, ok := a.Role.code(SystemProxyLegalBasis)
		if !ok {
			continue
		}
		auth, known := legalBasis[code]
		if !known {
			in.rep.add(path+".provision.actor", Closed, "legal basis "+clip(code)+" is not understood: the proxy has no authority (P8)")
			return
		}
		p.Authority, p.RecordNote = auth, true
		p.LPAActivated = auth == proxy.LastingPowerOfAttorney
		p.BestInterestsRecorded = auth == proxy.BestInterests
		p.PatientConsented = auth == proxy.Consent
		in.rep.add(path, Note, "proxy role recorded by the national proxy service: taken as the record note (G20) and the evidence its legal basis needs")
		return
	}
	in.rep.add(path+".provision.actor", Closed, "no legal basis coded in "+SystemProxyLegalBasis+": the proxy has no authority (P8)")
}

// access reads the access the role grants; none means unrestricted.
func (in *ingest) access(p *proxy.Proxy, pr *provision, path string) {
	for i, a := range pr.Action {
		for _, cd := range a.Coding {
			if cd.System != SystemProxyAccess {
				in.rep.add(path+".provision.action["+strconv.Itoa(i)+"]", Ignored, "access code system "+clip(cd.System)+" is not understood: left out")
				continue
			}
			var acc proxy.Access
			if err := acc.UnmarshalText([]byte(cd.Code)); err != nil {
				in.rep.add(path+".provision.action["+strconv.Itoa(i)+"]", Closed, "access "+clip(cd.Code)+" is not understood: not granted")
				if len(p.Access) == 0 {
					p.Access = []proxy.Access{} // scoped, to nothing yet
				}
				continue
			}
			p.Access = append(p.Access, acc)
		}
	}
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
