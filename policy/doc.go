// Package policy decides how a health or care organisation may message a
// person about their care, following NHS England's information governance
// guidance on texting, emailing and messaging patients and service users.
//
// # Deciding
//
// [Decide] (the guidance's defaults) and [Org.Decide] (an org's own
// validated configuration, from [New]) are the entry points:
//
//	d := policy.Decide(msg, rec)
//	org, err := policy.New(cfg)
//	d = org.Decide(msg, rec)
//
// Decide is [Default]().Decide: the [Org] for [DefaultConfig], built once,
// on first use, and shared, so importing the package does not build it.
//
// Decide is a pure function of the org, the [Message] and the [Record]:
// the decision time is Message.At, nothing reads the wall clock or does
// I/O, the same input gives the same [Decision], it is safe for concurrent
// use and it never panics. It returns no error: invalid input and every
// rule's verdict become trail steps, and invalid input never yields
// [Send]. [Message.Validate] and [Record.Validate] report the same
// problems as errors for hosts that reject bad data at ingest.
//
// [Org.Batch] and [Org.DecideGroup] decide a group (batch) message for
// many people with the same checks for each person.
//
// # The decision
//
// A [Decision] holds the [Outcome] ([Send], [Revise], [Hold], [Refuse];
// the zero value, [OutcomeNone], is never Send), one [Delivery] per
// recipient with its channel, address, fallbacks, adjustments and
// language, the content [Finding] values, the ordered Trail of [Step]
// values citing stable rule IDs ([RuleID]), the [Obligation] values the
// host must meet afterwards, the [LegalBasis] and the catalogue version.
// [Catalogue] lists every [Rule] and the requirements (G-n, P-n) it rests
// on. When the Outcome is Hold, [Decision.Who] names who must decide, as
// a list of [Role] values.
//
// A message may carry a body for each channel ([Message.Bodies], as NHS
// Notify's message plans link one template to each channel): each
// delivery and [Fallback] is judged on the body it would carry, a fallback
// whose body needs an edit is marked [Fallback.Revise], and each finding
// says which body it is in and where it would show ([Finding.Shows]). How
// long each channel waits before the next is tried is P3's, the org's
// ([Config.FallbackWaits]) or the message's ([Message.FallbackAfter]).
//
// The decision's Outcome is the most restrictive over its deliveries: act
// on each [Delivery.Outcome]. When the person a hold named has decided,
// record it as an [Approval] on the message and decide again.
//
// [Decision.Explain] renders a decision for IG professionals and support
// staff. Its wording may change between versions; compare decisions by
// their fields and rule IDs, never by the rendered text.
//
// # Vocabulary
//
// The words every carecomms package shares are one set of types, declared
// once and re-exported here with type aliases, so a value means the same
// thing wherever it travels:
//
//   - [Role], who decides: [Nobody], [CaldicottGuardian], [DPO], [IGLead],
//     [SeniorClinician], [ThePatient], [TheSender]; the same type as
//     [objection.Role] and [proxy.Role].
//   - [RecipientRole], whether a delivery goes [ToPatient] or [ToProxy];
//     the same type as [audit.RecipientRole].
//   - [Status], the person's national record status (P1): [Active],
//     [Deceased], [InformallyDeceased], [Invalidated], [RemovedFromList],
//     [Restricted], or [StatusUnset], which is taken as active; the same
//     type as [proxy.Status].
//   - [Outcome], what a decision allows. A delivery's result (delivered,
//     bounced, ...) is a different idea, [channel.Result]; the audit log
//     records either, as an [audit.Outcome].
//   - [FieldError], one problem with one field, described below.
//
// # Input problems
//
// [Message.Validate], [Record.Validate] and [New] report every problem
// they find, joined, each a [*FieldError] with the field's JSON path, such
// as "proxies[0].status", what is wrong and how to fix it. They wrap
// [ErrInvalidMessage], [ErrInvalidRecord] and [ErrConfig] respectively. A
// problem found by another package's validator is re-rooted under the
// outer path and wraps both packages' sentinels: for a bad proxy status,
// errors.Is(err, [proxy.ErrInvalid]) and errors.Is(err, [ErrInvalidRecord])
// both hold, and errors.As finds the *FieldError. The text never holds a
// message body or an address. [Decide] turns a message's and a record's
// problems into trail steps instead.
//
// # What the host supplies
//
// [Decide] needs nothing but its inputs. The [Dispatcher] ties a decision
// to the host's [channel.Transport] and [audit.Store] ([NewDispatcher]):
// it records the decision before anything is sent, records every attempt
// and its [channel.Result], falls back on permanent failures and never
// sends one message twice to a recipient; attempts with no recorded result
// are reported as in doubt in the [Report], not resent.
//
// # Stability
//
// Rule IDs (by name: [RuleID.String], as JSON carries them), enum names and
// JSON field names are stable: a change in meaning gets a new ID and a new
// [CatalogueVersion]. The numbers behind RuleID and the other enums are
// not: store names, not numbers. Trail Detail text and Explain output are
// for people and may change.
//
// # Conformance
//
// The [Decider] interface is what package policytest checks: other
// implementations can run the same invariants and scenario corpus.
//
// # Reading the source
//
// The engine is split by the stage of the decision it serves, each in its
// own unexported file: engine.go (the order of the stages), input.go,
// scope.go, content.go, objections.go, recipients.go, candidates.go,
// order.go, timing.go and finish.go. The rule catalogue (the [RuleID]
// constants, their names and references) is generated by go generate from
// rules.txt, and the enum names from enums.txt; tests fail when the
// generated code is stale. The mutation tests, which switch each rule off
// and require a decision to change, build only with a tag:
//
//	go test -tags carecomms_mutation -run TestMutations ./policy/
package policy
