package policytest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

// Invariant describes one property TestDecider checks of every decision.
type Invariant struct {
	// Name is a stable identifier, such as "objection.upheld".
	Name string
	// Refs are the requirements it checks, such as ["G10", "G13", "G14"].
	Refs []string
	// Doc says what must hold, in a sentence.
	Doc string
}

// invariant is an Invariant with its check: check returns nil when the
// decision d of case c holds, or an error saying what does not.
type invariant struct {
	Invariant
	check func(e *env, c *Case, d *policy.Decision) error
}

// Invariants lists every invariant TestDecider checks, in the order it
// checks them.
func Invariants() []Invariant {
	out := make([]Invariant, len(invariants))
	for i, inv := range invariants {
		out[i] = inv.Invariant
		out[i].Refs = slices.Clone(inv.Refs)
	}
	return out
}

// noPanic is the invariant that Decide returns: TestDecider checks it
// around every call.
const noPanic = "decide.no_panic"

var invariants = []invariant{
	{Invariant{noPanic, []string{"G34"}, "Decide returns a decision for every input, however malformed, and never panics."}, func(*env, *Case, *policy.Decision) error { return nil }},
	{Invariant{"determinism", []string{"G29"}, "Deciding the same input twice gives equal decisions, and Decide does not modify its input."}, checkDeterminism},
	{Invariant{"input.never_sent", []string{"G1", "G26", "G28", "G30"}, "A message or record that fails Validate is never Send or Revise, for the decision or any delivery, unless the record's only problems are confined to one entry (policy.ErrIncompleteEntry: a proxy left out, an objection upheld)."}, checkInvalidInput},
	{Invariant{"scope.care_only", []string{"G1"}, "A message not about individual care is never Send or Revise."}, checkScope},
	{Invariant{"staff.attributed", []string{"G28"}, "A message with no staff member is never Send or Revise."}, checkStaff},
	{Invariant{"record.status", []string{"P1"}, "No message goes to a person recorded as deceased, invalidated or removed; a restricted record is held for a person to decide."}, checkRecordStatus},
	{Invariant{"basis.lawful", []string{"G2", "G9", "G1"}, "Every decision about individual care states the lawful basis: 6(1)(e), 9(2)(h), implied consent, no consent required; proxy deliveries mark the proxy basis. A decision about anything else states no care basis."}, checkBasis},
	{Invariant{"platform.approved", []string{"G3", "G32"}, "Outside a genuine emergency every delivery and fallback uses a channel the org approved; an emergency on an unapproved channel carries the review obligation."}, checkApproved},
	{Invariant{"usecase.class", []string{"G5", "G6"}, "Every delivery and fallback uses a channel the org's use cases allow for the class, and confidential classes only channels approved for confidential content."}, checkUseCase},
	{Invariant{"objection.upheld", []string{"G10", "G11", "G13", "G14"}, "A Send or Revise delivery or fallback uses a channel no applicable objection covers, or one overridden on the message's own override whose ground fits the facts and was decided by a named person who may decide it (checked with objection.Check)."}, checkObjections},
	{Invariant{"objection.serious_harm", []string{"G15"}, "No delivery or fallback ever uses a channel covered by a serious-harm objection, or the same contact detail (a mobile number, an email address) by any channel for any recipient, not even in an emergency."}, checkSeriousHarm},
	{Invariant{"recipient.valid", []string{"G18", "G19", "G20", "P8"}, "Every delivery goes to the patient or to a proxy that proxy.Check finds valid on the decision date (authority and a record note), whose entry is complete (it passes Validate, and its id is its own)."}, checkRecipients},
	{Invariant{"proxy.access", []string{"G19", "P8"}, "No delivery goes to a proxy whose recorded access (proxy.Proxy.Access) does not cover the message's class: a proxy allowed appointments only is not sent test results, and an empty list allows nothing."}, checkAccess},
	{Invariant{"proxy.sensitive", []string{"G21"}, "No delivery to a proxy about a sensitive service is Send or Revise: it is held for a check with the individual."}, checkSensitive},
	{Invariant{"content.blocking", []string{"G6", "G22", "G23", "G24", "G25", "P4", "P6"}, "No Send delivery, nor any of its fallbacks not marked Revise, carries in the body for its channel (Message.BodyFor) content that is blocking there for the message class and the org's severities (minimise.Scanner.Severity): confidential content on a channel not approved for it or where it would show on a locked screen (a text message, an email's subject and preview), a request for payment, bank details or credentials, a shortener or a link outside the approved domains; nor (by SMS) more than 918 characters. Advisory findings (style, urgency, a gov.uk link) may go."}, checkContent},
	{Invariant{"contact.address", []string{"G30", "G31"}, "Every delivery and fallback address is a usable contact the recipient's record holds for that channel, normalised, and not one an earlier attempt found failed or that any entry of the record marks failed or removed; the patient's NHS App delivery goes to the record's own NHS number."}, checkAddresses},
	{Invariant{"contact.fresh", []string{"G30"}, "A Send or Revise delivery to a contact never confirmed, or confirmed longer ago than the org's limit, obliges the host to confirm it (the NHS App, addressed by NHS number, aside)."}, checkFresh},
	{Invariant{"timing.window", []string{"P2"}, "A routine or time-sensitive Send or Revise delivery on a channel with a sending window goes at a time inside it, never before the decision time."}, checkWindow},
	{Invariant{"timing.preferred", []string{"G7", "G33"}, "A routine or time-sensitive Send or Revise delivery to the patient, other than a letter, goes inside one of the person's preferred contact times (Record.ContactTimes), unless none of them ever overlaps the org's sending window for the channel, or waiting for the next one would take the message past its appointment (G8)."}, checkPreferred},
	{Invariant{"adjustment.carried", []string{"G33", "P7"}, "A delivery to the patient by a channel carries every reasonable adjustment the record holds."}, checkAdjustments},
	{Invariant{"record.keep", []string{"G26", "G29"}, "Every Send or Revise delivery obliges the host to record the message in the care record."}, checkRecordKeep},
	{Invariant{"hold.who", []string{"G34"}, "Every Hold names who decides: the decision's Who is not empty, and each held delivery names one of them."}, checkHoldWho},
	{Invariant{"trail.catalogue", []string{"G34"}, "The trail is not empty, and every step, obligation and finding names a rule in the catalogue, with a defined effect and obligation code."}, checkCatalogue},
	{Invariant{"json.round_trip", []string{"G27"}, "The decision encodes as JSON, decodes, and encodes again to the same bytes."}, checkJSON},
	{Invariant{"monotone.objections", []string{"G10", "G11", "G17"}, "Adding an objection never lets a recipient's delivery go further (Send over Revise over Hold over Refuse), except that a delivery that was Revise may become Send by an override the message already carried, once the objection covers the channel that needed the edit (an override is used only when needed, G13); and a delivery that may go as drafted (Send) without an override uses a channel that could already carry the body as drafted for that recipient: the chosen one or a fallback."}, checkMonotoneObjections},
	{Invariant{"monotone.proxies", []string{"G18", "G19"}, "For a valid record, removing a proxy never lets another proxy's delivery go further, and changes the patient's delivery only when the removed proxy received instead of the patient."}, checkMonotoneProxies},
}

func checkDeterminism(e *env, c *Case, d *policy.Decision) error {
	m, r := cloneMessage(c.Message), cloneRecord(c.Record)
	d2, err := e.decide(m, r)
	if err != nil {
		return err
	}
	if !reflect.DeepEqual(m, c.Message) {
		return errors.New("the decider modified the message it was given")
	}
	if !reflect.DeepEqual(r, c.Record) {
		return errors.New("the decider modified the record it was given")
	}
	if !reflect.DeepEqual(*d, d2) {
		a, _ := json.Marshal(d)
		b, _ := json.Marshal(d2)
		if !bytes.Equal(a, b) || a == nil {
			return fmt.Errorf("two decisions of the same input differ:\nfirst:  %s\nsecond: %s", a, b)
		}
	}
	return nil
}

func checkInvalidInput(e *env, c *Case, d *policy.Decision) error {
	if decidable(c) || !anySends(d) {
		return nil
	}
	return fmt.Errorf("invalid input decided %s: %v", d.Outcome, errors.Join(c.Message.Validate(), c.Record.Validate()))
}

func checkScope(e *env, c *Case, d *policy.Decision) error {
	if c.Message.Purpose == policy.IndividualCare || !anySends(d) {
		return nil
	}
	return fmt.Errorf("a message for %s (not individual care) was decided %s", c.Message.Purpose, summary(d))
}

func checkStaff(e *env, c *Case, d *policy.Decision) error {
	if c.Message.Staff.ID != "" || !anySends(d) {
		return nil
	}
	return fmt.Errorf("a message attributable to no member of staff was decided %s", summary(d))
}

func checkRecordStatus(e *env, c *Case, d *policy.Decision) error {
	switch c.Record.Status {
	case policy.Deceased, policy.InformallyDeceased, policy.Invalidated, policy.RemovedFromList:
		if anySends(d) {
			return fmt.Errorf("the record says %s, and the message was decided %s", c.Record.Status, summary(d))
		}
	case policy.Restricted:
		if _, approved := c.Message.Approval(policy.RuleRecordRestricted, ""); anySends(d) && !approved {
			return fmt.Errorf("the record is restricted (contact details withheld), and the message was decided %s", summary(d))
		}
	}
	return nil
}

func checkBasis(e *env, c *Case, d *policy.Decision) error {
	lb := d.LegalBasis
	if c.Message.Purpose != policy.IndividualCare {
		if lb != (policy.LegalBasis{}) {
			return fmt.Errorf("a message for %s (not individual care) states the lawful basis %+v: this guidance gives it none", c.Message.Purpose, lb)
		}
		return nil
	}
	var errs []error
	if lb.GDPRArticle6 != "6(1)(e)" {
		errs = append(errs, fmt.Errorf("legal_basis.gdpr_article_6 = %q, want \"6(1)(e)\"", lb.GDPRArticle6))
	}
	if lb.GDPRArticle9 != "9(2)(h)" {
		errs = append(errs, fmt.Errorf("legal_basis.gdpr_article_9 = %q, want \"9(2)(h)\"", lb.GDPRArticle9))
	}
	if lb.CommonLaw != "implied_consent" {
		errs = append(errs, fmt.Errorf("legal_basis.common_law = %q, want \"implied_consent\"", lb.CommonLaw))
	}
	if lb.ConsentRequired {
		errs = append(errs, errors.New("legal_basis.consent_required is true: no care message needs consent"))
	}
	for _, dl := range d.Deliveries {
		if dl.Role == policy.ToProxy && !lb.Proxy {
			errs = append(errs, fmt.Errorf("a delivery goes to proxy %s but legal_basis.proxy is false", dl.Recipient))
			break
		}
	}
	return errors.Join(errs...)
}

// channels returns the delivery's channel (when set) and its fallbacks'.
func channels(dl policy.Delivery) []channel.Kind {
	var ks []channel.Kind
	if dl.Channel != 0 {
		ks = append(ks, dl.Channel)
	}
	for _, f := range dl.Fallbacks {
		ks = append(ks, f.Channel)
	}
	return ks
}

func checkApproved(e *env, c *Case, d *policy.Decision) error {
	emergency := c.Message.Urgency == policy.Emergency
	var errs []error
	for _, dl := range d.Deliveries {
		for _, k := range channels(dl) {
			if e.approved.Has(k) {
				continue
			}
			if !emergency {
				errs = append(errs, fmt.Errorf("delivery to %s (%s) uses %s, which the org has not approved, outside an emergency", dl.Recipient, dl.Outcome, k))
			} else if sends(dl.Outcome) && !hasObligation(d, policy.ReviewEmergency) {
				errs = append(errs, fmt.Errorf("an emergency delivery to %s uses unapproved %s without the review_emergency obligation", dl.Recipient, k))
			}
		}
	}
	return errors.Join(errs...)
}

func hasObligation(d *policy.Decision, code policy.ObligationCode) bool {
	for _, o := range d.Obligations {
		if o.Code == code {
			return true
		}
	}
	return false
}

func checkUseCase(e *env, c *Case, d *policy.Decision) error {
	cl := c.Message.Class
	var errs []error
	for _, dl := range d.Deliveries {
		for _, k := range channels(dl) {
			if !e.useCases[cl].Has(k) {
				errs = append(errs, fmt.Errorf("delivery to %s (%s) uses %s, which the org's use cases do not allow for %s", dl.Recipient, dl.Outcome, k, cl))
			}
			if cl.Confidential() && !e.confidential.Has(k) {
				errs = append(errs, fmt.Errorf("delivery to %s (%s) carries confidential %s by %s, which is not approved for confidential content", dl.Recipient, dl.Outcome, cl, k))
			}
		}
	}
	return errors.Join(errs...)
}

func checkObjections(e *env, c *Case, d *policy.Decision) error {
	var errs []error
	for _, dl := range d.Deliveries {
		if !sends(dl.Outcome) {
			continue
		}
		rc, ok := e.recipientOf(c, dl)
		if !ok {
			continue // recipient.valid reports it
		}
		f := e.facts(c, rc)
		for i, k := range channels(dl) {
			res := objection.Check(rc.objs, &f, k, nil)
			if res.Verdict == objection.Allowed {
				continue
			}
			what := "channel"
			if i > 0 || dl.Channel == 0 {
				what = "fallback"
			}
			ov := dl.Override
			switch {
			case ov == nil:
				errs = append(errs, fmt.Errorf("delivery to %s (%s) uses %s %s, which objection %d covers, with no override", dl.Recipient, dl.Outcome, what, k, res.Objection))
			case c.Message.Override == nil || !reflect.DeepEqual(*ov, *c.Message.Override):
				errs = append(errs, fmt.Errorf("delivery to %s relies on an override the message does not claim", dl.Recipient))
			default:
				res = objection.Check(rc.objs, &f, k, ov)
				if res.Verdict != objection.Overridden {
					errs = append(errs, fmt.Errorf("delivery to %s (%s) uses objected %s %s on ground %s, but objection.Check says %s (serious harm %v, unfit %s, needs %s)",
						dl.Recipient, dl.Outcome, what, k, ov.Ground, res.Verdict, res.SeriousHarm, res.Unfit, roleName(res.Need)))
				}
			}
		}
	}
	return errors.Join(errs...)
}

func roleName(r objection.Role) string {
	if !r.Valid() {
		return "nobody"
	}
	return r.String()
}

func checkSeriousHarm(e *env, c *Case, d *policy.Decision) error {
	var errs []error
	for _, dl := range d.Deliveries {
		objs := c.Record.Objections
		if dl.Role == policy.ToProxy {
			objs = proxyObjections(objs)
		}
		for _, k := range channels(dl) {
			for i, o := range objs {
				if o.SeriousHarm && o.Covers(k, c.Message.Service) {
					errs = append(errs, fmt.Errorf("delivery to %s (%s) uses %s, which serious-harm objection %d covers", dl.Recipient, dl.Outcome, k, i))
				}
			}
		}
		for k, addr := range addresses(dl) {
			if e.harmed(c, k, addr) {
				errs = append(errs, fmt.Errorf("delivery to %s (%s) uses %s address %s, a contact detail a serious-harm objection covers", dl.Recipient, dl.Outcome, k, channel.Mask(k, addr)))
			}
		}
	}
	return errors.Join(errs...)
}

// addresses yields the delivery's channel and address, then each
// fallback's.
func addresses(dl policy.Delivery) iter.Seq2[channel.Kind, string] {
	return func(yield func(channel.Kind, string) bool) {
		if dl.Channel != 0 && !yield(dl.Channel, dl.Address) {
			return
		}
		for _, f := range dl.Fallbacks {
			if !yield(f.Channel, f.Address) {
				return
			}
		}
	}
}

func checkRecipients(e *env, c *Case, d *policy.Decision) error {
	var errs []error
	for _, dl := range d.Deliveries {
		if _, ok := e.recipientOf(c, dl); !ok {
			if dl.Role == policy.ToPatient {
				errs = append(errs, fmt.Errorf("a delivery to the patient names recipient %q, not the record's patient_id", dl.Recipient))
			} else {
				errs = append(errs, fmt.Errorf("a delivery (%s) goes to %s %q, which is not a proxy with a complete entry, valid authority and a record note on %s", dl.Outcome, dl.Role, dl.Recipient, londonDate(c.Message.At)))
			}
		}
	}
	return errors.Join(errs...)
}

func checkAccess(e *env, c *Case, d *policy.Decision) error {
	var errs []error
	for _, dl := range d.Deliveries {
		if dl.Role != policy.ToProxy {
			continue
		}
		for i := range c.Record.Proxies {
			p := &c.Record.Proxies[i]
			if p.ID == dl.Recipient && !p.Allows(c.Message.Class) {
				errs = append(errs, fmt.Errorf("a delivery (%s) goes to proxy %s, whose access %v does not cover %s", dl.Outcome, p.ID, p.Access, c.Message.Class))
				break
			}
		}
	}
	return errors.Join(errs...)
}

func checkSensitive(e *env, c *Case, d *policy.Decision) error {
	pt := proxy.Patient{BirthDate: c.Record.BirthDate, Capacity: c.Record.Capacity}
	hold, by := proxy.HoldForCheck(e.sensitive, c.Message.Service, pt, londonDate(c.Message.At))
	if !hold {
		return nil
	}
	var errs []error
	for _, dl := range d.Deliveries {
		// Only the person the hold names can resolve it (G21).
		if _, approved := c.Message.ApprovalBy(policy.RuleProxySensitive, dl.Recipient, by); approved {
			continue
		}
		if dl.Role == policy.ToProxy && sends(dl.Outcome) {
			errs = append(errs, fmt.Errorf("a message about sensitive service %q goes to proxy %s (%s) without a check with the individual", c.Message.Service, dl.Recipient, dl.Outcome))
		}
	}
	return errors.Join(errs...)
}

func checkContent(e *env, c *Case, d *policy.Decision) error {
	r := &c.Record
	subj := &minimise.Subject{Name: r.Name, BirthDate: r.BirthDate, Address: r.Address, Postcode: r.Postcode}
	var errs []error
	for _, dl := range d.Deliveries {
		if dl.Outcome != policy.Send {
			continue
		}
		ks := []channel.Kind{dl.Channel}
		for _, f := range dl.Fallbacks {
			if !f.Revise {
				ks = append(ks, f.Channel)
			}
		}
		for _, k := range ks {
			if err := e.contentOn(c, k, subj); err != nil {
				errs = append(errs, fmt.Errorf("delivery to %s is Send, and %w", dl.Recipient, err))
			}
		}
	}
	return errors.Join(errs...)
}

// contentOn reports the blocking content in the body c's message carries
// on channel k, where it would show there: a subject, or text that would
// show on a locked screen, is judged as on a channel not approved for
// confidential content (G22).
func (e *env) contentOn(c *Case, k channel.Kind, subj *minimise.Subject) error {
	b := c.Message.BodyFor(k)
	var errs []error
	check := func(text string, subject bool) {
		for _, f := range e.scanner.Scan(text, subj) {
			pl := channel.LockScreen
			if !subject {
				pl = k.Shows(text, f.Start, e.login.Has(k))
			}
			if sev := e.scanner.Severity(f, c.Message.Class, e.secure(k) && pl != channel.LockScreen); sev.Blocks() {
				errs = append(errs, fmt.Errorf("%s on %s (%s) is %s there", f, k, pl, sev))
			}
		}
	}
	check(b.Text, false)
	if b.Subject != "" {
		check(b.Subject, true)
	}
	if k == channel.SMS {
		if info := channel.CountSMS(b.Text); info.TooLong {
			errs = append(errs, fmt.Errorf("the body for sms is %d units, over %d", info.Units, channel.MaxSMSUnits))
		}
	}
	return errors.Join(errs...)
}

func checkAddresses(e *env, c *Case, d *policy.Decision) error {
	var errs []error
	for _, dl := range d.Deliveries {
		rc, ok := e.recipientOf(c, dl)
		if !ok {
			continue
		}
		check := func(k channel.Kind, addr, what string) {
			for _, ct := range rc.contacts {
				if ct.Kind != k || !ct.Status.Usable() {
					continue
				}
				if n, err := channel.NormalizeAddress(k, ct.Address, e.rules); err == nil && n == addr {
					switch st := e.addressState(c, rc, k, addr); {
					case !sends(dl.Outcome), st == contactOK:
					case st == contactFailed:
						errs = append(errs, fmt.Errorf("delivery to %s (%s) uses %s address %s, which an earlier attempt or an entry of the record found failed", dl.Recipient, dl.Outcome, what, channel.Mask(k, addr)))
					case st == contactNone:
						errs = append(errs, fmt.Errorf("delivery to %s (%s) uses %s address %s, which the record marks removed or is another person's NHS number", dl.Recipient, dl.Outcome, what, channel.Mask(k, addr)))
					}
					return
				}
			}
			errs = append(errs, fmt.Errorf("delivery to %s (%s) uses %s address %s for %s, which is not a usable normalised contact on the recipient's record", dl.Recipient, dl.Outcome, what, channel.Mask(k, addr), k))
		}
		if dl.Channel != 0 || dl.Address != "" {
			check(dl.Channel, dl.Address, "the")
		}
		for _, f := range dl.Fallbacks {
			check(f.Channel, f.Address, "fallback")
		}
	}
	return errors.Join(errs...)
}

func checkFresh(e *env, c *Case, d *policy.Decision) error {
	var errs []error
	for _, dl := range d.Deliveries {
		if !sends(dl.Outcome) || dl.Channel == channel.NHSApp || dl.Channel == 0 {
			continue
		}
		rc, ok := e.recipientOf(c, dl)
		if !ok {
			continue
		}
		ct, addr, st := e.contactFor(c, rc, dl.Channel)
		if st != contactOK || addr != dl.Address {
			continue // contact.address reports a mismatch
		}
		if !ct.Verified.IsZero() && c.Message.At.Sub(ct.Verified) <= e.maxAge {
			continue
		}
		found := false
		for _, o := range d.Obligations {
			found = found || (o.Code == policy.ConfirmContact && o.Recipient == dl.Recipient)
		}
		if !found {
			errs = append(errs, fmt.Errorf("delivery to %s by %s uses a contact last confirmed %s, with no confirm_contact obligation", dl.Recipient, dl.Channel, verifiedText(ct.Verified)))
		}
	}
	return errors.Join(errs...)
}

func verifiedText(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}

func checkWindow(e *env, c *Case, d *policy.Decision) error {
	m := &c.Message
	if m.Urgency >= policy.Urgent || m.At.IsZero() {
		return nil
	}
	var errs []error
	for _, dl := range d.Deliveries {
		if !sends(dl.Outcome) {
			continue
		}
		w, ok := e.windows[dl.Channel]
		if !ok {
			continue
		}
		at := m.At
		if !dl.NotBefore.IsZero() {
			if dl.NotBefore.Before(m.At) {
				errs = append(errs, fmt.Errorf("delivery to %s by %s has not_before %s, before the decision time", dl.Recipient, dl.Channel, dl.NotBefore.UTC().Format(time.RFC3339)))
				continue
			}
			at = dl.NotBefore
		}
		if !inWindow(w, at, e.holidays) {
			errs = append(errs, fmt.Errorf("a %s delivery to %s by %s goes at %s (London), outside the window %s–%s %s",
				m.Urgency, dl.Recipient, dl.Channel, at.UTC().Add(londonOffset(at)).Format("Mon 2006-01-02 15:04"), w.Start, w.End, w.Days))
		}
	}
	return errors.Join(errs...)
}

func checkPreferred(e *env, c *Case, d *policy.Decision) error {
	m, r := &c.Message, &c.Record
	if m.Urgency >= policy.Urgent || m.At.IsZero() || len(r.ContactTimes) == 0 || r.Validate() != nil {
		return nil
	}
	var errs []error
	for _, dl := range d.Deliveries {
		if !sends(dl.Outcome) || dl.Role != policy.ToPatient || dl.Channel == channel.Letter || neverMeets(e, r, dl.Channel) {
			continue
		}
		at := m.At
		if !dl.NotBefore.IsZero() {
			at = dl.NotBefore
		}
		if !preferredAt(r, at) && !givesWay(e, m, r, dl.Channel, at) {
			errs = append(errs, fmt.Errorf("a %s delivery to %s by %s goes at %s (London), outside every preferred contact time %v",
				m.Urgency, dl.Recipient, dl.Channel, at.UTC().Add(londonOffset(at)).Format("Mon 2006-01-02 15:04"), r.ContactTimes))
		}
	}
	return errors.Join(errs...)
}

// preferredAt reports whether t is inside one of the person's preferred
// contact times.
func preferredAt(r *policy.Record, t time.Time) bool {
	return slices.ContainsFunc(r.ContactTimes, func(ct policy.ContactTime) bool {
		return inWindow(policy.Window{Start: ct.Start, End: ct.End, Days: ct.Days}, t, nil)
	})
}

// givesWay reports whether waiting from at for a preferred contact time
// inside the org's window for k would take the message past its
// appointment: no such minute comes early enough for k to arrive in time
// (G8). It looks two weeks ahead at most.
func givesWay(e *env, m *policy.Message, r *policy.Record, k channel.Kind, at time.Time) bool {
	if m.AppointmentAt.IsZero() || !m.AppointmentAt.After(m.At) {
		return false
	}
	end := m.AppointmentAt.Add(-k.TypicalDelay())
	w, windowed := e.windows[k]
	for i, t := 0, at; i < 14*24*60 && !t.After(end); i, t = i+1, t.Add(time.Minute) {
		if preferredAt(r, t) && (!windowed || inWindow(w, t, e.holidays)) {
			return false
		}
	}
	return true
}

// neverMeets reports whether none of the person's preferred contact
// times ever overlaps the org's sending window for the channel: then the
// delivery goes in the window. Weekdays and every day always share days;
// a channel with no window meets every time.
func neverMeets(e *env, r *policy.Record, k channel.Kind) bool {
	w, ok := e.windows[k]
	if !ok {
		return false
	}
	return !slices.ContainsFunc(r.ContactTimes, func(ct policy.ContactTime) bool {
		return max(ct.Start, w.Start) < min(ct.End, w.End)
	})
}

// inWindow reports whether w is open at t: in its hours, London time, and
// for a weekday window not at a weekend or on one of the org's holidays.
func inWindow(w policy.Window, t time.Time, holidays map[channel.Date]bool) bool {
	local := t.UTC().Add(londonOffset(t))
	if w.Days == policy.Weekdays && (local.Weekday() == time.Saturday || local.Weekday() == time.Sunday || holidays[channel.DateOf(local)]) {
		return false
	}
	mins := policy.Clock(local.Hour()*60 + local.Minute())
	return mins >= w.Start && mins < w.End
}

func checkAdjustments(e *env, c *Case, d *policy.Decision) error {
	var errs []error
	for _, dl := range d.Deliveries {
		if dl.Role != policy.ToPatient || dl.Channel == 0 {
			continue
		}
		for _, n := range c.Record.Needs {
			if !slices.Contains(dl.Needs, n) {
				errs = append(errs, fmt.Errorf("the delivery to the patient by %s does not carry the recorded need %s", dl.Channel, n))
			}
		}
	}
	return errors.Join(errs...)
}

func checkRecordKeep(e *env, c *Case, d *policy.Decision) error {
	var errs []error
	for _, dl := range d.Deliveries {
		if !sends(dl.Outcome) {
			continue
		}
		found := false
		for _, o := range d.Obligations {
			found = found || (o.Code == policy.RecordInCareRecord && o.Recipient == dl.Recipient)
		}
		if !found {
			errs = append(errs, fmt.Errorf("delivery to %s (%s) has no record_in_care_record obligation", dl.Recipient, dl.Outcome))
		}
	}
	return errors.Join(errs...)
}

func checkHoldWho(e *env, c *Case, d *policy.Decision) error {
	var errs []error
	if d.Outcome == policy.Hold && len(d.Who) == 0 {
		errs = append(errs, errors.New("the decision is Hold but names nobody to decide"))
	}
	for _, w := range d.Who {
		if w == policy.Nobody {
			errs = append(errs, errors.New("the decision's who lists nobody"))
		}
	}
	for _, dl := range d.Deliveries {
		if dl.Outcome != policy.Hold {
			continue
		}
		if dl.Who == policy.Nobody {
			errs = append(errs, fmt.Errorf("the delivery to %s is Hold but names nobody to decide", dl.Recipient))
		} else if !slices.Contains(d.Who, dl.Who) {
			errs = append(errs, fmt.Errorf("the delivery to %s is held for %s, who is not in the decision's who", dl.Recipient, dl.Who))
		}
	}
	return errors.Join(errs...)
}

func checkCatalogue(e *env, c *Case, d *policy.Decision) error {
	var errs []error
	if len(d.Trail) == 0 {
		errs = append(errs, errors.New("the trail is empty"))
	}
	for i, s := range d.Trail {
		if _, ok := policy.Lookup(s.Rule); !ok {
			errs = append(errs, fmt.Errorf("trail[%d] names rule %q, which is not in the catalogue", i, s.Rule))
		}
		if _, err := s.Effect.MarshalText(); err != nil {
			errs = append(errs, fmt.Errorf("trail[%d] (%s) has an undefined effect %d", i, s.Rule, s.Effect))
		}
	}
	for i, o := range d.Obligations {
		if _, ok := policy.Lookup(o.Rule); !ok {
			errs = append(errs, fmt.Errorf("obligations[%d] names rule %q, which is not in the catalogue", i, o.Rule))
		}
		if _, err := o.Code.MarshalText(); err != nil {
			errs = append(errs, fmt.Errorf("obligations[%d] has an undefined code %d", i, o.Code))
		}
	}
	for i, f := range d.Findings {
		if _, ok := policy.Lookup(f.Rule); !ok {
			errs = append(errs, fmt.Errorf("findings[%d] names rule %q, which is not in the catalogue", i, f.Rule))
		}
	}
	return errors.Join(errs...)
}

func checkJSON(e *env, c *Case, d *policy.Decision) error {
	a, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("the decision does not encode as JSON: %v", err)
	}
	var back policy.Decision
	if err := json.Unmarshal(a, &back); err != nil {
		return fmt.Errorf("the decision's JSON does not decode: %v", err)
	}
	b, err := json.Marshal(back)
	if err != nil {
		return fmt.Errorf("the decoded decision does not encode: %v", err)
	}
	if !bytes.Equal(a, b) {
		return fmt.Errorf("the decision's JSON changes on a round trip:\nfirst:  %s\nsecond: %s", a, b)
	}
	return nil
}

// rank orders outcomes from most to least permissive; an unset outcome
// counts as Refuse.
func rank(o policy.Outcome) int {
	switch o {
	case policy.Send:
		return 0
	case policy.Revise:
		return 1
	case policy.Hold:
		return 2
	}
	return 3
}

// allowedChannels returns, per recipient, the channels a decision allowed
// to go without an override: the chosen channel of a Send or Revise
// delivery and its fallbacks.
func allowedChannels(d *policy.Decision) map[string]channel.Set {
	out := map[string]channel.Set{}
	for _, dl := range d.Deliveries {
		if sends(dl.Outcome) {
			out[dl.Recipient] = out[dl.Recipient].Add(dl.Channel)
			for _, f := range dl.Fallbacks {
				if !f.Revise { // a fallback to revise cannot carry the body as drafted
					out[dl.Recipient] = out[dl.Recipient].Add(f.Channel)
				}
			}
		}
	}
	return out
}

// extraObjections are the objections the monotonicity check adds, one at
// a time: an objection to each channel a delivery or fallback uses (so
// that primary_method_failed, G14.5, may come to fit), one to every
// electronic channel for serious harm, and one to the message's service.
func extraObjections(c *Case, d *policy.Decision) []objection.Objection {
	at := c.Message.At.Add(-24 * time.Hour)
	var out []objection.Objection
	var seen channel.Set
	for _, dl := range d.Deliveries {
		for _, k := range channels(dl) {
			if k.Valid() && !seen.Has(k) {
				seen = seen.Add(k)
				out = append(out, objection.Objection{Scope: objection.ScopeChannel, Channel: k, Reason: "Not by this channel, please.", RecordedAt: at, RecordedBy: "staff-0001"})
			}
		}
	}
	out = append(out, objection.Objection{Scope: objection.ScopeElectronic, Reason: "My ex-partner can read my phone.", RecordedAt: at, RecordedBy: "staff-0001", SeriousHarm: true})
	if c.Message.Service != "" {
		out = append(out, objection.Objection{Scope: objection.ScopeService, Service: c.Message.Service, RecordedAt: at, RecordedBy: "staff-0001"})
	}
	return out
}

func checkMonotoneObjections(e *env, c *Case, d *policy.Decision) error {
	before := outcomes(d)
	allowed := allowedChannels(d)
	edited := map[string]channel.Kind{} // a Revise delivery's channel, by recipient
	for _, dl := range d.Deliveries {
		if dl.Outcome == policy.Revise {
			edited[dl.Recipient] = dl.Channel
		}
	}
	var errs []error
	for _, o := range extraObjections(c, d) {
		r := cloneRecord(c.Record)
		r.Objections = append(r.Objections, o)
		d2, err := e.decide(cloneMessage(c.Message), r)
		if err != nil {
			return err
		}
		for _, dl := range d2.Deliveries {
			was, ok := before[dl.Recipient]
			if !ok {
				errs = append(errs, fmt.Errorf("after adding %v, a delivery to %s appears (%s)", o, dl.Recipient, dl.Outcome))
				continue
			}
			// An override is used only when needed (G13): while a channel
			// free of objections could carry an edited body, the edit came
			// first; once the new objection covers that channel too, the
			// override goes, as drafted, by the channel it was made for.
			overridden := dl.Outcome == policy.Send && was == policy.Revise && dl.Override != nil &&
				o.Covers(edited[dl.Recipient], c.Message.Service)
			if rank(dl.Outcome) < rank(was) && !overridden {
				errs = append(errs, fmt.Errorf("after adding %v, the delivery to %s goes further: %s, was %s", o, dl.Recipient, dl.Outcome, was))
			}
			if dl.Outcome == policy.Send && dl.Override == nil && !allowed[dl.Recipient].Has(dl.Channel) {
				errs = append(errs, fmt.Errorf("after adding %v, the delivery to %s uses %s, which was not allowed before", o, dl.Recipient, dl.Channel))
			}
		}
	}
	return errors.Join(errs...)
}

// outcomes maps each recipient to the most permissive outcome of its
// deliveries.
func outcomes(d *policy.Decision) map[string]policy.Outcome {
	out := map[string]policy.Outcome{}
	for _, dl := range d.Deliveries {
		if was, ok := out[dl.Recipient]; !ok || rank(dl.Outcome) < rank(was) {
			out[dl.Recipient] = dl.Outcome
		}
	}
	return out
}

func checkMonotoneProxies(e *env, c *Case, d *policy.Decision) error {
	if len(c.Record.Proxies) == 0 || !valid(c) {
		return nil // removing a malformed proxy may mend the record
	}
	before := outcomes(d)
	r := &c.Record
	pt := proxy.Patient{BirthDate: r.BirthDate, Capacity: r.Capacity}
	on := londonDate(c.Message.At)
	var errs []error
	for i := range r.Proxies {
		r2 := cloneRecord(*r)
		removed := r2.Proxies[i]
		r2.Proxies = slices.Delete(r2.Proxies, i, i+1)
		d2, err := e.decide(cloneMessage(c.Message), r2)
		if err != nil {
			return err
		}
		instead := proxy.Check(&removed, pt, on).Valid && !proxy.Recipients(r.Proxies, pt, on).PatientReceives()
		for _, dl := range d2.Deliveries {
			was, ok := before[dl.Recipient]
			if dl.Role == policy.ToPatient && instead {
				continue // the patient receives their own messages again (G18)
			}
			if !ok && sends(dl.Outcome) {
				errs = append(errs, fmt.Errorf("after removing proxy %s, a delivery to %s appears (%s)", removed.ID, dl.Recipient, dl.Outcome))
			} else if ok && rank(dl.Outcome) < rank(was) {
				errs = append(errs, fmt.Errorf("after removing proxy %s, the delivery to %s goes further: %s, was %s", removed.ID, dl.Recipient, dl.Outcome, was))
			}
		}
	}
	return errors.Join(errs...)
}

// summary describes a decision's outcome and deliveries in one line.
func summary(d *policy.Decision) string {
	var b strings.Builder
	b.WriteString(d.Outcome.String())
	for _, dl := range d.Deliveries {
		fmt.Fprintf(&b, "; %s %s %s", dl.Recipient, dl.Outcome, channelName(dl.Channel))
	}
	return b.String()
}

func channelName(k channel.Kind) string {
	if !k.Valid() {
		return "-"
	}
	return k.String()
}
