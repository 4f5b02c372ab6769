package audit

import (
	"errors"
	"fmt"
	"iter"
)

// ErrChainBroken is wrapped by every *VerifyError: the entries do not form
// an unbroken hash chain.
var ErrChainBroken = errors.New("audit: hash chain broken")

// VerifyError names the first entry at which a chain fails to verify. It
// wraps ErrChainBroken.
type VerifyError struct {
	Seq     uint64  // the sequence number the entry at Index carries; for ProblemTruncated, the first one missing
	Index   int     // the entry's position in the entries checked, from 0; for ProblemTruncated, their count
	Problem Problem // what is wrong

	detail string
}

// Error names the entry and the problem.
func (e *VerifyError) Error() string {
	return fmt.Sprintf("audit: hash chain broken at index %d (seq %d): %s: %s; investigate tampering and restore the log from a copy you trust",
		e.Index, e.Seq, e.Problem, e.detail)
}

// Unwrap returns ErrChainBroken.
func (e *VerifyError) Unwrap() error { return ErrChainBroken }

// Verify checks that entries are a whole chain as a Store writes it: Seq
// runs 1, 2, 3… without gaps, the first entry's Prev is empty, each later
// entry's Prev is the Hash of the one before, and each Hash is its entry's
// ComputeHash. It returns nil or a *VerifyError naming the first entry that
// is modified, missing, reordered or inserted.
//
// Verify cannot see entries removed from the end of the chain, nor a tail
// replaced with a rehashed one: keep the head elsewhere (Store.Head) and
// use VerifyHead for that.
func Verify(entries []Entry) error {
	_, _, err := verify(sliceCursor(entries))
	return err
}

// VerifyHead is Verify, and also checks that the chain ends at head, the
// Hash of the last entry as the host kept it from Store.Head. An empty head
// stands for an empty chain. A chain that ends before head is reported
// as ProblemTruncated; entries after head as ProblemInserted.
func VerifyHead(entries []Entry, head string) error {
	if err := Verify(entries); err != nil {
		return err
	}
	n := len(entries)
	if n > 0 && entries[n-1].Hash == head {
		return nil
	}
	if n == 0 && head == "" {
		return nil
	}
	if head == "" {
		return &VerifyError{Seq: entries[0].Seq, Index: 0, Problem: ProblemInserted,
			detail: "the kept head is empty, so the chain should have no entries"}
	}
	for k := n - 2; k >= 0; k-- {
		if entries[k].Hash == head {
			return &VerifyError{Seq: entries[k+1].Seq, Index: k + 1, Problem: ProblemInserted,
				detail: fmt.Sprintf("the kept head is seq %d's hash, and this entry follows it: it was appended after the head was kept, or inserted", entries[k].Seq)}
		}
	}
	var next uint64 = 1
	if n > 0 {
		next = entries[n-1].Seq + 1
	}
	return &VerifyError{Seq: next, Index: n, Problem: ProblemTruncated,
		detail: "the chain ends before the kept head: entries at its end are missing"}
}

// VerifySeq verifies a chain read from an iterator, such as Store.All,
// without holding it in memory, and returns the sequence number and hash
// of its last entry (0 and "" for an empty chain) for comparison with a
// head kept elsewhere. It reports problems as Verify does; an error the
// iterator yields is returned as it is.
func VerifySeq(all iter.Seq2[Entry, error]) (seq uint64, head string, err error) {
	next, stop := iter.Pull2(all)
	defer stop()
	return verify(next)
}

// sliceCursor returns a pull function over entries.
func sliceCursor(entries []Entry) func() (Entry, error, bool) {
	i := 0
	return func() (Entry, error, bool) {
		if i >= len(entries) {
			return Entry{}, nil, false
		}
		i++
		return entries[i-1], nil, true
	}
}

// verify walks a chain from next, returning its tip or the first problem.
func verify(next func() (Entry, error, bool)) (uint64, string, error) {
	var (
		prevSeq  uint64
		prevHash string
		prevPrev string // Prev of the entry before, to recognise a fork
	)
	for i := 0; ; i++ {
		e, err, ok := next()
		if !ok {
			return prevSeq, prevHash, nil
		}
		if err != nil {
			return prevSeq, prevHash, err
		}
		want := prevSeq + 1
		bad := func(index int, seq uint64, p Problem, detail string) (uint64, string, error) {
			return prevSeq, prevHash, &VerifyError{Seq: seq, Index: index, Problem: p, detail: detail}
		}
		switch {
		case !e.hashMatches():
			return bad(i, e.Seq, ProblemModified, "its hash does not match its contents")
		case e.Seq == want && e.Prev == prevHash:
			prevSeq, prevPrev, prevHash = e.Seq, e.Prev, e.Hash
			continue
		case e.Seq == want:
			return bad(i, e.Seq, ProblemInserted, "it does not link to the entry before it")
		case e.Seq > want:
			// A gap: an interloper if the next entry carries on the chain,
			// a reordering if the expected entry comes later, else a loss.
			n, err, ok := next()
			if ok && err == nil && n.Seq == want && n.Prev == prevHash {
				if e.Prev == n.Hash {
					return bad(i, e.Seq, ProblemReordered, fmt.Sprintf("it belongs after seq %d, which follows it", want))
				}
				return bad(i, e.Seq, ProblemInserted, fmt.Sprintf("it sits between seq %d and the entry that follows it", prevSeq))
			}
			for ok && err == nil {
				if n.Seq == want {
					return bad(i, e.Seq, ProblemReordered, fmt.Sprintf("seq %d should come first but comes later", want))
				}
				n, err, ok = next()
			}
			return bad(i, e.Seq, ProblemMissing, missingDetail(want, e.Seq))
		case e.Seq == 0:
			return bad(i, e.Seq, ProblemInserted, "sequence numbers start at 1")
		default:
			// e repeats a sequence number already seen. When it forks from
			// the same entry as the one before and the chain carries on
			// from it, the one before is the interloper.
			if i > 0 && e.Seq == prevSeq && e.Prev == prevPrev {
				if n, err, ok := next(); ok && err == nil && n.Prev == e.Hash {
					return bad(i-1, prevSeq, ProblemInserted, "it repeats the sequence number of the entry after it, which the chain carries on from")
				}
			}
			return bad(i, e.Seq, ProblemInserted, fmt.Sprintf("it repeats sequence number %d", e.Seq))
		}
	}
}

// missingDetail describes the gap before seq got when want was expected.
func missingDetail(want, got uint64) string {
	if got-1 == want {
		return fmt.Sprintf("seq %d is not in the chain", want)
	}
	return fmt.Sprintf("seq %d to %d are not in the chain", want, got-1)
}
