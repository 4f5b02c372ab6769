package policy

import (
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
)

// Config is an org's own messaging configuration: what it approved, for
// which content, in which order, and its limits. Start from DefaultConfig
// and change what differs; New validates it once.
type Config struct {
	// Name is the org's name, used in suggested rewrites.
	Name string `json:"name"`
	// Phone and Website are the org's contact details for rewrites such as
	// "Your test results are ready. Please call ...".
	Phone   string `json:"phone,omitempty"`
	Website string `json:"website,omitempty"`
	// Platforms are the apps, services and platforms the org approved (G3, G35).
	Platforms []Platform `json:"platforms"`
	// Order is the org's default order of channels; the NHS App must come
	// first when it is approved (G4). Empty means the order of channel.Kinds.
	Order []channel.Kind `json:"order,omitempty"`
	// UseCases say which content classes may go by which channels (G5).
	// Nil means DefaultUseCases; a class with no entry may go by any
	// approved channel that suits its confidentiality.
	UseCases []UseCase `json:"use_cases,omitempty"`
	// SensitiveServices are the service codes the org treats as sensitive
	// (G21). Nil means proxy.DefaultSensitiveServices.
	SensitiveServices []string `json:"sensitive_services,omitempty"`
	// LinkDomains are the org's own domains that links may point to; nhs.uk
	// is always allowed (P6).
	LinkDomains []string `json:"link_domains,omitempty"`
	// Languages the org can send in, as BCP 47 tags; the first is the
	// default. Nil means ["en-GB"].
	Languages []string `json:"languages,omitempty"`
	// SenderID is the SMS sender id (P5). Empty means the transport's own.
	SenderID string `json:"sender_id,omitempty"`
	// Windows are the sending windows (P2). Nil means DefaultWindows; an
	// empty, non-nil slice means no windows.
	Windows []Window `json:"windows,omitempty"`
	// Holidays are days, in Europe/London, on which windows open on
	// weekdays only stay shut, as at weekends: bank holidays, or days the
	// org is closed. Windows open every day ignore them. The library does
	// not know the bank holidays itself: list the ones the org observes.
	Holidays []channel.Date `json:"holidays,omitempty"`
	// ContactMaxAge is how old a contact's verification may be before the
	// host must confirm it (G30). Zero means 365 days.
	ContactMaxAge Duration `json:"contact_max_age,omitempty"`
	// WaitingListThreshold is the group size above which a waiting-list
	// validation is too large to phone or write to each person (G14.2).
	// Zero means 500.
	WaitingListThreshold int `json:"waiting_list_threshold,omitempty"`
	// FallbackWaits set how long a delivery waits on a channel before the
	// next is tried, from 1 to 72 hours each; a channel with no entry
	// keeps P3's waits. A message may set its own (Message.FallbackAfter).
	FallbackWaits []FallbackWait `json:"fallback_waits,omitempty"`
	// AllowInternational allows international mobile numbers.
	AllowInternational bool `json:"allow_international,omitempty"`
	// AddTerms and RemoveTerms adjust the content scanner's lexicons.
	AddTerms    []minimise.Term `json:"add_terms,omitempty"`
	RemoveTerms []string        `json:"remove_terms,omitempty"`
	// Severities set how strict the org is about each content finding
	// kind, for every message class or for one: raise an advisory kind
	// (urgency, a gov.uk link) to blocking, say. Confidential content on
	// an unapproved channel and what P6 says never to send always block.
	// See [minimise.SeverityRule].
	Severities []minimise.SeverityRule `json:"severities,omitempty"`
}

// Platform is a channel the org approved, with what it declared about it.
type Platform struct {
	Channel channel.Kind `json:"channel"`
	// Name names the service, such as "NHS App" or "NHS.net Connect".
	Name string `json:"name"`
	// DPIA records that a data protection impact assessment was completed
	// before adopting the platform (G35). New refuses a platform without one.
	DPIA bool `json:"dpia"`
	// LogIn records that reading a message needs a log-in or password (G6).
	LogIn bool `json:"log_in,omitempty"`
	// Confidential approves the platform for confidential content (G6). It
	// needs LogIn, except for letters, which have no screen.
	Confidential bool `json:"confidential,omitempty"`
}

// UseCase says which channels a content class may go by (G5).
type UseCase struct {
	Class    channel.Class  `json:"class"`
	Channels []channel.Kind `json:"channels"`
}

// DefaultUseCases are the guidance's defaults (G5, G6, G23): detailed test
// results and care information only by the NHS App, secure email or
// letter, never by text or other apps; everything else by any approved
// channel.
func DefaultUseCases() []UseCase {
	secure := []channel.Kind{channel.NHSApp, channel.Email, channel.Letter}
	return []UseCase{
		{channel.TestResults, secure},
		{channel.CareInformation, secure},
		{channel.VirtualConsultation, []channel.Kind{channel.NHSApp, channel.Email, channel.SMS, channel.MessagingApp}},
	}
}

// DefaultConfig returns the configuration behind Default: the NHS App
// (approved for confidential content), email and SMS (not approved for
// confidential content) and letters, each with a DPIA; no other messaging
// app; the guidance's use cases, windows and sensitive services.
func DefaultConfig() Config {
	return Config{
		Name: "the organisation",
		Platforms: []Platform{
			{Channel: channel.NHSApp, Name: "NHS App", DPIA: true, LogIn: true, Confidential: true},
			{Channel: channel.Email, Name: "Email", DPIA: true},
			{Channel: channel.SMS, Name: "SMS", DPIA: true},
			{Channel: channel.Letter, Name: "Letter", DPIA: true, Confidential: true},
		},
		Order:     []channel.Kind{channel.NHSApp, channel.Email, channel.SMS, channel.MessagingApp, channel.Letter},
		Languages: []string{"en-GB"},
	}
}

const (
	defaultContactMaxAge        = 365 * 24 * time.Hour
	defaultWaitingListThreshold = 500
)
