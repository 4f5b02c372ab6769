package policytest

import (
	"slices"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

// cloneMessage returns a deep copy of m.
func cloneMessage(m policy.Message) policy.Message {
	if m.Group != nil {
		g := *m.Group
		m.Group = &g
	}
	if m.Override != nil {
		o := *m.Override
		m.Override = &o
	}
	m.Attempts = slices.Clone(m.Attempts)
	m.Approvals = slices.Clone(m.Approvals)
	m.Bodies = slices.Clone(m.Bodies)
	return m
}

// cloneRecord returns a deep copy of r.
func cloneRecord(r policy.Record) policy.Record {
	r.Contacts = slices.Clone(r.Contacts)
	r.Preferences = slices.Clone(r.Preferences)
	r.Objections = slices.Clone(r.Objections)
	r.Needs = slices.Clone(r.Needs)
	r.ContactTimes = slices.Clone(r.ContactTimes)
	if r.Proxies != nil {
		ps := make([]proxy.Proxy, len(r.Proxies))
		for i, p := range r.Proxies {
			p.Contacts = slices.Clone(p.Contacts)
			p.Preferences = slices.Clone(p.Preferences)
			p.Access = slices.Clone(p.Access) // keeps nil (unrestricted) apart from empty (nothing)
			ps[i] = p
		}
		r.Proxies = ps
	}
	return r
}

func cloneCase(c Case) Case {
	return Case{Message: cloneMessage(c.Message), Record: cloneRecord(c.Record)}
}

// shrinks returns smaller variants of c, biggest cuts first: whole lists
// emptied, then single elements removed, then optional fields cleared and
// the body shortened. Each variant is a fresh deep copy.
func shrinks(c Case) []Case {
	var out []Case
	add := func(f func(*Case)) {
		v := cloneCase(c)
		f(&v)
		out = append(out, v)
	}
	emptyLists(c, add)
	dropElements(c, add)
	shrinkProxies(c, add)
	clearFields(c, add)
	return out
}

// emptyLists calls add with a change emptying each of c's lists that has
// elements, and clearing the message's override and group.
func emptyLists(c Case, add func(func(*Case))) {
	m, r := &c.Message, &c.Record
	if len(r.Proxies) > 0 {
		add(func(v *Case) { v.Record.Proxies = nil })
	}
	if len(r.Objections) > 0 {
		add(func(v *Case) { v.Record.Objections = nil })
	}
	if len(r.Contacts) > 0 {
		add(func(v *Case) { v.Record.Contacts = nil })
	}
	if len(m.Attempts) > 0 {
		add(func(v *Case) { v.Message.Attempts = nil })
	}
	if len(r.Preferences) > 0 {
		add(func(v *Case) { v.Record.Preferences = nil })
	}
	if len(r.Needs) > 0 {
		add(func(v *Case) { v.Record.Needs = nil })
	}
	if len(r.ContactTimes) > 0 {
		add(func(v *Case) { v.Record.ContactTimes = nil })
	}
	if m.Override != nil {
		add(func(v *Case) { v.Message.Override = nil })
	}
	if m.Group != nil {
		add(func(v *Case) { v.Message.Group = nil })
	}
}

// dropElements calls add with a change removing each single element of
// each of c's lists.
func dropElements(c Case, add func(func(*Case))) {
	m, r := &c.Message, &c.Record
	for i := range r.Proxies {
		add(func(v *Case) { v.Record.Proxies = slices.Delete(v.Record.Proxies, i, i+1) })
	}
	for i := range r.Objections {
		add(func(v *Case) { v.Record.Objections = slices.Delete(v.Record.Objections, i, i+1) })
	}
	for i := range r.Contacts {
		add(func(v *Case) { v.Record.Contacts = slices.Delete(v.Record.Contacts, i, i+1) })
	}
	for i := range m.Attempts {
		add(func(v *Case) { v.Message.Attempts = slices.Delete(v.Message.Attempts, i, i+1) })
	}
	for i := range r.Preferences {
		add(func(v *Case) { v.Record.Preferences = slices.Delete(v.Record.Preferences, i, i+1) })
	}
	for i := range r.Needs {
		add(func(v *Case) { v.Record.Needs = slices.Delete(v.Record.Needs, i, i+1) })
	}
	for i := range r.ContactTimes {
		add(func(v *Case) { v.Record.ContactTimes = slices.Delete(v.Record.ContactTimes, i, i+1) })
	}
}

// shrinkProxies calls add with changes to each of c's proxies: its
// contacts emptied, each contact removed, its preferences emptied, each
// access level removed (never the list itself: an empty list allows
// nothing, a nil one everything), and its name, relationship and language
// cleared.
func shrinkProxies(c Case, add func(func(*Case))) {
	for i, p := range c.Record.Proxies {
		if len(p.Contacts) > 0 {
			add(func(v *Case) { v.Record.Proxies[i].Contacts = nil })
		}
		for j := range p.Contacts {
			add(func(v *Case) {
				v.Record.Proxies[i].Contacts = slices.Delete(v.Record.Proxies[i].Contacts, j, j+1)
			})
		}
		if len(p.Preferences) > 0 {
			add(func(v *Case) { v.Record.Proxies[i].Preferences = nil })
		}
		for j := range p.Access {
			add(func(v *Case) {
				v.Record.Proxies[i].Access = slices.Delete(v.Record.Proxies[i].Access, j, j+1)
			})
		}
		if p.Name != "" || p.Relationship != "" || p.Language != "" {
			add(func(v *Case) {
				v.Record.Proxies[i].Name, v.Record.Proxies[i].Relationship, v.Record.Proxies[i].Language = "", "", ""
			})
		}
	}
}

// clearFields calls add with changes shortening c's body, clearing its
// optional fields and lowering its urgency.
func clearFields(c Case, add func(func(*Case))) {
	m, r := &c.Message, &c.Record
	if len(m.Body) > 16 {
		add(func(v *Case) { v.Message.Body = v.Message.Body[:len(v.Message.Body)/2] })
		add(func(v *Case) { v.Message.Body = v.Message.Body[len(v.Message.Body)/2:] })
	}
	if m.Body != "" && m.Body != "Hello." {
		add(func(v *Case) { v.Message.Body = "Hello." })
	}
	if r.Name != "" || r.Address != "" || r.Postcode != "" {
		add(func(v *Case) { v.Record.Name, v.Record.Address, v.Record.Postcode = "", "", "" })
	}
	if r.Language != "" {
		add(func(v *Case) { v.Record.Language = "" })
	}
	if r.NHSNumber != "" {
		add(func(v *Case) { v.Record.NHSNumber = "" })
	}
	if m.Service != "" {
		add(func(v *Case) { v.Message.Service = "" })
	}
	if !m.AppointmentAt.IsZero() {
		add(func(v *Case) { v.Message.AppointmentAt = time.Time{} })
	}
	if m.Staff.Name != "" || m.Staff.Role != "" {
		add(func(v *Case) { v.Message.Staff.Name, v.Message.Staff.Role = "", "" })
	}
	if r.Vulnerable {
		add(func(v *Case) { v.Record.Vulnerable = false })
	}
	if m.Urgency != policy.Routine && m.Urgency <= policy.Emergency {
		add(func(v *Case) { v.Message.Urgency-- })
	}
	if !r.BirthDate.IsZero() {
		add(func(v *Case) { v.Record.BirthDate = channel.Date{} })
	}
}
