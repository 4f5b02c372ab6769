package jsonschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// decode reads exactly one JSON value from data, numbers as json.Number.
// Unlike encoding/json it refuses invalid UTF-8 (which encoding/json
// replaces with U+FFFD) and an object with the same key twice (of which
// encoding/json keeps the last), naming where.
func decode(data []byte) (any, error) {
	if !utf8.Valid(data) {
		return nil, errors.New("jsonschema: the document is not valid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := value(dec, "")
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("jsonschema: the document is not JSON: unexpected data after the JSON value")
	}
	return v, nil
}

// value reads the JSON value at path from dec.
func value(dec *json.Decoder, path string) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("jsonschema: the document is not JSON: %w", err)
	}
	switch tok {
	case json.Delim('{'):
		return object(dec, path)
	case json.Delim('['):
		arr := []any{}
		for i := 0; dec.More(); i++ {
			v, err := value(dec, path+"["+itoa(i)+"]")
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		return arr, end(dec)
	}
	return tok, nil
}

// object reads the members of an object, after its '{'.
func object(dec *json.Decoder, path string) (any, error) {
	obj := map[string]any{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("jsonschema: the document is not JSON: %w", err)
		}
		key := tok.(string) // the decoder allows only a string here
		if _, dup := obj[key]; dup {
			return nil, &Error{Path: join(path, key), Problem: "is given twice: give each key once"}
		}
		if obj[key], err = value(dec, join(path, key)); err != nil {
			return nil, err
		}
	}
	return obj, end(dec)
}

// end reads the '}' or ']' that closes an object or array.
func end(dec *json.Decoder) error {
	if _, err := dec.Token(); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return fmt.Errorf("jsonschema: the document is not JSON: %w", err)
	}
	return nil
}
