// Package fhir reads a person from FHIR R4 JSON, as GP and hospital
// systems in England hold them (UK Core) and the Personal Demographics
// Service returns them, into a [policy.Record] that [policy.Decide] can
// decide with, and says in a [Report] what it did not map as it stands.
//
//	rec, report, err := fhir.Reader{At: now}.Read(bundleJSON)
//	if err != nil { ... }            // no one Patient to build from
//	log.Print(report)                // what was left out, assumed or failed closed
//	d := org.Decide(msg, rec)
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
// silently, and Read never panics.
//
//	FHIR element                                   Record field / effect
//	Patient.id                                     PatientID (else the NHS number)
//	Patient.identifier (https://fhir.nhs.uk/Id/nhs-number)
//	                                               NHSNumber; Modulus 11 checked; verification status
//	                                               (UKCore-NHSNumberVerificationStatusEngland 01) noted
//	Patient.meta.security (v3-Confidentiality R/V, v3-ActCode REDRSTRCT)
//	                                               Status = restricted
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
//	Extension-UKCore-ContactPreference
//	  PreferredContactMethod (UKCore-PreferredContactMethod)
//	                                               1 letter, 4 email → Preferences; 5 → need text_relay;
//	                                               6 → need via_carer; 7 → need bsl; 2, 3, 8 reported
//	  PreferredWrittenCommunicationFormat (UKCore-PreferredWrittenCommunicationFormat)
//	                                               11 large_print, 12 braille, 13 audio → Needs
//	  PreferredContactTimes (Timing.repeat.when MORN, AFT, EVE; dayOfWeek)
//	                                               ContactTimes 06–12, 12–18, 18–22 on weekdays or every day
//	Extension-UKCore-NHSCommunication
//	  language (UKCore-HumanLanguage), preferred   Language (BCP 47)
//	  interpreterRequired                          need interpreter
//	RelatedPerson                                  Proxies: id, name, relationship (display or code),
//	                                               telecom as for Patient, active false → deactivated
//	Consent, category v3-ActCode INFA, provision.type permit (national proxy service role)
//	  provision.actor.role (England-NHSProxyLegalBasis)
//	                                               Proxy.Authority; the role is taken as the record note
//	                                               and as its basis's evidence (activated LPA, recorded
//	                                               best interests decision, the patient's consent)
//	  provision.actor.reference                    matched to a RelatedPerson by reference or identifier
//	  provision.period (else RelatedPerson.period, else dateTime, else Reader.At)
//	                                               Proxy.From, Proxy.Until
//	  provision.action (SystemProxyAccess)         Proxy.Access (none: unrestricted)
//	  status other than active                     proxy deactivated
//	Consent, provision.type deny, status active    Objections: scope from provision.code (SystemObjection,
//	                                               SystemChannel, SystemService; serious-harm); none
//	                                               understood → organisation; dateTime → RecordedAt;
//	                                               performer or organization → RecordedBy
//	Flag, category PatientFlagCategory NRAF, status active (NHS Reasonable Adjustment Flag)
//	  code (SNOMED CT, RA-FlagCode value set)      Needs (large_print, braille, audio, easy_read, bsl,
//	                                               via_carer, makaton, advocate, text_relay, lipspeaker,
//	                                               deafblind) or Preferences (contact by email, letter,
//	                                               sms); other adjustments reported
//
// Code systems understood, with the versions the mapping was written from:
// UK Core R4 STU2 (2.0.x) CodeSystems UKCore-PreferredContactMethod,
// UKCore-PreferredWrittenCommunicationFormat, UKCore-DeathNotificationStatus,
// UKCore-NHSNumberVerificationStatusEngland and UKCore-HumanLanguage; HL7
// terminology v3-Confidentiality, v3-ActCode and v3-RoleCode; NHS England
// PatientFlagCategory 0.1.0 and the RA-FlagCode value set 0.1.0 (SNOMED
// CT UK edition codes); England-NHSProxyLegalBasis as the Validated
// Relationships Service API 1.27.0 uses it (parental-responsibility and
// court-appointed-personal-welfare-deputy are from its examples; the codes
// for the other three bases follow the same pattern and must be checked).
// [SystemProxyAccess], [SystemObjection], [SystemChannel] and
// [SystemService] are this library's own code systems, for what the
// national specifications do not yet code.
//
// # Stability
//
// The mapping may grow; an element that moves from the report into the
// Record is not a breaking change. Report entries' Detail text may change;
// their Path and Severity are stable.
package fhir
