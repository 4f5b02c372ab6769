// Package policytest is the conformance kit for deciders: anything that
// implements [policy.Decider], this library's [*policy.Org] or another
// vendor's engine, can be checked against the same invariants and the same
// scenario corpus, in the way [testing/fstest.TestFS] checks a file system.
//
// Start with [TestDecider] for the invariants and [RunScenarios] with
// [Scenarios] for the corpus:
//
//	org, _ := policy.New(cfg)
//	if err := policytest.TestDecider(org, cfg); err != nil { ... }           // invariants (G1–G34, P1–P8)
//	if err := policytest.RunScenarios(policytest.NewOrg, policytest.Scenarios()); err != nil { ... }
//
// Neither needs a *testing.T: call them from a test, a command or CI.
//
// # Sections
//
//   - Invariants: [TestDecider], [TestDeciderN], [TestDeciderWith],
//     [Options], [Violation], [Invariants], [CheckCase] and [Checker].
//   - Generators: rapid generators of realistic and adversarial input.
//   - Scenarios: the corpus, its file format, [ParseScenario] and
//     [RunScenarios].
//   - Fuzzing: turning the invariants into fuzz targets.
//   - What is stable.
//
// # Invariants
//
// TestDecider(d, cfg) checks d, a decider built from the org configuration
// cfg, on [DefaultCases] (1,000) cases and returns nil or one [*Violation]
// per broken invariant, joined with [errors.Join]. A Violation names the
// invariant and the requirements it rests on, counts the failing cases and
// shows the smallest failing case found, as JSON. The cases are synthetic,
// so nothing in them is masked. cfg is needed because several invariants
// depend on what the org approved: channels (G3), use cases (G5), channels
// for confidential content (G6), sensitive services (G21), link domains
// (P6), windows and holidays (P2) and the contact age limit (G30).
//
// The invariants ([Invariants] lists them with their references):
//
//	decide.no_panic         Decide returns for every input                       G34
//	determinism             same input, same decision; input not modified        G29
//	input.never_sent        invalid input is never Send or Revise                G1 G26 G28 G30
//	scope.care_only         nothing outside individual care goes                 G1
//	staff.attributed        nothing unattributed goes                            G28
//	record.status           nothing to the deceased, removed or restricted       P1
//	basis.lawful            6(1)(e), 9(2)(h), implied consent; none out of scope G2 G9 G1
//	platform.approved       approved channels only, outside an emergency         G3 G32
//	usecase.class           the org's use cases and confidential channels        G5 G6
//	objection.upheld        objected channels only with a fitting, decided override  G10 G11 G13 G14
//	objection.serious_harm  never a serious-harm channel or contact detail       G15
//	recipient.valid         the patient, or a proxy with authority and a note    G18 G19 G20 P8
//	proxy.access            no proxy told what their access does not cover       G19 P8
//	proxy.sensitive         no proxy told about a sensitive service unchecked    G21
//	content.blocking        no Send with content that blocks on its channel      G6 G22–G25 P4 P6
//	contact.address         addresses are the recipient's usable contacts        G30 G31
//	contact.fresh           stale contacts must be confirmed                     G30
//	timing.window           routine messages inside their window                 P2
//	timing.preferred        routine messages inside the person's contact times   G7 G33
//	adjustment.carried      recorded needs travel with the delivery              G33 P7
//	record.keep             every message sent is recorded                       G26 G29
//	hold.who                every Hold names who decides                         G34
//	trail.catalogue         every trail rule is in the catalogue                 G34
//	json.round_trip         the decision round-trips through JSON                G27
//	monotone.objections     more objections never let more through               G10 G11 G17
//	monotone.proxies        fewer proxies never let more through                 G18 G19
//
// The objection, proxy and content invariants use the library's own
// packages as the reference: [objection.Check] on the chosen channel with
// the message's override, [proxy.Check] and [proxy.HoldForCheck] on the
// decision date in Europe/London, and the [minimise.Scanner] built from
// cfg.
//
// How the cases are run: rapid's own runner needs a *testing.T, so
// TestDecider draws each case with Generator.Example and the seeds
// [Options].Seed, Seed+1, …, which gives the same cases on every run and
// machine. Every invariant is checked on every case. For the first failing
// case of each invariant it shrinks greedily, trying smaller variants of
// the case (lists emptied, single contacts, objections, proxies and
// attempts removed, optional fields cleared, the body halved) and keeping
// any that still fail, until none does or [Options].ShrinkSteps were tried.
// At 1,000 cases all invariants take well under a second on one core
// (see BenchmarkConformance in package policy).
//
// # Generators
//
// The generators are rapid generators (pgregory.net/rapid), composed with
// rapid.Custom, every Draw labelled. Every identifier they draw is plainly
// synthetic: NHS numbers from the 999 test range with a valid Modulus 11
// check digit, mobile numbers from Ofcom's drama range 07700 900000–900999,
// landlines 0115 496 0000–0999, addresses at example.org, example.com and
// example.net, postcodes like "NG1 1AA".
//
//	Message()            a realistic message: every field the guidance touches
//	Record()             a realistic care record: contacts, objections, proxies, needs
//	Config()             a realistic org configuration that policy.New accepts
//	Cases()              a related Message and Record, drawn around one decision time
//	AdversarialMessage() a message with one to four fields spoilt
//	AdversarialRecord()  a record with one to five parts spoilt
//	AdversarialCases()   cases with an adversarial message, record or both
//	MixedCases()         realistic three times in four, adversarial otherwise
//	NHSNumber()          a valid test-range NHS number
//	Mobile()             a drama-range mobile number, written several ways
//	Landline()           a drama-range landline (not usable for SMS)
//	Email()              an address at a reserved example domain
//	Postcode()           a well-formed UK postcode
//	PostalAddress()      a postal address ending with a postcode
//	PersonName()         an obviously made-up name
//	Address(k)           an address for channel kind k
//
// Realistic generators aim at edges: decision times on sending-window edges
// and around clock changes, appointments either side of the 48-hour edge,
// 18th, 16th and 11th birthdays today, tomorrow or yesterday, 29 February
// births, proxy periods ending today, contacts verified 365 days ago.
// Adversarial ones add what a careless host sends: missing fields, enums
// outside their range (zero values and past the last name), conflicting
// facts (parental responsibility for an adult, consent from a person who
// lacks capacity, a deceased person with proxies), times in year 1 or 9999,
// bodies up to 40,000 bytes, invalid UTF-8, zero-width characters,
// right-to-left overrides and homoglyphs. Use them in your own properties:
//
//	rapid.Check(t, func(t *rapid.T) {
//		c := policytest.Cases().Draw(t, "case")
//		d := myEngine.Decide(c.Message, c.Record)
//		...
//	})
//
// # Scenarios
//
// [Scenarios] returns the corpus: files in testdata/scenarios, one case
// each, that together cite every requirement a decision acts on (G1–G35
// with G14.1–G14.8, P1–P8), including the guidance's worked examples: an
// objection to text and email because family can read the phone, overridden
// for urgent treatment within 48 hours; test results by text; a hepatitis B
// vaccine after a sexual assault and a liver function test notified to a
// proxy; a reminder to a phone an ex-partner can read. [RunScenarios] runs
// a corpus against any decider; each failure names the file and line.
//
// A scenario file is UTF-8 text, one "key: value" per line. Lines starting
// with "#" are comments, blank lines are ignored, a line starting with
// white space continues the previous value (for JSON over several lines),
// and " #" starts a trailing comment. Unknown keys are errors, as are
// unknown JSON fields and names; errors name the file and line.
//
//	# The guidance's example of a serious-harm objection.
//	name: A reminder must not go to a phone an ex-partner can read
//	cites: G15 G10
//	config: {"name": "Riverside Surgery"}      # optional: replaces these fields of policy.DefaultConfig
//	message: {"id": "m-029", "at": "2026-11-24T10:00:00Z", "purpose": "individual_care",
//	  "class": "appointment_reminder", "body": "...", "staff": {"id": "staff-0042"}}
//	record: {"patient_id": "9990000018", "contacts": [...], "objections": [...]}
//	outcome: send
//	delivery: 9990000018 send letter
//	step: objection.serious_harm deny sms
//	obligation: discuss_contact_removal sms
//
// The keys:
//
//	name           required: what the scenario shows
//	cites          required: G-n and P-n, such as G14.3 or P2
//	config         JSON; each top-level field replaces that field of policy.DefaultConfig
//	error          text the error of a refused configuration must contain (with config only)
//	message        required: a policy.Message as JSON
//	record         required: a policy.Record as JSON
//	outcome        required: send, revise, hold or refuse
//	who            repeatable: must appear in the decision's who
//	delivery       repeatable: RECIPIENT OUTCOME [CHANNEL]; given, they are exactly the deliveries;
//	               "delivery: none" says there are none
//	step           repeatable: RULE EFFECT [CHANNEL|-] [RECIPIENT] must match a trail step
//	no-step        repeatable: RULE [EFFECT [CHANNEL|-] [RECIPIENT]] must match no trail step
//	obligation     repeatable: CODE [CHANNEL] must match an obligation
//	no-obligation  repeatable: CODE [CHANNEL] must match none
//	finding        repeatable: a content finding kind that must be found
//	no-finding     repeatable: a finding kind that must not be
//
// To add a scenario, write a file ending ".scenario" in testdata/scenarios
// (or any directory you pass to RunScenarios), cite what it shows, and run
// go test ./policy/...; a vendor keeps its own scenarios next to the corpus
// and runs both.
//
// # Fuzzing
//
// [Checker] checks one case at a time against a decider prepared once
// ([NewChecker]), so the invariants become a fuzz target with
// [rapid.MakeFuzz]:
//
//	func FuzzMyEngine(f *testing.F) {
//		k, _ := policytest.NewChecker(myEngine, cfg)
//		f.Fuzz(rapid.MakeFuzz(func(t *rapid.T) {
//			if err := k.Check(policytest.MixedCases().Draw(t, "case")); err != nil {
//				t.Fatal(err)
//			}
//		}))
//	}
//
// # What is stable
//
// The invariant names, the scenario file format and its keys, and the
// exported API are stable. New invariants and scenarios are added over
// time, so a decider that passes today may fail a later corpus; the rule
// catalogue version ([policy.CatalogueVersion]) says which catalogue a
// corpus cites. The generators' distributions, the cases a seed gives and
// the wording of errors may change between versions.
package policytest
