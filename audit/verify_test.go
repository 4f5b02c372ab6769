package audit_test

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"testing"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/audit/audittest"
	"pgregory.net/rapid"
)

// chain returns n entries appended to a MemStore, cycling through the
// sample entries.
func chain(t testing.TB, n int) []audit.Entry {
	t.Helper()
	var s audit.MemStore
	samples := audittest.Entries()
	out := make([]audit.Entry, 0, n)
	for i := range n {
		e := samples[i%len(samples)]
		e.Detail = fmt.Sprintf("entry %d", i)
		got, err := s.Append(t.Context(), e)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, got)
	}
	return out
}

// forged returns an entry that looks like a genuine one: valid, with a
// hash that matches, placed at seq with the given prev.
func forged(seq uint64, prev string) audit.Entry {
	e := audittest.Entries()[1]
	e.Body = "forged"
	e.Seq, e.Prev = seq, prev
	e.Hash = e.ComputeHash()
	return e
}

type verifyWant struct {
	seq     uint64
	index   int
	problem audit.Problem
}

func checkVerifyErr(t *testing.T, call string, err error, want *verifyWant) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Errorf("%s = %v, want nil", call, err)
		}
		return
	}
	var ve *audit.VerifyError
	if !errors.As(err, &ve) || !errors.Is(err, audit.ErrChainBroken) {
		t.Errorf("%s = %v, want a *VerifyError wrapping ErrChainBroken", call, err)
		return
	}
	got := verifyWant{ve.Seq, ve.Index, ve.Problem}
	if got != *want {
		t.Errorf("%s = seq %d, index %d, %s; want seq %d, index %d, %s (%v)",
			call, got.seq, got.index, got.problem, want.seq, want.index, want.problem, err)
	}
}

// TestVerifyTamper tampers with a chain of six entries (seq 1 to 6) and
// checks that Verify and VerifyHead name the first bad entry (G29).
func TestVerifyTamper(t *testing.T) {
	tests := []struct {
		name    string
		g       string
		tamper  func([]audit.Entry) []audit.Entry
		want    *verifyWant // from Verify
		useHead bool        // check VerifyHead against the original head too
		head    *verifyWant // from VerifyHead, when it differs from want
	}{
		{"untouched", "G29", func(c []audit.Entry) []audit.Entry { return c }, nil, true, nil},
		{"empty", "G29", func(c []audit.Entry) []audit.Entry { return nil }, nil, true, &verifyWant{1, 0, audit.ProblemTruncated}},
		{"body byte flipped", "G26", func(c []audit.Entry) []audit.Entry { c[1].Body = "X" + c[1].Body[1:]; return c },
			&verifyWant{2, 1, audit.ProblemModified}, true, nil},
		{"staff changed", "G28", func(c []audit.Entry) []audit.Entry { c[0].Staff = "someone-else"; return c },
			&verifyWant{1, 0, audit.ProblemModified}, true, nil},
		{"hash byte flipped", "G29", func(c []audit.Entry) []audit.Entry { c[5].Hash = "0" + c[5].Hash[1:]; return c },
			&verifyWant{6, 5, audit.ProblemModified}, true, nil},
		{"seq changed", "G29", func(c []audit.Entry) []audit.Entry { c[3].Seq = 40; return c },
			&verifyWant{40, 3, audit.ProblemModified}, true, nil},
		{"modified and rehashed: the next entry no longer links", "G29", func(c []audit.Entry) []audit.Entry {
			c[2].Body = "rewritten"
			c[2].Hash = c[2].ComputeHash()
			return c
		}, &verifyWant{4, 3, audit.ProblemInserted}, true, nil},
		{"middle deleted", "G29", func(c []audit.Entry) []audit.Entry { return slices.Delete(c, 2, 3) },
			&verifyWant{4, 2, audit.ProblemMissing}, true, nil},
		{"two deleted", "G29", func(c []audit.Entry) []audit.Entry { return slices.Delete(c, 1, 3) },
			&verifyWant{4, 1, audit.ProblemMissing}, true, nil},
		{"first deleted", "G29", func(c []audit.Entry) []audit.Entry { return c[1:] },
			&verifyWant{2, 0, audit.ProblemMissing}, true, nil},
		{"last deleted: only the head shows it", "G29", func(c []audit.Entry) []audit.Entry { return c[:5] },
			nil, true, &verifyWant{6, 5, audit.ProblemTruncated}},
		{"tail of three deleted", "G29", func(c []audit.Entry) []audit.Entry { return c[:3] },
			nil, true, &verifyWant{4, 3, audit.ProblemTruncated}},
		{"neighbours swapped", "G29", func(c []audit.Entry) []audit.Entry { c[2], c[3] = c[3], c[2]; return c },
			&verifyWant{4, 2, audit.ProblemReordered}, true, nil},
		{"distant swap", "G29", func(c []audit.Entry) []audit.Entry { c[1], c[4] = c[4], c[1]; return c },
			&verifyWant{5, 1, audit.ProblemReordered}, true, nil},
		{"first moved to the end", "G29", func(c []audit.Entry) []audit.Entry { return append(c[1:], c[0]) },
			&verifyWant{2, 0, audit.ProblemReordered}, true, nil},
		{"forged entry linked in, taking the next seq", "G29", func(c []audit.Entry) []audit.Entry {
			return slices.Insert(c, 2, forged(3, c[1].Hash))
		}, &verifyWant{3, 2, audit.ProblemInserted}, true, nil},
		{"forged entry with a new seq", "G29", func(c []audit.Entry) []audit.Entry {
			return slices.Insert(c, 2, forged(100, c[1].Hash))
		}, &verifyWant{100, 2, audit.ProblemInserted}, true, nil},
		{"forged entry with the right seq but no link", "G29", func(c []audit.Entry) []audit.Entry {
			return slices.Insert(c, 2, forged(3, "feed"))
		}, &verifyWant{3, 2, audit.ProblemInserted}, true, nil},
		{"earlier entry copied in again", "G29", func(c []audit.Entry) []audit.Entry { return slices.Insert(c, 4, c[1]) },
			&verifyWant{2, 4, audit.ProblemInserted}, true, nil},
		{"first entry with a prev", "G29", func(c []audit.Entry) []audit.Entry {
			c[0].Prev = "00"
			c[0].Hash = c[0].ComputeHash()
			return c
		}, &verifyWant{1, 0, audit.ProblemInserted}, false, nil},
		{"seq zero", "G29", func(c []audit.Entry) []audit.Entry { return []audit.Entry{forged(0, "")} },
			&verifyWant{0, 0, audit.ProblemInserted}, false, nil},
		{"forged entry appended: only the head shows it", "G29", func(c []audit.Entry) []audit.Entry {
			return append(c, forged(7, c[5].Hash))
		}, nil, true, &verifyWant{7, 6, audit.ProblemInserted}},
	}
	orig := chain(t, 6)
	head := orig[5].Hash
	for _, tt := range tests {
		c := tt.tamper(slices.Clone(orig))
		checkVerifyErr(t, "Verify("+tt.name+")", audit.Verify(c), tt.want)
		_, _, err := audit.VerifySeq(seqOf(c))
		checkVerifyErr(t, "VerifySeq("+tt.name+")", err, tt.want)
		if tt.useHead {
			want := tt.want
			if tt.head != nil {
				want = tt.head
			}
			checkVerifyErr(t, "VerifyHead("+tt.name+")", audit.VerifyHead(c, head), want)
		}
	}
}

func TestVerifyHeadEmpty(t *testing.T) {
	c := chain(t, 2)
	checkVerifyErr(t, "VerifyHead(none, \"\")", audit.VerifyHead(nil, ""), nil)
	checkVerifyErr(t, "VerifyHead(two, \"\")", audit.VerifyHead(c, ""), &verifyWant{1, 0, audit.ProblemInserted})
	checkVerifyErr(t, "VerifyHead(two, unknown)", audit.VerifyHead(c, "beef"), &verifyWant{3, 2, audit.ProblemTruncated})
}

func TestVerifySeq(t *testing.T) {
	c := chain(t, 5)
	seq, head, err := audit.VerifySeq(seqOf(c))
	if seq != 5 || head != c[4].Hash || err != nil {
		t.Errorf("VerifySeq(5 entries) = %d, %s, %v, want 5, %s, nil", seq, head, err, c[4].Hash)
	}
	boom := errors.New("read failed")
	failing := func(yield func(audit.Entry, error) bool) {
		if yield(c[0], nil) {
			yield(audit.Entry{}, boom)
		}
	}
	if seq, _, err := audit.VerifySeq(failing); err != boom || seq != 1 {
		t.Errorf("VerifySeq(failing iterator) = %d, %v, want 1, %v", seq, err, boom)
	}
}

func seqOf(entries []audit.Entry) iter.Seq2[audit.Entry, error] {
	return func(yield func(audit.Entry, error) bool) {
		for _, e := range entries {
			if !yield(e, nil) {
				return
			}
		}
	}
}

// TestVerifyDetectsAnyTamper checks, for random chains and one random
// tampering, that VerifyHead against the original head reports a broken
// chain at or before the tampered position (G29).
func TestVerifyDetectsAnyTamper(t *testing.T) {
	orig := chain(t, 30)
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, len(orig)).Draw(t, "n")
		c := slices.Clone(orig[:n])
		head := c[n-1].Hash
		var at int
		switch op := rapid.SampledFrom([]string{"flip", "delete", "swap", "duplicate", "truncate"}).Draw(t, "op"); op {
		case "flip":
			at = rapid.IntRange(0, n-1).Draw(t, "at")
			field := rapid.SampledFrom([]string{"patient", "staff", "detail", "time", "prev", "hash"}).Draw(t, "field")
			flip := func(s string) string {
				if s == "" {
					return "x"
				}
				b := []byte(s)
				b[rapid.IntRange(0, len(b)-1).Draw(t, "byte")] ^= byte(rapid.IntRange(1, 255).Draw(t, "mask"))
				return string(b)
			}
			switch field {
			case "patient":
				c[at].Patient = flip(c[at].Patient)
			case "staff":
				c[at].Staff = flip(c[at].Staff)
			case "detail":
				c[at].Detail = flip(c[at].Detail)
			case "time":
				c[at].Time = c[at].Time.Add(1)
			case "prev":
				c[at].Prev = flip(c[at].Prev)
			case "hash":
				c[at].Hash = flip(c[at].Hash)
			}
		case "delete":
			at = rapid.IntRange(0, n-1).Draw(t, "at")
			c = slices.Delete(c, at, at+1)
			at = min(at, len(c))
		case "swap":
			if n < 2 {
				t.Skip("nothing to swap")
			}
			at = rapid.IntRange(0, n-2).Draw(t, "at")
			j := rapid.IntRange(at+1, n-1).Draw(t, "with")
			c[at], c[j] = c[j], c[at]
		case "duplicate":
			from := rapid.IntRange(0, n-1).Draw(t, "from")
			at = rapid.IntRange(0, n).Draw(t, "at")
			c = slices.Insert(c, at, c[from])
			// The copy and the original are indistinguishable: either
			// may be named.
			at = max(at, from+1)
		case "truncate":
			k := rapid.IntRange(0, n-1).Draw(t, "keep")
			c = c[:k]
			at = k
		}
		err := audit.VerifyHead(c, head)
		var ve *audit.VerifyError
		if !errors.As(err, &ve) {
			t.Fatalf("VerifyHead(tampered) = %v, want a *VerifyError", err)
		}
		if ve.Index > at {
			t.Fatalf("VerifyHead(tampered at %d) names index %d, after the tampering", at, ve.Index)
		}
	})
}
