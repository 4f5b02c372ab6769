package channel

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPublishedVectors runs the test vectors of GOV.UK Notify and
// libphonenumber in testdata/vectors (each file names its source) through
// NormalizeAddress: addresses as people type them, with zero-width
// characters, byte order marks, typographic dashes and full-width forms,
// are read as those projects read them, and refused where they refuse
// them, except where a "# differs:" comment in the file says why not.
func TestPublishedVectors(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "vectors", "address-*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no vector files: %v", err)
	}
	sentinels := map[string]error{
		"invalid": ErrInvalidAddress, "not_mobile": ErrNotMobile,
		"international": ErrInternational, "empty": ErrEmptyAddress,
	}
	kinds := map[string]Kind{"sms": SMS, "email": Email}
	total := 0
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			fields := strings.SplitN(line, " ", 4)
			if len(fields) != 4 {
				t.Fatalf("%s:%d: want KIND RULES WANT INPUT", file, n)
			}
			k, ok := kinds[fields[0]]
			in, qerr := strconv.Unquote(fields[3])
			if !ok || (fields[1] != "uk" && fields[1] != "intl") || qerr != nil {
				t.Fatalf("%s:%d: bad line %q", file, n, line)
			}
			rules := AddressRules{AllowInternational: fields[1] == "intl"}
			got, err := NormalizeAddress(k, in, rules)
			if want, isErr := sentinels[fields[2]]; isErr {
				if !errors.Is(err, want) {
					t.Errorf("%s:%d: NormalizeAddress(%s, %+q) = %q, %v; want %v", file, n, k, in, got, err, want)
				}
			} else if err != nil || got != fields[2] {
				t.Errorf("%s:%d: NormalizeAddress(%s, %+q) = %q, %v; want %s", file, n, k, in, got, err, fields[2])
			}
			total++
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	t.Logf("%d vectors", total)
}

// TestNotifySMSVectors: the characters GOV.UK Notify replaces or removes
// before sending a text message (typographic quotes and dashes, obscure
// white space, zero-width characters, U+180E) have a GSM replacement, so a
// body that holds only them and GSM characters can go as GSM-7.
func TestNotifySMSVectors(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "vectors", "sms-notify.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		want, quoted, _ := strings.Cut(line, " ")
		in, err := strconv.Unquote(quoted)
		if err != nil {
			t.Fatalf("sms-notify.txt:%d: %v", n, err)
		}
		if got := CountSMS(SuggestGSM(in)).Encoding.String(); got != want {
			t.Errorf("sms-notify.txt:%d: CountSMS(SuggestGSM(%+q)).Encoding = %s, want %s", n, in, got, want)
		}
	}
}
