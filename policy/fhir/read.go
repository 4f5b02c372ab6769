package fhir

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"time"

	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

// Errors Read returns when no Record can be built at all. Anything less is
// an entry in the Report.
var (
	// ErrNotFHIR: the input is not a FHIR R4 JSON resource.
	ErrNotFHIR = errors.New("fhir: not a FHIR R4 JSON resource: pass a Bundle or a resource with a resourceType")
	// ErrNoPatient: the input holds no Patient resource.
	ErrNoPatient = errors.New("fhir: no Patient resource: include the person's Patient resource")
	// ErrManyPatients: the input holds more than one Patient; which one the
	// record is about cannot be known.
	ErrManyPatients = errors.New("fhir: more than one Patient resource: pass one person's resources at a time")
	// ErrTooLarge: the input is over Reader.MaxBytes.
	ErrTooLarge = errors.New("fhir: input too large: raise Reader.MaxBytes or pass fewer resources")
)

// DefaultMaxBytes is the input size Read accepts when Reader.MaxBytes is 0.
const DefaultMaxBytes = 8 << 20

// maxResources bounds the resources one Read maps.
const maxResources = 10000

// Reader reads FHIR R4 JSON into a [policy.Record]. The zero Reader is
// ready to use.
type Reader struct {
	// At is the time the record is read for: contact points, proxies and
	// flags whose period ended before it are left out (and reported), and
	// a proxy with no start date is taken to start on At's date. The zero
	// time keeps ended periods, reporting each, and leaves a proxy with no
	// start date without one (so it is never valid).
	At time.Time
	// MaxBytes bounds the input; 0 means DefaultMaxBytes.
	MaxBytes int
	// NHSApp says the person is registered for the NHS App, as the host
	// knows from the NHS App or NHS login: FHIR does not carry it. When
	// it is set and the NHS number is valid and marked verified (01),
	// Read adds a contact of kind nhs_app addressed by the NHS number,
	// first among the contacts; otherwise it adds none and reports why.
	NHSApp bool
	// Capacity is what the host's care record says about the person's
	// capacity to make decisions about their care: UK Core has no element
	// for it. Read sets Record.Capacity to it and reports that it did.
	// The zero value leaves capacity unknown, so no proxy whose authority
	// depends on capacity is valid, and the report says so.
	Capacity proxy.Capacity
	// LegalBasis maps further England-NHSProxyLegalBasis codes onto
	// authorities, for codes the host has confirmed against the
	// published code system: it returns the authority and true for a
	// code it maps. It is called only for codes the package does not map
	// itself (see the package documentation); a code neither maps gives
	// the proxy no authority. Nil maps none.
	LegalBasis func(code string) (proxy.Authority, bool)
}

// Read is Reader{}.Read.
func Read(data []byte) (policy.Record, Report, error) { return Reader{}.Read(data) }

// Read builds a Record from data: a FHIR R4 Bundle (of any type) or a
// single resource, which must then be a Patient. It returns an error only
// when there is no one Patient to build from; everything else it could
// not map as it stands is in the Report. Read never panics.
func (rd Reader) Read(data []byte) (policy.Record, Report, error) {
	if err := rd.size(len(data)); err != nil {
		return policy.Record{}, Report{}, err
	}
	var head struct {
		ResourceType string `json:"resourceType"`
	}
	if err := json.Unmarshal(data, &head); err != nil || head.ResourceType == "" {
		return policy.Record{}, Report{}, ErrNotFHIR
	}
	if head.ResourceType != "Bundle" {
		return rd.ReadResources(data)
	}
	var b bundle
	if err := json.Unmarshal(data, &b); err != nil {
		return policy.Record{}, Report{}, ErrNotFHIR
	}
	res := make([][]byte, 0, min(len(b.Entry), maxResources))
	var rep Report
	for i, e := range b.Entry {
		if len(res) == maxResources {
			rep.add("Bundle.entry["+strconv.Itoa(i)+"]", Ignored, "more than "+strconv.Itoa(maxResources)+" entries: the rest are not read")
			break
		}
		if len(e.Resource) == 0 {
			rep.add("Bundle.entry["+strconv.Itoa(i)+"]", Ignored, "entry without a resource")
			continue
		}
		res = append(res, e.Resource)
	}
	rec, r2, err := rd.ReadResources(res...)
	rep.Entries = append(rep.Entries, r2.Entries...)
	return rec, rep, err
}

func (rd Reader) size(n int) error {
	limit := rd.MaxBytes
	if limit <= 0 {
		limit = DefaultMaxBytes
	}
	if n > limit {
		return ErrTooLarge
	}
	return nil
}

// ReadResources builds a Record from individual FHIR R4 JSON resources:
// exactly one Patient, with any RelatedPerson, Consent and Flag resources
// about them. Resources of other types are reported and left out.
func (rd Reader) ReadResources(resources ...[]byte) (policy.Record, Report, error) {
	total := 0
	for _, r := range resources {
		total += len(r)
	}
	if err := rd.size(total); err != nil {
		return policy.Record{}, Report{}, err
	}
	in := &ingest{at: rd.At, nhsAppSet: rd.NHSApp, cap: rd.Capacity, bases: rd.LegalBasis}
	for i, raw := range resources {
		if i == maxResources {
			in.rep.add("resources", Ignored, "more than "+strconv.Itoa(maxResources)+" resources: the rest are not read")
			break
		}
		in.resource(i, raw)
	}
	switch len(in.patients) {
	case 0:
		return policy.Record{}, in.rep, ErrNoPatient
	case 1:
	default:
		return policy.Record{}, in.rep, ErrManyPatients
	}
	in.build()
	return in.rec, in.rep, nil
}

// ingest is one Read's state.
type ingest struct {
	at        time.Time
	rep       Report
	rec       policy.Record
	patients  []*patient
	related   []*relatedPerson
	consents  []*consent
	flags     []*flag
	needsSeen map[policy.Need]bool
	// From the Reader: what the host knows that FHIR does not carry.
	nhsAppSet bool
	cap       proxy.Capacity
	bases     func(string) (proxy.Authority, bool)
	// nhsVerified: the NHS number is marked verified (01).
	nhsVerified bool
}

// resource decodes one resource by its type and reports the elements it
// does not read.
func (in *ingest) resource(i int, raw []byte) {
	var top map[string]json.RawMessage
	at := "resource[" + strconv.Itoa(i) + "]"
	if err := json.Unmarshal(raw, &top); err != nil {
		in.rep.add(at, Ignored, "not a JSON object: left out")
		return
	}
	var typ, id string
	_ = json.Unmarshal(top["resourceType"], &typ)
	_ = json.Unmarshal(top["id"], &id)
	path := ref(typ, id)
	var dst any
	switch typ {
	case "Patient":
		p := new(patient)
		in.patients, dst = append(in.patients, p), p
	case "RelatedPerson":
		p := new(relatedPerson)
		in.related, dst = append(in.related, p), p
	case "Consent":
		c := new(consent)
		in.consents, dst = append(in.consents, c), c
	case "Flag":
		f := new(flag)
		in.flags, dst = append(in.flags, f), f
	default:
		in.rep.add(at+" "+quote(typ), Ignored, "resource type not read by this package: left out")
		return
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		in.rep.add(path, Ignored, "an element has an unexpected JSON type ("+jsonProblem(err)+"): elements after it may be missing")
	}
	in.unread(path, typ, top)
}

// jsonProblem names the field a decoding error is about, without the value.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return te.Field + " is not a " + te.Type.String()
	}
	return "malformed"
}

// read lists, by resource type, the top-level elements this package reads.
var read = map[string][]string{
	"Patient":       {"resourceType", "id", "meta", "extension", "identifier", "active", "name", "telecom", "birthDate", "deceasedBoolean", "deceasedDateTime", "address"},
	"RelatedPerson": {"resourceType", "id", "meta", "extension", "identifier", "active", "patient", "relationship", "name", "telecom", "period"},
	"Consent":       {"resourceType", "id", "meta", "extension", "status", "scope", "category", "patient", "dateTime", "performer", "organization", "provision", "policy"},
	"Flag":          {"resourceType", "id", "meta", "extension", "status", "category", "code", "subject", "period"},
}

// ignorable are elements that carry nothing a messaging decision needs.
var ignorable = []string{"text", "implicitRules", "language", "contained", "modifierExtension", "gender", "generalPractitioner", "managingOrganization", "maritalStatus", "multipleBirthBoolean", "multipleBirthInteger", "photo", "communication", "contact", "link", "author", "encounter", "identifier", "sourceAttachment", "sourceReference", "policyRule", "verification"}

func (in *ingest) unread(path, typ string, top map[string]json.RawMessage) {
	keys := make([]string, 0, len(top))
	for k := range top {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if slices.Contains(read[typ], k) {
			continue
		}
		if k == "modifierExtension" && !bytes.Equal(bytes.TrimSpace(top[k]), []byte("[]")) {
			in.rep.add(path+"."+k, Closed, "a modifier extension may change the meaning of the resource and is not understood: check the resource by hand")
			continue
		}
		if slices.Contains(ignorable, k) {
			in.rep.add(path+"."+k, Ignored, "not needed for a messaging decision: left out")
			continue
		}
		in.rep.add(path+"."+quote(k), Ignored, "element not read by this package: left out")
	}
}
