package fhir

import (
	"encoding/json"
	"strings"
)

// The FHIR R4 elements this package reads, and nothing more: every other
// element of a resource is listed in the Report, never silently dropped.
// The structs decode with encoding/json; each resource keeps the names of
// the elements it had (see known) so that the rest can be reported.

type coding struct {
	System  string `json:"system"`
	Code    string `json:"code"`
	Display string `json:"display"`
}

type concept struct {
	Coding []coding `json:"coding"`
	Text   string   `json:"text"`
}

// URL bases, and the PDS FHIR API's own spellings of them.
const (
	// hl7Terminology is the base of HL7's terminology code systems.
	hl7Terminology = "http://terminology.hl7.org/"
	// ukCore is the base of UK Core's extensions and code systems.
	ukCore = "https://fhir.hl7.org.uk/"
	// pdsUKCore is the base under which the PDS FHIR API writes UK Core
	// extensions and code systems (its example Patient, specification/
	// components/examples/Patient.json in NHSDigital/personal-demographics-
	// service-api).
	pdsUKCore = "https://fhir.nhs.uk/R4/"
	// pdsSecurityLabels is the system the PDS FHIR API writes on
	// meta.security for v3-Confidentiality codes (U, R).
	pdsSecurityLabels = "https://www.hl7.org/fhir/valueset-security-labels.html"
)

// canonical returns the canonical URL of a code system or extension
// written another way: an HL7 terminology system written with https, as
// the Validated Relationships Service API's examples write v3-ActCode; a
// UK Core URL as the PDS FHIR API writes it; and the PDS FHIR API's
// security-label system, which carries v3-Confidentiality codes.
func canonical(u string) string {
	if rest, ok := strings.CutPrefix(u, "https://terminology.hl7.org/"); ok {
		return hl7Terminology + rest
	}
	if rest, ok := strings.CutPrefix(u, pdsUKCore); ok {
		return ukCore + rest
	}
	if u == pdsSecurityLabels {
		return SystemConfidentiality
	}
	return u
}

// sameSystem reports whether got names the code system or extension want
// (a canonical URL).
func sameSystem(got, want string) bool { return got == want || canonical(got) == want }

// has reports whether c has a coding with the system and one of the codes.
func (c *concept) has(system string, codes ...string) bool {
	if c == nil {
		return false
	}
	for _, cd := range c.Coding {
		if !sameSystem(cd.System, system) {
			continue
		}
		for _, want := range codes {
			if cd.Code == want {
				return true
			}
		}
	}
	return false
}

// code returns the code of c's first coding in system, if any.
func (c *concept) code(system string) (string, bool) {
	if c == nil {
		return "", false
	}
	for _, cd := range c.Coding {
		if sameSystem(cd.System, system) {
			return cd.Code, true
		}
	}
	return "", false
}

type period struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type identifier struct {
	System     string      `json:"system"`
	Value      string      `json:"value"`
	Extensions []extension `json:"extension"`
}

type reference struct {
	Reference  string      `json:"reference"`
	Identifier *identifier `json:"identifier"`
	Display    string      `json:"display"`
}

type timing struct {
	Repeat *struct {
		DayOfWeek []string `json:"dayOfWeek"`
		When      []string `json:"when"`
		TimeOfDay []string `json:"timeOfDay"`
	} `json:"repeat"`
}

// extension is an Extension with the value[x] types UK Core uses in the
// extensions this package reads.
type extension struct {
	URL                  string      `json:"url"`
	Extensions           []extension `json:"extension"`
	ValueCodeableConcept *concept    `json:"valueCodeableConcept"`
	ValueCoding          *coding     `json:"valueCoding"`
	ValueBoolean         *bool       `json:"valueBoolean"`
	ValueDateTime        string      `json:"valueDateTime"`
	ValueString          string      `json:"valueString"`
	ValueTiming          *timing     `json:"valueTiming"`
	ValueReference       *reference  `json:"valueReference"`
}

type contactPoint struct {
	System     string      `json:"system"`
	Value      string      `json:"value"`
	Use        string      `json:"use"`
	Rank       *int        `json:"rank"`
	Period     *period     `json:"period"`
	Extensions []extension `json:"extension"`
}

type humanName struct {
	Use    string   `json:"use"`
	Text   string   `json:"text"`
	Family string   `json:"family"`
	Given  []string `json:"given"`
}

type address struct {
	Use        string   `json:"use"`
	Line       []string `json:"line"`
	City       string   `json:"city"`
	District   string   `json:"district"`
	PostalCode string   `json:"postalCode"`
	Period     *period  `json:"period"`
}

type meta struct {
	Profile  []string `json:"profile"`
	Security []coding `json:"security"`
}

type patient struct {
	ResourceType     string         `json:"resourceType"`
	ID               string         `json:"id"`
	Meta             *meta          `json:"meta"`
	Extensions       []extension    `json:"extension"`
	Identifier       []identifier   `json:"identifier"`
	Active           *bool          `json:"active"`
	Name             []humanName    `json:"name"`
	Telecom          []contactPoint `json:"telecom"`
	BirthDate        string         `json:"birthDate"`
	DeceasedBoolean  *bool          `json:"deceasedBoolean"`
	DeceasedDateTime string         `json:"deceasedDateTime"`
	Address          []address      `json:"address"`
}

type relatedPerson struct {
	ResourceType string         `json:"resourceType"`
	ID           string         `json:"id"`
	Meta         *meta          `json:"meta"`
	Extensions   []extension    `json:"extension"`
	Identifier   []identifier   `json:"identifier"`
	Active       *bool          `json:"active"`
	Patient      *reference     `json:"patient"`
	Relationship []concept      `json:"relationship"`
	Name         []humanName    `json:"name"`
	Telecom      []contactPoint `json:"telecom"`
	Period       *period        `json:"period"`
}

type flag struct {
	ResourceType string      `json:"resourceType"`
	ID           string      `json:"id"`
	Meta         *meta       `json:"meta"`
	Extensions   []extension `json:"extension"`
	Status       string      `json:"status"`
	Category     []concept   `json:"category"`
	Code         *concept    `json:"code"`
	Subject      *reference  `json:"subject"`
	Period       *period     `json:"period"`
}

type provision struct {
	Type   string  `json:"type"`
	Period *period `json:"period"`
	Actor  []struct {
		Role      *concept   `json:"role"`
		Reference *reference `json:"reference"`
	} `json:"actor"`
	Action  []concept   `json:"action"`
	Code    []concept   `json:"code"`
	Purpose []coding    `json:"purpose"`
	Nested  []provision `json:"provision"`
}

type consent struct {
	ResourceType string      `json:"resourceType"`
	ID           string      `json:"id"`
	Meta         *meta       `json:"meta"`
	Extensions   []extension `json:"extension"`
	Status       string      `json:"status"`
	Scope        *concept    `json:"scope"`
	Category     []concept   `json:"category"`
	Patient      *reference  `json:"patient"`
	DateTime     string      `json:"dateTime"`
	Performer    []reference `json:"performer"`
	Organization []reference `json:"organization"`
	Provision    *provision  `json:"provision"`
}

type bundle struct {
	ResourceType string `json:"resourceType"`
	Type         string `json:"type"`
	Entry        []struct {
		FullURL  string          `json:"fullUrl"`
		Resource json.RawMessage `json:"resource"`
	} `json:"entry"`
}
