package minimise

import (
	"fmt"

	"github.com/carecomms/carecomms/internal/enum"
)

// Kind is what a detector found. The zero value is not a valid kind; a
// finding with an invalid kind is treated as blocking everywhere.
type Kind uint8

// The kinds of finding. Identifiers and health content are confidential
// (G6, G22); the scam-like features follow G24, G25 and P6.
const (
	NHSNumber          Kind = iota + 1 // a ten-digit NHS number that passes the Modulus 11 check
	DateOfBirth                        // a full date next to "born", "DOB" or "date of birth", or the patient's own
	Postcode                           // a UK postcode (anyone's)
	PhoneNumber                        // a UK or international phone number (anyone's)
	EmailAddress                       // an email address (anyone's)
	PatientName                        // the patient's own name, as the host gave it
	PatientAddress                     // the patient's own address or postcode
	Condition                          // a condition or diagnosis
	TestResult                         // a test name, a result word near a test, or a value with a lab unit
	Medicine                           // a medicine
	SensitiveService                   // vocabulary of a service people may feel sensitive about (G21)
	PaymentRequest                     // a request to pay: an amount with pay, fee, fine or charge (P6)
	FinancialDetails                   // a request for bank or card details (P6)
	CredentialsRequest                 // a request for a PIN, password, identity document, or personal details by reply (P6, G25)
	URLShortener                       // a link through a third-party URL shortener (P6)
	UnapprovedLink                     // a link to a domain outside nhs.uk and the org's own (P6)
	ClickHere                          // "click here" and similar link text (G25)
	Urgency                            // urgency or pressure: "act now", "final warning" (G25)
	Shouting                           // three or more capitalised words in a row, or "!!" (G24)
	RepeatedWord                       // the same word twice in a row: "the the" (G24)
	LookalikeDomain                    // a link dressed as nhs.uk or gov.uk: nhs-covid-pass.com, https://nhs.uk@evil.example (P6)
	PublicSectorLink                   // a link to gov.uk or another public-sector domain outside nhs.uk and the org's own (P6, advisory)
)

var kindNames = []string{"",
	"nhs_number", "date_of_birth", "postcode", "phone_number", "email_address",
	"patient_name", "patient_address", "condition", "test_result", "medicine",
	"sensitive_service", "payment_request", "financial_details",
	"credentials_request", "url_shortener", "unapproved_link", "click_here",
	"urgency", "shouting", "repeated_word", "lookalike_domain", "public_sector_link",
}

// Kinds lists every valid kind.
func Kinds() []Kind {
	out := make([]Kind, 0, len(kindNames)-1)
	for i := 1; i < len(kindNames); i++ {
		out = append(out, Kind(i))
	}
	return out
}

// Valid reports whether k is one of the defined kinds.
func (k Kind) Valid() bool { return k >= NHSNumber && int(k) < len(kindNames) }

// String returns the kind's name, such as "nhs_number".
func (k Kind) String() string { return enum.Name("kind", kindNames, int(k)) }

// MarshalText encodes k by name. The zero kind is an error.
func (k Kind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("minimise: cannot encode invalid kind %s: use one of the defined kinds", k)
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText decodes a kind name, rejecting unknown names.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := enum.Parse("minimise", "kind", kindNames, 1, b)
	if err != nil {
		return err
	}
	*k = Kind(v)
	return nil
}

// Confidential reports whether findings of this kind are confidential
// information about the patient: identifiers (NHS number, date of birth,
// the patient's address) and health content (conditions, tests and
// results, medicines, sensitive-service vocabulary). They are blocking on
// a channel that is not a secure, approved one (G6, G22, G23).
//
// Postcodes, phone numbers and email addresses of anyone (an org's own
// contact details are common in messages) are not confidential by
// themselves, nor is the patient's name: a message is addressed to them.
func (k Kind) Confidential() bool {
	switch k {
	case NHSNumber, DateOfBirth, PatientAddress, Condition, TestResult, Medicine, SensitiveService:
		return true
	}
	return false
}

// Health reports whether the kind is health content: a condition, a test
// or result, a medicine or sensitive-service vocabulary.
func (k Kind) Health() bool {
	return k == Condition || k == TestResult || k == Medicine || k == SensitiveService
}

// Scam reports whether the kind is a feature that makes a message look
// like a scam (G24, G25, P6). Scam features are at least a warning on every
// channel.
func (k Kind) Scam() bool {
	return k >= PaymentRequest && k <= RepeatedWord || k == LookalikeDomain || k == PublicSectorLink
}

// Refs returns the requirements (G-n, P-n) findings of this kind rest on.
// The slice is a new copy.
func (k Kind) Refs() []string {
	var r []string
	switch k {
	case NHSNumber, DateOfBirth, PatientAddress, PatientName, Condition, Medicine:
		r = []string{"G6", "G22"}
	case TestResult:
		r = []string{"G6", "G22", "G23"}
	case SensitiveService:
		r = []string{"G6", "G21", "G22"}
	case Postcode, PhoneNumber, EmailAddress:
		r = []string{"G22"}
	case PaymentRequest, FinancialDetails, CredentialsRequest, URLShortener, UnapprovedLink, LookalikeDomain, PublicSectorLink:
		r = []string{"G25", "P6"}
	case ClickHere, Urgency:
		r = []string{"G24", "G25"}
	case Shouting, RepeatedWord:
		r = []string{"G24"}
	default:
		return nil
	}
	return r
}

// refsText is Refs joined with spaces, without allocating.
func (k Kind) refsText() string {
	switch k {
	case NHSNumber, DateOfBirth, PatientAddress, PatientName, Condition, Medicine:
		return "G6 G22"
	case TestResult:
		return "G6 G22 G23"
	case SensitiveService:
		return "G6 G21 G22"
	case Postcode, PhoneNumber, EmailAddress:
		return "G22"
	case PaymentRequest, FinancialDetails, CredentialsRequest, URLShortener, UnapprovedLink, LookalikeDomain, PublicSectorLink:
		return "G25 P6"
	case ClickHere, Urgency:
		return "G24 G25"
	case Shouting, RepeatedWord:
		return "G24"
	}
	return ""
}

// suggestion is the advice for a finding of kind k.
func (k Kind) suggestion() string {
	switch k {
	case NHSNumber:
		return "remove the NHS number"
	case DateOfBirth:
		return "remove the date of birth"
	case Postcode:
		return "check the postcode is needed"
	case PhoneNumber:
		return "check the phone number is the organisation's own"
	case EmailAddress:
		return "check the email address is the organisation's own"
	case PatientName:
		return "use the name only where needed"
	case PatientAddress:
		return "remove the address"
	case Condition, Medicine, SensitiveService:
		return "remove it, or say there is a message and ask the person to log in or call"
	case TestResult:
		return "say the results are ready and ask the person to log in or call; do not give the test or the result"
	case PaymentRequest:
		return "do not ask for payment by message"
	case FinancialDetails:
		return "never ask for bank or card details by message"
	case CredentialsRequest:
		return "never ask for PINs, passwords or identity documents by message"
	case URLShortener:
		return "give the full address on nhs.uk or the organisation's own domain"
	case UnapprovedLink:
		return "link only to nhs.uk or the organisation's own domains"
	case LookalikeDomain:
		return "this address imitates nhs.uk or gov.uk: never send it; link to nhs.uk or the organisation's own domain"
	case PublicSectorLink:
		return "check the link is needed: nhs.uk or the organisation's own page is easier to trust"
	case ClickHere:
		return "describe where the link goes instead of \"click here\""
	case Urgency:
		return "use calm, neutral wording"
	case Shouting:
		return "use sentence case and a single exclamation mark at most"
	case RepeatedWord:
		return "remove the repeated word"
	}
	return ""
}

// placeholder is the neutral text Redact puts in place of a finding.
func (k Kind) placeholder() string {
	switch k {
	case NHSNumber:
		return "[NHS number removed]"
	case DateOfBirth:
		return "[date of birth removed]"
	case Postcode:
		return "[postcode removed]"
	case PhoneNumber:
		return "[phone number removed]"
	case EmailAddress:
		return "[email address removed]"
	case PatientName:
		return "[name removed]"
	case PatientAddress:
		return "[address removed]"
	case URLShortener, UnapprovedLink, LookalikeDomain, PublicSectorLink:
		return "[link removed]"
	}
	return "[removed]"
}

// Category is what a lexicon term or a matched text is: the lexicon's
// categories, plus the groups of the hand-written detectors. Some term
// categories are cues: they are not reported by themselves but make a
// neighbour count (a result word near a test, an amount near "fee", a date
// near "born"). The zero value is not a valid category.
type Category uint8

// The categories.
const (
	CategoryCondition  Category = iota + 1 // a condition or diagnosis
	CategoryTest                           // a test name (also a cue for results)
	CategoryResult                         // a result word, reported only near a test or a result cue
	CategoryResultCue                      // "result", "level": makes nearby result words count
	CategoryUnit                           // a lab unit, reported only after a number: "5.4 mmol/L"
	CategoryMedicine                       // a medicine
	CategoryService                        // sensitive-service vocabulary: clinics, procedures, services
	CategoryPayment                        // a request to pay by itself: "pay a fine"
	CategoryPaymentCue                     // "fee", "fine", "charge": a request to pay next to an amount
	CategoryFinancial                      // bank or card details
	CategoryCredential                     // PINs, passwords, identity documents
	CategoryLinkText                       // "click here" and similar link text
	CategoryUrgency                        // urgency and pressure phrases
	CategoryBirthCue                       // "born", "DOB": makes a nearby full date a date of birth
	CategoryNegation                       // "never", "do not": a following request is a warning against it
	CategoryProgramme                      // a programme, vaccine or screening name: "flu vaccine", "cervical screening"
	CategoryGeneral                        // "risk of", "protects against": a condition just after is not the person's
	CategoryIdDocument                     // "passport", "driving licence": a request only after an ask such as "send"
	CategoryAsk                            // "send", "upload", "verify": makes a following identity document a request
	CategoryPersonal                       // "your", "diagnosed": after a general cue, the text is about the person again
	CategoryIdentifier                     // an identifier found by pattern (NHS number, date, postcode)
	CategoryContact                        // a phone number or email address
	CategoryLink                           // a link
	CategoryStyle                          // shouting, repeated words
)

var categoryNames = []string{"",
	"condition", "test", "result", "result_cue", "unit", "medicine", "service",
	"payment", "payment_cue", "financial", "credential", "link_text", "urgency",
	"birth_cue", "negation", "programme", "general", "id_document", "ask", "personal",
	"identifier", "contact", "link", "style",
}

// Valid reports whether c is one of the defined categories.
func (c Category) Valid() bool { return c >= CategoryCondition && int(c) < len(categoryNames) }

// TermCategory reports whether c is a category a lexicon term may have:
// every category but those of the hand-written detectors (identifier,
// contact, link, style).
func (c Category) TermCategory() bool { return c.Valid() && c < CategoryIdentifier }

// String returns the category's name, such as "medicine".
func (c Category) String() string { return enum.Name("category", categoryNames, int(c)) }

// MarshalText encodes c by name. The zero category is an error.
func (c Category) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, fmt.Errorf("minimise: cannot encode invalid category %s: use one of the defined categories", c)
	}
	return []byte(categoryNames[c]), nil
}

// UnmarshalText decodes a category name, rejecting unknown names.
func (c *Category) UnmarshalText(b []byte) error {
	v, err := enum.Parse("minimise", "category", categoryNames, 1, b)
	if err != nil {
		return err
	}
	*c = Category(v)
	return nil
}

// ParseCategory returns the category with the given name.
func ParseCategory(s string) (Category, error) {
	var c Category
	err := c.UnmarshalText([]byte(s))
	return c, err
}

// Severity is how much a finding matters on a given channel. The zero
// value, Unassessed, means no severity was worked out; it must be treated
// like Blocking (see Blocks), so an unset severity never lets content
// through.
type Severity uint8

// The severities, least to most serious (Unassessed aside).
const (
	Unassessed Severity = iota // not worked out: treat as blocking
	Info                       // worth knowing; no change needed
	Warning                    // should be revised (policy: Revise)
	Blocking                   // must not go on this channel as written
)

var severityNames = []string{"unassessed", "info", "warning", "blocking"}

// Valid reports whether s is Info, Warning or Blocking.
func (s Severity) Valid() bool { return s >= Info && s <= Blocking }

// Blocks reports whether content with this severity must not be sent as
// written: Blocking, or Unassessed (fail closed).
func (s Severity) Blocks() bool { return s == Blocking || s == Unassessed }

// String returns the severity's name, such as "blocking".
func (s Severity) String() string { return enum.Name("severity", severityNames, int(s)) }

// MarshalText encodes s by name; Unassessed encodes as "unassessed".
func (s Severity) MarshalText() ([]byte, error) {
	if int(s) >= len(severityNames) {
		return nil, fmt.Errorf("minimise: cannot encode invalid severity %s: use info, warning or blocking", s)
	}
	return []byte(severityNames[s]), nil
}

// UnmarshalText decodes a severity name, rejecting unknown names.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := enum.Parse("minimise", "severity", severityNames, 0, b)
	if err != nil {
		return err
	}
	*s = Severity(v)
	return nil
}
