// Package policy decides how a health or care organisation may message a
// person about their care, following NHS England's information governance
// guidance on texting, emailing and messaging patients and service users.
//
// # Deciding
//
// Decide (the guidance's defaults) and Org.Decide (an org's own validated
// configuration) are the entry points:
//
//	d := policy.Decide(msg, rec)
//	org, err := policy.New(cfg)
//	d = org.Decide(msg, rec)
//
// Decide is a pure function of the org, the Message and the Record: the
// decision time is Message.At, nothing reads the wall clock or does I/O,
// the same input gives the same Decision, it is safe for concurrent use
// and it never panics. It returns no error: invalid input and every rule's
// verdict become trail steps, and invalid input never yields Send.
// Message.Validate and Record.Validate report the same problems as errors
// for hosts that reject bad data at ingest.
//
// Org.Batch and Org.DecideGroup decide a group (batch) message for many
// people with the same checks for each person.
//
// # The decision
//
// A Decision holds the Outcome (Send, Revise, Hold, Refuse; the zero value
// is never Send), one Delivery per recipient with its channel, address,
// fallbacks, adjustments and language, the content Findings, the ordered
// Trail of steps citing stable rule IDs, the Obligations the host must
// meet afterwards, the LegalBasis and the catalogue version. Catalogue
// lists every rule and the requirements (G-n, P-n) it rests on. When the
// Outcome is Hold, Decision.Who names who must decide.
//
// Decision.Explain renders a decision for IG professionals and support
// staff. Its wording may change between versions; compare decisions by
// their fields and rule IDs, never by the rendered text.
//
// # What the host supplies
//
// Decide needs nothing but its inputs. The Dispatcher ties a decision to
// the host's channel.Transport and audit.Store: it records the decision
// before anything is sent, records every attempt and outcome, falls back
// on permanent failures and never sends one message twice to a recipient.
//
// # Stability
//
// Rule IDs (by name: RuleID.String, as JSON carries them), enum names and
// JSON field names are stable: a change in meaning gets a new ID and a new
// CatalogueVersion. The numbers behind RuleID and the other enums are not:
// store names, not numbers. Trail Detail text and Explain output are for
// people and may change.
//
// # Conformance
//
// The Decider interface is what package policytest checks: other
// implementations can run the same invariants and scenario corpus.
package policy
