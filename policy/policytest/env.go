package policytest

import (
	"errors"
	"fmt"
	"strings"
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
	login        channel.Set
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
		if p.LogIn {
			e.login = e.login.Add(p.Channel)
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
	if e.scanner, err = minimise.New(minimise.Config{AllowedDomains: cfg.LinkDomains, AddTerms: cfg.AddTerms, RemoveTerms: cfg.RemoveTerms, Severities: cfg.Severities}); err != nil {
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
		if p.ID == dl.Recipient && proxy.Check(p, pt, on).Valid && entryComplete(r, i) {
			return recipient{id: p.ID, proxy: p, contacts: p.Contacts, objs: proxyObjections(r.Objections)}, true
		}
	}
	return recipient{}, false
}

// entryComplete reports whether proxies[i] is an entry a decider may use:
// it passes Validate, and its id is its own, neither the patient's nor
// another proxy's. An incomplete entry is left out, never messaged
// (policy.ErrIncompleteEntry).
func entryComplete(r *policy.Record, i int) bool {
	p := &r.Proxies[i]
	if p.Validate() != nil || p.ID == r.PatientID {
		return false
	}
	for j := range r.Proxies {
		if j != i && r.Proxies[j].ID == p.ID {
			return false
		}
	}
	return true
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
	contactHarmed
)

// contactFor returns the first usable contact of kind k among the
// recipient's: status usable, address valid, not marked failed or removed
// under any entry of the record for the same detail, no permanent failure
// among the message's attempts (G30, G31), for the patient's NHS App their
// own NHS number (G30), and not a detail a serious-harm objection covers
// (G15). The state is failed when a contact of that kind failed and none
// is usable; harmed when, failing that, one is at risk of serious harm.
func (e *env) contactFor(c *Case, rc recipient, k channel.Kind) (channel.Contact, string, contactState) {
	st := contactNone
	for _, ct := range rc.contacts {
		if ct.Kind != k {
			continue
		}
		if !ct.Status.Usable() {
			if ct.Status != channel.StatusRemoved {
				st = contactFailed
			}
			continue
		}
		addr, err := channel.NormalizeAddress(k, ct.Address, e.rules)
		if err != nil {
			continue
		}
		if s := e.addressState(c, rc, k, addr); s != contactOK {
			if s == contactFailed || st == contactNone {
				st = s
			}
			continue
		}
		return ct, addr, contactOK
	}
	return channel.Contact{}, "", st
}

// addressState is the state of a valid, normalised contact detail given
// the rest of the record and the message (see contactFor).
func (e *env) addressState(c *Case, rc recipient, k channel.Kind, addr string) contactState {
	switch e.markedElsewhere(&c.Record, rc, k, addr) {
	case channel.StatusOK:
	case channel.StatusRemoved:
		return contactNone
	default:
		return contactFailed
	}
	if e.failedBefore(k, addr, c.Message.Attempts) {
		return contactFailed
	}
	if k == channel.NHSApp && rc.proxy == nil && c.Record.NHSNumber != "" {
		if n, err := channel.NormalizeAddress(channel.NHSApp, c.Record.NHSNumber, e.rules); err != nil || n != addr {
			return contactNone
		}
	}
	if e.harmed(c, k, addr) {
		return contactHarmed
	}
	return contactOK
}

// family groups kinds whose addresses are the same kind of detail: a
// mobile number serves text messages and messaging apps alike.
func family(k channel.Kind) channel.Kind {
	if k == channel.MessagingApp {
		return channel.SMS
	}
	return k
}

// sameDetail reports whether two normalised addresses are one contact
// detail: the same family of kinds and address, an email's in any case.
func sameDetail(k1 channel.Kind, a1 string, k2 channel.Kind, a2 string) bool {
	if family(k1) != family(k2) {
		return false
	}
	if k1 == channel.Email {
		return strings.EqualFold(a1, a2)
	}
	return a1 == a2
}

// markedElsewhere returns the worst status (removed over failed) of any
// entry among the patient's contacts and the recipient's own for the same
// detail as addr, or StatusOK: a failure follows the detail, not the entry
// (G31).
func (e *env) markedElsewhere(r *policy.Record, rc recipient, k channel.Kind, addr string) channel.Status {
	st := channel.StatusOK
	lists := [][]channel.Contact{r.Contacts}
	if rc.proxy != nil {
		lists = append(lists, rc.contacts)
	}
	for _, cs := range lists {
		for _, ct := range cs {
			if ct.Status.Usable() {
				continue
			}
			if n, err := channel.NormalizeAddress(ct.Kind, ct.Address, e.rules); err == nil && sameDetail(ct.Kind, n, k, addr) {
				if ct.Status == channel.StatusRemoved || st == channel.StatusOK {
					st = ct.Status
				}
			}
		}
	}
	return st
}

// harmed reports whether a serious-harm objection covers the patient's
// contact at the same detail (G15): serious harm follows the number or
// address to every channel and recipient.
func (e *env) harmed(c *Case, k channel.Kind, addr string) bool {
	for _, o := range c.Record.Objections {
		if !o.SeriousHarm {
			continue
		}
		for _, ct := range c.Record.Contacts {
			if ct.Status == channel.StatusRemoved || !o.Covers(ct.Kind, c.Message.Service) {
				continue
			}
			if n, err := channel.NormalizeAddress(ct.Kind, ct.Address, e.rules); err == nil && sameDetail(ct.Kind, n, k, addr) {
				return true
			}
		}
	}
	return false
}

func (e *env) failedBefore(k channel.Kind, addr string, attempts []channel.Attempt) bool {
	for _, a := range attempts {
		if !a.Result.Permanent() || family(a.Kind) != family(k) {
			continue
		}
		if sameDetail(a.Kind, a.Address, k, addr) {
			return true
		}
		if n, err := channel.NormalizeAddress(a.Kind, a.Address, e.rules); err == nil && sameDetail(a.Kind, n, k, addr) {
			return true
		}
	}
	return false
}

// facts builds the objection facts for one recipient of the case, as the
// guidance defines them: failed channels are kinds whose contact failed
// and none remains usable (G31); usable channels are the kinds that can
// reach the recipient in time: approved, allowed for the class (and for
// confidential content), with a usable contact, and not too slow for the
// message's deadline (G14.5).
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
		_, _, st := e.contactFor(c, rc, k)
		switch st {
		case contactFailed:
			f.Failed = f.Failed.Add(k)
		case contactOK:
			if e.approved.Has(k) && e.useCases[m.Class].Has(k) && !(m.Class.Confidential() && !e.confidential.Has(k)) && !e.tooSlow(m, k) {
				f.Usable = f.Usable.Add(k)
			}
		}
	}
	return f
}

// tooSlow reports whether channel k cannot reach the person before the
// message is needed (G8, G14): a letter for an urgent message, or any
// channel whose typical delay, after waiting for its sending window (P2),
// ends after the appointment.
func (e *env) tooSlow(m *policy.Message, k channel.Kind) bool {
	delay := k.TypicalDelay()
	if m.Urgency >= policy.Urgent && delay > 24*time.Hour {
		return true
	}
	if m.AppointmentAt.IsZero() || !m.AppointmentAt.After(m.At) {
		return false
	}
	start := m.At
	if w, ok := e.windows[k]; ok && m.Urgency < policy.Urgent {
		start = e.opening(w, m.At)
	}
	return m.AppointmentAt.Sub(start) < delay
}

// opening returns the first time at or after t that window w is open.
func (e *env) opening(w policy.Window, t time.Time) time.Time {
	if w.Start >= w.End {
		return t
	}
	for range 9 + 2*len(e.holidays) {
		if inWindow(w, t, e.holidays) {
			return t
		}
		local := t.UTC().Add(londonOffset(t))
		day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, time.UTC)
		wd := local.Weekday()
		open := w.Days == policy.EveryDay || (wd != time.Saturday && wd != time.Sunday && !e.holidays[channel.DateOf(local)])
		if !open || policy.Clock(local.Hour()*60+local.Minute()) >= w.Start {
			day = day.AddDate(0, 0, 1)
		}
		wall := day.Add(time.Duration(w.Start) * time.Minute)
		if t = wall.Add(-time.Hour); londonOffset(t) != time.Hour {
			t = wall
		}
	}
	return t
}

// valid reports whether the case's message and record pass Validate.
func valid(c *Case) bool { return c.Message.Validate() == nil && c.Record.Validate() == nil }

// decidable reports whether the case may be decided to send: the message
// passes Validate, and the record does or has only problems confined to
// one entry (policy.ErrIncompleteEntry), which a decider works around.
func decidable(c *Case) bool {
	if c.Message.Validate() != nil {
		return false
	}
	for _, err := range joined(c.Record.Validate()) {
		if !errors.Is(err, policy.ErrIncompleteEntry) {
			return false
		}
	}
	return true
}

// joined lists the errors an errors.Join holds.
func joined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	if err == nil {
		return nil
	}
	return []error{err}
}

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
