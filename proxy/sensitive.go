package proxy

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/service"
)

// The default sensitive service codes (G21). A code names the service a
// message is about, not the procedure: a procedure that is routine in one
// service and sensitive in another takes the code of the service it is
// delivered in.
//
// They are the codes minimise's default lexicon tags its terms with.
const (
	SexualHealth           = service.SexualHealth           // sexual and reproductive health, including STIs and contraception
	HIV                    = service.HIV                    // HIV testing, treatment and PrEP
	TerminationOfPregnancy = service.TerminationOfPregnancy // abortion care
	AssistedConception     = service.AssistedConception     // fertility treatment, including IVF
	GenderIdentity         = service.GenderIdentity         // gender identity services
	MentalHealth           = service.MentalHealth           // mental health services
	SubstanceMisuse        = service.SubstanceMisuse        // drug and alcohol services, including tests for alcohol-related harm
	SafeguardingService    = service.Safeguarding           // safeguarding, including domestic abuse
	SexualAssault          = service.SexualAssault          // care after sexual assault, including follow-up vaccination
)

// DefaultSensitiveServices returns the codes of the services the guidance's
// advice on sensitive services covers by default (G21), sorted. Each call
// returns a new slice.
//
// The guidance's two examples are covered by service, not by procedure:
// a hepatitis B vaccine given after a sexual assault is sexual_assault
// care, and a liver function test that may indicate high alcohol intake is
// substance_misuse care. Hepatitis B vaccination and liver function tests
// are not sensitive codes by themselves, because both are routine in other
// services (infant immunisation, occupational health, routine bloods) and
// holding every such message would hold routine care. A host that cannot
// tell which service a procedure belongs to should code it under the
// sensitive service when there is doubt, or add the procedure's own code:
//
//	s, err := proxy.NewServices(append(proxy.DefaultSensitiveServices(), "liver_function")...)
func DefaultSensitiveServices() []string { return service.Sensitive() }

// ErrServiceCode is wrapped by the error NewServices and
// Services.UnmarshalJSON return for a code that is not lower snake_case.
var ErrServiceCode = errors.New("proxy: invalid service code")

// MaxServiceCode is the longest service code NewServices accepts.
const MaxServiceCode = service.MaxLen

// Services is an immutable set of sensitive service codes, built once with
// NewServices or DefaultServices. The zero value is the empty set, which
// holds nothing: use DefaultServices unless the org configured its own.
// It encodes in JSON as a sorted array of codes. Safe for concurrent use.
type Services struct {
	codes []string // sorted, unique, lower snake_case; never shared with callers
}

// NewServices returns the set of the given codes. Each code must be lower
// snake_case: letters a–z and digits in words joined by single
// underscores, starting with a letter, at most MaxServiceCode bytes, such
// as "sexual_health". Duplicates are ignored. The error wraps
// ErrServiceCode and names every bad code.
func NewServices(codes ...string) (Services, error) {
	var errs []error
	out := make([]string, 0, len(codes))
	for i, c := range codes {
		if !validCode(c) {
			errs = append(errs, fmt.Errorf("%w: codes[%d] %s is not lower snake_case: use a code such as %q",
				ErrServiceCode, i, strconv.Quote(clip(c, 32)), SexualHealth))
			continue
		}
		out = append(out, c)
	}
	if len(errs) > 0 {
		return Services{}, errors.Join(errs...)
	}
	if len(out) == 0 {
		return Services{}, nil
	}
	slices.Sort(out)
	return Services{codes: slices.Compact(out)}, nil
}

// DefaultServices returns the set of DefaultSensitiveServices.
func DefaultServices() Services {
	codes := DefaultSensitiveServices()
	slices.Sort(codes)
	return Services{codes: codes}
}

func validCode(c string) bool { return service.Valid(c) }

// Has reports whether code is in the set, ignoring ASCII case. It does not
// allocate. The empty code is never in the set.
func (s Services) Has(code string) bool {
	if code == "" || len(code) > MaxServiceCode {
		return false
	}
	lo, hi := 0, len(s.codes)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		switch c := compareFold(s.codes[m], code); {
		case c == 0:
			return true
		case c < 0:
			lo = m + 1
		default:
			hi = m
		}
	}
	return false
}

// compareFold compares a lower-case code with s, folding ASCII upper case
// in s to lower case.
func compareFold(code, s string) int {
	n := min(len(code), len(s))
	for i := 0; i < n; i++ {
		b := s[i]
		if b >= 'A' && b <= 'Z' {
			b += 'a' - 'A'
		}
		if code[i] != b {
			if code[i] < b {
				return -1
			}
			return 1
		}
	}
	return len(code) - len(s)
}

// Codes returns the codes in the set, sorted. The slice is a copy.
func (s Services) Codes() []string { return slices.Clone(s.codes) }

// Len returns the number of codes in the set.
func (s Services) Len() int { return len(s.codes) }

// String lists the codes, such as "{hiv,mental_health}".
func (s Services) String() string { return "{" + strings.Join(s.codes, ",") + "}" }

// MarshalJSON encodes the set as a sorted array of codes.
func (s Services) MarshalJSON() ([]byte, error) {
	if s.codes == nil {
		return []byte("[]"), nil
	}
	return json.Marshal(s.codes)
}

// UnmarshalJSON decodes an array of codes, rejecting any code NewServices
// would reject.
func (s *Services) UnmarshalJSON(b []byte) error {
	var codes []string
	if err := json.Unmarshal(b, &codes); err != nil {
		return fmt.Errorf("proxy: sensitive services must be a JSON array of codes: %w", err)
	}
	v, err := NewServices(codes...)
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// WhoChecks names who must be asked before a proxy is told about a
// sensitive service (G21, G34), given the patient's facts on the decision
// date:
//
//   - has_capacity: the patient;
//   - lacks_capacity: the Caldicott Guardian;
//   - unknown capacity: the patient when they are CapacityPresumedAge (16)
//     or over, as the Mental Capacity Act presumes capacity from 16;
//     otherwise (a younger child, or an unknown birth date) the Caldicott
//     Guardian, because no one has recorded whether the patient can decide.
//
// A young person under 18 with parental responsibility proxies is covered
// like anyone else: any proxy delivery about a sensitive service waits for
// this check, so a parent is never told without it.
func WhoChecks(pt Patient, on channel.Date) Role {
	switch pt.Capacity {
	case HasCapacity:
		return ThePatient
	case CapacityUnknown:
		if Age(pt.BirthDate, on) >= CapacityPresumedAge {
			return ThePatient
		}
	}
	return CaldicottGuardian
}

// HoldForCheck reports whether a delivery to a proxy about the service
// with the given code must be held until someone has checked that the
// patient is content for the proxy to be told (G21), and who checks. It
// holds for every authority, including the patient's consent and parental
// responsibility, however bland the message text: the guidance's examples
// ("Your appointment is confirmed for today at 10:30" for a hepatitis B
// vaccine after a sexual assault, or a liver function test that may
// indicate high alcohol intake) are sensitive because of the service, not
// the words. Deliveries to the patient themselves are never held by this
// rule. An empty code is not sensitive: the caller decides how to treat a
// message that names no service. When hold is false, by is the zero
// Role.
func HoldForCheck(s Services, code string, pt Patient, on channel.Date) (hold bool, by Role) {
	if !s.Has(code) {
		return false, 0
	}
	return true, WhoChecks(pt, on)
}
