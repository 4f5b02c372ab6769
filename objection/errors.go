package objection

import (
	"errors"

	"github.com/carecomms/carecomms/internal/vocab"
)

// ErrInvalid is the sentinel every validation error wraps: test for it with
// errors.Is. The details are in a *[FieldError] (errors.As).
var ErrInvalid = errors.New("objection: invalid")

func fieldErr(field, problem string) error {
	return vocab.NewFieldError("objection", ErrInvalid, field, problem)
}
