package objection

import (
	"strings"

	"github.com/carecomms/carecomms/channel"
)

// Task is something the host's staff must do, with the requirements it
// rests on. Code is stable and machine-readable; Text is a plain-English
// instruction whose wording may change. Text never holds the person's
// reason or an override's justification.
type Task struct {
	Code TaskCode `json:"code"`
	// Refs are the requirements the task rests on, such as "G17".
	Refs []string `json:"refs"`
	Text string   `json:"text"`
}

// Register checks o before the host registers it (Validate) and returns the
// tasks that go with registering it, in this order:
//   - explain_impact: explain how the objection may affect their care; the
//     person may then decide it is not needed (G17);
//   - note_objection: note it in the care record so the person is
//     identifiable for individual and group messages (G17, G10);
//   - record_reason: when o has no reason, ask for and record the specific
//     reason (G12);
//   - discuss_removal: for a serious-harm objection, discuss as early as
//     possible removing the contact detail from the record entirely (G15);
//   - letters_remain: for an objection to electronic channels or to one
//     electronic channel, tell them letters remain possible, and may be
//     slower (G16).
//
// An invalid o returns nil tasks and the error from Validate.
func Register(o Objection) ([]Task, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	tasks := []Task{
		{TaskExplainImpact, []string{"G17"}, "Explain how objecting to " + scopePhrase(o) +
			" may affect their care, such as slower messages or missed appointments; listen to their concerns, then respect their decision."},
		{TaskNoteObjection, []string{"G17", "G10"}, "Note the objection to " + scopePhrase(o) +
			" in their care record, so it is checked before every individual and group message."},
	}
	if !o.HasReason() {
		tasks = append(tasks, Task{TaskRecordReason, []string{"G12"},
			"Ask for and record the specific reason for the objection; it is upheld meanwhile, and the reason matters for any override."})
	}
	if o.SeriousHarm {
		detail := "the contact details that put them at risk"
		if o.Scope == ScopeChannel {
			detail = "their " + detailPhrase(o.Channel)
		}
		tasks = append(tasks, Task{TaskDiscussRemoval, []string{"G15"},
			"Discuss with them, as early as possible, whether to remove " + detail + " from their record entirely."})
	}
	if o.Scope == ScopeElectronic || (o.Scope == ScopeChannel && o.Channel.Electronic()) {
		tasks = append(tasks, Task{TaskLettersRemain, []string{"G16", "G11"},
			"Tell them messages about their care can still come by letter, which may take longer."})
	}
	return tasks, nil
}

// OverrideTasks returns the tasks that go with overriding an objection, in
// this order:
//   - note_override: note in the care record that the objection was
//     overridden, on which ground, by whom and in what role (G13, G28);
//   - tell_person: tell the person why, where appropriate (G13, G17);
//   - review_emergency: for the emergency ground, review the IG issues with
//     the DPO or IG team once the emergency is over (G32).
//
// It does not check o; call Override.Validate for that.
func OverrideTasks(o Override) []Task {
	var by strings.Builder
	by.WriteString(clip(strings.TrimSpace(o.DecidedBy), 32))
	if by.Len() == 0 {
		by.WriteString("(nobody named)")
	}
	by.WriteString(" as ")
	by.WriteString(o.Role.String())
	tasks := []Task{
		{TaskNoteOverride, []string{"G13", "G28"}, "Note in their care record that their objection was overridden on ground " +
			o.Ground.String() + " (" + o.Ground.Ref() + "), decided by " + by.String() + ", with the justification."},
		{TaskTellPerson, []string{"G13", "G17"}, "Where appropriate, tell them why their objection was overridden for this message."},
	}
	if o.Ground == GroundEmergency {
		tasks = append(tasks, Task{TaskReviewEmergency, []string{"G32"},
			"Once the emergency is over, review the information governance issues with the DPO or IG team."})
	}
	return tasks
}

func scopePhrase(o Objection) string {
	switch o.Scope {
	case ScopeChannel:
		return contactPhrase(o)
	case ScopeElectronic:
		return "electronic messages (NHS App, email, text and messaging apps)"
	case ScopeOrganisation:
		return "all messages from the organisation"
	case ScopeService:
		return "messages from the " + clip(strings.TrimSpace(o.Service), 32) + " service"
	}
	return "processing of their data for their care"
}

func contactPhrase(o Objection) string {
	switch o.Channel {
	case channel.NHSApp:
		return "NHS App messages"
	case channel.Email:
		return "email"
	case channel.SMS:
		return "text messages"
	case channel.MessagingApp:
		return "messaging app messages"
	case channel.Letter:
		return "letters"
	}
	return "an unknown channel"
}

func detailPhrase(k channel.Kind) string {
	switch k {
	case channel.NHSApp:
		return "NHS App contact"
	case channel.Email:
		return "email address"
	case channel.SMS:
		return "mobile number"
	case channel.MessagingApp:
		return "messaging app contact"
	case channel.Letter:
		return "postal address"
	}
	return "contact detail"
}
