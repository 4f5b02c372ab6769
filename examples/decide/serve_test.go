package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	stdlog "log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carecomms/carecomms/internal/jsonschema"
	"github.com/carecomms/carecomms/policy"
	"github.com/carecomms/carecomms/policy/schema"
)

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newTestService starts the service on a test server; the log goes to the
// returned buffer.
func newTestService(t *testing.T, lim limits) (*httptest.Server, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	srv := httptest.NewUnstartedServer(newService(lim, slog.New(slog.NewTextHandler(logs, nil))).handler())
	srv.Config.ErrorLog = stdlog.New(logs, "http: ", 0) // a panic serving a request fails the test
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		if strings.Contains(logs.String(), "panic") {
			t.Errorf("the server panicked:\n%s", logs)
		}
	})
	return srv, logs
}

func caseJSON(t testing.TB) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/case.json")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// schemaFor compiles one of policy/schema's files.
func schemaFor(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	data, err := fs.ReadFile(schema.FS(), name)
	if err != nil {
		t.Fatal(err)
	}
	return jsonschema.MustCompile(data)
}

func post(t *testing.T, url string, body []byte) (int, []byte) {
	t.Helper()
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// TestServeDecide decides the example case over HTTP: the same decision
// as the command line's, matching decision.schema.json.
func TestServeDecide(t *testing.T) {
	srv, _ := newTestService(t, defaultLimits)
	status, body := post(t, srv.URL+"/decide", caseJSON(t))
	if status != http.StatusOK {
		t.Fatalf("POST /decide = %d %s", status, body)
	}
	if err := schemaFor(t, "decision.schema.json").Validate(body); err != nil {
		t.Errorf("POST /decide answer does not match decision.schema.json: %v", err)
	}
	_, cli, _ := runCmd(t, "", "-json", "testdata/case.json")
	var got, want policy.Decision
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(cli), &want); err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(want)
	if !bytes.Equal(a, b) {
		t.Errorf("POST /decide = %s\nwant the command line's %s", a, b)
	}
}

// TestServeProblems checks each kind of bad request gets its status and
// an error saying what was wrong.
func TestServeProblems(t *testing.T) {
	lim := defaultLimits
	lim.maxBody = 4096
	srv, _ := newTestService(t, lim)
	tests := []struct {
		name, method, path, body string
		status                   int
		want                     string
	}{
		{"unknown field", "POST", "/decide", "{\"message\": {\"id\": \"m\",\n \"colour\": \"red\"}, \"record\": {}}", 400, `request:2: unknown field \"colour\"`},
		{"no record", "POST", "/decide", `{"message": {}}`, 400, `a case needs a \"message\" and a \"record\"`},
		{"config refused", "POST", "/decide", `{"config": {"name": ""}, "message": {}, "record": {}}`, 422, "request: config: policy: invalid configuration"},
		{"too large", "POST", "/decide", `{"message": {"body": "` + strings.Repeat("x", 5000) + `"}}`, 413, "a case is over 4096 bytes"},
		{"wrong method", "GET", "/decide", "", 405, ""},
		{"unknown path", "GET", "/patients/9990000018", "", 404, ""},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || !strings.Contains(string(b), tt.want) {
			t.Errorf("%s %s (%s) = %d %s; want %d and %q", tt.method, tt.path, tt.name, resp.StatusCode, b, tt.status, tt.want)
		}
	}
}

func TestServeCatalogueAndHealth(t *testing.T) {
	srv, _ := newTestService(t, defaultLimits)
	var cat struct {
		Version string        `json:"version"`
		Rules   []policy.Rule `json:"rules"`
	}
	resp, err := http.Get(srv.URL + "/catalogue")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&cat); err != nil || cat.Version != policy.CatalogueVersion || len(cat.Rules) != len(policy.Catalogue()) {
		t.Errorf("GET /catalogue = version %q, %d rules, %v; want %q and %d", cat.Version, len(cat.Rules), err, policy.CatalogueVersion, len(policy.Catalogue()))
	}
	h, err := http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(h.Body)
	h.Body.Close()
	if h.StatusCode != 200 || string(b) != "{\"status\":\"ok\"}\n" {
		t.Errorf("GET /healthz = %d %s", h.StatusCode, b)
	}
}

// batchLines posts a batch and returns its answer's lines, each checked
// against batch-result.schema.json.
func batchLines(t *testing.T, url string, body []byte) []batchResult {
	t.Helper()
	status, answer := post(t, url+"/decide-batch", body)
	if status != http.StatusOK {
		t.Fatalf("POST /decide-batch = %d %s", status, answer)
	}
	sch := schemaFor(t, "batch-result.schema.json")
	var out []batchResult
	for _, line := range bytes.Split(bytes.TrimSuffix(answer, []byte("\n")), []byte("\n")) {
		if err := sch.Validate(line); err != nil {
			t.Errorf("answer line %s does not match batch-result.schema.json: %v", line, err)
		}
		var r batchResult
		if err := strictJSON(line, &r); err != nil {
			t.Fatalf("answer line %s: %v", line, err)
		}
		out = append(out, r)
	}
	return out
}

// TestServeBatch checks a batch is answered line by line, in order, with
// a bad line's problem on its own line and the rest decided.
func TestServeBatch(t *testing.T) {
	lim := defaultLimits
	lim.maxBody = 4096
	srv, _ := newTestService(t, lim)
	one := bytes.Join(bytes.Fields(caseJSON(t)), []byte(" ")) // one line
	body := bytes.Join([][]byte{one, []byte(`{"message": {}}`), nil, []byte(`{"message": {"body": "` + strings.Repeat("x", 5000) + `"}}`), one}, []byte("\n"))
	got := batchLines(t, srv.URL, body)
	if len(got) != 4 {
		t.Fatalf("POST /decide-batch answered %d lines, want 4: %+v", len(got), got)
	}
	for i, want := range []struct {
		line     int
		decision bool
		err      string
	}{{1, true, ""}, {2, false, `line 2: a case needs a "message"`}, {4, false, "line 4 is over 4096 bytes"}, {5, true, ""}} {
		r := got[i]
		if r.Line != want.line || (r.Decision != nil) != want.decision || !strings.Contains(r.Error, want.err) {
			t.Errorf("answer %d = line %d, decision %v, error %q; want line %d, decision %v, error %q", i, r.Line, r.Decision != nil, r.Error, want.line, want.decision, want.err)
		}
	}
	if got[0].Decision != nil && got[0].Decision.Outcome != policy.Send {
		t.Errorf("line 1 decided %s, want send", got[0].Decision.Outcome)
	}
	lim.maxBatch = 6000
	small, _ := newTestService(t, lim)
	got = batchLines(t, small.URL, bytes.Repeat(append(one, '\n'), 10))
	if last := got[len(got)-1]; !strings.Contains(last.Error, "the batch is over 6000 bytes") {
		t.Errorf("a batch over the limit ended with %+v, want an error", last)
	}
}

// TestServeBatchOverLimit checks batches over the size limit, each on a
// kept-alive connection followed by another request: each ends with a
// line saying so, the connection is not reused for what is left of the
// body, and the server does not panic (golang.org/issue/68560).
func TestServeBatchOverLimit(t *testing.T) {
	lim := defaultLimits
	lim.maxBody, lim.maxBatch = 2048, 3000
	srv, _ := newTestService(t, lim)
	one := bytes.Join(bytes.Fields(caseJSON(t)), []byte(" "))
	for range 5 {
		got := batchLines(t, srv.URL, bytes.Repeat(append(one, '\n'), 3))
		if last := got[len(got)-1]; !strings.Contains(last.Error, "the batch is over 3000 bytes") {
			t.Fatalf("a batch over the limit ended with %+v", last)
		}
		if status, _ := post(t, srv.URL+"/decide", caseJSON(t)); status != http.StatusOK {
			t.Fatalf("POST /decide after a batch over the limit = %d", status)
		}
	}
}

// TestServeBatchStreams checks answers come back while the request is
// still being sent: each line's decision is read before the next is sent.
func TestServeBatchStreams(t *testing.T) {
	srv, _ := newTestService(t, defaultLimits)
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", srv.URL+"/decide-batch", pr)
	respc := make(chan *http.Response, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Error(err)
			close(respc)
			return
		}
		respc <- resp
	}()
	one := bytes.Join(bytes.Fields(caseJSON(t)), []byte(" "))
	var answers *bufio.Reader
	for i := 1; i <= 3; i++ {
		if _, err := pw.Write(append(one, '\n')); err != nil {
			t.Fatal(err)
		}
		if answers == nil {
			resp, ok := <-respc
			if !ok {
				return
			}
			defer resp.Body.Close()
			answers = bufio.NewReader(resp.Body)
		}
		line, err := answers.ReadBytes('\n')
		var r batchResult
		if err != nil || json.Unmarshal(line, &r) != nil || r.Line != i || r.Decision == nil {
			t.Fatalf("answer to line %d = %s, %v", i, line, err)
		}
	}
	pw.Close()
	if rest, _ := io.ReadAll(answers); len(rest) != 0 {
		t.Errorf("after the last line the answer went on: %s", rest)
	}
}

// TestServeLogsNoPersonalData checks the log names routes and statuses
// but never a body, an identifier, an address or a client.
func TestServeLogsNoPersonalData(t *testing.T) {
	srv, logs := newTestService(t, defaultLimits)
	post(t, srv.URL+"/decide", caseJSON(t))
	post(t, srv.URL+"/decide", []byte(`{"message": {"id": "m"}, "record": {"patient_id": "9990000018", "birth_date": "1984-13-40"}}`))
	post(t, srv.URL+"/decide-batch", bytes.Join(bytes.Fields(caseJSON(t)), []byte(" ")))
	http.Get(srv.URL + "/patients/9990000018?name=Asha")
	got := logs.String()
	for _, want := range []string{`route="POST /decide" status=200`, `decisions=1`, `status=400`, `problem="Bad Request"`, `route="POST /decide-batch"`, `route=unmatched status=404`} {
		if !strings.Contains(got, want) {
			t.Errorf("the log lacks %q:\n%s", want, got)
		}
	}
	for _, secret := range []string{"9990000018", "1984", "07700", "example.org", "Riverside", "appointment", "Asha", "127.0.0.1", "msg-2026"} {
		if strings.Contains(got, secret) {
			t.Errorf("the log contains %q:\n%s", secret, got)
		}
	}
}

// TestServeShutdown checks a graceful shutdown: a running batch is told,
// on its last line, where it stopped; serve returns; nothing more is
// accepted.
func TestServeShutdown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, newService(defaultLimits, log), log) }()
	url := "http://" + ln.Addr().String()

	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", url+"/decide-batch", pr)
	go pw.Write(append(bytes.Join(bytes.Fields(caseJSON(t)), []byte(" ")), '\n'))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	answers := bufio.NewReader(resp.Body)
	if line, err := answers.ReadBytes('\n'); err != nil || !bytes.Contains(line, []byte(`"decision"`)) {
		t.Fatalf("first answer = %s, %v", line, err)
	}
	cancel() // the batch is waiting for its second line
	rest, _ := io.ReadAll(answers)
	if !bytes.Contains(rest, []byte(`"line":2,"error":"the service is shutting down: lines from 2 on were not decided`)) {
		t.Errorf("after shutdown the batch answered %s", rest)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve = %v, want nil after a graceful shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return after its context ended")
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Error("the service still answers after shutting down")
	}
	if !strings.Contains(logs.String(), "shutting down") {
		t.Errorf("the log does not say it shut down:\n%s", logs)
	}
}

// BenchmarkServeDecide measures one POST /decide of the example case
// through the handler, without the network: decoding the case, deciding,
// encoding the decision and the log line.
func BenchmarkServeDecide(b *testing.B) {
	h := newService(defaultLimits, slog.New(slog.DiscardHandler)).handler()
	body := caseJSON(b)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", "/decide", bytes.NewReader(body)))
		if w.Code != http.StatusOK {
			b.Fatalf("POST /decide = %d %s", w.Code, w.Body)
		}
	}
}
