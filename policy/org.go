package policy

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"golang.org/x/text/language"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
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
	useCases     [numClasses]channel.Set
	windows      [numKinds]Window
	hasWindow    channel.Set
	holidays     []int64 // Config.Holidays as sorted days since 1970-01-01
	sensitive    proxy.Services
	scanner      *minimise.Scanner
	languages    []language.Tag
	langNames    []string
	rewriteOrg   minimise.Org
	details      [][4]string // trail details by finding kind and severity
	matcher      language.Matcher
	maxAge       time.Duration
	threshold    int
	rules        channel.AddressRules
}

const (
	numClasses = 16
	numKinds   = 6
)

// Default is the Org for DefaultConfig: the guidance's defaults. Decide
// uses it.
var Default = mustNew(DefaultConfig())

func mustNew(c Config) *Org {
	o, err := New(c)
	if err != nil {
		panic(err) // DefaultConfig is valid; a test checks it.
	}
	return o
}

// Decide decides a message with the guidance's defaults. It is
// Default.Decide(m, r).
func Decide(m Message, r Record) Decision { return Default.decide(&m, &r, nil) }

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
	return c
}

// New validates an org's configuration and prepares it for deciding. The
// error names every problem found, joined, and wraps ErrConfig: for
// example approving a channel with no log-in for confidential content, a
// platform without a recorded DPIA (G35), or an SMS sender id that breaks
// P5.
func New(c Config) (*Org, error) {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("policy: config: "+format, args...))
	}
	c = cloneConfig(c)
	o := &Org{cfg: c}
	if blank(c.Name) {
		bad("name is empty: set the org's name, used in suggested rewrites")
	}
	if len(c.Platforms) == 0 {
		bad("platforms is empty: approve at least one channel (G3)")
	}
	for i, p := range c.Platforms {
		switch {
		case !p.Channel.Valid():
			bad("platforms[%d].channel is unset: set nhs_app, email, sms, messaging_app or letter", i)
			continue
		case o.approved.Has(p.Channel):
			bad("platforms[%d]: %s is approved twice: keep one entry per channel", i, p.Channel)
		}
		if !p.DPIA {
			bad("platforms[%d] (%s): no DPIA recorded: complete a DPIA before adopting a platform (G35)", i, p.Channel)
		}
		if p.Confidential && !p.LogIn && p.Channel != channel.Letter {
			bad("platforms[%d] (%s): approved for confidential content without a log-in: only platforms that need a log-in or password may carry it (G6)", i, p.Channel)
		}
		if p.Confidential && p.Channel.LockScreen() && p.Channel != channel.Email {
			bad("platforms[%d] (%s): content shows on locked screens, so it cannot be approved for confidential content (G6, G22)", i, p.Channel)
		}
		o.approved = o.approved.Add(p.Channel)
		if p.Confidential {
			o.confidential = o.confidential.Add(p.Channel)
		}
		if p.LogIn {
			o.login = o.login.Add(p.Channel)
		}
	}
	o.order = c.Order
	if len(o.order) == 0 {
		o.order = channel.Kinds()
	}
	var seen channel.Set
	for i, k := range o.order {
		if !k.Valid() {
			bad("order[%d] is unset: list channel kinds", i)
		} else if seen.Has(k) {
			bad("order[%d]: %s is listed twice", i, k)
		}
		seen = seen.Add(k)
	}
	if o.approved.Has(channel.NHSApp) && len(o.order) > 0 && o.order[0] != channel.NHSApp {
		bad("order: the NHS App is approved but not first: providers prioritise the NHS App (G4)")
	}
	for _, k := range o.approved.Kinds() {
		if !seen.Has(k) {
			o.order = append(slices.Clip(o.order), k)
		}
	}
	useCases := c.UseCases
	if useCases == nil {
		useCases = DefaultUseCases()
	}
	for i := range o.useCases {
		o.useCases[i] = channel.AllKinds
	}
	var classSeen [numClasses]bool
	for i, u := range useCases {
		if !u.Class.Valid() {
			bad("use_cases[%d].class is unset: name a content class", i)
			continue
		}
		if classSeen[u.Class] {
			bad("use_cases[%d]: class %s is listed twice", i, u.Class)
		}
		classSeen[u.Class] = true
		var s channel.Set
		for j, k := range u.Channels {
			if !k.Valid() {
				bad("use_cases[%d].channels[%d] is unset", i, j)
			}
			s = s.Add(k)
		}
		if u.Class.Confidential() {
			for _, k := range s.Kinds() {
				if o.approved.Has(k) && !o.confidential.Has(k) && k.LockScreen() && k != channel.Email {
					bad("use_cases[%d]: %s content by %s, which shows on locked screens and is not approved for confidential content (G5, G6)", i, u.Class, k)
				}
			}
		}
		o.useCases[u.Class] = s
	}
	windows := c.Windows
	if windows == nil {
		windows = DefaultWindows()
	}
	for i, w := range windows {
		if !w.Channel.Valid() {
			bad("windows[%d].channel is unset", i)
			continue
		}
		if w.Start < 0 || w.End > 24*60 || w.Start >= w.End {
			bad("windows[%d] (%s): start %s must be before end %s", i, w.Channel, w.Start, w.End)
			continue
		}
		if o.hasWindow.Has(w.Channel) {
			bad("windows[%d]: %s has two windows", i, w.Channel)
		}
		o.windows[w.Channel] = w
		o.hasWindow = o.hasWindow.Add(w.Channel)
	}
	for i, h := range c.Holidays {
		if !h.Valid() {
			bad("holidays[%d] is not a calendar date: use YYYY-MM-DD", i)
			continue
		}
		o.holidays = append(o.holidays, daysFromCivil(h.Year, int(h.Month), h.Day))
	}
	slices.Sort(o.holidays)
	o.holidays = slices.Compact(o.holidays)
	services := c.SensitiveServices
	if services == nil {
		services = proxy.DefaultSensitiveServices()
	}
	var err error
	if o.sensitive, err = proxy.NewServices(services...); err != nil {
		bad("sensitive_services: %v", err)
	}
	langs := c.Languages
	if len(langs) == 0 {
		langs = []string{"en-GB"}
	}
	for i, l := range langs {
		t, err := language.Parse(l)
		if err != nil {
			bad("languages[%d]: %q is not a BCP 47 tag such as \"en-GB\"", i, clip(l))
			continue
		}
		o.languages = append(o.languages, t)
		o.langNames = append(o.langNames, t.String())
	}
	if len(o.languages) > 0 {
		o.matcher = language.NewMatcher(o.languages)
	}
	if c.SenderID != "" {
		if err := channel.ValidateSenderID(c.SenderID); err != nil {
			bad("sender_id: %v (P5)", err)
		}
	}
	o.maxAge = time.Duration(c.ContactMaxAge)
	if o.maxAge == 0 {
		o.maxAge = defaultContactMaxAge
	}
	o.threshold = c.WaitingListThreshold
	if o.threshold < 0 {
		bad("waiting_list_threshold is negative")
	} else if o.threshold == 0 {
		o.threshold = defaultWaitingListThreshold
	}
	o.rules = channel.AddressRules{AllowInternational: c.AllowInternational}
	o.scanner, err = minimise.New(minimise.Config{
		AllowedDomains: c.LinkDomains,
		AddTerms:       c.AddTerms,
		RemoveTerms:    c.RemoveTerms,
	})
	if err != nil {
		bad("content scanner: %v", err)
	}

	o.details = make([][4]string, len(findingRules))
	for k := range o.details {
		for sev := range o.details[k] {
			o.details[k][sev] = "finding: " + minimise.Kind(k).String() + " (" + minimise.Severity(sev).String() + ")"
		}
	}
	o.rewriteOrg = minimise.Org{Name: c.Name, Phone: c.Phone, Website: c.Website}
	if len(errs) > 0 {
		return nil, fmt.Errorf("%w:\n%w", ErrConfig, errors.Join(errs...))
	}
	return o, nil
}

// findingDetail is the trail detail for a finding, built once in New.
func (o *Org) findingDetail(k minimise.Kind, sev minimise.Severity) string {
	if int(k) < len(o.details) && int(sev) < 4 {
		return o.details[k][sev]
	}
	return "finding: " + k.String() + " (" + sev.String() + ")"
}
