package minimise

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/carecomms/carecomms/channel"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// checkPrepared fails when Prepared.ScanAppend differs in any way from
// Scanner.ScanAppend on the same text and subject: with a nil slice (nil
// when nothing is found), and with a slice that already holds a finding.
func checkPrepared(t fataler, s *Scanner, p *Prepared, text string, subj *Subject) {
	t.Helper()
	if p.fallback {
		t.Fatalf("Prepare(%q) scans in full: its word starts disagree with the scan's", text)
	}
	want := s.ScanAppend(nil, text, subj)
	got := p.ScanAppend(nil, subj)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Prepare(%q).ScanAppend(nil, %+v) (-want +got):\n%s\nwant %#v\ngot  %#v",
			text, subj, cmp.Diff(hits(text, want), hits(text, got)), want, got)
	}
	old := Finding{Kind: Urgency, Start: 0, End: 1, Category: CategoryUrgency}
	want = s.ScanAppend([]Finding{old}, text, subj)
	got = p.ScanAppend([]Finding{old}, subj)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Prepare(%q).ScanAppend(one finding, %+v) = %v, want %v", text, subj, got, want)
	}
	want = s.ScanAppend(make([]Finding, 0, 4), text, subj)
	got = p.ScanAppend(make([]Finding, 0, 4), subj)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Prepare(%q).ScanAppend(empty, %+v) = %#v, want %#v", text, subj, got, want)
	}
}

func date(y int, m time.Month, d int) channel.Date { return channel.Date{Year: y, Month: m, Day: d} }

// preparedRow is a body and a subject whose findings Prepared must get
// exactly as the scan does; want is what both find.
type preparedRow struct {
	name string
	ref  string
	text string
	subj *Subject
	want []hit
}

var preparedRows = []preparedRow{
	{"a programme name takes back the condition, then the name", "G22", "Your COVID-19 vaccine, Jo Bloggs, born 01/06/1980", &Subject{Name: "Jo Bloggs"},
		[]hit{{PatientName, "Jo Bloggs"}, {DateOfBirth, "01/06/1980"}}},
	{"a condition before a vaccine word, then a date of birth cue", "G22", "Jo Bloggs: COVID-19 and flu vaccines. 1/6/80 (DOB) Jo Bloggs", &Subject{Name: "Jo Bloggs"},
		[]hit{{PatientName, "Jo Bloggs"}, {DateOfBirth, "1/6/80"}, {PatientName, "Jo Bloggs"}}},
	{"the name inside a link is not prose", "G22", "Jo Bloggs, book at https://riverside.example.org/jo-bloggs and jo.bloggs@example.org", &Subject{Name: "Jo Bloggs"},
		[]hit{{PatientName, "Jo Bloggs"}, {UnapprovedLink, "https://riverside.example.org/jo-bloggs"}, {EmailAddress, "jo.bloggs@example.org"}}},
	{"group body, nothing personal", "G22", benchGroupBody, &benchGroupSubject,
		[]hit{{UnapprovedLink, "riverside-surgery.example.org"}, {PhoneNumber, "0115 496 0000"}}},
	{"no subject", "G22", "Dear Jo Bloggs, born 01/06/1980", nil,
		[]hit{{DateOfBirth, "01/06/1980"}}},
	{"empty subject", "G22", "Dear Jo Bloggs at NG1 1AA", &Subject{},
		[]hit{{Postcode, "NG1 1AA"}}},
	{"name, address and postcode", "G6", "Dear Jo Bloggs, we will write to 1 Example Road, NG1 1AA.", &benchGroupSubject,
		[]hit{{PatientName, "Jo Bloggs"}, {PatientAddress, "1 Example Road"}, {PatientAddress, "NG1 1AA"}}},
	{"birth date moves the (DOB) cue to an earlier date", "G6", "1/1/80 1/6/80 (DOB)", &Subject{BirthDate: date(1980, 6, 1)},
		[]hit{{DateOfBirth, "1/1/80"}, {DateOfBirth, "1/6/80"}}},
	{"the same without the birth date", "G6", "1/1/80 1/6/80 (DOB)", &Subject{Name: "Jo Bloggs"},
		[]hit{{DateOfBirth, "1/6/80"}}},
	{"birth date already after a cue", "G6", "born 01/06/1980 (DOB)", &Subject{BirthDate: date(1980, 6, 1)},
		[]hit{{DateOfBirth, "01/06/1980"}}},
	{"birth date, then a cue settling a later date", "G6", "1 June 1980 and 2/2/02 (DOB)", &Subject{BirthDate: date(1980, 6, 1)},
		[]hit{{DateOfBirth, "1 June 1980"}, {DateOfBirth, "2/2/02"}}},
	{"birth date month first and two-digit", "G6", "on June 1, 1980 or 1.6.80 or 01-Jun-80", &Subject{BirthDate: date(1980, 6, 1)},
		[]hit{{DateOfBirth, "June 1, 1980"}, {DateOfBirth, "1.6.80"}, {DateOfBirth, "01-Jun-80"}}},
	{"another date is not the birth date", "G6", "on 02/06/1980", &Subject{BirthDate: date(1980, 6, 1)}, nil},
	{"invalid birth date is ignored", "G6", "on 30/02/2001 and 01/03/2001", &Subject{BirthDate: date(2001, 2, 30)}, nil},
	{"postcode without a space, lower case", "G6", "lives at ng11aa", &Subject{Postcode: "NG1 1AA"},
		[]hit{{PatientAddress, "ng11aa"}}},
	{"someone else's postcode", "G22", "lives at NG1 1AB", &Subject{Postcode: "NG1 1AA"},
		[]hit{{Postcode, "NG1 1AB"}}},
	{"address line that is the postcode", "G6", "at NG1 1AA", &Subject{Address: "NG1 1AA", Postcode: "ng1 1aa"},
		[]hit{{PatientAddress, "NG1 1AA"}}},
	{"name that is a postcode", "G6", "at NG1 1AA", &Subject{Name: "NG1 1AA"},
		[]hit{{Postcode, "NG1 1AA"}, {PatientName, "NG1 1AA"}}},
	{"name that is a lexicon term", "G22", "Dear Asthma Jones, your asthma review", &Subject{Name: "Asthma Jones"},
		[]hit{{PatientName, "Asthma Jones"}, {Condition, "Asthma"}, {Condition, "asthma"}}},
	{"family name repeated", "G22", "Bloggs Bloggs", &Subject{Name: "Bloggs Bloggs"},
		[]hit{{PatientName, "Bloggs Bloggs"}, {RepeatedWord, "Bloggs Bloggs"}}},
	{"family name alone, twice: not the whole name", "G22", "Mx Bloggs and bloggs", &Subject{Name: "Jo Bloggs"}, nil},
	{"name hidden by width, zero-width and case", "G22", "Dear Ｊo BLO\u200bggs", &Subject{Name: "Jo Bloggs"},
		[]hit{{PatientName, "Ｊo BLO\u200bggs"}}},
	{"name across a line break and spaces", "G22", "Jo\n  Bloggs", &Subject{Name: "Jo Bloggs"},
		[]hit{{PatientName, "Jo\n  Bloggs"}}},
	{"name then digits", "G22", "Jo Bloggs2", &Subject{Name: "Jo Bloggs"},
		[]hit{{PatientName, "Jo Bloggs"}}},
	{"digits then name: not a word start", "G22", "2Bloggs", &Subject{Name: "Jo Bloggs"}, nil},
	{"name inside a longer word", "G22", "Bloggsy", &Subject{Name: "Jo Bloggs"}, nil},
	{"name ending inside a folded letter", "G22", "Ann Gri\ufb01", &Subject{Name: "Ann Grif"}, nil},
	{"apostrophes", "G22", "Dear Jo Bloggs-O’Hara", &Subject{Name: "Jo Bloggs-O'Hara"},
		[]hit{{PatientName, "Jo Bloggs-O’Hara"}}},
	{"name and address at one word", "G6", "Acacia Avenue", &Subject{Name: "Acacia Avenue", Address: "Acacia Avenue"},
		[]hit{{PatientName, "Acacia Avenue"}}},
	{"name inside shouting", "G24", "JO BLOGGS PLEASE CALL", &Subject{Name: "Jo Bloggs"},
		[]hit{{Shouting, "JO BLOGGS PLEASE CALL"}, {PatientName, "JO BLOGGS"}}},
	{"name inside a request to pay", "P6", "Pay £25 Jo Fee", &Subject{Name: "Jo Fee"},
		[]hit{{PaymentRequest, "Pay £25 Jo Fee"}, {PatientName, "Jo Fee"}}},
	{"name inside a link", "P6", "see bloggs.example.com", &Subject{Name: "Jo Bloggs"},
		[]hit{{UnapprovedLink, "bloggs.example.com"}}},
	{"name repeated as a word", "G24", "Bloggs bloggs", &Subject{Name: "Bloggs"},
		[]hit{{RepeatedWord, "Bloggs bloggs"}, {PatientName, "Bloggs"}, {PatientName, "bloggs"}}},
}

// TestPreparedRows: the hard cases, where the patient's identifiers meet
// the generic detectors, give the same findings through a Prepared body
// as through a full scan (G6, G22).
func TestPreparedRows(t *testing.T) {
	s := Default()
	for _, r := range preparedRows {
		t.Run(r.name, func(t *testing.T) {
			p := s.Prepare(r.text)
			checkPrepared(t, s, p, r.text, r.subj)
			if diff := cmp.Diff(r.want, hits(r.text, p.ScanAppend(nil, r.subj))); diff != "" {
				t.Errorf("Prepared.ScanAppend(%s) [%s] (-want +got):\n%s", r.name, r.ref, diff)
			}
		})
	}
}

// TestPreparedNil: a nil Prepared is an empty body; Text gives the body
// back, even past the scanned length.
func TestPreparedNil(t *testing.T) {
	var p *Prepared
	if got := p.ScanAppend(nil, &benchGroupSubject); got != nil {
		t.Errorf("nil Prepared ScanAppend = %v, want nil", got)
	}
	if got := p.Text(); got != "" {
		t.Errorf("nil Prepared Text() = %q, want \"\"", got)
	}
	var zero Prepared
	if got := zero.ScanAppend(nil, &benchGroupSubject); got != nil {
		t.Errorf("zero Prepared ScanAppend = %v, want nil", got)
	}
	var sc *Scanner
	p = sc.Prepare(benchGroupBody)
	if got := p.Text(); got != benchGroupBody {
		t.Errorf("Text() = %q, want %q", got, benchGroupBody)
	}
	checkPrepared(t, Default(), p, benchGroupBody, &benchGroupSubject)
}

// TestPreparedAllocations: deciding a prepared body for one more person
// does not allocate when the slice has room, whether or not the person's
// identifiers are in it.
func TestPreparedAllocations(t *testing.T) {
	s := Default()
	dst := make([]Finding, 0, 16)
	for _, r := range preparedRows {
		p := s.Prepare(r.text)
		if n := testing.AllocsPerRun(20, func() { dst = p.ScanAppend(dst[:0], r.subj) }); n != 0 {
			t.Errorf("Prepared.ScanAppend(%s) allocs = %v, want 0", r.name, n)
		}
	}
}

// TestPreparedConcurrent: one Prepared serves many goroutines.
func TestPreparedConcurrent(t *testing.T) {
	s := Default()
	text := "Dear Jo Bloggs, 1 Example Road NG1 1AA, born 01/06/1980. " + benchGroupBody
	p := s.Prepare(text)
	subjects := []*Subject{nil, {}, &benchGroupSubject, {Name: "Ann Lee", Postcode: "NG1 1AA"}}
	want := make([][]Finding, len(subjects))
	for k, subj := range subjects {
		want[k] = s.Scan(text, subj)
	}
	done := make(chan error, 4)
	for range 4 {
		go func() {
			dst := make([]Finding, 0, 8)
			for range 50 {
				for k, subj := range subjects {
					if dst = p.ScanAppend(dst[:0], subj); !cmp.Equal(dst, want[k], cmpopts.EquateEmpty()) {
						done <- fmt.Errorf("concurrent ScanAppend(subject %d) = %v, want %v", k, dst, want[k])
						return
					}
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

// preparedScanners are the scanners the properties compare with: the
// default, and one whose own terms overlap the patients' details.
func preparedScanners(t fataler) []*Scanner {
	t.Helper()
	own, err := New(Config{
		AllowedDomains: []string{"riverside-surgery.example.org"},
		AddTerms: []Term{
			{Text: "Bloggs", Category: CategoryCondition},
			{Text: "Example Road", Category: CategoryService, Service: "road_care"},
			{Text: "birthday", Category: CategoryBirthCue},
			{Text: "NG1", Category: CategoryTest},
		},
		RemoveTerms: []string{"asthma"},
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	// Two terms found at one span with one kind: which is kept depends
	// on the order the scan made them in.
	twins, err := New(Config{AddTerms: []Term{
		{Text: "X Y Z", Category: CategoryCondition, Service: "x"},
		{Text: "XYZ", Category: CategoryCondition, Service: "y"},
		{Text: "Jo", Category: CategoryMedicine},
	}})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return []*Scanner{Default(), own, twins}
}

var (
	propNames = []string{"Jo Bloggs", "Jo Bloggs-O'Hara", "Ann Lee", "Bloggs", "Mary Ann Smith",
		"Asthma Jones", "Monday", "Jo", "Zoë Ñúñez", "ＪＯ ＢＬＯＧＧＳ", "O'Brien", "Jo 2 Bloggs",
		"B12 Smith", "A", "NG1 1AA", "Flu", "Ann Gri\ufb01", "Hiv Smith", "Example Road", ""}
	propAddresses = []string{"1 Example Road, Nottingham", "14 Acacia Avenue, Leeds", "Flat 2, 3 High St",
		"The Old Mill\nLeeds", "12b Baker Street", "Acacia", "NG1 1AA", "Monday", "1 2 3", ""}
	propPostcodes = []string{"NG1 1AA", "LS2 9JT", "ls29jt", "SW1A 1AA", "M1 1AE", "EC1A1BB",
		"not a postcode", "LS2 9JTX", "ＮＧ１ １ＡＡ", ""}
	propDates = []channel.Date{date(1980, 6, 1), date(1975, 11, 2), date(1980, 3, 12), date(2000, 2, 29),
		date(2012, 12, 12), date(1902, 1, 2), date(2001, 2, 30), {}}
	propCues  = []string{"born ", "born on ", "DOB: ", "D.O.B. ", "date of birth ", "Birth date ", "birthday ", "D O B "}
	propOther = []string{"please", "come", "to", "the", "surgery", "on", "Monday", "0115 496 0000",
		"943 476 5919", "£25 fee", "pay", "riverside-surgery.example.org", "jo@example.org", "CALL NOW",
		"!!", "positive", "test", "HIV", "H I V", "asthma", "never", "click here", "12", "1980", "80",
		"June", "(DOB)", "DOB", "born", "X Y Z", "X Y Z X Y Z", "x.y.z", ",", ".", "'", "’", "\u200b", "-", "/", "A&E"}
)

// drawSubject draws a subject: each part empty or from the pools.
func drawSubject(t *rapid.T) *Subject {
	if rapid.IntRange(0, 9).Draw(t, "nil subject") == 0 {
		return nil
	}
	return &Subject{
		Name:      rapid.SampledFrom(propNames).Draw(t, "name"),
		Address:   rapid.SampledFrom(propAddresses).Draw(t, "address"),
		Postcode:  rapid.SampledFrom(propPostcodes).Draw(t, "postcode"),
		BirthDate: rapid.SampledFrom(propDates).Draw(t, "birth date"),
	}
}

// disguise writes s as a patient might find it written: random case,
// full-width letters, zero-width characters, other spacing and
// apostrophes.
func disguise(t *rapid.T, s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == ' ':
			b.WriteString(rapid.SampledFrom([]string{" ", "  ", "\n", "\u00a0", "-", "", " . "}).Draw(t, "space"))
			continue
		case r == '\'':
			b.WriteString(rapid.SampledFrom([]string{"'", "’", ""}).Draw(t, "apostrophe"))
			continue
		}
		switch rapid.IntRange(0, 9).Draw(t, "letter form") {
		case 0:
			b.WriteString(rapid.SampledFrom([]string{"\u200b", "\u00ad", "\u2060"}).Draw(t, "zero-width"))
		case 1:
			if r > ' ' && r < 0x7f {
				r += 0xFF01 - '!'
			}
		case 2, 3:
			r = []rune(strings.ToUpper(string(r)))[0]
		case 4:
			r = []rune(strings.ToLower(string(r)))[0]
		}
		b.WriteRune(r)
	}
	return b.String()
}

// writtenDate writes d in one of the forms the date detector reads.
func writtenDate(t *rapid.T, d channel.Date) string {
	if d.IsZero() {
		return "1/1/2001"
	}
	m := d.Month.String()
	y2 := fmt.Sprintf("%02d", d.Year%100)
	forms := []string{
		fmt.Sprintf("%02d/%02d/%d", d.Day, d.Month, d.Year),
		fmt.Sprintf("%d-%d-%s", d.Day, d.Month, y2),
		fmt.Sprintf("%02d.%02d.%d", d.Day, d.Month, d.Year),
		fmt.Sprintf("%d-%02d-%02d", d.Year, d.Month, d.Day),
		fmt.Sprintf("%d %s %d", d.Day, m, d.Year),
		fmt.Sprintf("%dth of %s %d", d.Day, m, d.Year),
		fmt.Sprintf("%02d-%s-%d", d.Day, m[:3], d.Year),
		fmt.Sprintf("%s %d, %d", m, d.Day, d.Year),
		fmt.Sprintf("%s %dth %d", m[:3], d.Day, d.Year),
		fmt.Sprintf("%d/%d/%s", d.Day, d.Month, y2),
		"１/６/１９８０",
	}
	return forms[rapid.IntRange(0, len(forms)-1).Draw(t, "date form")]
}

// drawBody draws a body made of pieces that meet the subject's details:
// the name, address line, postcode and birth date in disguise, dates with
// and without cues, lexicon terms, identifiers and random text.
func drawBody(t *rapid.T, subj *Subject, terms []string) string {
	var sj Subject
	if subj != nil {
		sj = *subj
	}
	n := rapid.IntRange(0, 14).Draw(t, "pieces")
	var b strings.Builder
	for range n {
		var piece string
		switch rapid.IntRange(0, 9).Draw(t, "piece") {
		case 0:
			name := sj.Name
			if name == "" || rapid.Bool().Draw(t, "other name") {
				name = rapid.SampledFrom(propNames).Draw(t, "name")
			}
			if f := strings.Fields(name); len(f) > 1 && rapid.Bool().Draw(t, "family name") {
				name = f[len(f)-1]
			}
			piece = disguise(t, name)
		case 1:
			line, _, _ := strings.Cut(sj.Address, ",")
			if line == "" || rapid.Bool().Draw(t, "other address") {
				line = rapid.SampledFrom(propAddresses).Draw(t, "address")
			}
			piece = disguise(t, line)
		case 2:
			pc := sj.Postcode
			if pc == "" || rapid.Bool().Draw(t, "other postcode") {
				pc = rapid.SampledFrom(propPostcodes).Draw(t, "postcode")
			}
			if rapid.Bool().Draw(t, "squash postcode") {
				pc = strings.ReplaceAll(pc, " ", "")
			}
			if rapid.Bool().Draw(t, "lower postcode") {
				pc = strings.ToLower(pc)
			}
			piece = pc
		case 3, 4:
			d := sj.BirthDate
			if d.IsZero() || rapid.Bool().Draw(t, "other date") {
				d = rapid.SampledFrom(propDates).Draw(t, "date")
			}
			piece = writtenDate(t, d)
			switch rapid.IntRange(0, 3).Draw(t, "cue") {
			case 0:
				piece = rapid.SampledFrom(propCues).Draw(t, "cue before") + piece
			case 1:
				piece += rapid.SampledFrom([]string{" (DOB)", " DOB", " (birthday)", " born"}).Draw(t, "cue after")
			}
		case 5:
			piece = rapid.SampledFrom(terms).Draw(t, "term")
		case 6, 7:
			piece = rapid.SampledFrom(propOther).Draw(t, "other")
		case 8:
			piece = rapid.SampledFrom(cleanWords).Draw(t, "word")
		case 9:
			piece = rapid.StringN(0, 8, -1).Draw(t, "random")
		}
		b.WriteString(piece)
		b.WriteString(rapid.SampledFrom([]string{" ", " ", " ", "", ", ", ". ", "\n", "-", "2"}).Draw(t, "separator"))
	}
	return b.String()
}

// TestPropertyPreparedSameAsScan: for any body, subject and scanner, a
// Prepared body gives exactly the findings of a full scan, in the same
// order, including when the subject's details are in the body in disguise
// and overlap the generic findings (G6, G22).
func TestPropertyPreparedSameAsScan(t *testing.T) {
	scanners := preparedScanners(t)
	terms := propertyTerms()
	rapid.Check(t, func(t *rapid.T) {
		s := scanners[rapid.IntRange(0, len(scanners)-1).Draw(t, "scanner")]
		subj := drawSubject(t)
		text := drawBody(t, subj, terms)
		p := s.Prepare(text)
		checkPrepared(t, s, p, text, subj)
		// The same body for someone else, as for a group.
		checkPrepared(t, s, p, text, drawSubject(t))
	})
}

// subjectsFrom makes subjects out of a text's own words, postcodes and
// dates, so a fuzzed body meets its patients.
func subjectsFrom(s *Scanner, text string) []*Subject {
	var out []*Subject
	words := strings.Fields(text)
	for k := 0; k < len(words) && k < 4; k++ {
		subj := &Subject{Name: words[k], Address: words[k]}
		if k+1 < len(words) {
			subj.Name = words[k] + " " + words[k+1]
		}
		out = append(out, subj)
	}
	for _, f := range s.Scan(text, nil) {
		if f.Kind == Postcode && len(out) < 8 {
			out = append(out, &Subject{Postcode: text[f.Start:f.End], Name: "Jo Bloggs"})
		}
	}
	for i := 0; i < len(text) && len(out) < 12; i++ {
		if _, _, d, ok := parseDateAt(text, i); ok {
			y := d.year
			if d.twoDigit {
				y += 1900
			}
			out = append(out, &Subject{BirthDate: date(y, time.Month(d.month), d.day)})
		}
	}
	return out
}

// fuzzScanCorpus reads the seed corpus of FuzzScan.
func fuzzScanCorpus(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzScan", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "string("); ok {
				if s, err := strconv.Unquote(strings.TrimSuffix(v, ")")); err == nil {
					out = append(out, s)
				}
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no FuzzScan corpus in testdata/fuzz/FuzzScan")
	}
	return out
}

// FuzzPrepared compares a Prepared body with a full scan for the fuzzed
// subject, a fixed one and subjects made of the body's own words,
// postcodes and dates.
func FuzzPrepared(f *testing.F) {
	var seeds []string
	seeds = append(seeds, fuzzSeeds...)
	seeds = append(seeds, pathologicalSeeds()...)
	seeds = append(seeds, fuzzScanCorpus(f)...)
	for _, r := range preparedRows {
		seeds = append(seeds, r.text)
	}
	for _, s := range seeds {
		f.Add(s, "Jo Bloggs", "1 Example Road, Nottingham", "NG1 1AA", uint32(19800601))
	}
	f.Add("1/1/80 1/6/80 (DOB)", "", "", "", uint32(19800601))
	scanners := preparedScanners(f)
	fixed := &Subject{Name: "Jo Bloggs", Address: "14 Acacia Avenue, Leeds", Postcode: "LS2 9JT",
		BirthDate: date(1980, 3, 12)}
	f.Fuzz(func(t *testing.T, text, name, address, postcode string, birth uint32) {
		fuzzed := &Subject{Name: name, Address: address, Postcode: postcode,
			BirthDate: date(int(birth/10000), time.Month(birth/100%100), int(birth%100))}
		for _, s := range scanners {
			p := s.Prepare(text)
			if p.Text() != text {
				t.Fatalf("Text() = %q, want %q", p.Text(), text)
			}
			for _, subj := range append([]*Subject{nil, {}, fuzzed, fixed}, subjectsFrom(s, text)...) {
				checkPrepared(t, s, p, text, subj)
			}
		}
	})
}

// TestFoldInto: foldInto, with its ASCII fast path, gives the folded
// stream normIter gives, or false when it does not fit.
func TestFoldInto(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(rapid.String(), rapid.StringN(0, 120, -1),
			rapid.StringOf(rapid.RuneFrom([]rune("aZ09 '’-,.é\u200bＨ"))),
		).Draw(t, "s")
		var p pattern
		ok := foldInto(&p, s, 0)
		want := normalise(nil, s)
		if ok != (len(want) <= len(p.b)) || ok && string(p.b[:p.n]) != string(want) {
			t.Fatalf("foldInto(%q) = %q, %v, want %q", s, p.b[:p.n], ok, want)
		}
	})
}

// TestFoldASCII: the ASCII fast path of foldInto gives the folded stream
// normIter gives.
func TestFoldASCII(t *testing.T) {
	ascii := &unicode.RangeTable{R16: []unicode.Range16{{Lo: 0, Hi: 0x7f, Stride: 1}}}
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringOfN(rapid.RuneFrom([]rune("aZ09 '-,.\t\n"), ascii), 0, 120, -1).Draw(t, "s")
		var p pattern
		ok, ascii := foldASCII(&p, s)
		want := normalise(nil, s)
		if !ascii || ok != (len(want) <= len(p.b)) || ok && string(p.b[:p.n]) != string(want) {
			t.Fatalf("foldASCII(%q) = %q, %v, %v, want %q", s, p.b[:p.n], ok, ascii, want)
		}
		if _, ascii := foldASCII(&p, s+"é"); ascii {
			t.Fatalf("foldASCII(%q) reports ASCII", s+"é")
		}
	})
}

// benchGroupBody is a group message: the same for everyone.
const benchGroupBody = "Flu vaccinations are available at the surgery from Monday. Book online at " +
	"riverside-surgery.example.org or call 0115 496 0000."

// benchGroupSubject is one person the group message goes to.
var benchGroupSubject = Subject{Name: "Jo Bloggs", BirthDate: date(1980, 6, 1),
	Address: "1 Example Road, Nottingham", Postcode: "NG1 1AA"}

// BenchmarkPrepared compares deciding a group body for one more person
// with a Prepared body and with a full scan, for a person whose details
// are not in the body (the usual case) and one whose are.
func BenchmarkPrepared(b *testing.B) {
	s := Default()
	personal := "Dear Jo Bloggs, your flu vaccination is at the surgery near NG1 1AA on Monday."
	for _, in := range []struct{ name, text string }{{"group", benchGroupBody}, {"named", personal}} {
		p := s.Prepare(in.text)
		subj := &benchGroupSubject
		b.Run(in.name+"/prepared", func(b *testing.B) {
			dst := make([]Finding, 0, 16)
			b.ReportAllocs()
			for b.Loop() {
				dst = p.ScanAppend(dst[:0], subj)
			}
		})
		b.Run(in.name+"/scanner", func(b *testing.B) {
			dst := make([]Finding, 0, 16)
			b.ReportAllocs()
			for b.Loop() {
				dst = s.ScanAppend(dst[:0], in.text, subj)
			}
		})
	}
	b.Run("prepare", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s.Prepare(benchGroupBody)
		}
	})
}

// TestValidDate: validDate agrees with channel.Date.Valid.
func TestValidDate(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := channel.Date{
			Year:  rapid.IntRange(-2, 10001).Draw(t, "year"),
			Month: time.Month(rapid.IntRange(-1, 14).Draw(t, "month")),
			Day:   rapid.IntRange(-1, 33).Draw(t, "day"),
		}
		if got, want := validDate(d), d.Valid(); got != want {
			t.Fatalf("validDate(%+v) = %v, want %v", d, got, want)
		}
	})
	for _, d := range []channel.Date{date(2000, 2, 29), date(1900, 2, 29), date(2024, 2, 29), date(2023, 2, 29), date(9999, 12, 31), {}} {
		if got, want := validDate(d), d.Valid(); got != want {
			t.Errorf("validDate(%+v) = %v, want %v", d, got, want)
		}
	}
}
