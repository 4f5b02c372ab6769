package minimise

import (
	"fmt"
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/service"
	"github.com/google/go-cmp/cmp"
)

// hit is a finding as tests compare it: the kind and the matched text.
type hit struct {
	Kind Kind
	Text string
}

func hits(text string, fs []Finding) []hit {
	var out []hit
	for _, f := range fs {
		out = append(out, hit{f.Kind, text[f.Start:f.End]})
	}
	return out
}

// only keeps the hits of the given kinds.
func only(hs []hit, kinds ...Kind) []hit {
	var out []hit
	for _, h := range hs {
		for _, k := range kinds {
			if h.Kind == k {
				out = append(out, h)
				break
			}
		}
	}
	return out
}

type detectRow struct {
	name string
	ref  string // the G-n / P-n the row checks
	text string
	want []hit
}

func runRows(t *testing.T, s *Scanner, subj *Subject, rows []detectRow, kinds ...Kind) {
	t.Helper()
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			got := hits(r.text, s.Scan(r.text, subj))
			if len(kinds) > 0 {
				got = only(got, kinds...)
			}
			if diff := cmp.Diff(r.want, got); diff != "" {
				t.Errorf("Scan(%s) [%s] (-want +got):\n%s", r.name, r.ref, diff)
			}
		})
	}
}

func TestNHSNumbers(t *testing.T) {
	runRows(t, Default(), nil, []detectRow{
		{"spaced", "G6", "NHS number 999 000 0018 on file", []hit{{NHSNumber, "999 000 0018"}}},
		{"hyphens", "G6", "Ref: 999-000-0026.", []hit{{NHSNumber, "999-000-0026"}}},
		{"together", "G6", "9990000034", []hit{{NHSNumber, "9990000034"}}},
		{"issue example", "G6", "943 476 5919", []hit{{NHSNumber, "943 476 5919"}}},
		{"full-width digits", "G6", "９９９ ０００ ００１８", []hit{{NHSNumber, "９９９ ０００ ００１８"}}},
		{"zero-width inside", "G6", "999 000 00\u200b18", []hit{{NHSNumber, "999 000 00\u200b18"}}},
		{"bad check digit", "G6", "999 000 0019 and 9990000027", nil},
		{"check digit ten is never valid", "G6", "9990000000", nil},
		{"mixed separators", "G6", "999 000-0018", nil},
		{"part of a longer number", "G6", "99900000181", nil},
		{"attached to letters", "G6", "ID9990000018 9990000018x", nil},
		{"mobile number is a phone", "G22", "07700 900123", []hit{{PhoneNumber, "07700 900123"}}},
		{"ten digits starting 0 passing mod 11", "G22", "0770090028", []hit{{PhoneNumber, "0770090028"}}},
	})
}

func TestPhoneNumbers(t *testing.T) {
	runRows(t, Default(), nil, []detectRow{
		{"mobile", "G22", "Call 07700 900123 today", []hit{{PhoneNumber, "07700 900123"}}},
		{"mobile together", "G22", "07700900456", []hit{{PhoneNumber, "07700900456"}}},
		{"landline", "G22", "Ring 0113 496 0000.", []hit{{PhoneNumber, "0113 496 0000"}}},
		{"brackets", "G22", "(0113) 496 0999", []hit{{PhoneNumber, "(0113) 496 0999"}}},
		{"international", "G22", "+44 7700 900123", []hit{{PhoneNumber, "+44 7700 900123"}}},
		{"international trunk zero", "G22", "+44 (0)113 496 0000", []hit{{PhoneNumber, "+44 (0)113 496 0000"}}},
		{"hyphens", "G22", "0300-123-4567", []hit{{PhoneNumber, "0300-123-4567"}}},
		{"followed by a date", "G22", "07700 900123 12 March", []hit{{PhoneNumber, "07700 900123"}}},
		{"too short", "G22", "0113 496", nil},
		{"too long", "G22", "07700 900123 456", []hit{{PhoneNumber, "07700 900123"}}},
		{"not starting 0", "G22", "7700 900123", nil},
		{"111 and 999", "G22", "call 111 or 999", nil},
	})
}

func TestDates(t *testing.T) {
	subj := &Subject{BirthDate: channel.Date{Year: 1980, Month: time.March, Day: 12}}
	runRows(t, Default(), subj, []detectRow{
		{"born slash", "G6", "born 02/11/1975", []hit{{DateOfBirth, "02/11/1975"}}},
		{"DOB colon", "G6", "DOB: 2.11.75", []hit{{DateOfBirth, "2.11.75"}}},
		{"D.O.B.", "G6", "D.O.B. 1975-11-02", []hit{{DateOfBirth, "1975-11-02"}}},
		{"date of birth words", "G6", "date of birth 2nd November 1975", []hit{{DateOfBirth, "2nd November 1975"}}},
		{"born on month first", "G6", "born on November 2, 1975", []hit{{DateOfBirth, "November 2, 1975"}}},
		{"DOB after", "G6", "02-Nov-1975 (DOB)", []hit{{DateOfBirth, "02-Nov-1975"}}},
		{"the patient's own, no cue", "G6", "Seen on 12/03/1980 and 12 March 1980, 12.3.80", []hit{
			{DateOfBirth, "12/03/1980"}, {DateOfBirth, "12 March 1980"}, {DateOfBirth, "12.3.80"}}},
		{"appointment date is not", "G6", "Your appointment is on 14/05/2025 at 10:30.", nil},
		{"cue too far", "G6", "born in Leeds and moved to York many years later, on 02/11/1975", nil},
		{"not a date", "G6", "born 31/02/1975 or 12/13/1980", nil},
		{"no year", "G6", "born 2nd November", nil},
	}, DateOfBirth)
}

func TestPostcodes(t *testing.T) {
	subj := &Subject{Postcode: "ls2 9jt"}
	runRows(t, Default(), subj, []detectRow{
		{"A9 9AA", "G22", "at M1 1AE today", []hit{{Postcode, "M1 1AE"}}},
		{"AA9 9AA", "G22", "LS1 4AP", []hit{{Postcode, "LS1 4AP"}}},
		{"AA9A 9AA", "G22", "SW1A 1AA", []hit{{Postcode, "SW1A 1AA"}}},
		{"A9A 9AA", "G22", "W1A 0AX", []hit{{Postcode, "W1A 0AX"}}},
		{"no space", "G22", "EC1A1BB", []hit{{Postcode, "EC1A1BB"}}},
		{"lower case", "G22", "ls1 4ap", []hit{{Postcode, "ls1 4ap"}}},
		{"the patient's own", "G6", "lives at LS2 9JT", []hit{{PatientAddress, "LS2 9JT"}}},
		{"bad letters", "G22", "QS1 4AP and LS1 4CI", nil},
		{"too long", "G22", "LS1 4APX", nil},
		{"words", "G22", "B12 vitamin, A1 grade", nil},
	}, Postcode, PatientAddress)
}

func TestEmailAddresses(t *testing.T) {
	runRows(t, Default(), nil, []detectRow{
		{"plain", "G22", "Email jo.bloggs@example.org.", []hit{{EmailAddress, "jo.bloggs@example.org"}}},
		{"in brackets", "G22", "(reception@practice.example.co.uk)", []hit{{EmailAddress, "reception@practice.example.co.uk"}}},
		{"mailto", "G22", "mailto:help@example.org", []hit{{EmailAddress, "help@example.org"}}},
		{"no domain", "G22", "twitter @example and a@b", nil},
	}, EmailAddress)
}

func TestLinks(t *testing.T) {
	s, err := New(Config{AllowedDomains: []string{"leedsroad.example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	runRows(t, s, nil, []detectRow{
		{"nhs.uk allowed", "P6", "See https://www.nhs.uk/conditions/ and nhs.uk/app", nil},
		{"org domain allowed", "P6", "Book at https://leedsroad.example.org/book or book.leedsroad.example.org", nil},
		{"look-alike hyphen", "P6", "https://nhs-uk.com/pay", []hit{{LookalikeDomain, "https://nhs-uk.com/pay"}}},
		{"look-alike suffix", "P6", "Visit nhs.uk.example.com/login", []hit{{LookalikeDomain, "nhs.uk.example.com/login"}}},
		{"user info trick", "P6", "https://nhs.uk@evil.example/x", []hit{{LookalikeDomain, "https://nhs.uk@evil.example/x"}}},
		{"org look-alike", "P6", "https://leedsroad.example.org.evil.example", []hit{{UnapprovedLink, "https://leedsroad.example.org.evil.example"}}},
		{"www bare", "P6", "www.example.com.", []hit{{UnapprovedLink, "www.example.com"}}},
		{"full-width dot", "P6", "bit．ly/x", []hit{{URLShortener, "bit．ly/x"}}},
		{"shorteners", "P6", "bit.ly/abc tinyurl.com/x https://t.co/y goo.gl/z ow.ly/a is.gd/b buff.ly/c rebrand.ly/d cutt.ly/e shorturl.at/f", []hit{
			{URLShortener, "bit.ly/abc"}, {URLShortener, "tinyurl.com/x"}, {URLShortener, "https://t.co/y"},
			{URLShortener, "goo.gl/z"}, {URLShortener, "ow.ly/a"}, {URLShortener, "is.gd/b"},
			{URLShortener, "buff.ly/c"}, {URLShortener, "rebrand.ly/d"}, {URLShortener, "cutt.ly/e"},
			{URLShortener, "shorturl.at/f"}}},
		{"not links", "P6", "e.g. this, i.e. that. St.Mary's, Dr.Who and 3.5 mg", nil},
		{"port", "P6", "http://nhs.uk:8080/x", nil},
		{"gov.uk is public sector", "P6", "https://www.gov.uk/help-nhs-costs", []hit{{PublicSectorLink, "https://www.gov.uk/help-nhs-costs"}}},
		{"gov.uk dressed up", "P6", "https://gov-uk-fines.com/pay", []hit{{LookalikeDomain, "https://gov-uk-fines.com/pay"}}},
	}, UnapprovedLink, URLShortener, LookalikeDomain, PublicSectorLink)
}

func TestShortenerNeverAllowed(t *testing.T) {
	s, err := New(Config{AllowedDomains: []string{"bit.ly"}})
	if err != nil {
		t.Fatal(err)
	}
	runRows(t, s, nil, []detectRow{
		{"shortener in the org's domains", "P6", "https://bit.ly/x", []hit{{URLShortener, "https://bit.ly/x"}}},
	})
}

func TestHealthTerms(t *testing.T) {
	runRows(t, Default(), nil, []detectRow{
		{"condition", "G6", "Your diabetes review", []hit{{Condition, "diabetes"}}},
		{"longest wins", "G6", "type 2 diabetes", []hit{{Condition, "type 2 diabetes"}}},
		{"sensitive condition", "G21", "about your HIV", []hit{{Condition, "HIV"}}},
		{"not inside words", "G6", "archive whiv shiver hivs", nil},
		{"therapist is not rapist", "G21", "your therapist will call", nil},
		{"the rapist is", "G21", "the rapist", []hit{{SensitiveService, "rapist"}}},
		{"one letter at a time", "G6", "H I V, h.i.v and H-I-V", []hit{{Condition, "H I V"}, {Condition, "h.i.v"}, {Condition, "H-I-V"}}},
		{"full width", "G6", "ＨＩＶ", []hit{{Condition, "ＨＩＶ"}}},
		{"zero width and soft hyphen", "G6", "chla\u200bmy\u00addia", []hit{{Condition, "chla\u200bmy\u00addia"}}},
		{"accents", "G6", "hérpes", []hit{{Condition, "hérpes"}}},
		{"cyrillic look-alike", "G6", "НІV", []hit{{Condition, "НІV"}}},
		{"apostrophe", "G6", "Crohn’s disease", []hit{{Condition, "Crohn’s disease"}}},
		{"digits split", "G6", "HIV-1 and COVID19", []hit{{Condition, "HIV"}, {Condition, "COVID19"}}},
		{"test name", "G23", "your HbA1c check", []hit{{TestResult, "HbA1c"}}},
		{"result near test", "G23", "Your chlamydia test was negative", []hit{{TestResult, "chlamydia test"}, {TestResult, "negative"}}},
		{"result before cue", "G23", "Positive result", []hit{{TestResult, "Positive"}}},
		{"result word alone", "G23", "Stay positive, the weather is normal", nil},
		{"lab value", "G23", "glucose 5.4 mmol/L, eGFR 58 ml/min/1.73m2", []hit{{TestResult, "5.4 mmol/L"}, {TestResult, "eGFR"}, {TestResult, "58 ml/min/1.73m2"}}},
		{"unit without number", "G23", "measured in mmol/L", nil},
		{"micro sign", "G23", "bilirubin 17 µmol/L", []hit{{TestResult, "17 µmol/L"}}},
		{"blood pressure", "G23", "BP 150/95 mmHg", []hit{{TestResult, "150/95 mmHg"}}},
		{"medicine", "G6", "collect your sertraline", []hit{{Medicine, "sertraline"}}},
		{"service", "G21", "the sexual health clinic", []hit{{SensitiveService, "sexual health clinic"}}},
		{"ordinary message", "G22", "Your appointment is on Monday at 10:30 at the surgery. Please bring a list of questions.", nil},
		{"guidance's bland message", "G21", "Your appointment is confirmed for today at 10:30", nil},
		{"liver function test", "G21", "a liver function test", []hit{{TestResult, "liver function test"}}},
	}, Condition, TestResult, Medicine, SensitiveService)
}

func TestServiceCodes(t *testing.T) {
	for _, r := range []struct {
		text, service string
	}{
		{"chlamydia", service.SexualHealth},
		{"HIV", service.HIV},
		{"abortion", service.TerminationOfPregnancy},
		{"IVF", service.AssistedConception},
		{"gender identity clinic", service.GenderIdentity},
		{"schizophrenia", service.MentalHealth},
		{"methadone", service.SubstanceMisuse},
		{"safeguarding", service.Safeguarding},
		{"sexual assault", service.SexualAssault},
		{"asthma", ""},
	} {
		fs := Scan(r.text, nil)
		if len(fs) != 1 || fs[0].Service != r.service {
			t.Errorf("Scan(%s) service = %v, want one finding with %q (G21)", r.text, fs, r.service)
		}
	}
}

func TestScamFeatures(t *testing.T) {
	runRows(t, Default(), nil, []detectRow{
		{"amount and fee", "P6", "There is a £25 fee.", []hit{{PaymentRequest, "£25 fee"}}},
		{"pay amount", "P6", "Please pay £10.00 today", []hit{{PaymentRequest, "pay £10.00"}}},
		{"pay a fine", "P6", "You must pay a fine", []hit{{PaymentRequest, "pay a fine"}}},
		{"missed appointment", "G25", "missed appointment charge of 20 pounds", []hit{{PaymentRequest, "missed appointment charge"}}},
		{"amount alone", "P6", "Parking costs nothing; the café sells tea for £2.", nil},
		{"fine alone", "P6", "I'm fine, thanks", nil},
		{"bank details", "P6", "Reply with your bank details and sort code", []hit{{FinancialDetails, "bank details"}, {FinancialDetails, "sort code"}}},
		{"never ask", "P6", "We will never ask for your bank details or PIN.", nil},
		{"negation ends with the sentence", "P6", "Do not worry. Send your PIN.", []hit{{CredentialsRequest, "your PIN"}}},
		{"pin as a verb", "P6", "Please pin this to your fridge", nil},
		{"credentials", "P6", "confirm your password and passport number", []hit{{CredentialsRequest, "password"}, {CredentialsRequest, "passport number"}}},
		{"personal details asked for by reply", "G25", "Please reply with your NHS number and date of birth to confirm.", []hit{{CredentialsRequest, "reply with your NHS number"}}},
		{"full name asked for by reply", "G25", "Send us your full name and home address", []hit{{CredentialsRequest, "Send us your full name"}}},
		{"personal details ready for a call", "G25", "Please have your NHS number and date of birth ready when you call.", nil},
		{"personal details confirmed at reception", "G25", "When you arrive, please confirm your full name and date of birth at reception.", nil},
		{"personal details given on the phone", "G25", "Please provide your NHS number when you call the booking line.", nil},
		{"personal details never asked for", "G25", "We will never ask you to send your NHS number or date of birth by text.", nil},
		{"click here", "G25", "Click here to book", []hit{{ClickHere, "Click here"}}},
		{"urgency", "G25", "Act now: final warning, respond within 24 hours or lose your place", []hit{
			{Urgency, "Act now"}, {Urgency, "final warning"}, {Urgency, "within 24 hours or"}}},
		{"shouting", "G24", "PLEASE CALL US NOW about it", []hit{{Shouting, "PLEASE CALL US NOW"}}},
		{"acronyms are not shouting", "G24", "Use the NHS App or see your GP or go to A&E or call NHS 111", nil},
		{"two capital words", "G24", "VERY IMPORTANT news", nil},
		{"bangs", "G24", "Hello!! and hi! and ！！", []hit{{Shouting, "!!"}, {Shouting, "！！"}}},
		{"repeated word", "G24", "Please bring the the letter", []hit{{RepeatedWord, "the the"}}},
		{"repeated across lines or punctuation", "G24", "yes, yes\nthat that had had", nil},
	}, PaymentRequest, FinancialDetails, CredentialsRequest, ClickHere, Urgency, Shouting, RepeatedWord)
}

func TestPatientIdentifiers(t *testing.T) {
	subj := &Subject{Name: "Jo Bloggs-O'Hara", Address: "14 Acacia Avenue, Leeds", Postcode: "LS2 9JT"}
	runRows(t, Default(), subj, []detectRow{
		{"full name", "G22", "Dear Jo Bloggs-O’Hara,", []hit{{PatientName, "Jo Bloggs-O’Hara"}}},
		{"family name alone is not the name", "G22", "Dear Mx OHara", nil},
		{"a place that shares the family name", "G22", "Riverside O'Hara Surgery", nil},
		{"the name inside a link", "P6", "https://riverside.example.org/jo-bloggs-ohara", nil},
		{"address line", "G6", "we will post it to 14 acacia avenue", []hit{{PatientAddress, "14 acacia avenue"}}},
		{"address in a longer word", "G6", "14 acacia avenues", nil},
		{"postcode", "G6", "LS29JT", []hit{{PatientAddress, "LS29JT"}}},
		{"someone else", "G22", "Dear Jo Smith", nil},
	}, PatientName, PatientAddress)
}

// TestGuidanceExamples checks the guidance's own examples end to end.
func TestGuidanceExamples(t *testing.T) {
	for _, r := range []struct {
		name, ref, text string
		secure          bool
		want            Severity
	}{
		{"test results naming the condition by text", "G23", "Your chlamydia test result is ready.", false, Blocking},
		{"the same on the NHS App", "G6", "Your chlamydia test result is ready.", true, Info},
		{"hepatitis B vaccine appointment by text: a programme, not a condition", "G22", "Your appointment for a hepatitis B vaccine is on Monday.", false, Info},
		{"a condition review by text", "G22", "Your diabetes review is due.", false, Blocking},
		{"the person's condition after a general cue", "G22", "This medicine protects against stroke after your heart attack.", false, Blocking},
		{"a condition before a vaccine it is not prevented by", "G22", "Your asthma and flu vaccine appointments are on Monday.", false, Blocking},
		{"conditions a vaccine prevents, before the vaccine word", "G22", "Our COVID-19 and flu vaccinations start on Monday.", false, Info},
		{"a condition after \"risk of\"", "G22", "The NHS Health Check checks your risk of diabetes.", false, Info},
		{"a statement of cost", "P6", "Each missed appointment costs the NHS around £30.", false, Info},
		{"results ready, nothing named", "G23", "Your test results are ready. Please log in to the NHS App or call us.", false, Info},
		{"payment request is blocking anywhere", "P6", "Pay the £25 missed appointment fee", true, Blocking},
		{"urgency is a warning anywhere", "G25", "Please act now", true, Warning},
		{"an identity document named, not asked for", "P6", "You may need photo ID, such as a passport.", false, Info},
		{"an identity document asked for", "P6", "Please send a photo of your passport.", false, Blocking},
		{"a gov.uk link is a warning", "P6", "See https://www.gov.uk/help-nhs-costs", false, Warning},
		{"covid in a link is no condition", "G22", "Book at https://www.nhs.uk/covid-vaccination", false, Info},
	} {
		t.Run(r.name, func(t *testing.T) {
			got := Info
			for _, f := range Scan(r.text, nil) {
				if s := f.SeverityOn(r.secure); s > got {
					got = s
				}
			}
			if got != r.want {
				t.Errorf("Scan(%s) worst severity (secure=%v) = %v, want %v [%s]", r.name, r.secure, got, r.want, r.ref)
			}
		})
	}
}

func TestSeverityOn(t *testing.T) {
	for _, k := range Kinds() {
		f := Finding{Kind: k}
		ins, sec := f.SeverityOn(false), f.SeverityOn(true)
		switch {
		case k.Confidential():
			if ins != Blocking || sec != Info {
				t.Errorf("SeverityOn(%v) = %v/%v, want blocking/info (G6)", k, ins, sec)
			}
		case k.Scam():
			if ins < Warning || sec != ins {
				t.Errorf("SeverityOn(%v) = %v/%v, want at least warning on both (G25)", k, ins, sec)
			}
		default:
			if ins == Unassessed || sec == Unassessed || ins == Blocking {
				t.Errorf("SeverityOn(%v) = %v/%v, want assessed and not blocking", k, ins, sec)
			}
		}
		if len(k.Refs()) == 0 {
			t.Errorf("%v.Refs() is empty", k)
		}
	}
	if got := (Finding{}).SeverityOn(true); got != Blocking {
		t.Errorf("SeverityOn(invalid kind) = %v, want blocking", got)
	}
	if !Unassessed.Blocks() || !Blocking.Blocks() || Warning.Blocks() {
		t.Error("Blocks: want Unassessed and Blocking to block, Warning not")
	}
}

func TestFindingString(t *testing.T) {
	text := "Your HIV test"
	for _, f := range Scan(text, nil) {
		s := f.String()
		if want := "test_result at 5-13 (G6 G22 G23)"; s != want {
			t.Errorf("String() = %q, want %q", s, want)
		}
		for _, leak := range []string{"HIV", "hiv", text[f.Start:f.End]} {
			if containsFold(s, leak) {
				t.Errorf("String() = %q shows %q", s, leak)
			}
		}
	}
}

func containsFold(s, sub string) bool {
	return len(sub) > 0 && len(s) >= len(sub) && indexFold(s, sub) >= 0
}

func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if equalFoldWord(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

func TestScanNoFindingsIsNil(t *testing.T) {
	if got := Scan("See you on Monday.", nil); got != nil {
		t.Errorf("Scan(clean) = %v, want nil", got)
	}
	var s *Scanner
	if got := s.Scan("HIV", nil); len(got) != 1 {
		t.Errorf("nil Scanner Scan(HIV) = %v, want the default scanner's one finding", got)
	}
	if got := new(Scanner).Scan("HIV", nil); len(got) != 1 {
		t.Errorf("zero Scanner Scan(HIV) = %v, want the default scanner's one finding", got)
	}
	dst := []Finding{{Kind: Urgency, Start: 0, End: 1}}
	got := Default().ScanAppend(dst, "your HIV", nil)
	if len(got) != 2 || got[0].Kind != Urgency || got[1].Kind != Condition {
		t.Errorf("ScanAppend kept %v, want the old finding then the new one", got)
	}
}

func TestScanAllocations(t *testing.T) {
	s := Default()
	subj := &Subject{Name: "Jo Bloggs", Address: "14 Acacia Avenue", Postcode: "LS2 9JT",
		BirthDate: channel.Date{Year: 1980, Month: 3, Day: 12}}
	clean := benchSMS
	if fs := s.Scan(clean, subj); fs != nil {
		t.Fatalf("Scan(clean sms) = %v, want nil", hits(clean, fs))
	}
	if n := testing.AllocsPerRun(50, func() { s.Scan(clean, subj) }); n != 0 {
		t.Errorf("Scan(clean sms) allocs = %v, want 0", n)
	}
	dst := make([]Finding, 0, 64)
	text := "Your HIV test 999 000 0018 is positive: call 07700 900123 or visit bit.ly/x"
	if n := testing.AllocsPerRun(50, func() { dst = s.ScanAppend(dst[:0], text, subj) }); n != 0 {
		t.Errorf("ScanAppend(reused slice) allocs = %v, want 0", n)
	}
}

// TestConcurrentScans: a Scanner is shared by many goroutines, as the
// policy package shares one per org configuration.
func TestConcurrentScans(t *testing.T) {
	s := Default()
	texts := append([]string{benchSMS, benchLetter}, fuzzSeeds...)
	want := make([][]Finding, len(texts))
	for k, text := range texts {
		want[k] = s.Scan(text, nil)
	}
	done := make(chan error, 4)
	for range 4 {
		go func() {
			for k, text := range texts {
				if got := s.Scan(text, nil); !cmp.Equal(got, want[k]) {
					done <- fmt.Errorf("concurrent Scan(text %d) differs", k)
					return
				}
			}
			done <- nil
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
