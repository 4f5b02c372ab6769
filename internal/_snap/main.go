package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/carecomms/carecomms/audit"
	"github.com/carecomms/carecomms/channel"
	"github.com/carecomms/carecomms/internal/vocab"
	"github.com/carecomms/carecomms/objection"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/proxy"
)

type enumT interface {
	~uint8
	String() string
	MarshalText() ([]byte, error)
}

func methods(t reflect.Type) string {
	var m []string
	for i := 0; i < t.NumMethod(); i++ {
		m = append(m, t.Method(i).Name)
	}
	sort.Strings(m)
	return strings.Join(m, ",")
}

func dump[T enumT, P interface {
	*T
	UnmarshalText([]byte) error
}](name string, extra ...string) {
	var z T
	fmt.Printf("== %s methods %s | ptr %s\n", name, methods(reflect.TypeOf(z)), methods(reflect.TypeOf(&z)))
	words := map[string]bool{"": true, "bogus": true, "NONE": true, strings.Repeat("x", 50): true, "unset": true, "none": true, "nobody": true}
	for _, e := range extra {
		words[e] = true
	}
	for i := 0; i < 256; i++ {
		v := T(i)
		s := v.String()
		words[s] = true
		if i > 40 && i != 255 {
			continue
		}
		b, err := v.MarshalText()
		valid := "-"
		if x, ok := any(v).(interface{ Valid() bool }); ok {
			valid = fmt.Sprint(x.Valid())
		}
		ref := ""
		if x, ok := any(v).(interface{ Ref() string }); ok {
			ref = " ref=" + x.Ref()
		}
		fmt.Printf("%d %q marshal=%q err=%v valid=%s%s\n", i, s, b, err, valid, ref)
	}
	var ws []string
	for w := range words {
		ws = append(ws, w)
	}
	sort.Strings(ws)
	for _, w := range ws {
		v := T(2)
		err := P(&v).UnmarshalText([]byte(w))
		fmt.Printf("unmarshal %q -> %d err=%v\n", w, uint8(v), err)
		// JSON round trip
		var j struct{ X T }
		jerr := json.Unmarshal([]byte(`{"X":`+mustJSON(w)+`}`), &j)
		fmt.Printf("  json -> %d err=%v\n", uint8(j.X), jerr)
	}
}

func mustJSON(s string) string { b, _ := json.Marshal(s); return string(b) }

func main() {
	dump[vocab.Role]("vocab.Role", "ig_team", "sender")
	dump[vocab.RecipientRole]("vocab.RecipientRole")
	dump[vocab.Status]("vocab.Status")
	dump[vocab.Outcome]("vocab.Outcome")
	dump[policy.Effect]("policy.Effect")
	dump[policy.Purpose]("policy.Purpose")
	dump[policy.Urgency]("policy.Urgency")
	dump[policy.Need]("policy.Need")
	dump[policy.ObligationCode]("policy.ObligationCode")
	dump[policy.Days]("policy.Days")
	dump[policy.RuleID]("policy.RuleID")
	dump[objection.Scope]("objection.Scope")
	dump[objection.Ground]("objection.Ground")
	dump[objection.Fact]("objection.Fact")
	dump[objection.Verdict]("objection.Verdict")
	dump[objection.TaskCode]("objection.TaskCode")
	dump[proxy.Authority]("proxy.Authority")
	dump[proxy.Capacity]("proxy.Capacity")
	dump[proxy.DeactivationReason]("proxy.DeactivationReason")
	dump[proxy.Mode]("proxy.Mode")
	dump[proxy.Reason]("proxy.Reason")
	dump[proxy.Route]("proxy.Route")
	dump[channel.Kind]("channel.Kind")
	dump[channel.Class]("channel.Class")
	dump[channel.Status]("channel.Status")
	dump[channel.Result]("channel.Result")
	dump[channel.Encoding]("channel.Encoding")
	dump[audit.Kind]("audit.Kind")
	dump[audit.Format]("audit.Format")
	dump[audit.Problem]("audit.Problem")
	b, _ := json.MarshalIndent(policy.Catalogue(), "", " ")
	fmt.Println(string(b))
	fmt.Println(objection.Grounds(), objection.AllFacts(), proxy.Reasons(), channel.Classes(), objection.Scopes(), vocab.Roles(), proxy.Authorities(), channel.Kinds())
}
