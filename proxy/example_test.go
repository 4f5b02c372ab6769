package proxy_test

import (
	"fmt"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/proxy"
)

// The whole flow: a record with two proxies, the plan for a message on a
// given day, and the check a sensitive service needs before a proxy is told.
func Example() {
	on := channel.Date{Year: 2026, Month: time.March, Day: 10}
	patient := proxy.Patient{
		BirthDate: channel.Date{Year: 1948, Month: time.July, Day: 5},
		Capacity:  proxy.LacksCapacity,
	}
	proxies := []proxy.Proxy{
		{
			ID: "rel-1", Name: "Sam Example", Relationship: "daughter",
			Authority: proxy.LastingPowerOfAttorney, LPAActivated: true,
			RecordNote: true, Status: proxy.Active, Mode: proxy.Instead,
			From:     channel.Date{Year: 2024, Month: time.May, Day: 1},
			Contacts: []channel.Contact{{Kind: channel.SMS, Address: "07700900456"}},
		},
		{
			ID: "rel-2", Name: "Alex Example", Relationship: "son",
			Authority: proxy.Consent, PatientConsented: true,
			RecordNote: true, Status: proxy.Active,
			From: channel.Date{Year: 2019, Month: time.January, Day: 1},
		},
	}
	for i := range proxies {
		if err := proxies[i].Validate(); err != nil {
			fmt.Println(err)
		}
	}

	plan := proxy.Recipients(proxies, patient, on)
	fmt.Println("patient receives directly:", plan.PatientReceives(), "route:", plan.Route)
	for _, e := range plan.Proxies {
		fmt.Printf("%s: valid=%v reason=%v mode=%v\n", proxies[e.Index].ID, e.Result.Valid, e.Result.Reason, e.Mode)
	}

	// A message about a substance misuse service (a liver function test
	// that may indicate high alcohol intake) to the attorney must wait.
	hold, by := proxy.HoldForCheck(proxy.DefaultServices(), proxy.SubstanceMisuse, patient, on)
	fmt.Println("hold:", hold, "who checks:", by)
	fmt.Println(proxies[1])
	// Output:
	// patient receives directly: false route: instead_lacks_capacity
	// rel-1: valid=true reason=lasting_power_of_attorney mode=instead
	// rel-2: valid=false reason=patient_lacks_capacity mode=copy
	// hold: true who checks: caldicott_guardian
	// proxy "rel-2" (son) authority=consent status=active mode=copy note=true period=2019-01-01..open contacts=[]
}

// Parental responsibility ends on the 18th birthday: valid the day before,
// not on the day. From 16 the child is presumed to have capacity, so the
// parent is a recipient only with the child's recorded consent.
func ExampleCheck_parentalResponsibility() {
	parent := proxy.Proxy{
		ID: "rel-3", Relationship: "father", Authority: proxy.ParentalResponsibility,
		RecordNote: true, Status: proxy.Active, PatientConsented: true,
		From: channel.Date{Year: 2008, Month: time.June, Day: 15},
	}
	child := proxy.Patient{BirthDate: channel.Date{Year: 2008, Month: time.June, Day: 15}}
	for _, on := range []channel.Date{
		{Year: 2026, Month: time.June, Day: 14},
		{Year: 2026, Month: time.June, Day: 15},
	} {
		r := proxy.Check(&parent, child, on)
		fmt.Println(on, r.Valid, r.Reason)
	}
	// Output:
	// 2026-06-14 true parental_responsibility
	// 2026-06-15 false patient_adult
}

// Without a note in the record confirming the proxy may receive messages,
// no authority is enough (G20).
func ExampleCheck_noRecordNote() {
	p := proxy.Proxy{
		ID: "rel-4", Authority: proxy.Consent, PatientConsented: true,
		Status: proxy.Active, From: channel.Date{Year: 2025, Month: time.January, Day: 1},
	}
	pt := proxy.Patient{Capacity: proxy.HasCapacity}
	fmt.Println(proxy.Check(&p, pt, channel.Date{Year: 2026, Month: time.March, Day: 10}))
	// Output:
	// {false no_record_note}
}

// A parent asks to receive a young child's messages instead of the child.
func ExampleRecipients_youngChild() {
	on := channel.Date{Year: 2026, Month: time.March, Day: 10}
	parent := proxy.Proxy{
		ID: "rel-5", Authority: proxy.ParentalResponsibility, RecordNote: true,
		Status: proxy.Active, Mode: proxy.Instead,
		From: channel.Date{Year: 2019, Month: time.April, Day: 1},
	}
	child := proxy.Patient{BirthDate: channel.Date{Year: 2019, Month: time.April, Day: 1}}
	plan := proxy.Recipients([]proxy.Proxy{parent}, child, on)
	fmt.Println(plan.Route, plan.Proxies[0].Mode)

	older := proxy.Patient{BirthDate: channel.Date{Year: 2013, Month: time.April, Day: 1}}
	plan = proxy.Recipients([]proxy.Proxy{parent}, older, on)
	fmt.Println(plan.Route, plan.Proxies[0].Mode)
	// Output:
	// instead_young_child instead
	// direct copy
}

// The guidance's example: "Your appointment is confirmed for today at
// 10:30" for a hepatitis B vaccine after a sexual assault. The text is
// bland; the service is not.
func ExampleHoldForCheck() {
	on := channel.Date{Year: 2026, Month: time.March, Day: 10}
	pt := proxy.Patient{BirthDate: channel.Date{Year: 1995, Month: time.August, Day: 20}, Capacity: proxy.HasCapacity}
	hold, by := proxy.HoldForCheck(proxy.DefaultServices(), proxy.SexualAssault, pt, on)
	fmt.Println(hold, by)
	hold, by = proxy.HoldForCheck(proxy.DefaultServices(), "screening", pt, on)
	fmt.Println(hold, by)
	// Output:
	// true the_patient
	// false nobody
}

// An org's own set of sensitive services: the defaults plus a code for
// liver function tests whose service it cannot tell.
func ExampleNewServices() {
	s, err := proxy.NewServices(append(proxy.DefaultSensitiveServices(), "liver_function")...)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Len(), s.Has("Liver_Function"), s.Has("screening"))
	_, err = proxy.NewServices("Sexual Health")
	fmt.Println(err)
	// Output:
	// 10 true false
	// proxy: invalid service code: codes[0] "Sexual Health" is not lower snake_case: use a code such as "sexual_health"
}

// A person born on 29 February turns a year older on 1 March in a common
// year.
func ExampleAge() {
	birth := channel.Date{Year: 2008, Month: time.February, Day: 29}
	fmt.Println(proxy.Age(birth, channel.Date{Year: 2026, Month: time.February, Day: 28}))
	fmt.Println(proxy.Age(birth, channel.Date{Year: 2026, Month: time.March, Day: 1}))
	fmt.Println(proxy.Age(birth, channel.Date{Year: 2024, Month: time.February, Day: 29}))
	// Output:
	// 17
	// 18
	// 16
}
