// Package objection decides whether a person's registered objections to
// being messaged allow a channel to be used for one message, and when a
// compelling legitimate ground overrides them (G10–G17, G32, G34).
//
// Start with [Check], which answers for one channel, and [Register], which
// a host calls when a person objects. The policy package calls Check for
// every candidate channel of every recipient; hosts call Register when a
// person objects and [OverrideTasks] when a decision-maker overrides an
// objection.
//
// # Objections
//
// An [Objection] has a [Scope] (G11): one channel, all electronic channels,
// all messages from the organisation, one service (such as screening), or
// processing for their care entirely. It carries the person's specific
// Reason (G12), who recorded it and when, and whether contact puts the
// person at risk of serious harm (G15). [Objection.Covers] and [Covered]
// say which channels an objection covers; both fail closed, so an
// objection whose scope, channel or service is missing covers every
// channel. The Reason round-trips through JSON for storage but never
// appears in String, Format, LogValue or any error.
//
// # Grounds and overrides
//
// An objection is upheld unless compelling legitimate grounds are
// demonstrated case by case and recorded (G13). An [Override] claims one
// [Ground]: the guidance's eight examples (G14), a genuine emergency (G32),
// or another ground argued in writing. A ground fits only when the
// message's [Facts] show it; the Facts documentation defines, for each
// ground, exactly which facts it needs, and [Ground.Facts] lists them.
// [Ground.DecidableBy] says which [Role] may decide which ground;
// [DefaultDecider] says who must decide when nobody who may is named (the
// Caldicott Guardian, or the sender in an emergency, G34).
//
// [Role] is the one role type of carecomms, the same type as policy.Role
// and proxy.Role: [Nobody], [CaldicottGuardian], [DPO], [IGLead],
// [SeniorClinician], [ThePatient] and [TheSender], named in JSON as
// nobody, caldicott_guardian, dpo, ig_lead, senior_clinician, the_patient
// and the_sender (the older names ig_team and sender are still read). The
// patient never decides an override, and the sender only in an emergency.
//
// # The check
//
// Check(objs, facts, kind, override) returns a [Result]: a [Verdict]
// ([Allowed], [Denied], [Overridden], [NeedsDecision]), the index of the
// deciding objection, and machine-readable reasons: SeriousHarm, NoReason
// (G12), Invalid, the [Ground] considered, the first [Fact] that did not
// fit (Unfit) and the [Role] that must decide (Need). A serious-harm
// objection is never overridden, not even in an emergency. [Check] is
// pure, deterministic, never panics and does not allocate.
//
// # Host tasks
//
// [Register] validates a new objection and returns the [Task] values that
// go with it: explain the impact on their care and note it in the record
// (G17), record a missing reason (G12), discuss removing a contact detail
// at risk of serious harm (G15), and tell them letters remain after an
// objection to electronic channels (G16). [OverrideTasks] returns the
// tasks after an override, including the review after an emergency (G32).
//
// # What the host supplies
//
// The host stores objections and overrides, and fills [Facts] from the
// message and the record: the decision time (nothing here reads a clock),
// the content class, the service code, the appointment time, the group
// size and the organisation's waiting-list threshold, whether the record
// marks the person vulnerable, urgency, emergency, which channels have
// failed, and which can reach the person in time (see [Facts].Usable).
//
// Validation problems ([Objection.Validate], [Override.Validate],
// [Register]) are [*FieldError] values wrapping [ErrInvalid]: the shared
// field error of carecomms, whose Path names the field (such as
// "objections[1].scope" once package policy nests it under a record).
//
// # Stability
//
// The names of [Scope], [Ground], [Role], [Fact], [Verdict] and [TaskCode]
// values are stable identifiers: they appear in JSON and decision trails
// and are never reused for a different meaning. The JSON field names are
// stable. The wording of String methods, errors and Task.Text may change;
// compare codes, not text.
package objection
