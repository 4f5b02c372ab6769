package audit

import (
	"bytes"
	"cmp"
	"slices"
	"time"
)

// jobKey names the one job a message may have.
type jobKey struct{ patient, message string }

// jobRow is a job as a MemStore or FileStore keeps it.
type jobRow struct {
	job    Job
	leased time.Time // the lease ends; zero when not leased
}

// jobTable holds the jobs of a MemStore or FileStore. Leases are kept in
// memory only: they end with the process that took them.
type jobTable struct {
	rows  map[jobKey]*jobRow
	lease uint64 // the last Lease issued
}

// put adds or replaces j's message's job with a new lease, and returns it
// as stored.
func (t *jobTable) put(j Job) Job {
	t.lease++
	return t.putVersion(j, t.lease)
}

// putVersion adds or replaces j's message's job with the lease v.
func (t *jobTable) putVersion(j Job, v uint64) Job {
	if t.rows == nil {
		t.rows = make(map[jobKey]*jobRow)
	}
	j.Lease = v
	j.Due = j.Due.UTC()
	j.Payload = bytes.Clone(j.Payload)
	t.rows[jobKey{j.Patient, j.MessageID}] = &jobRow{job: j}
	return j
}

// done removes j's message's job if its lease is still j.Lease, and
// reports whether it did.
func (t *jobTable) done(j Job) bool {
	k := jobKey{j.Patient, j.MessageID}
	if r, ok := t.rows[k]; ok && r.job.Lease == j.Lease {
		delete(t.rows, k)
		return true
	}
	return false
}

// take leases up to max jobs due at or before now, earliest first.
func (t *jobTable) take(now time.Time, max int, lease time.Duration) []Job {
	var due []*jobRow
	for _, r := range t.rows {
		if !r.job.Due.After(now) && !r.leased.After(now) {
			due = append(due, r)
		}
	}
	slices.SortFunc(due, func(a, b *jobRow) int {
		if c := a.job.Due.Compare(b.job.Due); c != 0 {
			return c
		}
		return cmp.Compare(a.job.Lease, b.job.Lease)
	})
	if len(due) > max {
		due = due[:max]
	}
	out := make([]Job, len(due))
	for i, r := range due {
		t.lease++
		r.job.Lease = t.lease
		r.leased = now.Add(lease)
		out[i] = r.job
		out[i].Payload = bytes.Clone(r.job.Payload)
	}
	return out
}

// get returns the message's job.
func (t *jobTable) get(patient, message string) (Job, bool) {
	r, ok := t.rows[jobKey{patient, message}]
	if !ok {
		return Job{}, false
	}
	j := r.job
	j.Payload = bytes.Clone(j.Payload)
	return j, true
}
