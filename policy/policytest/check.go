package policytest

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"pgregory.net/rapid"

	"github.com/carecomms/carecomms/policy"
)

// DefaultCases is how many cases TestDecider checks each invariant on.
const DefaultCases = 1000

// DefaultShrinkSteps is how many smaller cases TestDecider tries, at
// most, when it shrinks a failing case.
const DefaultShrinkSteps = 400

// Options adjusts TestDeciderWith. The zero value gives TestDecider's
// behaviour.
type Options struct {
	// Cases is how many cases each invariant is checked on; 0 means
	// DefaultCases. Every invariant is checked on every case.
	Cases int
	// Seed is the first seed: cases are drawn with seeds Seed, Seed+1, …,
	// Seed+Cases-1. The same seeds give the same cases on every run and
	// machine; CI can vary Seed (the build number, say) to explore more.
	Seed int
	// Invariants names the invariants to check (see Invariants); nil
	// means all. An unknown name is an error.
	Invariants []string
	// Generator draws the cases; nil means MixedCases(). Use it to aim the
	// kit at a part of the input space, such as Cases() alone.
	Generator *rapid.Generator[Case]
	// ShrinkSteps bounds how many smaller cases are tried when shrinking a
	// failing case; 0 means DefaultShrinkSteps and a negative value turns
	// shrinking off.
	ShrinkSteps int
}

// Violation is one invariant that a decider broke: which, the
// requirements it rests on, how often, and the smallest failing case
// found. TestDecider joins one Violation per broken invariant.
type Violation struct {
	// Invariant is the invariant's name and Refs its G-n and P-n.
	Invariant string
	Refs      []string
	// Problem says what was wrong with the decision of Case.
	Problem string
	// Failed is how many of the Checked cases broke the invariant.
	Failed, Checked int
	// Seed is the seed of the first failing case, before shrinking.
	Seed int
	// Shrunk is how many shrinking steps made Case smaller.
	Shrunk int
	// Case is the smallest failing case found.
	Case Case
}

// Error describes the violation with its smallest failing case as JSON.
func (v *Violation) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "policytest: invariant %s (%s) violated in %d of %d cases: %s\n", v.Invariant, strings.Join(v.Refs, " "), v.Failed, v.Checked, v.Problem)
	fmt.Fprintf(&b, "\tfirst failing seed %d, shrunk in %d steps to this case:\n\t%s", v.Seed, v.Shrunk, strings.ReplaceAll(CaseJSON(v.Case), "\n", "\n\t"))
	return b.String()
}

// CaseJSON renders a case as indented JSON for a report. A case that
// cannot be JSON as it stands (an enum holding an undefined value, a time
// outside years 0–9999) is rendered with such values written as strings
// like "kind(9)", and fields in alphabetical order. The identifiers in
// generated cases are synthetic, so nothing is masked.
//
// JSON cannot hold text that is not valid UTF-8, so each such string is
// also given after the JSON in Go syntax, with its path, to reproduce the
// case exactly.
func CaseJSON(c Case) string {
	var out string
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		b, err = json.MarshalIndent(plain(reflect.ValueOf(c)), "", "  ")
		if err != nil {
			return fmt.Sprintf("(not JSON: %v)", err)
		}
		out = "(not valid JSON as it stands; undefined values shown as text)\n"
	}
	out += string(b)
	invalidUTF8(reflect.ValueOf(c), "", func(path, s string) {
		out += fmt.Sprintf("\n%s is not valid UTF-8; in Go syntax: %q", path, s)
	})
	return out
}

// invalidUTF8 calls report for every string in v that is not valid UTF-8,
// with its JSON path.
func invalidUTF8(v reflect.Value, path string, report func(path, s string)) {
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			report(path, v.String())
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			invalidUTF8(v.Elem(), path, report)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			invalidUTF8(v.Index(i), fmt.Sprintf("%s[%d]", path, i), report)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			if !t.Field(i).IsExported() {
				continue
			}
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
			if name == "" {
				name = t.Field(i).Name
			}
			if path != "" {
				name = path + "." + name
			}
			invalidUTF8(v.Field(i), name, report)
		}
	}
}

// plain converts v to values encoding/json always encodes: a value whose
// own encoding fails is shown by its String method or %v.
func plain(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	if v.CanInterface() && v.Kind() != reflect.Pointer && v.Kind() != reflect.Interface {
		x := v.Interface()
		if m, ok := x.(json.Marshaler); ok {
			if b, err := m.MarshalJSON(); err == nil {
				return json.RawMessage(b)
			}
			return fmt.Sprint(x)
		}
		if m, ok := x.(encoding.TextMarshaler); ok {
			if b, err := m.MarshalText(); err == nil {
				return string(b)
			}
			return fmt.Sprint(x)
		}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return plain(v.Elem())
	case reflect.Struct:
		m := map[string]any{}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if (strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")) && v.Field(i).IsZero() {
				continue
			}
			m[name] = plain(v.Field(i))
		}
		return m
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = plain(v.Index(i))
		}
		return out
	case reflect.String:
		return v.String()
	}
	if v.CanInterface() {
		return v.Interface()
	}
	return fmt.Sprint(v)
}

// TestDecider checks that d, a decider built from the org configuration
// cfg, keeps every invariant (see Invariants) on DefaultCases cases drawn
// by MixedCases. It returns nil, or one *Violation per broken invariant,
// joined with errors.Join; each names the invariant, its G-n and the
// smallest failing case found. It needs no *testing.T: call it from a
// test, a command or CI.
//
// cfg must be the configuration d decides with (for a policy.Org, its
// Config()): the invariants read the approved channels (G3), use cases
// (G5), channels approved for confidential content (G6), sensitive
// services (G21), link domains, windows and holidays (P2), contact age
// limit (G30) and
// address rules from it. An error is returned if policy.New refuses it.
func TestDecider(d policy.Decider, cfg policy.Config) error {
	return TestDeciderWith(d, cfg, Options{})
}

// TestDeciderN is TestDecider with n cases per invariant.
func TestDeciderN(d policy.Decider, cfg policy.Config, n int) error {
	return TestDeciderWith(d, cfg, Options{Cases: n})
}

// TestDeciderWith is TestDecider with options.
//
// How it works: rapid's own runner needs a *testing.T, so TestDeciderWith
// draws each case itself with the generator's Example method and seeds
// Seed, Seed+1, …: the cases are the same on every run. Every invariant is
// checked on every case (one Decide call per case, plus those an
// invariant makes itself, such as the monotonicity checks). For the first
// failing case of each invariant it then shrinks greedily: it tries
// smaller variants of the case (lists emptied, single contacts,
// objections, proxies and attempts removed, optional fields cleared, the
// body cut in half) and keeps any that still break the same invariant,
// until no variant does or ShrinkSteps variants were tried.
func TestDeciderWith(d policy.Decider, cfg policy.Config, opts Options) error {
	if d == nil {
		return errors.New("policytest: the decider is nil")
	}
	e, err := newEnv(d, cfg)
	if err != nil {
		return err
	}
	invs, err := selectInvariants(opts.Invariants)
	if err != nil {
		return err
	}
	n := opts.Cases
	if n <= 0 {
		n = DefaultCases
	}
	gen := opts.Generator
	if gen == nil {
		gen = MixedCases()
	}
	steps := opts.ShrinkSteps
	if steps == 0 {
		steps = DefaultShrinkSteps
	}
	type failure struct {
		v   *Violation
		c   Case
		inv *invariant
	}
	failures := make([]*failure, len(invs))
	var errs []error
	for seed := opts.Seed; seed < opts.Seed+n; seed++ {
		c, err := example(gen, seed)
		if err != nil {
			errs = append(errs, err)
			break
		}
		dec, err := e.decide(cloneMessage(c.Message), cloneRecord(c.Record))
		for i, inv := range invs {
			var problem error
			switch {
			case inv.Name == noPanic:
				problem = err
			case err == nil:
				problem = inv.run(e, &c, &dec)
			}
			if problem == nil {
				continue
			}
			if failures[i] == nil {
				failures[i] = &failure{v: &Violation{Invariant: inv.Name, Refs: slices.Clone(inv.Refs), Seed: seed, Problem: problem.Error()}, c: c, inv: inv}
			}
			failures[i].v.Failed++
		}
	}
	for _, f := range failures {
		if f == nil {
			continue
		}
		f.v.Checked = n
		f.v.Case, f.v.Shrunk, f.v.Problem = shrink(e, f.inv, f.c, steps, f.v.Problem)
		errs = append(errs, f.v)
	}
	return errors.Join(errs...)
}

// CheckCase checks every invariant on one case and returns the broken
// ones, joined; each error names the invariant and its G-n. Fuzz targets
// and tools use it; TestDecider draws its cases and calls the same checks.
func CheckCase(d policy.Decider, cfg policy.Config, c Case) error {
	e, err := newEnv(d, cfg)
	if err != nil {
		return err
	}
	return e.checkCase(c)
}

// Checker checks cases against one decider and configuration, prepared
// once: use it when checking many cases, as a fuzz target does.
type Checker struct{ e *env }

// NewChecker prepares a Checker; cfg must be the configuration d decides
// with.
func NewChecker(d policy.Decider, cfg policy.Config) (*Checker, error) {
	e, err := newEnv(d, cfg)
	if err != nil {
		return nil, err
	}
	return &Checker{e: e}, nil
}

// Check checks every invariant on c, as CheckCase does.
func (k *Checker) Check(c Case) error { return k.e.checkCase(c) }

func (e *env) checkCase(c Case) error {
	d, err := e.decide(cloneMessage(c.Message), cloneRecord(c.Record))
	if err != nil {
		return fmt.Errorf("policytest: invariant %s: %w", noPanic, err)
	}
	var errs []error
	for i := range invariants {
		inv := &invariants[i]
		if err := inv.run(e, &c, &d); err != nil {
			errs = append(errs, fmt.Errorf("policytest: invariant %s (%s): %w", inv.Name, strings.Join(inv.Refs, " "), err))
		}
	}
	return errors.Join(errs...)
}

// run checks the invariant, turning a panic in the check (or in a Decide
// call it makes) into an error.
func (inv *invariant) run(e *env, c *Case, d *policy.Decision) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic while checking: %v", p)
		}
	}()
	return inv.check(e, c, d)
}

func selectInvariants(names []string) ([]*invariant, error) {
	var out []*invariant
	if names == nil {
		for i := range invariants {
			out = append(out, &invariants[i])
		}
		return out, nil
	}
	for _, n := range names {
		i := slices.IndexFunc(invariants, func(inv invariant) bool { return inv.Name == n })
		if i < 0 {
			return nil, fmt.Errorf("policytest: unknown invariant %q: see Invariants()", n)
		}
		out = append(out, &invariants[i])
	}
	return out, nil
}

// example draws the case for one seed, turning a generator panic into an
// error.
func example(gen *rapid.Generator[Case], seed int) (c Case, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("policytest: the case generator failed at seed %d: %v", seed, p)
		}
	}()
	return gen.Example(seed), nil
}

// shrink makes a failing case smaller while it keeps breaking inv.
func shrink(e *env, inv *invariant, c Case, budget int, problem string) (Case, int, string) {
	steps := 0
	for budget > 0 {
		improved := false
		for _, v := range shrinks(c) {
			if budget <= 0 {
				break
			}
			budget--
			d, err := e.decide(cloneMessage(v.Message), cloneRecord(v.Record))
			switch {
			case inv.Name == noPanic:
			case err == nil:
				err = inv.run(e, &v, &d)
			default:
				err = nil // a different failure: keep looking
			}
			if err != nil {
				c, problem, improved = v, err.Error(), true
				steps++
				break
			}
		}
		if !improved {
			break
		}
	}
	return c, steps, problem
}
