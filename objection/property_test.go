package objection

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carecomms/carecomms/channel"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// Generators: small domains, so that objections, facts and overrides often
// meet, and invalid values appear alongside valid ones.

func genKind(label string) *rapid.Generator[channel.Kind] {
	return rapid.Custom(func(t *rapid.T) channel.Kind {
		return channel.Kind(rapid.IntRange(0, 6).Draw(t, label))
	})
}

var services = []string{"", "screening", " SCREENING", "maternity"}

func genObjection() *rapid.Generator[Objection] {
	return rapid.Custom(func(t *rapid.T) Objection {
		return Objection{
			Scope:       Scope(rapid.IntRange(0, 6).Draw(t, "scope")),
			Channel:     genKind("channel").Draw(t, "channel"),
			Service:     rapid.SampledFrom(services).Draw(t, "service"),
			Reason:      rapid.SampledFrom([]string{"", "reason"}).Draw(t, "reason"),
			RecordedAt:  rapid.SampledFrom([]time.Time{{}, t0}).Draw(t, "recorded_at"),
			RecordedBy:  rapid.SampledFrom([]string{"", "staff-1"}).Draw(t, "recorded_by"),
			SeriousHarm: rapid.IntRange(0, 4).Draw(t, "serious_harm") == 0,
		}
	})
}

func genFacts() *rapid.Generator[*Facts] {
	return rapid.Custom(func(t *rapid.T) *Facts {
		if rapid.IntRange(0, 9).Draw(t, "nil_facts") == 0 {
			return nil
		}
		f := &Facts{
			At:                   rapid.SampledFrom([]time.Time{{}, t0}).Draw(t, "at"),
			Class:                channel.Class(rapid.IntRange(0, 15).Draw(t, "class")),
			Service:              rapid.SampledFrom(services).Draw(t, "service"),
			GroupSize:            rapid.IntRange(0, 12).Draw(t, "group_size"),
			WaitingListThreshold: rapid.IntRange(-1, 10).Draw(t, "threshold"),
			Vulnerable:           rapid.Bool().Draw(t, "vulnerable"),
			Urgent:               rapid.Bool().Draw(t, "urgent"),
			Emergency:            rapid.Bool().Draw(t, "emergency"),
			Failed:               channel.Set(rapid.Uint8().Draw(t, "failed")),
			Usable:               channel.Set(rapid.Uint8().Draw(t, "usable")),
		}
		if h := rapid.IntRange(-2, 60).Draw(t, "appointment_hours"); h != -2 {
			f.AppointmentAt = t0.Add(time.Duration(h) * time.Hour)
		}
		return f
	})
}

func genOverride() *rapid.Generator[*Override] {
	return rapid.Custom(func(t *rapid.T) *Override {
		if rapid.IntRange(0, 5).Draw(t, "nil_override") == 0 {
			return nil
		}
		return &Override{
			Ground:        Ground(rapid.IntRange(0, 12).Draw(t, "ground")),
			DecidedBy:     rapid.SampledFrom([]string{"", " ", "cg-01"}).Draw(t, "decided_by"),
			Role:          Role(rapid.IntRange(0, 6).Draw(t, "role")),
			Justification: rapid.SampledFrom([]string{"", "case"}).Draw(t, "justification"),
		}
	})
}

type input struct {
	objs []Objection
	f    *Facts
	k    channel.Kind
	ov   *Override
}

func drawInput(t *rapid.T) input {
	return input{
		objs: rapid.SliceOfN(genObjection(), 0, 6).Draw(t, "objs"),
		f:    genFacts().Draw(t, "facts"),
		k:    genKind("kind").Draw(t, "kind"),
		ov:   genOverride().Draw(t, "override"),
	}
}

// TestPropAddingObjection: adding an objection never turns a channel that
// is denied or needs a decision into one that is allowed or overridden
// (G10, G13), with one exception: an objection to the last channel free of
// objections makes primary_method_failed fit for another (G14.5), and
// then the channel is overridden only by a decision a named person in a
// role that may decide it made.
func TestPropAddingObjection(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := drawInput(t)
		extra := genObjection().Draw(t, "extra")
		before := Check(in.objs, in.f, in.k, in.ov)
		after := Check(append(slices.Clone(in.objs), extra), in.f, in.k, in.ov)
		if before.Verdict.Permits() || !after.Verdict.Permits() {
			return
		}
		if after.Verdict == Overridden && in.ov.Ground == GroundPrimaryMethodFailed &&
			strings.TrimSpace(in.ov.DecidedBy) != "" && in.ov.Ground.DecidableBy(in.ov.Role) {
			return
		}
		t.Fatalf("adding %v turned %v into %v", extra, before.Verdict, after.Verdict)
	})
}

// TestAddingObjectionPrimaryMethodFailed: the exception above, shown. The
// email bounced; a letter free of objections could reach the person, so
// the ground does not fit for sms; once they object to letters too, it
// fits, but only a named decision-maker overrides (G14.5, G13).
func TestAddingObjectionPrimaryMethodFailed(t *testing.T) {
	f := fitting(GroundPrimaryMethodFailed)
	f.Usable = f.Usable.Add(channel.Letter)
	objs := []Objection{obj(ScopeChannel, channel.SMS)}
	if r := Check(objs, f, channel.SMS, decided(GroundPrimaryMethodFailed)); r.Verdict != Denied || r.Unfit != FactOtherChannelUsable {
		t.Fatalf("G14.5: Check(letter free of objections) = %+v, want denied, fact_other_channel_usable", r)
	}
	objs = append(objs, obj(ScopeChannel, channel.Letter))
	if r := Check(objs, f, channel.SMS, decided(GroundPrimaryMethodFailed)); r.Verdict != Overridden {
		t.Errorf("G14.5: Check(letter objected to too) = %+v, want overridden", r)
	}
	if r := Check(objs, f, channel.SMS, &Override{Ground: GroundPrimaryMethodFailed}); r.Verdict != NeedsDecision {
		t.Errorf("G14.5: Check(letter objected to too, nobody decided) = %+v, want needs_decision", r)
	}
}

// TestPropRemovingOverride: removing an override never adds an allowed or
// overridden channel; without one, a channel is allowed exactly when no
// objection covers it (G13).
func TestPropRemovingOverride(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := drawInput(t)
		with := Check(in.objs, in.f, in.k, in.ov)
		without := Check(in.objs, in.f, in.k, nil)
		if without.Verdict != Allowed && without.Verdict != Denied {
			t.Fatalf("Check without override = %v, want allowed or denied", without.Verdict)
		}
		if without.Verdict.Permits() && !with.Verdict.Permits() {
			t.Fatalf("removing %v turned %v into %v", in.ov, with.Verdict, without.Verdict)
		}
		if (with.Verdict == Allowed) != (without.Verdict == Allowed) {
			t.Fatalf("override changed whether the channel is covered: %v with, %v without", with.Verdict, without.Verdict)
		}
	})
}

// TestPropSeriousHarm: a channel covered by a serious-harm objection is
// never allowed or overridden, emergency or not (G15, G32).
func TestPropSeriousHarm(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := drawInput(t)
		h := genObjection().Draw(t, "harm")
		h.SeriousHarm = true
		objs := append(slices.Clone(in.objs), h)
		r := Check(objs, in.f, in.k, in.ov)
		service, known := "", in.f != nil
		if known {
			service = in.f.Service
		}
		if in.k.Valid() && h.kinds(service, known).Has(in.k) {
			if r.Verdict != Denied || !r.SeriousHarm || !objs[r.Objection].SeriousHarm {
				t.Fatalf("Check with serious-harm objection %v covering %v = %+v, want denied with serious harm", h, in.k, r)
			}
		}
	})
}

// TestPropWellFormed: Check is deterministic, leaves its arguments alone,
// and its Result is consistent and encodes to JSON.
func TestPropWellFormed(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := drawInput(t)
		objs := slices.Clone(in.objs)
		var f Facts
		if in.f != nil {
			f = *in.f
		}
		var ov Override
		if in.ov != nil {
			ov = *in.ov
		}
		r := Check(in.objs, in.f, in.k, in.ov)
		if r2 := Check(in.objs, in.f, in.k, in.ov); r2 != r {
			t.Fatalf("Check is not deterministic: %+v then %+v", r, r2)
		}
		if !cmp.Equal(objs, in.objs) || (in.f != nil && *in.f != f) || (in.ov != nil && *in.ov != ov) {
			t.Fatalf("Check modified its arguments")
		}
		if !r.Verdict.Valid() {
			t.Fatalf("Verdict %v is not valid", r.Verdict)
		}
		if r.Objection < -1 || r.Objection >= len(in.objs) {
			t.Fatalf("Objection index %d out of range", r.Objection)
		}
		if in.k.Valid() && (r.Verdict == Allowed) != (r.Objection == -1) {
			t.Fatalf("Verdict %v with Objection %d", r.Verdict, r.Objection)
		}
		if (r.Verdict == NeedsDecision) != r.Need.Valid() {
			t.Fatalf("Verdict %v with Need %v", r.Verdict, r.Need)
		}
		if r.Unfit != FactNone {
			if r.Verdict != Denied {
				t.Fatalf("Unfit %v with verdict %v", r.Unfit, r.Verdict)
			}
			if r.Unfit != FactChannel && r.Unfit != FactGround && r.Unfit != FactMissing && !contains(r.Ground.Facts(), r.Unfit) {
				t.Fatalf("Unfit %v is not one of %v's facts %v", r.Unfit, r.Ground, r.Ground.Facts())
			}
		}
		if r.Verdict == Overridden {
			if in.ov == nil || in.ov.DecidedBy == "" || !in.ov.Ground.DecidableBy(in.ov.Role) || r.SeriousHarm || r.Ground != in.ov.Ground {
				t.Fatalf("Overridden without a fitting, decided override: %v, %+v", in.ov, r)
			}
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("json.Marshal(%+v) = %v", r, err)
		}
		var back Result
		if err := json.Unmarshal(b, &back); err != nil || back != r {
			t.Fatalf("JSON round trip of %s = %+v, %v; want %+v", b, back, err, r)
		}
	})
}

// TestPropCovered: Covered is the union of Covers.
func TestPropCovered(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		objs := rapid.SliceOfN(genObjection(), 0, 6).Draw(t, "objs")
		service := rapid.SampledFrom(services).Draw(t, "service")
		got := Covered(objs, service)
		for _, k := range channel.Kinds() {
			want := false
			for _, o := range objs {
				want = want || o.Covers(k, service)
			}
			if got.Has(k) != want {
				t.Fatalf("Covered(...).Has(%v) = %v, but Covers says %v", k, got.Has(k), want)
			}
		}
		if got&^channel.AllKinds != 0 {
			t.Fatalf("Covered = %08b has bits outside AllKinds", uint8(got))
		}
	})
}
