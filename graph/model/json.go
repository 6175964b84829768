package model

import (
	"encoding/json"
	"io"

	"github.com/reftrack/reftrack"
)

// JSON is a JSON value written as it is: an event's payload.
type JSON json.RawMessage

// MarshalGQL writes the value.
func (j JSON) MarshalGQL(w io.Writer) { w.Write(j) }

// UnmarshalGQL refuses input: no argument takes JSON.
func (j *JSON) UnmarshalGQL(any) error {
	return reftrack.Errorf(reftrack.Invalid, "JSON is not accepted as input")
}
