package objection

import (
	"errors"
	"strings"
	"testing"

	"github.com/carecomms/carecomms/channel"
	"github.com/google/go-cmp/cmp"
)

func TestRegister(t *testing.T) {
	noReason := func(o Objection) Objection { o.Reason = ""; return o }
	tests := []struct {
		name string
		ref  string
		o    Objection
		want []TaskCode
	}{
		{"sms", "G16", obj(ScopeChannel, channel.SMS), []TaskCode{TaskExplainImpact, TaskNoteObjection, TaskLettersRemain}},
		{"letters: none remain", "G17", obj(ScopeChannel, channel.Letter), []TaskCode{TaskExplainImpact, TaskNoteObjection}},
		{"electronic", "G16", obj(ScopeElectronic, 0), []TaskCode{TaskExplainImpact, TaskNoteObjection, TaskLettersRemain}},
		{"organisation", "G17", obj(ScopeOrganisation, 0), []TaskCode{TaskExplainImpact, TaskNoteObjection}},
		{"service", "G17", obj(ScopeService, 0), []TaskCode{TaskExplainImpact, TaskNoteObjection}},
		{"care", "G17", obj(ScopeCare, 0), []TaskCode{TaskExplainImpact, TaskNoteObjection}},
		{"no reason", "G12", noReason(obj(ScopeCare, 0)), []TaskCode{TaskExplainImpact, TaskNoteObjection, TaskRecordReason}},
		{"serious harm by text", "G15", harm(obj(ScopeChannel, channel.SMS)), []TaskCode{TaskExplainImpact, TaskNoteObjection, TaskDiscussRemoval, TaskLettersRemain}},
		{"serious harm, no reason, electronic", "G15", noReason(harm(obj(ScopeElectronic, 0))),
			[]TaskCode{TaskExplainImpact, TaskNoteObjection, TaskRecordReason, TaskDiscussRemoval, TaskLettersRemain}},
	}
	for _, tt := range tests {
		t.Run(tt.ref+" "+tt.name, func(t *testing.T) {
			tasks, err := Register(tt.o)
			if err != nil {
				t.Fatalf("Register(%s) = %v", tt.name, err)
			}
			var got []TaskCode
			for _, task := range tasks {
				got = append(got, task.Code)
				if task.Text == "" || len(task.Refs) == 0 {
					t.Errorf("Register(%s) task %s has no text or refs", tt.name, task.Code)
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Register(%s) codes (-want +got):\n%s", tt.name, diff)
			}
		})
	}
	tasks, _ := Register(harm(obj(ScopeChannel, channel.SMS)))
	if want := "Discuss with them, as early as possible, whether to remove their mobile number from their record entirely."; tasks[2].Text != want {
		t.Errorf("Register(serious harm by text) task text = %q, want %q", tasks[2].Text, want)
	}
	if diff := cmp.Diff([]string{"G15"}, tasks[2].Refs); diff != "" {
		t.Errorf("discuss_removal refs (-want +got):\n%s", diff)
	}
	tasks, err := Register(Objection{Scope: ScopeChannel, Reason: secret})
	if tasks != nil || !errors.Is(err, ErrInvalid) {
		t.Errorf("Register(invalid) = %v, %v; want nil tasks and ErrInvalid", tasks, err)
	}
}

func TestOverrideTasks(t *testing.T) {
	for _, g := range Grounds() {
		t.Run(g.Ref()+" "+g.String(), func(t *testing.T) {
			tasks := OverrideTasks(*decided(g))
			var got []TaskCode
			for _, task := range tasks {
				got = append(got, task.Code)
			}
			want := []TaskCode{TaskNoteOverride, TaskTellPerson}
			if g == GroundEmergency {
				want = append(want, TaskReviewEmergency)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("OverrideTasks(%s) codes (-want +got):\n%s", g, diff)
			}
			note := tasks[0].Text
			for _, part := range []string{g.String(), g.Ref(), "cg-01", "caldicott_guardian"} {
				if !strings.Contains(note, part) {
					t.Errorf("OverrideTasks(%s) note %q does not mention %q", g, note, part)
				}
			}
		})
	}
	tasks := OverrideTasks(Override{Ground: GroundEmergency})
	if want := "decided by (nobody named) as nobody"; !strings.Contains(tasks[0].Text, want) {
		t.Errorf("OverrideTasks(no decider) note = %q, want it to say %q", tasks[0].Text, want)
	}
	if diff := cmp.Diff([]string{"G32"}, tasks[2].Refs); diff != "" {
		t.Errorf("review_emergency refs (-want +got):\n%s", diff)
	}
}
