// Package audit is the append-only, hash-chained record of what happened
// to each message: the decision about it, each attempt to send it, and the
// delivery outcome, each attributed to a member of staff.
//
// It serves the guidance's recording requirements: every message sent is
// recorded, as an exact copy or a summary (G26); a patient's messages can
// be retrieved for a subject access request (G27); all activity is
// attributable to an individual (G28); and nothing is silently dropped
// (G29).
//
// # Sections
//
//   - Entries: Entry, its Kind (decision, attempt, outcome), the recipient's
//     Role, an Override, and Entry.Validate, whose *FieldError names the
//     field at fault.
//   - The chain: each entry carries Seq (1, 2, 3…), Prev (the Hash of the
//     entry before) and Hash, the SHA-256 of its canonical encoding, which
//     Entry.ComputeHash documents so that other implementations can verify
//     a chain.
//   - Verification: Verify, VerifyHead and VerifySeq find the first entry
//     that is modified, missing, reordered or inserted, as a *VerifyError
//     wrapping ErrChainBroken. Keep the head (Store.Head) somewhere else
//     to detect a truncated log.
//   - Stores: the Store interface and its error contract; MemStore, the
//     in-memory reference; FileStore, a durable append-only file with group
//     commit, a lock and crash recovery (OpenFile). audittest.TestStore
//     checks any Store against the contract.
//   - Subject access: Export writes one patient's entries as JSON or text.
//
// # What the host supplies
//
// Each Entry's content, including its Time: the package never reads the
// clock. Body and Address hold what the host's care-record rules require:
// the exact body or a summary (set Summary), the address in full or
// masked. Hosts with their own database implement Store and run
// audittest.TestStore against it.
//
// # What is stable
//
// The canonical encoding and hash (version tag carecomms.audit.v1), the
// JSON field names, the names of kinds, roles, problems and formats, the
// FileStore's file layout and the sentinel errors. The text of errors,
// Entry.String and the text export may change.
package audit
