package fhir_test

import (
	"encoding/json"
	"testing"

	"pgregory.net/rapid"

	"github.com/carecomms/carecomms/policy/fhir"
	"github.com/carecomms/carecomms/proxy"
)

// genBundle draws a Bundle from the elements the reader maps, with values
// both valid and not, so that most draws exercise a mapping.
func genBundle(t *rapid.T) []byte {
	pick := func(label string, xs ...any) any { return rapid.SampledFrom(xs).Draw(t, label) }
	tel := []any{}
	for range rapid.IntRange(0, 4).Draw(t, "telecoms") {
		tel = append(tel, map[string]any{
			"system": pick("system", "phone", "email", "sms", "fax", ""),
			"value":  pick("value", "07700 900123", "0115 496 0000", "a@example.org", "", "+33 1 23 45 67 89"),
			"use":    pick("use", "mobile", "home", "old", "work"),
			"rank":   pick("rank", 1, 2, 0, -1),
			"period": pick("period", nil, map[string]any{"end": "2020-01-01"}, map[string]any{"end": "not a date"}),
		})
	}
	patient := map[string]any{
		"resourceType": "Patient",
		"id":           pick("id", "p1", "", "9990000026"),
		"identifier": []any{map[string]any{"system": fhir.SystemNHSNumber, "value": pick("nhs", "9990000026", "9990000027", "123", ""),
			"extension": []any{map[string]any{"url": fhir.ExtNHSNumberVerification, "valueCodeableConcept": map[string]any{"coding": []any{map[string]any{"system": fhir.SystemNHSNumberVerified, "code": pick("verified", "01", "02")}}}}}}},
		"birthDate": pick("birthDate", "1950-01-01", "2020-02-30", "", "1999"),
		"telecom":   tel,
		"meta":      map[string]any{"security": []any{map[string]any{"system": pick("secsys", fhir.SystemConfidentiality, "https://www.hl7.org/fhir/valueset-security-labels.html", "urn:x"), "code": pick("sec", "R", "U", "V", "Q")}}},
		"extension": []any{map[string]any{"url": pick("prefurl", fhir.ExtContactPreference, "https://fhir.nhs.uk/R4/StructureDefinition/Extension-UKCore-ContactPreference"),
			"extension": []any{map[string]any{"url": "PreferredContactMethod", "valueCodeableConcept": map[string]any{"coding": []any{map[string]any{"system": fhir.SystemContactMethod, "code": pick("method", "1", "4", "9", "5", "10")}}}}}}},
	}
	if rapid.Bool().Draw(t, "deceased") {
		patient["deceasedDateTime"] = "2026-01-01"
	}
	entries := []any{map[string]any{"resource": patient}}
	for i := range rapid.IntRange(0, 2).Draw(t, "proxies") {
		id := []string{"rp1", "rp2"}[i]
		entries = append(entries,
			map[string]any{"resource": map[string]any{"resourceType": "RelatedPerson", "id": id,
				"active": rapid.Bool().Draw(t, "active"),
				"period": pick("rpperiod", nil, map[string]any{"start": "2020-01-01"}, map[string]any{"start": "2030-01-01", "end": "2020-01-01"})}},
			map[string]any{"resource": map[string]any{"resourceType": "Consent", "id": "c" + id, "status": pick("cstatus", "active", "inactive", "proposed"),
				"category":  []any{map[string]any{"coding": []any{map[string]any{"system": fhir.SystemActCode, "code": "INFA"}}}},
				"extension": []any{map[string]any{"url": fhir.ExtRegulatoryBasis, "valueCodeableConcept": map[string]any{"coding": []any{map[string]any{"system": fhir.SystemProxyLegalBasis, "code": pick("regbasis", "court-appointed-personal-welfare-deputy", "friend")}}}}},
				"provision": map[string]any{"type": "permit",
					"actor":  []any{map[string]any{"role": map[string]any{"coding": []any{map[string]any{"system": fhir.SystemProxyLegalBasis, "code": pick("basis", "parental-responsibility", "consent", "friend")}}}, "reference": map[string]any{"reference": "RelatedPerson/" + id}}},
					"action": []any{map[string]any{"coding": []any{map[string]any{"system": pick("accsys", fhir.SystemProxyAccess, fhir.SystemRequestedAccess, "urn:x"), "code": pick("access", "appointments", "test_results", "everything", "APPT", "VACC", "TEST")}}}},
				}}})
	}
	if rapid.Bool().Draw(t, "objection") {
		entries = append(entries, map[string]any{"resource": map[string]any{"resourceType": "Consent", "id": "o1", "status": "active",
			"dateTime": pick("odate", "2026-01-01T10:00:00Z", ""), "performer": []any{map[string]any{"reference": "Practitioner/x"}},
			"provision": map[string]any{"type": "deny", "code": []any{map[string]any{"coding": []any{map[string]any{"system": fhir.SystemObjection, "code": pick("scope", "channel", "electronic", "service", "bogus")}}}}}}})
	}
	b, _ := json.Marshal(map[string]any{"resourceType": "Bundle", "type": "collection", "entry": entries})
	return b
}

// Every bundle the reader accepts gives a Record that validates, or a
// report with an entry that names why (closed).
func TestReadAcceptedValidatesOrReports(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		data := genBundle(t)
		rd := fhir.Reader{At: readAt, NHSApp: rapid.Bool().Draw(t, "nhs_app"),
			Capacity: rapid.SampledFrom([]proxy.Capacity{proxy.CapacityUnknown, proxy.HasCapacity, proxy.LacksCapacity}).Draw(t, "capacity")}
		rec, rep, err := rd.Read(data)
		if err != nil {
			t.Fatalf("Read error %v for a bundle with one Patient", err)
		}
		if verr := rec.Validate(); verr != nil && !rep.Closed() {
			t.Fatalf("record does not validate (%v) and the report is not closed:\n%s", verr, rep)
		}
	})
}
