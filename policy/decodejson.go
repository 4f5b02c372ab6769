package policy

import "github.com/carecomms/carecomms/internal/strictjson"

// UnmarshalJSON decodes a message strictly, whether through json.Unmarshal
// or a json.Decoder: besides the unknown enum names every type here
// rejects, a key given twice, a key that matches a field only when letter
// case is ignored ("ID" for "id"), a field a Message does not have and
// text that is not valid UTF-8 are errors, each naming the field's JSON
// path (such as "attempts[0].kind"). encoding/json would take the last of
// two keys, match keys in any case and replace invalid UTF-8 with U+FFFD,
// so that `"status":"deceased","status":"active"` would read as active.
func (m *Message) UnmarshalJSON(b []byte) error {
	type plain Message
	return strictjson.Decode(b, (*plain)(m))
}

// UnmarshalJSON decodes a record strictly, as Message.UnmarshalJSON does.
func (r *Record) UnmarshalJSON(b []byte) error {
	type plain Record
	return strictjson.Decode(b, (*plain)(r))
}

// UnmarshalJSON decodes a configuration strictly, as
// Message.UnmarshalJSON does.
func (c *Config) UnmarshalJSON(b []byte) error {
	type plain Config
	return strictjson.Decode(b, (*plain)(c))
}
