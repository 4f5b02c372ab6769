package policy

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/carecomms/carecomms/minimise"
)

// CatalogueVersion names the version of the rule catalogue. It changes
// whenever a rule is added, removed or changes meaning; a decision records
// the version it was made under.
const CatalogueVersion = "2026.11.1"

// RuleID identifies a rule in the catalogue. Its text form, such as
// "objection.scope", is the stable identifier: String returns it, JSON
// carries it and ParseRuleID reads it, and a name is never reused for a
// different meaning. The number behind a RuleID keeps decision trails
// compact; it may change between catalogue versions, so store and compare
// rule IDs by name outside the process.
type RuleID uint8

// Rule is one entry of the catalogue: what the rule checks and the
// requirements of the guidance (G-n) or national practice (P-n) it rests on.
type Rule struct {
	ID    RuleID   `json:"id"`
	Title string   `json:"title"`
	Refs  []string `json:"refs"`
}

// Rule IDs, each with its stable name. Each appears in decision trails;
// Catalogue gives its G-n.
const (
	RuleInputMessage         RuleID = iota + 1 // input.message
	RuleInputRecord                            // input.record
	RuleScopePurpose                           // scope.purpose
	RuleLawfulBasis                            // basis.lawful
	RuleStaffAttribution                       // staff.attribution
	RuleRecordStatus                           // record.status
	RuleRecordRestricted                       // record.restricted
	RuleConfigDeclared                         // config.declared
	RulePlatformApproved                       // platform.approved
	RulePlatformNHSAppFirst                    // platform.nhs_app_first
	RuleUseCase                                // usecase.class
	RuleConfidentialChannel                    // content.confidential_channel
	RulePreferenceOrder                        // preference.order
	RulePreferenceFallback                     // preference.fallback
	RulePreferenceNotConsent                   // preference.not_consent
	RuleObjectionCheck                         // objection.check
	RuleObjectionScope                         // objection.scope
	RuleObjectionNoReason                      // objection.no_reason
	RuleObjectionOverride                      // objection.override
	RuleObjectionGroundUnfit                   // objection.ground_unfit
	RuleObjectionNeedsDecide                   // objection.needs_decision
	RuleObjectionSeriousHarm                   // objection.serious_harm
	RuleObjectionLetters                       // objection.letters_remain
	RuleObjectionBatch                         // objection.batch
	RuleRecipientPatient                       // recipient.patient_only
	RuleRecipientNone                          // recipient.none
	RuleProxyAuthority                         // proxy.authority
	RuleProxyRecordNote                        // proxy.record_note
	RuleProxySensitive                         // proxy.sensitive_service
	RuleContentLockScreen                      // content.lock_screen
	RuleContentTestResults                     // content.test_results
	RuleContentScam                            // content.scam
	RuleRecordKeep                             // record.keep
	RuleRecordAccess                           // record.access
	RuleContactFresh                           // contact.fresh
	RuleContactFailed                          // contact.failed
	RuleContactInvalid                         // contact.invalid
	RuleEmergency                              // emergency.practical
	RuleAdjustments                            // adjustment.needs
	RuleLanguage                               // adjustment.language
	RuleHoldWho                                // hold.who
	RuleTimingWindow                           // timing.window
	RuleTimingTooSlow                          // timing.too_slow
	RuleFallbackCascade                        // fallback.cascade
	RuleFallbackSkip                           // fallback.skip
	RuleSMSSegments                            // sms.segments
	RuleSMSSender                              // sms.sender_id
	RuleAccessibleFormat                       // adjustment.format

	// One rule per content finding kind (package minimise).
	RuleFindingNhsNumber          // finding.nhs_number
	RuleFindingDateOfBirth        // finding.date_of_birth
	RuleFindingPostcode           // finding.postcode
	RuleFindingPhoneNumber        // finding.phone_number
	RuleFindingEmailAddress       // finding.email_address
	RuleFindingPatientName        // finding.patient_name
	RuleFindingPatientAddress     // finding.patient_address
	RuleFindingCondition          // finding.condition
	RuleFindingTestResult         // finding.test_result
	RuleFindingMedicine           // finding.medicine
	RuleFindingSensitiveService   // finding.sensitive_service
	RuleFindingPaymentRequest     // finding.payment_request
	RuleFindingFinancialDetails   // finding.financial_details
	RuleFindingCredentialsRequest // finding.credentials_request
	RuleFindingUrlShortener       // finding.url_shortener
	RuleFindingUnapprovedLink     // finding.unapproved_link
	RuleFindingClickHere          // finding.click_here
	RuleFindingUrgency            // finding.urgency
	RuleFindingShouting           // finding.shouting
	RuleFindingRepeatedWord       // finding.repeated_word
)

// ruleNames are the rules' stable names, by number.
var ruleNames = [...]string{
	RuleInputMessage:              "input.message",
	RuleInputRecord:               "input.record",
	RuleScopePurpose:              "scope.purpose",
	RuleLawfulBasis:               "basis.lawful",
	RuleStaffAttribution:          "staff.attribution",
	RuleRecordStatus:              "record.status",
	RuleRecordRestricted:          "record.restricted",
	RuleConfigDeclared:            "config.declared",
	RulePlatformApproved:          "platform.approved",
	RulePlatformNHSAppFirst:       "platform.nhs_app_first",
	RuleUseCase:                   "usecase.class",
	RuleConfidentialChannel:       "content.confidential_channel",
	RulePreferenceOrder:           "preference.order",
	RulePreferenceFallback:        "preference.fallback",
	RulePreferenceNotConsent:      "preference.not_consent",
	RuleObjectionCheck:            "objection.check",
	RuleObjectionScope:            "objection.scope",
	RuleObjectionNoReason:         "objection.no_reason",
	RuleObjectionOverride:         "objection.override",
	RuleObjectionGroundUnfit:      "objection.ground_unfit",
	RuleObjectionNeedsDecide:      "objection.needs_decision",
	RuleObjectionSeriousHarm:      "objection.serious_harm",
	RuleObjectionLetters:          "objection.letters_remain",
	RuleObjectionBatch:            "objection.batch",
	RuleRecipientPatient:          "recipient.patient_only",
	RuleRecipientNone:             "recipient.none",
	RuleProxyAuthority:            "proxy.authority",
	RuleProxyRecordNote:           "proxy.record_note",
	RuleProxySensitive:            "proxy.sensitive_service",
	RuleContentLockScreen:         "content.lock_screen",
	RuleContentTestResults:        "content.test_results",
	RuleContentScam:               "content.scam",
	RuleRecordKeep:                "record.keep",
	RuleRecordAccess:              "record.access",
	RuleContactFresh:              "contact.fresh",
	RuleContactFailed:             "contact.failed",
	RuleContactInvalid:            "contact.invalid",
	RuleEmergency:                 "emergency.practical",
	RuleAdjustments:               "adjustment.needs",
	RuleLanguage:                  "adjustment.language",
	RuleHoldWho:                   "hold.who",
	RuleTimingWindow:              "timing.window",
	RuleTimingTooSlow:             "timing.too_slow",
	RuleFallbackCascade:           "fallback.cascade",
	RuleFallbackSkip:              "fallback.skip",
	RuleSMSSegments:               "sms.segments",
	RuleSMSSender:                 "sms.sender_id",
	RuleAccessibleFormat:          "adjustment.format",
	RuleFindingNhsNumber:          "finding.nhs_number",
	RuleFindingDateOfBirth:        "finding.date_of_birth",
	RuleFindingPostcode:           "finding.postcode",
	RuleFindingPhoneNumber:        "finding.phone_number",
	RuleFindingEmailAddress:       "finding.email_address",
	RuleFindingPatientName:        "finding.patient_name",
	RuleFindingPatientAddress:     "finding.patient_address",
	RuleFindingCondition:          "finding.condition",
	RuleFindingTestResult:         "finding.test_result",
	RuleFindingMedicine:           "finding.medicine",
	RuleFindingSensitiveService:   "finding.sensitive_service",
	RuleFindingPaymentRequest:     "finding.payment_request",
	RuleFindingFinancialDetails:   "finding.financial_details",
	RuleFindingCredentialsRequest: "finding.credentials_request",
	RuleFindingUrlShortener:       "finding.url_shortener",
	RuleFindingUnapprovedLink:     "finding.unapproved_link",
	RuleFindingClickHere:          "finding.click_here",
	RuleFindingUrgency:            "finding.urgency",
	RuleFindingShouting:           "finding.shouting",
	RuleFindingRepeatedWord:       "finding.repeated_word",
}

// numRules is one more than the highest RuleID.
const numRules = len(ruleNames)

// String returns the rule's stable name, such as "objection.scope".
func (id RuleID) String() string {
	if id.Valid() {
		return ruleNames[id]
	}
	return "rule(" + strconv.Itoa(int(id)) + ")"
}

// Valid reports whether id names a rule in the catalogue.
func (id RuleID) Valid() bool { return id > 0 && int(id) < numRules }

// MarshalText encodes the rule's stable name.
func (id RuleID) MarshalText() ([]byte, error) {
	if !id.Valid() {
		return nil, fmt.Errorf("policy: cannot encode rule(%d): use one of the Rule constants", int(id))
	}
	return []byte(ruleNames[id]), nil
}

// UnmarshalText decodes a rule's stable name, rejecting unknown names.
func (id *RuleID) UnmarshalText(b []byte) error {
	v, err := ParseRuleID(string(b))
	*id = v
	return err
}

// ParseRuleID returns the rule with the stable name s, such as
// "objection.scope", or an error when the catalogue has no such rule.
func ParseRuleID(s string) (RuleID, error) {
	for i := 1; i < numRules; i++ {
		if ruleNames[i] == s {
			return RuleID(i), nil
		}
	}
	return 0, fmt.Errorf("policy: unknown rule id %q: policy.Catalogue lists the rule ids", clip(s))
}

// catalogue is the rule table. Keep it sorted by rule name (an ID's
// String); a test checks this.
var catalogue = []Rule{
	{RuleAccessibleFormat, "An accessible format is used only when the need is recorded, and the delivery carries it", []string{"G33", "P7"}},
	{RuleLanguage, "The preferred language is matched against the languages the org can send in", []string{"G33"}},
	{RuleAdjustments, "Reasonable adjustments on the record are carried on each delivery and shape channel choice", []string{"G33", "P7"}},
	{RuleLawfulBasis, "Care messages rest on public task, health or social care, and implied consent; never on consent", []string{"G2", "G9"}},
	{RuleConfigDeclared, "The org's configuration records its declarations (platform DPIAs) and was validated", []string{"G35", "G3"}},
	{RuleContactFailed, "A contact whose method failed (bounced, not recognised) or was removed is not used", []string{"G31", "G14"}},
	{RuleContactFresh, "Contact details older than the org's freshness limit must be confirmed", []string{"G30"}},
	{RuleContactInvalid, "A contact detail that does not validate is not used", []string{"G30"}},
	{RuleConfidentialChannel, "Confidential content goes only by channels approved for it that need a log-in", []string{"G6", "G22"}},
	{RuleContentLockScreen, "Content that would show on a locked screen is kept to the minimum", []string{"G22", "G6"}},
	{RuleContentScam, "Messages avoid the features of scams so people can tell them apart", []string{"G24", "G25", "P6"}},
	{RuleContentTestResults, "Test results by text say they are ready and how to get them, without the condition", []string{"G23"}},
	{RuleEmergency, "In a genuine emergency the most practical channel is used, and reviewed afterwards", []string{"G32", "G3"}},
	{RuleFallbackCascade, "Each delivery lists ordered fallbacks with when to move on", []string{"P3", "G8"}},
	{RuleFallbackSkip, "A channel without a valid contact is skipped and the skip recorded", []string{"P3", "G30"}},
	{RuleFindingClickHere, "The body uses \"click here\" link text", []string{"G24", "G25"}},
	{RuleFindingCondition, "The body names a condition or diagnosis", []string{"G6", "G22"}},
	{RuleFindingCredentialsRequest, "The body asks for a PIN, password or ID document", []string{"G25", "P6"}},
	{RuleFindingDateOfBirth, "The body gives a date of birth", []string{"G6", "G22"}},
	{RuleFindingEmailAddress, "The body gives an email address", []string{"G22"}},
	{RuleFindingFinancialDetails, "The body asks for bank or card details", []string{"G25", "P6"}},
	{RuleFindingMedicine, "The body names a medicine", []string{"G6", "G22"}},
	{RuleFindingNhsNumber, "The body names an NHS number", []string{"G6", "G22"}},
	{RuleFindingPatientAddress, "The body gives the person's address", []string{"G6", "G22"}},
	{RuleFindingPatientName, "The body names the person", []string{"G6", "G22"}},
	{RuleFindingPaymentRequest, "The body asks for payment", []string{"G25", "P6"}},
	{RuleFindingPhoneNumber, "The body gives a phone number", []string{"G22"}},
	{RuleFindingPostcode, "The body gives a postcode", []string{"G22"}},
	{RuleFindingRepeatedWord, "The body repeats a word", []string{"G24"}},
	{RuleFindingSensitiveService, "The body names a service people may feel sensitive about", []string{"G6", "G21", "G22"}},
	{RuleFindingShouting, "The body shouts in capitals or exclamation marks", []string{"G24"}},
	{RuleFindingTestResult, "The body names a test or its result", []string{"G6", "G22", "G23"}},
	{RuleFindingUnapprovedLink, "The body links outside nhs.uk and the org's domains", []string{"G25", "P6"}},
	{RuleFindingUrgency, "The body uses urgency or pressure", []string{"G24", "G25"}},
	{RuleFindingUrlShortener, "The body links through a URL shortener", []string{"G25", "P6"}},
	{RuleHoldWho, "A decision that needs a person names who should decide", []string{"G34"}},
	{RuleInputMessage, "The message is complete and valid; otherwise nothing is sent", []string{"G1", "G28", "G26"}},
	{RuleInputRecord, "The record is complete and valid; otherwise nothing is sent", []string{"G10", "G30"}},
	{RuleObjectionBatch, "Every person in a group message is checked for objections", []string{"G10"}},
	{RuleObjectionCheck, "Registered objections are checked before any channel is chosen", []string{"G10", "G17"}},
	{RuleObjectionGroundUnfit, "A claimed ground that does not fit the message's facts does not override", []string{"G13", "G14"}},
	{RuleObjectionLetters, "After an objection to electronic channels, letters remain", []string{"G16", "G11"}},
	{RuleObjectionNeedsDecide, "A fitting ground without a named decision-maker needs a decision", []string{"G13", "G34"}},
	{RuleObjectionNoReason, "An objection without a reason is upheld and the gap flagged", []string{"G12"}},
	{RuleObjectionOverride, "An objection is overridden only on a fitting compelling ground decided by a named person", []string{"G13", "G14", "G32"}},
	{RuleObjectionScope, "A channel covered by an objection is not used", []string{"G11", "G10", "G17"}},
	{RuleObjectionSeriousHarm, "A contact that puts the person at risk of serious harm is never used", []string{"G15"}},
	{RulePlatformApproved, "Only channels the org approved are used", []string{"G3"}},
	{RulePlatformNHSAppFirst, "The NHS App comes first in the org's default order", []string{"G4"}},
	{RulePreferenceFallback, "A non-preferred channel is used when the preferred ones cannot be", []string{"G8"}},
	{RulePreferenceNotConsent, "A preference is not consent, and no preference is not an objection", []string{"G9"}},
	{RulePreferenceOrder, "The person's contact preferences come first", []string{"G7", "G33"}},
	{RuleProxyAuthority, "A proxy receives messages only with valid authority", []string{"G19", "P8"}},
	{RuleProxyRecordNote, "A note in the record confirms the proxy may receive messages", []string{"G20"}},
	{RuleProxySensitive, "A proxy is not told about a sensitive service without checking with the person", []string{"G21"}},
	{RuleRecipientNone, "When nobody valid can receive, the decision says so", []string{"G18", "G34"}},
	{RuleRecipientPatient, "Messages go to the person the care is about", []string{"G18"}},
	{RuleRecordAccess, "Decisions and messages are kept retrievable for subject access", []string{"G27", "G29"}},
	{RuleRecordKeep, "Every message sent is recorded in the care record", []string{"G26", "G29"}},
	{RuleRecordRestricted, "A restricted record's contact details are withheld: a person decides", []string{"P1", "G34"}},
	{RuleRecordStatus, "No contact with a person recorded as deceased, invalidated or removed", []string{"P1"}},
	{RuleScopePurpose, "Only messages about individual care are in scope", []string{"G1"}},
	{RuleSMSSegments, "Text messages are counted in segments, with GSM replacements offered", []string{"P4"}},
	{RuleSMSSender, "The SMS sender id is short and avoids terms scammers use", []string{"P5"}},
	{RuleStaffAttribution, "Every message is attributable to a named member of staff", []string{"G28"}},
	{RuleTimingTooSlow, "A channel too slow for the message's deadline is not relied on", []string{"G8", "G14"}},
	{RuleTimingWindow, "Routine messages wait for the channel's sending window", []string{"P2"}},
	{RuleUseCase, "The org's acceptable use cases say which content goes by which channel", []string{"G5"}},
}

// Catalogue returns every rule, sorted by ID. The slice is a copy.
func Catalogue() []Rule {
	out := make([]Rule, len(catalogue))
	for i, r := range catalogue {
		r.Refs = slices.Clone(r.Refs)
		out[i] = r
	}
	return out
}

// Lookup returns the rule with the given ID.
func Lookup(id RuleID) (Rule, bool) {
	i := slices.IndexFunc(catalogue, func(r Rule) bool { return r.ID == id })
	if i < 0 {
		return Rule{}, false
	}
	r := catalogue[i]
	r.Refs = slices.Clone(r.Refs)
	return r, true
}

// findingRules maps a minimise finding kind to its rule, by the kind's
// numeric value; index 0 (an invalid kind) maps to the generic rule.
var findingRules = [...]RuleID{RuleContentLockScreen,
	RuleFindingNhsNumber,
	RuleFindingDateOfBirth,
	RuleFindingPostcode,
	RuleFindingPhoneNumber,
	RuleFindingEmailAddress,
	RuleFindingPatientName,
	RuleFindingPatientAddress,
	RuleFindingCondition,
	RuleFindingTestResult,
	RuleFindingMedicine,
	RuleFindingSensitiveService,
	RuleFindingPaymentRequest,
	RuleFindingFinancialDetails,
	RuleFindingCredentialsRequest,
	RuleFindingUrlShortener,
	RuleFindingUnapprovedLink,
	RuleFindingClickHere,
	RuleFindingUrgency,
	RuleFindingShouting,
	RuleFindingRepeatedWord,
}

func findingRule(k minimise.Kind) RuleID {
	if int(k) < len(findingRules) {
		return findingRules[k]
	}
	return RuleContentLockScreen
}
