// Package fhir reads a person from FHIR R4 JSON, as GP and hospital
// systems in England hold them (UK Core) and the Personal Demographics
// Service returns them, into a [policy.Record] that [policy.Decide] can
// decide with, and says in a [Report] what it did not map as it stands.
//
//	rd := fhir.Reader{At: now, NHSApp: registered, Capacity: capacity}
//	rec, report, err := rd.Read(bundleJSON)
//	if err != nil { ... }            // no one Patient to build from
//	log.Print(report)                // what was left out, assumed or failed closed
//	d := org.Decide(msg, rec)
//
// Two things a decision needs are not in FHIR, and the host supplies them
// on the Reader: whether the person is registered for the NHS App
// (Reader.NHSApp) and what the care record says about their capacity
// (Reader.Capacity). The report says when each was taken from the host,
// and when it was not given.
//
// Read takes a Bundle (any type) or a single Patient; ReadResources takes
// the resources one by one. The resources are decoded with encoding/json
// into this package's own minimal structs: no FHIR model library is used.
//
// # What fails closed
//
// Where the guidance needs it, incomplete or worrying data makes Decide
// hold or refuse, and the report has a [Closed] entry:
//   - a restricted record (meta.security R, V or REDRSTRCT, or any security
//     label not understood) becomes [policy.Restricted] (P1);
//   - deceasedDateTime or deceasedBoolean true becomes [policy.Deceased],
//     or [policy.InformallyDeceased] when the death notification status is
//     1 (informal) or U (removed) (P1);
//   - an NHS number that fails the Modulus 11 check is kept as recorded,
//     so Decide refuses the record (input.record) until it is corrected;
//   - a RelatedPerson with no active proxy role, or a role whose legal
//     basis is not understood, is a proxy without authority (G19, P8);
//   - a proxy role's access coded in a way not understood grants nothing
//     (G19, P8);
//   - an objection with no scope this package understands covers every
//     message from the organisation (G11);
//   - a record that does not validate is reported field by field.
//
// # What is lenient
//
// A ContactPoint records no date it was last confirmed: its freshness is
// unknown, the report says so once per person, and Decide asks the host to
// confirm the one contact it uses (G30), not every contact on every
// message. A proxy role with no start date is accepted from Reader.At's
// date.
//
// # Mapping
//
// Elements read, and where they go. Anything else in a resource is a
// report entry ([Ignored] unless said otherwise); nothing is dropped
// silently, and Read never panics. UK Core URLs are also read as the PDS
// FHIR API writes them (https://fhir.nhs.uk/R4/... for
// https://fhir.hl7.org.uk/...), and HL7 terminology systems written with
// https as the Validated Relationships Service API's examples write them.
//
//	FHIR element                                   Record field / effect
//	Patient.id                                     PatientID (else the NHS number)
//	Patient.identifier (https://fhir.nhs.uk/Id/nhs-number)
//	                                               NHSNumber; Modulus 11 checked; verification status
//	                                               (NHSNumberVerificationStatus 01) noted
//	Patient.meta.security (v3-Confidentiality R/V, v3-ActCode REDRSTRCT; the PDS API's security-labels R)
//	                                               Status = restricted; U, L, M, N read; any other label
//	                                               restricted
//	Patient.deceased[x] + Extension-UKCore-DeathNotificationStatus
//	  (UKCore-DeathNotificationStatus 1, 2, U)     Status = deceased / informally_deceased
//	Patient.birthDate                              BirthDate
//	Patient.name (usual, else first)               Name (to flag it in bodies; never printed)
//	Patient.address (home, else first)             Address, Postcode (to flag them in bodies)
//	Patient.telecom system email                   Contact email
//	Patient.telecom system sms, or phone with use mobile or a UK mobile number
//	                                               Contact sms; landlines are reported, not mapped
//	Patient.telecom.rank                           contact order (1 first; unranked last)
//	Patient.telecom.use old, period ended by Reader.At
//	                                               left out, reported
//	(not in FHIR) Reader.NHSApp                    Contact nhs_app addressed by the NHS number, first,
//	                                               when the number is valid and verified (01); reported
//	(not in FHIR) Reader.Capacity                  Capacity; reported when set
//	Extension-UKCore-ContactPreference
//	  PreferredContactMethod (UKCore-PreferredContactMethod)
//	                                               1 letter, 4 email, 9 SMS → Preferences; 5 → need
//	                                               text_relay; 6 → need via_carer; 7 → need bsl;
//	                                               2, 3, 8 reported
//	  PreferredWrittenCommunicationFormat (UKCore-PreferredWrittenCommunicationFormat)
//	                                               11 large_print, 12 braille, 13 audio → Needs
//	  PreferredContactTimes (Timing.repeat.when MORN, AFT, EVE; dayOfWeek)
//	                                               ContactTimes 06–12, 12–18, 18–22 on weekdays or every
//	                                               day; free text (valueString) reported
//	Extension-UKCore-NHSCommunication
//	  language (UKCore-HumanLanguage), preferred   Language (BCP 47)
//	  interpreterRequired                          need interpreter
//	RelatedPerson                                  Proxies: id, name, relationship (display or code),
//	                                               telecom as for Patient, ContactPreference 1, 4, 9 as
//	                                               the proxy's preferences, active false → deactivated
//	Consent, category v3-ActCode INFA, provision.type permit (national proxy service role)
//	  provision.actor.role, or extension-Consent.regulatoryBasis (England-NHSProxyLegalBasis)
//	                                               Proxy.Authority; the role is taken as the record
//	                                               note and as its basis's evidence (activated LPA,
//	                                               recorded best interests decision, the patient's
//	                                               consent)
//	  provision.actor.reference                    matched to a RelatedPerson by reference or identifier
//	  provision.period (else RelatedPerson.period, else dateTime, else Reader.At)
//	                                               Proxy.From, Proxy.Until
//	  provision.action (SystemProxyAccess; SystemRequestedAccess APPT, PRESCR, TEST, RECRD)
//	                                               Proxy.Access (none: unrestricted; a code not
//	                                               understood grants nothing, closed)
//	  status other than active                     proxy deactivated
//	Consent, provision.type deny, status active    Objections: scope from provision.code (SystemObjection,
//	                                               SystemChannel, SystemService; serious-harm); none
//	                                               understood → organisation; dateTime → RecordedAt;
//	                                               performer or organization → RecordedBy
//	Flag, category NRAF (PatientFlagCategory or RA-FlagCategory), status active
//	  code (SNOMED CT, RA-FlagCode value set)      Needs (large_print, braille, audio, easy_read, bsl,
//	                                               via_carer, makaton, advocate, text_relay, lipspeaker,
//	                                               deafblind) or Preferences (contact by email, letter,
//	                                               sms); other adjustments reported
//
// # Code systems, and where they were checked
//
// Each code the tables above name was checked against the published code
// system or value set below; what could not be found is said.
//
//   - UKCore-PreferredContactMethod 2.2.0 (2023-10-09), codes 1–9, 9 (SMS)
//     added in 2.2.0: https://simplifier.net/guide/UK-Core-Implementation-Guide-STU3-Sequence/Home/Terminology/AllCodeSystems/CodeSystem-UKCore-PreferredContactMethod.page.md
//     (codes 1–8 unchanged from 2.1.0).
//   - UKCore-PreferredWrittenCommunicationFormat 2.1.0, codes 11, 12, 13:
//     https://fhir.hl7.org.uk/CodeSystem/UKCore-PreferredWrittenCommunicationFormat
//     as its value set https://fhir.hl7.org.uk/ValueSet/UKCore-PreferredWrittenCommunicationFormat
//     2.1.0 expands it.
//   - UKCore-DeathNotificationStatus 2.1.0, codes 1, 2, U:
//     https://simplifier.net/guide/uk-core-implementation-guide/Home/Terminology/AllCodeSystems/CodeSystemUKCore-DeathNotificationStatus?version=1.0.0
//   - UKCore-NHSNumberVerificationStatusEngland 1.1.1, codes 01–08 (01
//     number present and verified), as the UK Core value set
//     UKCore-NHSNumberVerificationStatus 2.2.0 expands it; the PDS FHIR API
//     writes the same codes in https://fhir.nhs.uk/R4/CodeSystem/UKCore-NHSNumberVerificationStatus
//     1.0.0.
//   - UKCore-HumanLanguage: read as BCP 47 tags; the code list was not
//     checked, and a code that is not a tag is reported.
//   - v3-Confidentiality (HL7, version 2018-08-12 in FHIR R4), codes U, L,
//     M, N, R, V: https://hl7.org/fhir/r4/v3/Confidentiality/v3-Confidentiality.cs.json.html.
//     The PDS FHIR API writes them in https://www.hl7.org/fhir/valueset-security-labels.html.
//     v3-ActCode REDRSTRCT was not checked; every label not understood is
//     taken as restricted, so reading it as restricted changes nothing.
//   - v3-ActCode INFA for a proxy role: NHS England's ConsentNationalProxy
//     profile and the Validated Relationships Service API 1.27.0.
//   - England-NHSProxyLegalBasis: the code system itself could not be
//     found. Only the two codes the Validated Relationships Service API's
//     published examples use are mapped: parental-responsibility and
//     court-appointed-personal-welfare-deputy
//     (https://github.com/NHSDigital/validated-relationships-service-api,
//     specification/examples). Codes for a lasting power of attorney, a
//     best interests decision or the patient's consent are not guessed: a
//     host that has them from the published code system maps them with
//     [Reader].LegalBasis; until then such a proxy has no authority
//     (closed). An unknown basis (v3-NullFlavor UNK, as the service's
//     examples write it) gives no authority.
//   - Proxy access levels: the national proxy service publishes no code
//     system for the access a role grants. The service's examples code the
//     access a proxy asks for in a placeholder system, [SystemRequestedAccess]
//     (APPT appointment booking, PRESCR repeat prescriptions, TEST test
//     results, RECRD medical record, CNTCT contacting the surgery, VACC
//     vaccination records); APPT, PRESCR, TEST and RECRD are read as
//     access levels, CNTCT and VACC grant nothing this library sends.
//     [SystemProxyAccess] is this library's own.
//   - NHS Reasonable Adjustment Flag: category NRAF in PatientFlagCategory
//     0.1.0 (draft, 2024-02-14, https://fhir.nhs.uk/England/CodeSystem/PatientFlagCategory),
//     or in RA-FlagCategory as the RA programme's draft examples write it;
//     every SNOMED CT code in the adjustment tables is in the RA-FlagCode
//     value set 0.1.0 (draft, 2024-02-14, https://fhir.nhs.uk/England/ValueSet/RA-FlagCode,
//     https://github.com/NHSDigital/ra-sandbox input/fsh/valuesets/RA-FlagCode.fsh).
//     The value set's many "interpreter needed" codes for a language are
//     reported, not mapped: the language comes from NHSCommunication.
//   - Capacity: UK Core has no element or code system for a person's
//     capacity, so it comes from [Reader].Capacity, never from FHIR.
//   - NHS App registration: FHIR does not record it, so the NHS App
//     contact comes from [Reader].NHSApp, never from FHIR.
//
// [SystemProxyAccess], [SystemObjection], [SystemChannel] and
// [SystemService] are this library's own code systems, for what the
// national specifications do not yet code.
//
// # Stability
//
// The mapping may grow; an element that moves from the report into the
// Record is not a breaking change. Report entries' Detail text may change;
// their Path and Severity are stable. Neither prints personal data: a
// resource id in a Path, and a code, system, URL or element name quoted
// from the input, are masked as [channel.MaskID] masks an identifier, so
// a PDS Patient, whose id is the NHS number, is "Patient/*******026".
package fhir
