// Package channel describes the ways a health or care organisation can reach
// a person: the channel kinds and their properties, contact details and
// their validation, content classes, the results of delivery attempts, SMS
// encoding and segment counting, and the [Transport] interface the host
// implements.
//
// Start with [Kind], the channel, and [Contact.Usable] (or
// [NormalizeAddress]), which says whether a contact detail can be used for
// it. A host that sends messages implements [Transport].
//
// It is the leaf of carecomms: the audit, objection, proxy, minimise and
// policy packages build on its types. Everything here is pure: no I/O, no
// clock, no global state; every function is safe for concurrent use and
// never panics.
//
// # Channels and content
//
// [Kind] is a channel ([NHSApp], [Email], [SMS], [MessagingApp], [Letter]),
// listed by [Kinds] in the guidance's default order with the NHS App first
// (G4). Its methods give the properties the rules use: [Kind.Electronic]
// (G16), [Kind.LockScreen] (G22), [Kind.NeedsLogin] (G6), [Kind.Digital]
// (G14.6) and [Kind.TypicalDelay]. [Set] is a small set of kinds. [Class]
// is the kind of content a message carries (G5, G14). [Kind.Shows] gives
// the [Placement] of text in a body: on a locked screen (a text message,
// an email's preview up to [PreviewEnd]), only once opened, or on paper
// (G22, G6).
//
// # Contact details
//
// [Contact] is one way of reaching a person as the care record holds it,
// with a [Status] (failed or removed, G31, G15); [Attempt] is an earlier
// delivery and its [Result]. [NormalizeAddress] checks an address for a
// kind and returns its canonical form: UK mobile numbers in E.164 form,
// email addresses with an ASCII (punycode) domain, NHS numbers as 10
// digits, postal addresses ending with a normalised postcode.
// [AddressRules] relaxes the defaults (international numbers).
// [Contact.Usable] combines the status ([ErrContactFailed],
// [ErrContactRemoved]) and the address check. [ValidNHSNumber],
// [ValidPostcode] and [NormalizePostcode] check the parts on their own.
//
// Refusals are [*AddressError] values wrapping [ErrEmptyAddress],
// [ErrInvalidAddress], [ErrNotMobile] or [ErrInternational], with a reason
// that says how to fix the address.
//
// # Masking
//
// No error or String method in this package prints a whole address or a
// message body, nor does log/slog: [Contact], [Attempt] and [Envelope] are
// [log/slog.LogValuer]s that log what String prints. [Mask] shows just
// enough of an address to tell contacts apart ("+44*******123",
// "j***@*******.org", "*******919", "***, LS1 ***").
//
// # SMS
//
// [CountSMS] works out the encoding ([GSM7] or [UCS2]), length and segment
// count of a text message (P4), and suggests GSM replacements for
// typographic characters that would force UCS-2; [SuggestGSM] applies them.
// Both follow GSM 03.38 with its extension table. [ValidateSenderID] checks
// an alphanumeric sender id (P5).
//
// # Transport and delivery results
//
// The host sends messages: it implements [Transport] over its provider.
// [Envelope] is what is sent, [Receipt] what came back. The [Transport] doc
// comment gives the error contract ([ErrPermanent], [ErrTemporary],
// anything else is in doubt) and [ResultOf] applies it, giving a [Result]:
// [ResultAccepted], [ResultDelivered] or [ResultRead] for progress,
// [ResultTemporaryFailure], [ResultBounced] or [ResultNotRecognised] for a
// failure (the last two permanent, G31), and [ResultUnknown] when no result
// was recorded, so the attempt is in doubt and must be reconciled, not
// resent. [Receipt.Result] and [Attempt.Result] carry it. [TransportFunc]
// adapts a function.
//
// A delivery's [Result] is a different idea from a decision's outcome
// (send, revise, hold, refuse), which package policy decides; the audit log
// records either in its outcome field.
//
// # Encoding
//
// Every enum ([Kind], [Class], [Status], [Result], [Encoding]) encodes as a
// lower-case snake_case name and rejects unknown names; a [Result] keeps
// the JSON field name "outcome" in [Receipt] and [Attempt]. [Date] encodes
// as YYYY-MM-DD; instants are RFC 3339 through [time.Time].
//
// # Stability
//
// The exported names, enum text forms and JSON field names are stable.
// The canonical forms [NormalizeAddress] returns are stable. The wording of
// error messages and the exact form of [Mask]'s output may change: branch
// on the sentinel errors and [AddressError] fields, not on text.
package channel
