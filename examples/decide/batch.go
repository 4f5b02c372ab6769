package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/carecomms/carecomms/policy"
)

// batchResult is one line of a /decide-batch answer: the decision for the
// case on that line of the request, or what was wrong with it.
// policy/schema/batch-result.schema.json describes it.
type batchResult struct {
	Line     int              `json:"line"`
	Decision *policy.Decision `json:"decision,omitempty"`
	Error    string           `json:"error,omitempty"`
}

// errLineTooLong is the problem of a batch line over the size limit.
var errLineTooLong = errors.New("line too long")

// decideBatch answers POST /decide-batch: a case a line in, a result a
// line out, in order, each written as soon as it is decided. A line's
// problem is answered on its line and the batch goes on; a problem with
// the batch itself (too large, too slow, the service stopping) ends it
// with a last line saying so.
func (s *service) decideBatch(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	_ = rc.EnableFullDuplex() // answer lines while the request still arrives
	deadline := time.Now().Add(s.lim.batchTimeout)
	_ = rc.SetReadDeadline(deadline)
	_ = rc.SetWriteDeadline(deadline.Add(5 * time.Second)) // time to say why it ended
	defer s.track(rc)()
	// Close the body here, not after: in full duplex, a body the server
	// closes after the handler returns can start a read that races its
	// read of the next request, and panics (golang.org/issue/68560).
	defer r.Body.Close()
	in := bufio.NewReaderSize(limitBody(w, r, s.lim.maxBatch), 64<<10)
	out := bufio.NewWriterSize(w, 64<<10)
	w.Header().Set("Content-Type", "application/x-ndjson")
	decided := 0
	for n := 1; ; n++ {
		line, err := readLine(in, s.lim.maxBody)
		res := s.batchLine(n, line, err)
		if res.Decision != nil {
			decided++
		}
		if res.Decision != nil || res.Error != "" {
			writeLine(out, &res)
		}
		if err != nil && !errors.Is(err, errLineTooLong) {
			break
		}
		if s.isStopping() {
			writeLine(out, &batchResult{Line: n + 1, Error: shuttingDown(n + 1)})
			break
		}
		if in.Buffered() == 0 { // about to wait for the client: let it see the answers so far
			_ = out.Flush()
			_ = rc.Flush()
		}
	}
	_ = out.Flush()
	note(r, decided, "")
}

// batchLine answers line n of a batch, read with err: a decision, an
// error, or nothing for a blank line.
func (s *service) batchLine(n int, line []byte, err error) batchResult {
	res := batchResult{Line: n}
	switch {
	case err != nil && err != io.EOF && s.isStopping(): // stop woke the read
		res.Error = shuttingDown(n)
	case errors.Is(err, errLineTooLong):
		res.Error = fmt.Sprintf("line %d is over %d bytes: send a smaller case", n, s.lim.maxBody)
	case err != nil && err != io.EOF:
		_, res.Error = readProblem(err, s.lim.maxBatch, "the batch")
	case len(bytes.TrimSpace(line)) > 0:
		d, derr := s.decideOne("line "+strconv.Itoa(n), line)
		if derr != nil {
			res.Error = derr.Error()
		} else {
			res.Decision = &d
		}
	}
	return res
}

// shuttingDown says a batch stopped at line n because the service is
// shutting down.
func shuttingDown(n int) string {
	return fmt.Sprintf("the service is shutting down: lines from %d on were not decided; send them again", n)
}

// writeLine writes one result line.
func writeLine(out *bufio.Writer, res *batchResult) {
	b, err := json.Marshal(res)
	if err != nil {
		b, _ = json.Marshal(batchResult{Line: res.Line, Error: "encoding the decision failed"})
	}
	_, _ = out.Write(append(b, '\n'))
}

// readLine reads one line, without its newline. A line over max bytes is
// read to its end and dropped, with errLineTooLong. At the end of the
// input it returns the last line, if any, with io.EOF.
func readLine(in *bufio.Reader, max int64) ([]byte, error) {
	var line []byte
	for {
		chunk, err := in.ReadSlice('\n')
		if int64(len(line)+len(chunk)) > max+1 { // +1: the newline
			for err == bufio.ErrBufferFull {
				_, err = in.ReadSlice('\n')
			}
			if err != nil && err != io.EOF {
				return nil, err
			}
			return nil, errLineTooLong // at the end, the next call gives io.EOF
		}
		line = append(line, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			return line, err // io.EOF with the last line, or a read error
		}
		return bytes.TrimSuffix(line, []byte("\n")), nil
	}
}
