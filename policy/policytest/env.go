package policytest

import (
	"fmt"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

// env is what the invariants know about the org: the configuration the
// decider under test was built from, prepared once.
type env struct {
	d            policy.Decider
	cfg          policy.Config
	approved     channel.Set
	confidential channel.Set
	useCases     map[channel.Class]channel.Set
	sensitive    proxy.Services
	scanner      *minimise.Scanner
	rules        channel.AddressRules
	threshold    int
	maxAge       time.Duration
	windows      map[channel.Kind]policy.Window
	holidays     map[channel.Date]bool
}

// newEnv prepares the invariants' view of cfg. cfg must be a configuration
// policy.New accepts.
func newEnv(d policy.Decider, cfg policy.Config) (*env, error) {
	if _, err := policy.New(cfg); err != nil {
		return nil, fmt.Errorf("policytest: the configuration does not validate: %w", err)
	}
	e := &env{d: d, cfg: cfg, useCases: map[channel.Class]channel.Set{}, windows: map[channel.Kind]policy.Window{}}
	for _, p := range cfg.Platforms {
		e.approved = e.approved.Add(p.Channel)
		if p.Confidential {
			e.confidential = e.confidential.Add(p.Channel)
		}
	}
	uc := cfg.UseCases
	if uc == nil {
		uc = policy.DefaultUseCases()
	}
	for _, c := range channel.Classes() {
		e.useCases[c] = channel.AllKinds
	}
	for _, u := range uc {
		e.useCases[u.Class] = channel.SetOf(u.Channels...)
	}
	codes := cfg.SensitiveServices
	if codes == nil {
		codes = proxy.DefaultSensitiveServices()
	}
	var err error
	if e.sensitive, err = proxy.NewServices(codes...); err != nil {
		return nil, fmt.Errorf("policytest: sensitive services: %w", err)
	}
	if e.scanner, err = minimise.New(minimise.Config{AllowedDomains: cfg.LinkDomains, AddTerms: cfg.AddTerms, RemoveTerms: cfg.RemoveTerms}); err != nil {
		return nil, fmt.Errorf("policytest: content scanner: %w", err)
	}
	e.rules = channel.AddressRules{AllowInternational: cfg.AllowInternational}
	e.threshold = cfg.WaitingListThreshold
	if e.threshold == 0 {
		e.threshold = 500
	}
	e.maxAge = time.Duration(cfg.ContactMaxAge)
	if e.maxAge == 0 {
		e.maxAge = 365 * 24 * time.Hour
	}
	ws := cfg.Windows
	if ws == nil {
		ws = policy.DefaultWindows()
	}
	for _, w := range ws {
		e.windows[w.Channel] = w
	}
	e.holidays = map[channel.Date]bool{}
	for _, h := range cfg.Holidays {
		e.holidays[h] = true
	}
	return e, nil
}

// secure reports whether k is approved for confidential content (G6):
// policy.New accepts that only for platforms that need a log-in (the NHS
// App, encrypted email) and letters, so the content never shows on a
// locked screen (G22).
func (e *env) secure(k channel.Kind) bool { return e.confidential.Has(k) }

// decide calls the decider, turning a panic into an error.
func (e *env) decide(m policy.Message, r policy.Record) (d policy.Decision, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("the decider panicked: %v", p)
		}
	}()
	return e.d.Decide(m, r), nil
}

// recipient is what the invariants know about one recipient.
type recipient struct {
	id       string
	proxy    *proxy.Proxy // nil for the patient
	contacts []channel.Contact
	objs     []objection.Objection
}

// recipientOf finds the recipient a delivery names: the patient for a
// delivery to the patient, else the first valid proxy with that ID.
func (e *env) recipientOf(c *Case, dl policy.Delivery) (recipient, bool) {
	r := &c.Record
	if dl.Role == policy.ToPatient {
		if dl.Recipient != r.PatientID {
			return recipient{}, false
		}
		return recipient{id: r.PatientID, contacts: r.Contacts, objs: r.Objections}, true
	}
	if dl.Role != policy.ToProxy {
		return recipient{}, false
	}
	pt := proxy.Patient{BirthDate: r.BirthDate, Capacity: r.Capacity}
	on := londonDate(c.Message.At)
	for i := range r.Proxies {
		p := &r.Proxies[i]
		if p.ID == dl.Recipient && proxy.Check(p, pt, on).Valid {
			return recipient{id: p.ID, proxy: p, contacts: p.Contacts, objs: proxyObjections(r.Objections)}, true
		}
	}
	return recipient{}, false
}

// proxyObjections are the patient's objections that also bind messages to
// a proxy: those to every message from the organisation, to a service, or
// to processing for their care. An objection to one of the patient's own
// channels concerns the patient's own phone or inbox, not the proxy's.
func proxyObjections(objs []objection.Objection) []objection.Objection {
	var out []objection.Objection
	for _, o := range objs {
		switch o.Scope {
		case objection.ScopeOrganisation, objection.ScopeService, objection.ScopeCare:
			out = append(out, o)
		}
	}
	return out
}

type contactState uint8

const (
	contactNone contactState = iota
	contactOK
	contactFailed
)

// contactFor returns the first usable contact of kind k among cs: status
// usable, address valid, and no permanent failure of that address among
// the message's attempts (G30, G31). The state is failed when a contact of
// that kind failed and none is usable.
func (e *env) contactFor(cs []channel.Contact, k channel.Kind, attempts []channel.Attempt) (channel.Contact, string, contactState) {
	st := contactNone
	for _, c := range cs {
		if c.Kind != k {
			continue
		}
		if !c.Status.Usable() {
			if c.Status != channel.StatusRemoved {
				st = contactFailed
			}
			continue
		}
		addr, err := channel.NormalizeAddress(k, c.Address, e.rules)
		if err != nil {
			continue
		}
		if e.failedBefore(k, addr, attempts) {
			st = contactFailed
			continue
		}
		return c, addr, contactOK
	}
	return channel.Contact{}, "", st
}

func (e *env) failedBefore(k channel.Kind, addr string, attempts []channel.Attempt) bool {
	for _, a := range attempts {
		if a.Kind != k || !a.Result.Permanent() {
			continue
		}
		if a.Address == addr {
			return true
		}
		if n, err := channel.NormalizeAddress(k, a.Address, e.rules); err == nil && n == addr {
			return true
		}
	}
	return false
}

// facts builds the objection facts for one recipient of the case, as the
// guidance defines them: failed channels are kinds whose contact failed
// and none remains usable (G31); usable channels are approved kinds
// allowed for the class with a usable contact.
func (e *env) facts(c *Case, rc recipient) objection.Facts {
	m := &c.Message
	f := objection.Facts{
		At: m.At, Class: m.Class, Service: m.Service, AppointmentAt: m.AppointmentAt,
		WaitingListThreshold: e.threshold, Vulnerable: c.Record.Vulnerable && rc.proxy == nil,
		Urgent: m.Urgency >= policy.Urgent, Emergency: m.Urgency == policy.Emergency,
	}
	if m.Group != nil {
		f.GroupSize = m.Group.Size
	}
	for _, k := range channel.Kinds() {
		_, _, st := e.contactFor(rc.contacts, k, m.Attempts)
		switch st {
		case contactFailed:
			f.Failed = f.Failed.Add(k)
		case contactOK:
			if e.approved.Has(k) && e.useCases[m.Class].Has(k) {
				f.Usable = f.Usable.Add(k)
			}
		}
	}
	return f
}

// valid reports whether the case's message and record pass Validate.
func valid(c *Case) bool { return c.Message.Validate() == nil && c.Record.Validate() == nil }

// sends reports whether an outcome lets a message go (as drafted or once
// revised).
func sends(o policy.Outcome) bool { return o == policy.Send || o == policy.Revise }

// anySends reports whether the decision or any delivery lets the message go.
func anySends(d *policy.Decision) bool {
	if sends(d.Outcome) {
		return true
	}
	for _, dl := range d.Deliveries {
		if sends(dl.Outcome) {
			return true
		}
	}
	return false
}
