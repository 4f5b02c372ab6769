package policy

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"golang.org/x/text/language"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/proxy"
)

// ErrConfig is wrapped by every error New returns.
var ErrConfig = errors.New("policy: invalid configuration")

// Org is an org's validated configuration, prepared for deciding: channel
// sets, the content scanner and the language matcher are built once. An
// Org is immutable and safe for concurrent use.
type Org struct {
	cfg          Config
	approved     channel.Set
	confidential channel.Set
	login        channel.Set
	order        []channel.Kind
	orderTab     orderTable // order as decider.channelOrder reads it, made once (see Org.channelOrder)
	useCases     [numClasses]channel.Set
	windows      [numKinds]Window
	hasWindow    channel.Set
	holidays     []int64 // Config.Holidays as sorted days since 1970-01-01
	sensitive    proxy.Services
	scanner      *minimise.Scanner
	languages    []language.Tag
	langNames    []string
	rewriteOrg   minimise.Org
	details      [][4]string                                      // trail details by finding kind and severity
	proxyDetails [proxy.Consent + 1][proxy.Instead + 1]string     // by authority and mode (see proxyDetail)
	ovDetails    [objection.GroundOther + 1][TheSender + 1]string // by ground and role (see overrideDetail)
	matcher      language.Matcher
	maxAge       time.Duration
	threshold    int
	waits        [numKinds][2]Duration // fallback waits by channel: routine, time-sensitive or more urgent (P3)
	rules        channel.AddressRules
}

const (
	numClasses = 16
	numKinds   = 6
)

// Default returns the Org for DefaultConfig: the guidance's defaults.
// Decide uses it. It is built once, on first use, and shared (an Org is
// immutable), so importing the package does not build it; after the first
// call, Default is an atomic load.
func Default() *Org { return defaultOrg() }

// defaultOrg builds Default's Org the first time it is called.
var defaultOrg = sync.OnceValue(func() *Org { return mustNew(DefaultConfig()) })

func mustNew(c Config) *Org {
	o, err := New(c)
	if err != nil {
		panic(err) // DefaultConfig is valid; a test checks it.
	}
	return o
}

// Decide decides a message with the guidance's defaults. It is
// Default().Decide(m, r).
func Decide(m Message, r Record) Decision { return Default().decide(&m, &r, nil) }

// Config returns a copy of the configuration the Org was built from.
func (o *Org) Config() Config { return cloneConfig(o.cfg) }

// cloneConfig copies c and every slice it holds, so that an Org never
// shares memory with its caller.
func cloneConfig(c Config) Config {
	c.Platforms = slices.Clone(c.Platforms)
	c.Order = slices.Clone(c.Order)
	c.UseCases = slices.Clone(c.UseCases)
	for i := range c.UseCases {
		c.UseCases[i].Channels = slices.Clone(c.UseCases[i].Channels)
	}
	c.SensitiveServices = slices.Clone(c.SensitiveServices)
	c.LinkDomains = slices.Clone(c.LinkDomains)
	c.Languages = slices.Clone(c.Languages)
	c.Windows = slices.Clone(c.Windows)
	c.Holidays = slices.Clone(c.Holidays)
	c.AddTerms = slices.Clone(c.AddTerms)
	c.RemoveTerms = slices.Clone(c.RemoveTerms)
	c.Severities = slices.Clone(c.Severities)
	c.FallbackWaits = slices.Clone(c.FallbackWaits)
	return c
}

// New validates an org's configuration and prepares it for deciding. The
// error names every problem found, each a *[FieldError] with the
// configuration field's path, joined, and wraps [ErrConfig]: for example
// approving a channel with no log-in for confidential content, a platform
// without a recorded DPIA (G35), or an SMS sender id that breaks P5.
func New(c Config) (*Org, error) {
	c = cloneConfig(c)
	o := &Org{cfg: c}
	p := &problems{base: ErrConfig}
	if blank(c.Name) {
		p.add("name", "is empty: set the org's name, used in suggested rewrites")
	}
	o.platforms(p)
	o.channelOrder(p)
	o.setUseCases(p)
	o.setWindows(p)
	o.setServicesAndLanguages(p)
	o.setLimits(p)
	o.setWaits(p)
	o.setScanner(p)
	o.setStepDetails()
	if len(p.list) > 0 {
		return nil, fmt.Errorf("%w:\n%w", ErrConfig, p.join())
	}
	return o, nil
}

// platforms checks the approved platforms (G3, G6, G35).
func (o *Org) platforms(p *problems) {
	if len(o.cfg.Platforms) == 0 {
		p.add("platforms", "is empty: approve at least one channel (G3)")
	}
	for i, pl := range o.cfg.Platforms {
		at := "platforms[" + strconv.Itoa(i) + "]"
		switch {
		case !pl.Channel.Valid():
			p.add(at+".channel", "is unset: set nhs_app, email, sms, messaging_app or letter")
			continue
		case o.approved.Has(pl.Channel):
			p.add(at+".channel", pl.Channel.String()+" is approved twice: keep one entry per channel")
		}
		if !pl.DPIA {
			p.add(at+".dpia", "is false: no DPIA recorded for "+pl.Channel.String()+": complete a DPIA before adopting a platform (G35)")
		}
		if pl.Confidential && !pl.LogIn && pl.Channel != channel.Letter {
			p.add(at+".confidential", pl.Channel.String()+" is approved for confidential content without a log-in: only platforms that need a log-in or password may carry it (G6)")
		}
		if pl.Confidential && pl.Channel.LockScreen() && pl.Channel != channel.Email {
			p.add(at+".confidential", pl.Channel.String()+" content shows on locked screens, so it cannot be approved for confidential content (G6, G22)")
		}
		o.approved = o.approved.Add(pl.Channel)
		if pl.Confidential {
			o.confidential = o.confidential.Add(pl.Channel)
		}
		if pl.LogIn {
			o.login = o.login.Add(pl.Channel)
		}
	}
}

// channelOrder checks the org's default order, with the NHS App first
// (G4), and appends approved channels it leaves out.
func (o *Org) channelOrder(p *problems) {
	o.order = o.cfg.Order
	if len(o.order) == 0 {
		o.order = channel.Kinds()
	}
	var seen channel.Set
	for i, k := range o.order {
		if !k.Valid() {
			p.add("order["+strconv.Itoa(i)+"]", "is unset: list channel kinds")
		} else if seen.Has(k) {
			p.add("order["+strconv.Itoa(i)+"]", k.String()+" is listed twice")
		}
		seen = seen.Add(k)
	}
	if o.approved.Has(channel.NHSApp) && len(o.order) > 0 && o.order[0] != channel.NHSApp {
		p.add("order", "the NHS App is approved but not first: providers prioritise the NHS App (G4)")
	}
	for _, k := range o.approved.Kinds() {
		if !seen.Has(k) {
			o.order = append(slices.Clip(o.order), k)
		}
	}
	o.orderTab = orderTable{}
	for _, k := range o.order {
		o.orderTab.push(k)
	}
}

// setUseCases checks the org's acceptable use cases (G5, G6).
func (o *Org) setUseCases(p *problems) {
	useCases := o.cfg.UseCases
	if useCases == nil {
		useCases = DefaultUseCases()
	}
	for i := range o.useCases {
		o.useCases[i] = channel.AllKinds
	}
	var classSeen [numClasses]bool
	for i, u := range useCases {
		at := "use_cases[" + strconv.Itoa(i) + "]"
		if !u.Class.Valid() {
			p.add(at+".class", "is unset: name a content class")
			continue
		}
		if classSeen[u.Class] {
			p.add(at+".class", u.Class.String()+" is listed twice")
		}
		classSeen[u.Class] = true
		var s channel.Set
		for j, k := range u.Channels {
			if !k.Valid() {
				p.add(at+".channels["+strconv.Itoa(j)+"]", "is unset")
			}
			s = s.Add(k)
		}
		if u.Class.Confidential() {
			for _, k := range s.Kinds() {
				if o.approved.Has(k) && !o.confidential.Has(k) && k.LockScreen() && k != channel.Email {
					p.add(at+".channels", u.Class.String()+" content by "+k.String()+", which shows on locked screens and is not approved for confidential content (G5, G6)")
				}
			}
		}
		o.useCases[u.Class] = s
	}
}

// setWindows checks the sending windows (P2) and the holidays they skip.
func (o *Org) setWindows(p *problems) {
	windows := o.cfg.Windows
	if windows == nil {
		windows = DefaultWindows()
	}
	for i, w := range windows {
		at := "windows[" + strconv.Itoa(i) + "]"
		if !w.Channel.Valid() {
			p.add(at+".channel", "is unset")
			continue
		}
		if w.Start < 0 || w.End > 24*60 || w.Start >= w.End {
			p.add(at, w.Channel.String()+": start "+w.Start.String()+" must be before end "+w.End.String())
			continue
		}
		if o.hasWindow.Has(w.Channel) {
			p.add(at+".channel", w.Channel.String()+" has two windows")
		}
		o.windows[w.Channel] = w
		o.hasWindow = o.hasWindow.Add(w.Channel)
	}
	for i, h := range o.cfg.Holidays {
		if !h.Valid() {
			p.add("holidays["+strconv.Itoa(i)+"]", "is not a calendar date: use YYYY-MM-DD")
			continue
		}
		o.holidays = append(o.holidays, daysFromCivil(h.Year, int(h.Month), h.Day))
	}
	slices.Sort(o.holidays)
	o.holidays = slices.Compact(o.holidays)
}

// setServicesAndLanguages checks the sensitive services (G21) and the
// languages the org can send in (G33).
func (o *Org) setServicesAndLanguages(p *problems) {
	services := o.cfg.SensitiveServices
	if services == nil {
		services = proxy.DefaultSensitiveServices()
	}
	var err error
	if o.sensitive, err = proxy.NewServices(services...); err != nil {
		p.nest("sensitive_services", err, "")
	}
	langs := o.cfg.Languages
	if len(langs) == 0 {
		langs = []string{"en-GB"}
	}
	for i, l := range langs {
		t, err := language.Parse(l)
		if err != nil {
			p.add("languages["+strconv.Itoa(i)+"]", strconv.Quote(clip(l))+" is not a BCP 47 tag such as \"en-GB\"")
			continue
		}
		o.languages = append(o.languages, t)
		o.langNames = append(o.langNames, t.String())
	}
	if len(o.languages) > 0 {
		o.matcher = language.NewMatcher(o.languages)
	}
}

// setLimits checks the sender id (P5), the contact freshness limit (G30)
// and the waiting-list threshold (G14.2).
func (o *Org) setLimits(p *problems) {
	c := &o.cfg
	if c.SenderID != "" {
		if err := channel.ValidateSenderID(c.SenderID); err != nil {
			p.nest("sender_id", err, "")
		}
	}
	o.maxAge = time.Duration(c.ContactMaxAge)
	if o.maxAge == 0 {
		o.maxAge = defaultContactMaxAge
	}
	o.threshold = c.WaitingListThreshold
	if o.threshold < 0 {
		p.add("waiting_list_threshold", "is negative: set a group size, or 0 for the default")
	} else if o.threshold == 0 {
		o.threshold = defaultWaitingListThreshold
	}
	o.rules = channel.AddressRules{AllowInternational: c.AllowInternational}
}

// setScanner builds the content scanner for the org's link domains and
// terms, and the trail's finding details.
func (o *Org) setScanner(p *problems) {
	c := &o.cfg
	var err error
	o.scanner, err = minimise.New(minimise.Config{
		AllowedDomains: c.LinkDomains,
		AddTerms:       c.AddTerms,
		RemoveTerms:    c.RemoveTerms,
		Severities:     c.Severities,
	})
	if err != nil {
		p.nest("content_scanner", err, "")
	}
	o.details = make([][4]string, len(findingRules))
	for k := range o.details {
		for sev := range o.details[k] {
			o.details[k][sev] = "finding: " + minimise.Kind(k).String() + " (" + minimise.Severity(sev).String() + ")"
		}
	}
	o.rewriteOrg = minimise.Org{Name: c.Name, Phone: c.Phone, Website: c.Website}
}

// findingDetail is the trail detail for a finding, built once in New.
func (o *Org) findingDetail(k minimise.Kind, sev minimise.Severity) string {
	if int(k) < len(o.details) && int(sev) < 4 {
		return o.details[k][sev]
	}
	return "finding: " + k.String() + " (" + sev.String() + ")"
}

// setStepDetails makes the details of the steps accepting a valid proxy,
// for each authority and mode, and overriding an objection, for each
// ground and role, so a decision does not concatenate them.
func (o *Org) setStepDetails() {
	for a := range o.proxyDetails {
		for m := range o.proxyDetails[a] {
			o.proxyDetails[a][m] = proxyDetailText(proxy.Authority(a), proxy.Mode(m))
		}
	}
	for g := range o.ovDetails {
		for r := range o.ovDetails[g] {
			o.ovDetails[g][r] = overrideDetailText(objection.Ground(g), Role(r))
		}
	}
}

// proxyDetail is proxyDetailText(a, m), made by New for the valid values.
// Performance: it spared the realistic decision about 600 instructions
// and an allocation.
func (o *Org) proxyDetail(a proxy.Authority, m proxy.Mode) string {
	if a.Valid() && m.Valid() && int(a) < len(o.proxyDetails) {
		return o.proxyDetails[a][m]
	}
	return proxyDetailText(a, m)
}

// proxyDetailText is the detail of the step accepting a valid proxy with
// authority a, who receives the message by mode m.
func proxyDetailText(a proxy.Authority, m proxy.Mode) string {
	return "valid proxy: " + a.String() + ", confirmed by a note in the record; receives " + m.String()
}
