// Package audit is the append-only, hash-chained record of what happened
// to each message: the decision about it, each attempt to send it, and the
// delivery's result, each attributed to a member of staff.
//
// Start with a [Store]: [OpenFile] for a durable log in a directory, or a
// [MemStore] in memory; then [Store.Append] one [Entry] at a time, and
// check a log with [Verify] or [VerifyHead]. Hosts that send through the
// policy package's Dispatcher get their entries written for them.
//
// It serves the guidance's recording requirements: every message sent is
// recorded, as an exact copy or a summary (G26); a patient's messages can
// be retrieved for a subject access request (G27); all activity is
// attributable to an individual (G28); and nothing is silently dropped
// (G29).
//
// # Sections
//
//   - Entries: [Entry], its [Kind] ([KindDecision], [KindAttempt],
//     [KindOutcome]), the recipient's [RecipientRole] ([ToPatient] or
//     [ToProxy]), the [channel.Kind] used, the [Outcome], an [Override],
//     and [Entry.Validate], whose [*FieldError] names the field at fault.
//   - The chain: each entry carries Seq (1, 2, 3…), Prev (the Hash of the
//     entry before) and Hash, the SHA-256 of its canonical encoding, which
//     [Entry.ComputeHash] documents so that other implementations can
//     verify a chain.
//   - Verification: [Verify], [VerifyHead] and [VerifySeq] find the first
//     entry that is modified, missing, reordered or inserted, as a
//     [*VerifyError] wrapping [ErrChainBroken]. Keep the head
//     ([Store.Head]) somewhere else to detect a truncated log.
//   - Stores: the [Store] interface and its error contract; [MemStore],
//     the in-memory reference; [FileStore], a durable append-only file with
//     group commit, a lock and crash recovery ([OpenFile]). The audittest
//     package's TestStore checks any Store against the contract.
//   - Subject access: [Export] writes one patient's entries as JSON or
//     text.
//
// # Entries and their outcome
//
// An [Entry]'s Outcome field holds one of two ideas, kept apart by the
// [Outcome] type. On a decision entry it is the decision's outcome (send,
// revise, hold or refuse: the type policy.Outcome), recorded with
// [DecisionOutcome] and read back with [Outcome.Decision]. On an outcome
// entry it is the delivery's [channel.Result] (delivered, bounced, ...),
// recorded with [DeliveryResult] and read back with [Outcome.Result]. An
// attempt records none. For example:
//
//	e.Outcome = audit.DecisionOutcome(policy.Send)
//	e.Outcome = audit.DeliveryResult(channel.ResultDelivered)
//	if r, ok := e.Outcome.Result(); ok && r.Permanent() { ... }
//
// The two sets of names do not overlap, so the JSON field is one string.
// [RecipientRole] is the same type as policy.RecipientRole, and
// [FieldError] the same type as every carecomms package's field error:
// its Path is the entry's JSON field, such as "staff" or "rules[2]", and
// it wraps [ErrInvalid].
//
// The JSON names ("channel", "outcome", "recipient_role") and the
// canonical encoding did not change when these fields were typed: logs
// written before open, read back with typed fields and verify.
//
// # What the host supplies
//
// Each [Entry]'s content, including its Time: the package never reads the
// clock. Body and Address hold what the host's care-record rules require:
// the exact body or a summary (set Summary), the address in full or
// masked. Hosts with their own database implement [Store] and run the
// audittest package's TestStore against it.
//
// # What is stable
//
// The canonical encoding and hash (version tag carecomms.audit.v1, and
// carecomms.audit.v2 for an outcome that names the claim it answers), the
// JSON field names, the names of kinds, recipient roles, outcomes,
// problems and formats, the [FileStore]'s file layout and the sentinel
// errors. The text of errors, [Entry.String] and the text export may
// change.
package audit
