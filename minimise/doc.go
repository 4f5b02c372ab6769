// Package minimise scans the text of a message to a patient for what the
// guidance asks to keep off insecure channels and out of messages
// altogether: confidential content (G6, G22, G23) and features that make a
// message look like a scam (G24, G25, P6). It suggests redactions and
// minimal rewrites. The policy package calls it for every message; it can
// also be used on its own, for example to check a template as it is
// written.
//
// Start with [Scan], which uses the default lexicon, or build a [Scanner]
// for an org's [Config] with [New] and call [Scanner.Scan]. [Redact] and
// [Rewrite] turn the findings into a safer text.
//
// # What it finds
//
// [Scan] returns a [Finding] for each match, with a [Kind], a byte span
// into the original text, the [Category] of the matched text, its
// sensitive-service code (if any) and a Suggestion:
//
//   - identifiers: NHS numbers written 943 476 5919, 943-476-5919 or
//     9434765919 that pass the Modulus 11 check (ten digits that fail it,
//     and numbers starting with 0, are not NHS numbers); dates of birth;
//     UK postcodes; phone numbers (UK numbers of 10 or 11 digits starting
//     with 0, or 8 to 15 digits after +); email addresses; and the
//     patient's own name (the whole name, as a sequence of words: "Park"
//     alone is not Alex Park), address and postcode when the host passes a
//     Subject;
//   - health content, from the lexicon: conditions and diagnoses, test
//     names, result words near a test ("positive", "abnormal"), values
//     with lab units ("5.4 mmol/L"), medicines, and the vocabulary of the
//     sensitive services (codes sexual_health, hiv,
//     termination_of_pregnancy, assisted_conception, gender_identity,
//     mental_health, substance_misuse, safeguarding, sexual_assault: the
//     codes the proxy package exports as proxy.SexualHealth and the rest,
//     which this package does not repeat);
//   - scam-like features: requests to pay (an amount next to pay, fee,
//     fine or penalty; "pay a fine"), requests for bank or card details,
//     PINs, passwords or identity documents (not after "never" or "do not"
//     in the same sentence), third-party URL shorteners, look-alike
//     domains (nhs-covid-pass.com, nhs.uk.example.com, gov-uk-fines.com,
//     https://nhs.uk@evil.example), links to gov.uk and other
//     public-sector domains, other links outside nhs.uk and the org's own
//     domains, "click here", urgency and pressure ("act now", "final warning"),
//     shouting (three or more capitalised words in a row, common acronyms
//     such as NHS, GP and A&E aside; "!!") and repeated words ("the the").
//
// Dates of birth: a full date (day, month and year, in the forms 12/03/1980,
// 12-3-80, 12.03.1980, 1980-03-12, 12 March 1980, 12th of March 1980,
// 12-Mar-1980 and March 12, 1980) counts as a date of birth when it is the
// [Subject]'s birth date, or when "born", "DOB", "D.O.B." or "date of birth"
// comes shortly before it (or "(DOB)" just after). Other dates, such as an
// appointment's, are not reported: messages about care are full of them.
//
// # Context
//
// The scan reads a word by what is around it, so that real NHS messages
// pass (the labelled corpus in testdata/corpus, run by TestCorpus, holds
// genuine invitations, reminders and results-ready texts, reported scams
// and confidential cases):
//
//   - a link is judged as a link, by its domain, never as prose: "covid"
//     in https://www.nhs.uk/covid-vaccination is no condition, nor a name
//     in a link's path the patient's name;
//   - a programme, vaccine or screening name ("COVID-19 vaccine", "cervical
//     screening", "NHS Health Check") is not the person's condition, and a
//     condition just after "risk of", "protects against" or "cases of" is a
//     topic, not a diagnosis; "your diabetes review" still names one;
//   - a statement of a cost ("each missed appointment costs the NHS £30",
//     "the prescription charge is £9.90") is not a request to pay, and a
//     negated ask ("we will never ask for your bank details") is no ask;
//   - an identity document is a credentials request only when the text
//     asks for it ("send a photo of your passport"), not when it says what
//     a person may need;
//   - urgency that the message's class warrants (a medication alert, a
//     public health alert, a welfare check, a safety warning) is Info.
//
// # Normalisation
//
// Matching sees through the usual ways of hiding words: case, full-width
// and other compatibility forms (golang.org/x/text/width and the NFKD
// decomposition of golang.org/x/text/unicode/norm, so "ＨＩＶ" and "hív"
// read "hiv"), Cyrillic and Greek look-alike letters, zero-width
// characters, soft hyphens and combining marks anywhere, and words written
// one letter at a time ("H I V", "h.i.v", "H-I-V"). Terms match whole
// words only: "archive" does not contain HIV, nor "therapist" a rapist.
// Spans always point into the original text, on UTF-8 boundaries.
//
// # Severity
//
// A [Finding]'s [Severity] depends on the channel:
// [Finding.SeverityOn](secure), where secure means the channel needs a log-in and the org approved it
// for confidential content (the NHS App, approved encrypted email).
// Confidential findings block on other channels, whose content can show
// on a locked screen, and are informational on secure ones (G6).
// Requests for payment, bank or card details or credentials, URL
// shorteners, look-alike domains and links outside nhs.uk and the org's
// domains block everywhere (P6); style features (click here, urgency,
// shouting, repeated words) and links to gov.uk are warnings: advisory,
// reported on a decision to send. [Scanner.Severity] applies the message
// class and the org's [Config].Severities ([SeverityRule]) on top: an org
// can raise an advisory kind to blocking for every class or one, but
// cannot lower confidential content on an unapproved channel or what P6
// says never to send. The zero [Severity], [Unassessed], is treated as
// blocking.
//
// # What the host supplies
//
// An org's [Config]: its own domains (links to them are allowed, as links
// to nhs.uk always are) and terms to add to or remove from the default
// lexicon. [New] validates it once and builds the matcher, reporting each
// bad entry as a [*FieldError], the field error every carecomms package
// shares, with the entry's path (such as "add_terms[2]") and one of
// [ErrBadTerm], [ErrUnknownTerm], [ErrBadDomain], [ErrBadSeverity] or
// [ErrTooManyTerms].
// [Scanner.Scan] is then a single pass over the text that allocates only
// for the findings it returns. Per message,
// the host may pass the patient's own identifiers as a [Subject]. For
// [Rewrite], the org's name and contact details as an [Org].
//
// # Group messages
//
// A group message has one body for many people, and only each patient's
// [Subject] differs. [Scanner.Prepare] scans the body once and returns a
// [Prepared]; [Prepared.ScanAppend] then gives, per Subject, exactly the
// findings [Scanner.ScanAppend] would give for the body and that Subject,
// in the same order, by matching the Subject against what the one scan
// kept (the folded words, the dates and the cues near them, the
// postcodes) instead of scanning the body again. It does not allocate
// when the slice has room. A Prepared is immutable and safe for
// concurrent use.
//
// # Lexicon
//
// The default lexicon is data: lexicon/*.txt in this package's source,
// one "term | category | service" a line, turned into lexicon_table.go by
// "go generate" (gen.go). A test fails when the generated table is stale.
// [Default] builds the default scanner from it once, on first use, and
// shares it; it is never modified after.
//
// # Redaction and rewrites
//
// [Redact] replaces chosen findings with neutral placeholders ("[NHS number
// removed]", "[removed]"); [Rewrite] gives a minimal text for a content class,
// such as "Your test results are ready. Please log in to the NHS App or
// call <org> on <phone>." (G23).
//
// # Stability
//
// [Kind], [Category] and [Severity] names, the [Finding] fields and their
// JSON form, and the meaning of spans are stable. The lexicon grows and changes
// between versions, and so do the wording of Suggestion, the placeholders
// and the rewrites: do not compare them as strings. [Finding.String] never
// shows the matched text or the service, and neither do errors.
//
// # Limits
//
// Only whole-word spelling tricks are undone: "HI V" or "hiv" inside a
// longer word are not found, nor misspellings. Look-alike letters are
// folded from a short table, not the full Unicode confusables list. Text
// past 2 GiB is not scanned.
package minimise

//go:generate go run gen.go
