package leaktest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/audit/sqlstore"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/minimise"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/fhir"
	"github.com/carecomms/carecomms/policy/policytest"
	"github.com/carecomms/carecomms/proxy"
)

// values are the types checked by filling a zero value. Enums and other
// types with no text fields are here too: they must print no secret
// either, and their UnmarshalText must not repeat one.
var values = map[string]any{
	"audit.Batch":                 audit.Batch{},
	"audit.Claim":                 audit.Claim{},
	"audit.ClaimError":            audit.ClaimError{},
	"audit.CorruptError":          audit.CorruptError{},
	"audit.Delivery":              audit.Delivery{},
	"audit.Entry":                 audit.Entry{},
	"audit.FieldError":            audit.FieldError{},
	"audit.Format":                audit.Format(0),
	"audit.Job":                   audit.Job{},
	"audit.Kind":                  audit.Kind(0),
	"audit.Outcome":               audit.Outcome{},
	"audit.Override":              audit.Override{},
	"audit.Problem":               audit.Problem(0),
	"audit.RecipientRole":         audit.RecipientRole(0),
	"audit.Recovery":              audit.Recovery{},
	"audit.VerifyError":           audit.VerifyError{},
	"audit/sqlstore.CorruptError": sqlstore.CorruptError{},

	"channel.AddressError": channel.AddressError{},
	"channel.Attempt":      channel.Attempt{},
	"channel.Class":        channel.Class(0),
	"channel.Contact":      channel.Contact{},
	"channel.Date":         channel.Date{},
	"channel.Encoding":     channel.Encoding(0),
	"channel.Envelope":     channel.Envelope{},
	"channel.Kind":         channel.Kind(0),
	"channel.Placement":    channel.Placement(0),
	"channel.Result":       channel.Result(0),
	"channel.Set":          channel.Set(0),
	"channel.Status":       channel.Status(0),

	"minimise.Category":   minimise.Category(0),
	"minimise.FieldError": minimise.FieldError{},
	"minimise.Finding":    minimise.Finding{},
	"minimise.Kind":       minimise.Kind(0),
	"minimise.Severity":   minimise.Severity(0),
	"minimise.Subject":    minimise.Subject{},

	"objection.Fact":       objection.Fact(0),
	"objection.FieldError": objection.FieldError{},
	"objection.Ground":     objection.Ground(0),
	"objection.Objection":  objection.Objection{},
	"objection.Override":   objection.Override{},
	"objection.Result":     objection.Result{},
	"objection.Role":       objection.Role(0),
	"objection.Scope":      objection.Scope(0),
	"objection.TaskCode":   objection.TaskCode(0),
	"objection.Verdict":    objection.Verdict(0),

	"policy.Approval":       policy.Approval{},
	"policy.Body":           policy.Body{},
	"policy.Clock":          policy.Clock(0),
	"policy.ContactTime":    policy.ContactTime{},
	"policy.Days":           policy.Days(0),
	"policy.Decision":       policy.Decision{},
	"policy.Delivery":       policy.Delivery{},
	"policy.Duration":       policy.Duration(0),
	"policy.Effect":         policy.Effect(0),
	"policy.Fallback":       policy.Fallback{},
	"policy.FieldError":     policy.FieldError{},
	"policy.Finding":        policy.Finding{},
	"policy.Group":          policy.Group{},
	"policy.Message":        policy.Message{},
	"policy.Need":           policy.Need(0),
	"policy.Obligation":     policy.Obligation{},
	"policy.ObligationCode": policy.ObligationCode(0),
	"policy.Outcome":        policy.Outcome(0),
	"policy.Purpose":        policy.Purpose(0),
	"policy.RecipientRole":  policy.RecipientRole(0),
	"policy.Record":         policy.Record{},
	"policy.Report":         policy.Report{},
	"policy.Role":           policy.Role(0),
	"policy.RuleID":         policy.RuleID(0),
	"policy.Scheduled":      policy.Scheduled{},
	"policy.Sent":           policy.Sent{},
	"policy.Staff":          policy.Staff{},
	"policy.Status":         policy.Status(0),
	"policy.Step":           policy.Step{},
	"policy.Urgency":        policy.Urgency(0),

	"policy/fhir.Entry":    fhir.Entry{},
	"policy/fhir.Reader":   fhir.Reader{},
	"policy/fhir.Report":   fhir.Report{},
	"policy/fhir.Severity": fhir.Severity(0),

	"policy/policytest.Case": policytest.Case{},

	"proxy.Access":             proxy.Access(0),
	"proxy.Authority":          proxy.Authority(0),
	"proxy.Capacity":           proxy.Capacity(0),
	"proxy.DeactivationReason": proxy.DeactivationReason(0),
	"proxy.Entry":              proxy.Entry{},
	"proxy.FieldError":         proxy.FieldError{},
	"proxy.Mode":               proxy.Mode(0),
	"proxy.Patient":            proxy.Patient{},
	"proxy.Plan":               proxy.Plan{},
	"proxy.Proxy":              proxy.Proxy{},
	"proxy.Reason":             proxy.Reason(0),
	"proxy.Result":             proxy.Result{},
	"proxy.Role":               proxy.Role(0),
	"proxy.Route":              proxy.Route(0),
	"proxy.Status":             proxy.Status(0),
}

// builders make the types whose state is unexported, filled with the
// secret through their own API.
var builders = map[string]func(t *testing.T, value string) any{
	"audit.MemStore": func(t *testing.T, value string) any {
		s := new(audit.MemStore)
		if _, err := s.Append(context.Background(), secretEntry(value)); err != nil {
			t.Fatal(err)
		}
		return s
	},
	"audit.FileStore": func(t *testing.T, value string) any {
		s, err := audit.OpenFile(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		if _, err := s.Append(context.Background(), secretEntry(value)); err != nil {
			t.Fatal(err)
		}
		return s
	},
	"minimise.Prepared": func(t *testing.T, value string) any {
		s, err := minimise.New(minimise.Config{})
		if err != nil {
			t.Fatal(err)
		}
		return s.Prepare(value)
	},
	"policy/fhir.Report": func(t *testing.T, value string) any {
		_, rep, err := fhir.Reader{At: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)}.Read(hostileFHIR(value))
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Entries) < 30 {
			t.Fatalf("fhir.Read of the hostile bundle reported %d entries, want every element it quotes:\n%s", len(rep.Entries), rep)
		}
		return rep
	},
	"policy.Dispatcher": func(t *testing.T, value string) any {
		tr := channel.TransportFunc(func(context.Context, channel.Envelope) (channel.Receipt, error) { return channel.Receipt{}, nil })
		d, err := policy.NewDispatcher(policy.Default(), tr, new(audit.MemStore), time.Now)
		if err != nil {
			t.Fatal(err)
		}
		return d
	},
}

func secretEntry(value string) audit.Entry {
	return audit.Entry{
		Time: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC), Kind: audit.KindAttempt,
		Patient: value, Recipient: value, RecipientRole: policy.ToPatient, Staff: value, MessageID: value,
		Channel: channel.SMS, Address: value, Body: value,
	}
}

// hostileFHIR returns a FHIR Bundle with value as every resource id and in
// every element whose text a fhir.Report quotes: element names, systems,
// URLs, codes and statuses. The report's paths and details are the
// library's own text, so they are checked as Read writes them.
func hostileFHIR(value string) []byte {
	quoted := func(s string) string {
		q, _ := json.Marshal(s)
		return string(q)
	}
	coded := func(system string) string { return `{"coding":[{"system":"` + system + `","code":@V@}]}` }
	nraf := `{"coding":[{"system":"` + fhir.SystemPatientFlagCategory + `","code":"NRAF"}]}`
	bundle := `{"resourceType":"Bundle","type":"collection","entry":[
	 {"resource":{"resourceType":"Patient","id":@V@,@V@:1,"deceasedBoolean":true,
	   "identifier":[{"system":@V@,"value":@V@}],
	   "meta":{"security":[{"system":@V@,"code":@V@}]},
	   "telecom":[{"system":@V@,"value":@V@},{"system":"phone","use":@V@,"value":"07700 900999"}],
	   "extension":[{"url":@V@},
	     {"url":"` + fhir.ExtNHSCommunication + `","extension":[{"url":@V@},{"url":"language","valueCodeableConcept":` + coded(fhir.SystemHumanLanguage) + `}]},
	     {"url":"` + fhir.ExtContactPreference + `","extension":[{"url":@V@},
	       {"url":"PreferredContactMethod","valueCodeableConcept":` + coded(fhir.SystemContactMethod) + `},
	       {"url":"PreferredWrittenCommunicationFormat","valueCodeableConcept":` + coded(fhir.SystemWrittenFormat) + `},
	       {"url":"PreferredContactTimes","valueTiming":{"repeat":{"when":[@V@]}}}]},
	     {"url":"` + fhir.ExtDeathNotification + `","extension":[{"url":"deathNotificationStatus","valueCodeableConcept":` + coded(fhir.SystemDeathNotification) + `}]}]}},
	 {"resource":{"resourceType":@V@,"id":@V@}},
	 {"resource":{"resourceType":"RelatedPerson","id":@V@,@V@:1,"patient":{"reference":"Patient/x"},"extension":[{"url":@V@}],
	   "telecom":[{"system":@V@,"value":@V@}]}},
	 {"resource":{"resourceType":"Consent","id":@V@,"status":@V@,"category":[{"coding":[{"system":"` + fhir.SystemActCode + `","code":"INFA"}]}],
	   "extension":[{"url":@V@}],
	   "provision":{"type":"permit","actor":[{"role":` + coded(fhir.SystemProxyLegalBasis) + `,"reference":{"reference":@R@}}],
	     "action":[{"coding":[{"system":"` + fhir.SystemRequestedAccess + `","code":@V@},{"system":"` + fhir.SystemProxyAccess + `","code":@V@},{"system":@V@,"code":@V@}]}]}}},
	 {"resource":{"resourceType":"Consent","id":@V@,"status":@V@,"provision":{"type":"deny"}}},
	 {"resource":{"resourceType":"Consent","id":@V@,"status":"active","extension":[{"url":@V@}],
	   "provision":{"type":"deny","code":[{"coding":[{"system":@V@,"code":@V@}]}]}}},
	 {"resource":{"resourceType":"Flag","id":@V@,"status":@V@,"category":[` + nraf + `],"extension":[{"url":@V@}]}},
	 {"resource":{"resourceType":"Flag","id":@V@,"status":"active","category":[` + nraf + `],"code":` + coded(fhir.SystemSNOMED) + `}}]}`
	bundle = strings.ReplaceAll(bundle, "@R@", quoted("RelatedPerson/"+value))
	return []byte(strings.ReplaceAll(bundle, "@V@", quoted(value)))
}

// exempt are the types that hold no personal data by design, with why.
// Their text fields hold an organisation's configuration, the rule
// catalogue, the lexicon, or a test kit's synthetic cases.
var exempt = map[string]string{
	"audit.FileStore": "", "audit.MemStore": "", "minimise.Prepared": "", "policy.Dispatcher": "", // builders

	"audit.Outbox":                       "an interface: the host's implementations print what they print",
	"audit.Store":                        "an interface",
	"audit/sqlstore.Store":               "a database handle: it prints no entry",
	"channel.Transport":                  "an interface",
	"channel.TransportFunc":              "a function",
	"policy.Decider":                     "an interface",
	"channel.AddressRules":               "a flag",
	"channel.Receipt":                    "the provider's reference and a result",
	"channel.Replacement":                "one character of a body, and its GSM replacement",
	"channel.SMSInfo":                    "counts, and Replacements",
	"minimise.Config":                    "the organisation's lexicon changes and link domains",
	"minimise.Org":                       "the organisation's own name, phone and website",
	"minimise.Scanner":                   "the lexicon",
	"minimise.SeverityRule":              "the organisation's severity rules",
	"minimise.Term":                      "a lexicon term",
	"objection.Facts":                    "codes, counts and times for Check",
	"objection.Task":                     "text the library writes, with the decision-maker's id masked",
	"policy.Config":                      "the organisation's configuration",
	"policy.DispatchOptions":             "the dispatcher's settings",
	"policy.FallbackWait":                "the organisation's configuration",
	"policy.LegalBasis":                  "the lawful basis, constant text",
	"policy.Org":                         "the organisation's configuration",
	"policy.Platform":                    "the organisation's configuration",
	"policy.Rule":                        "the rule catalogue",
	"policy.UseCase":                     "the organisation's configuration",
	"policy.Window":                      "the organisation's configuration",
	"proxy.Services":                     "service codes",
	"policy/policytest.Checker":          "a test kit: synthetic cases only",
	"policy/policytest.DecisionLine":     "a test kit: synthetic cases only",
	"policy/policytest.DeliveryJSON":     "a test kit: synthetic cases only",
	"policy/policytest.ExpectDelivery":   "a test kit: synthetic cases only",
	"policy/policytest.ExpectFinding":    "a test kit: synthetic cases only",
	"policy/policytest.ExpectJSON":       "a test kit: synthetic cases only",
	"policy/policytest.ExpectObligation": "a test kit: synthetic cases only",
	"policy/policytest.ExpectStep":       "a test kit: synthetic cases only",
	"policy/policytest.ExpectWho":        "a test kit: synthetic cases only",
	"policy/policytest.Invariant":        "a test kit: the invariants' names and documentation",
	"policy/policytest.ObligationJSON":   "a test kit: synthetic cases only",
	"policy/policytest.Options":          "a test kit's options",
	"policy/policytest.Scenario":         "a test kit: synthetic cases only",
	"policy/policytest.ScenarioError":    "a test kit: a scenario file's name and line",
	"policy/policytest.ScenarioJSON":     "a test kit: synthetic cases only",
	"policy/policytest.StepJSON":         "a test kit: synthetic cases only",
	"policy/policytest.Violation":        "a test kit: it shows the failing generated case, synthetic by design",
}

// libraryText are the fields that hold only text the library writes (a
// problem's wording, a masked address, a service code from the lexicon, a
// file path): filling them with a secret would test a state that cannot
// arise, so they are left empty. fhir.Entry's Path and Detail are checked
// as fhir.Read writes them from hostile input, by the policy/fhir.Report
// builder.
var libraryText = map[string]bool{
	"channel.AddressError.Masked":    true,
	"channel.AddressError.Reason":    true,
	"vocab.FieldError.Path":          true,
	"vocab.FieldError.Problem":       true,
	"minimise.Finding.Suggestion":    true,
	"minimise.Finding.Service":       true,
	"policy.Step.Detail":             true,
	"policy.Obligation.Detail":       true,
	"policy.Decision.Catalogue":      true,
	"audit.CorruptError.Path":        true,
	"audit.Recovery.SetAside":        true,
	"audit.Recovery.Reason":          true,
	"fhir.Entry.Path":                true,
	"fhir.Entry.Detail":              true,
	"policy.LegalBasis.GDPRArticle6": true,
	"policy.LegalBasis.GDPRArticle9": true,
	"policy.LegalBasis.CommonLaw":    true,
}
