// Package proxy decides who, besides the patient, may receive messages
// about the patient's care: people acting on their behalf (proxies), the
// authority each holds, and when a proxy receives a copy or receives
// instead of the patient. It follows the guidance's sections on sending
// messages to people acting on someone else's behalf and on services
// individuals may feel sensitive about (G18–G21), and records authority
// the way the national proxy service does (P8).
//
// Start with [Check], which says whether one [Proxy] may receive messages
// on a date, and [Recipients], which plans who receives: the patient, the
// valid proxies, or a proxy instead of the patient. The policy package
// calls Recipients (which calls Check) and [HoldForCheck] for every
// message; hosts may call them directly to show staff why a proxy may or
// may not be messaged.
//
// # Sections
//
//   - Authority: the five legal bases and how they map to the national
//     codes.
//   - Validity: [Check] and its ordered [Reason] values.
//   - Delivery: [Recipients], [Mode], [Route] and [Access].
//   - Age: [Age], and the 18th and 29 February rules.
//   - Sensitive services: [Services], [WhoChecks] and [HoldForCheck].
//   - The shared vocabulary: [Status], [Role] and [FieldError].
//   - What the host supplies.
//   - What is stable.
//
// # Authority
//
// [Authority] names the proxy's legal basis (P8):
//
//	Authority                 legal basis                                          usable while
//	parental_responsibility   parental responsibility (Children Act 1989)          the patient is under 18 (see Validity)
//	lasting_power_of_attorney lasting power of attorney for health and welfare     activated, and the patient lacks capacity
//	court_appointed_deputy    Court of Protection deputy for personal welfare      the patient lacks capacity
//	best_interests            best interests decision (Mental Capacity Act 2005)   recorded, and the patient lacks capacity
//	consent                   the patient's explicit consent                        the patient has capacity and consented
//
// The national proxy service codes the basis in England-NHSProxyLegalBasis.
// That code system is not published where it could be checked; the
// service's examples use parental-responsibility and
// court-appointed-personal-welfare-deputy, which package policy/fhir maps,
// and a host maps the others once it has them (policy/fhir Reader.LegalBasis).
//
// NHS England's draft FlagProxyRole code system 0.1.0
// (https://fhir.nhs.uk/England/CodeSystem/FlagProxyRole) is coarser: 001
// consent, 002 best_interests, 003 lasting_power_of_attorney or
// court_appointed_deputy, 004 parental_responsibility. A host importing
// from it must say which of the two its code 003 means, because the rules
// differ (an LPA must be activated).
//
// # Validity
//
// Check(p, pt, on) returns a [Result]: Valid and a [Reason]. A valid
// proxy's Reason names its authority; an invalid proxy's Reason names the first
// condition that failed, in a documented order: status, record note (G20),
// decision date, period (inclusive at both ends), then the authority's own
// conditions (G19). Without a record note, an active status and a decision
// date inside the period, a proxy is never valid. Parental
// responsibility covers a child who lacks capacity, and a child under 16
// with no capacity recorded; a child with capacity, recorded or presumed
// from 16 under the Mental Capacity Act, must also have consented
// (child_no_consent). Otherwise capacity is never presumed: an unknown
// capacity fails every authority that depends on it.
//
// # Delivery
//
// Messages are the patient's own (G18). Recipients(proxies, pt, on)
// returns a [Plan]: the patient receives directly and each valid proxy
// receives a copy, except that a valid proxy with [Mode] [Instead] receives
// instead of the patient while the patient lacks capacity, or while a
// young child (under [YoungChildAge], no capacity recorded) is under that
// proxy's parental responsibility. [Plan.Route] says which applied.
//
// A proxy role may be scoped, as the national proxy service records it:
// [Proxy.Access] lists the [Access] levels granted ([Appointments],
// [Prescriptions], [TestResults], [MedicalRecord]), and [Proxy.Allows]
// says whether a message of a given content class may go to the proxy. A
// proxy with no Access list (nil) is unrestricted, and an empty list
// allows nothing; policy.Decide sends a proxy only the classes its access
// covers (rule proxy.access). The national proxy service publishes no
// code system for a role's access yet; package policy/fhir reads the
// placeholder codes its examples use.
//
// # Age
//
// [Age](birth, on) counts completed years between two civil dates
// ([channel.Date]).
// Parental responsibility is valid through the day before the 18th
// birthday and not on it. A person born on 29 February has their birthday
// on 1 March in a common year.
//
// # Sensitive services
//
// Even with valid authority, a proxy is not told about a service the
// patient may feel sensitive about until someone has checked with them
// (G21). [Services] is a set of service codes ([DefaultServices], or the
// org's own from [NewServices]); [HoldForCheck] says whether a proxy
// delivery about a service must wait, and [WhoChecks] says who decides:
// [ThePatient], or [CaldicottGuardian] when the patient lacks capacity or
// is a child whose competence is not recorded. The message text plays no
// part: a bland appointment confirmation is as sensitive as its service.
//
// The service codes live here, once: [SexualHealth], [HIV],
// [TerminationOfPregnancy], [AssistedConception], [GenderIdentity],
// [MentalHealth], [SubstanceMisuse], [SafeguardingService] and
// [SexualAssault], listed by [DefaultSensitiveServices]. They are the codes
// the minimise package's default lexicon tags its terms with, and the
// codes policy.Config.SensitiveServices defaults to.
//
// # The shared vocabulary
//
// [Status] is the one status type of carecomms, the same type as
// policy.Status: a proxy relationship is [Active] or [Deactivated], and
// unlike a person's record, a proxy needs its status set ([StatusUnset]
// makes it invalid). [Role] is the one role type, the same as policy.Role
// and objection.Role. [FieldError] is the shared field error:
// [Proxy.Validate] and [Patient.Validate] report each problem as a
// [*FieldError] wrapping [ErrInvalid], and package policy re-roots it under
// the record, as "proxies[0].status", so that errors.Is finds both
// [ErrInvalid] and policy.ErrInvalidRecord.
//
// # What the host supplies
//
// The proxies as the record holds them, with the record note (G20), the
// authority's own evidence (LPA activated, best interests recorded,
// consent recorded), the period and the status; the patient's birth date
// and recorded capacity; the decision date as a Europe/London civil date;
// and the service code of each message. [Proxy.Validate] and
// [Patient.Validate] report incomplete records at ingest.
//
// # What is stable
//
// The names of every enum ([Authority], [Capacity], [Status],
// [DeactivationReason], [Mode], [Reason], [Route], [Role]) and the service
// codes are stable: they appear in JSON and in decision trails, and
// callers map them to rule IDs. Their numeric values, the order of
// [Reasons] and the text of String and error messages may change. The
// order in which [Check] tests conditions is part of its contract.
package proxy
