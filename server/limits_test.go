package server_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
)

// errors returns the log lines at level ERROR.
func (b *lockedBuffer) errors() []string {
	var out []string
	for line := range strings.SplitSeq(b.String(), "\n") {
		if strings.Contains(line, "level=ERROR") {
			out = append(out, line)
		}
	}
	return out
}

// rawResponse is an HTTP response to a hand-made request.
type rawResponse struct {
	status int
	header http.Header
	body   []byte
	apitest.Response
}

// post sends body as it is to /graphql.
func post(t *testing.T, s *apitest.Server, token string, body io.Reader, header map[string]string) rawResponse {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", body)
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return send(t, s, req)
}

func send(t *testing.T, s *apitest.Server, req *http.Request) rawResponse {
	t.Helper()
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatalf("%s: %v", req.Method, err)
	}
	defer resp.Body.Close()
	out := rawResponse{status: resp.StatusCode, header: resp.Header}
	out.body, _ = io.ReadAll(resp.Body)
	if err := json.Unmarshal(out.body, &out.Response); err != nil {
		t.Fatalf("status %d, body %q: %v", resp.StatusCode, out.body, err)
	}
	return out
}

func postJSON(t *testing.T, s *apitest.Server, token string, v any) rawResponse {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return post(t, s, token, bytes.NewReader(b), nil)
}

// fragmentDAG is `query { ...F0 }` with each of levels fragments spreading
// the next twice: 2^levels leaves from a kilobyte of text.
func fragmentDAG(levels int, leaf string) string {
	var b strings.Builder
	b.WriteString("query { ...F0 }\n")
	for i := range levels {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d ...F%d }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { %s }\n", levels, leaf)
	return b.String()
}

// fragmentChain is `query { ...F0 }` with n fragments each spreading the
// next once.
func fragmentChain(n int) string {
	var b strings.Builder
	b.WriteString("query { ...F0 }\n")
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { ...F%d }\n", i, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Query { __typename }\n", n)
	return b.String()
}

// Issue 17.1: a fragment DAG of 26 levels (67 million leaves) took 9.5 s
// of a core to be priced. Each fragment is now priced once and the walk
// stops at the limit: refused as over the limit before anything runs.
func TestFragmentDAGIsPricedOnceAndRefused(t *testing.T) {
	s := apitest.New(t)
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")
	for _, leaf := range []string{"__typename", "me { name }"} {
		doc := fragmentDAG(26, leaf)
		before := s.Queries()
		start := time.Now()
		r := s.Do(t, p.Token, doc, nil)
		// Refused by the first bound it passes: the merge work, before
		// validation; the cost, after (graph's TestCostWalkPricesEachFragmentOnce).
		if r.Code() != "LIMIT_EXCEEDED" {
			t.Fatalf("leaf %s: %+v", leaf, r.Errors)
		}
		// Generous: the walk is linear in the text; it took 9.5 s.
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("leaf %s: refused after %v", leaf, d)
		}
		if n := s.Queries() - before; n > 1 { // the token's look-up
			t.Errorf("leaf %s: %d SQL statements ran", leaf, n)
		}
	}
}

// Issue 17.1: a chain of 4,000 fragments (146 KB) took 5 to 9 s and 600 MB
// to validate, anonymous or not. The lexer counts tokens, fragments and
// spreads before the parser runs.
func TestFragmentChainIsRefusedBeforeParsing(t *testing.T) {
	s := apitest.New(t)
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")
	cases := []struct {
		name, doc, want string
	}{
		{"4000 fragments", fragmentChain(4000), "spreads"},
		{"10,001 tokens", "{ " + strings.Repeat("__typename ", 10000) + "}", "tokens"},
		{"150 fragments", fragmentChain(150), "fragments"},
		{"150 spreads", "{ " + strings.Repeat("...on Query { __typename } ", 150) + "}", "spreads"},
	}
	for _, c := range cases {
		for _, token := range []string{"", p.Token} {
			r := s.Do(t, token, c.doc, nil)
			if r.Code() != "LIMIT_EXCEEDED" || !strings.Contains(r.Errors[0].Message, c.want) {
				t.Errorf("%s (token %t): %+v", c.name, token != "", r.Errors)
			}
		}
	}
	// Within the limits, a chain is fine.
	var out struct {
		Typename string `json:"__typename"`
	}
	s.MustDo(t, p.Token, fragmentChain(90), nil, &out)
	if out.Typename != "Query" {
		t.Errorf("chain of 90: %+v", out)
	}
}

// Issue 17.1: validation compares fields of one response name pair by
// pair: 3,300 aliases of __typename (10,000 tokens, anonymous) took 2.8 s,
// 2,200 conflicting aliases 9.4 s and 600,000 errors. That work is counted
// before validation, and bounded.
func TestRepeatedFieldsAreRefusedBeforeValidation(t *testing.T) {
	s := apitest.New(t)
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")
	for _, c := range []struct{ token, doc string }{
		{"", "{ " + strings.Repeat("a: __typename ", 3300) + "}"},
		{p.Token, "{ " + strings.Repeat("me { a: name a: email } ", 1100) + "}"},
		{p.Token, "{ " + strings.Repeat("me { "+strings.Repeat("name ", 50)+"} ", 50) + "}"},
	} {
		r := s.Do(t, c.token, c.doc, nil)
		if r.Code() != "LIMIT_EXCEEDED" || len(r.Errors) != 1 || !strings.Contains(r.Errors[0].Message, "repeats fields") {
			t.Errorf("%.40s: %d errors, first %+v", c.doc, len(r.Errors), r.Errors[0])
		}
	}
	// A field repeated as clients do (in a few fragments) is fine.
	s.MustDo(t, p.Token, `{ me { ...A ...B name } } fragment A on Partner { name } fragment B on Partner { name }`, nil, nil)
}

// Issue 17.1, decision 0020: without a token nothing but introspection
// can answer, so a document selecting anything else is refused before it
// is validated.
func TestAnonymousDocumentsMayOnlyIntrospect(t *testing.T) {
	s := apitest.New(t)
	for _, doc := range []string{
		`{ me { name } }`,
		`{ noSuchField }`,
		`query { ...F } fragment F on Query { __typename me { name } }`,
		fragmentDAG(5, "me { name }"),
		`mutation { createRefTag(input: {name: "X"}) { id } }`,
	} {
		r := s.Do(t, "", doc, nil)
		if r.Code() != "UNAUTHENTICATED" || r.Data != nil && string(r.Data) != "null" {
			t.Errorf("%.40s: data %s, errors %+v", doc, r.Data, r.Errors)
		}
	}
	var out struct {
		Schema struct{ QueryType struct{ Name string } } `json:"__schema"`
	}
	s.MustDo(t, "", `query { ...F } fragment F on Query { __schema { queryType { name } } }`, nil, &out)
	if out.Schema.QueryType.Name != "Query" {
		t.Errorf("introspection: %+v", out)
	}
}

// Issue 17.2: daily holds one entry per day of its range, and costs them:
// 990 aliases of a 366-day range stayed under the limit and took seconds
// and gigabytes. One full year still fits.
func TestDailyCostsTheDaysOfItsRange(t *testing.T) {
	s := apitest.New(t)
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")
	year := `stats(range: {from: "2025-03-02", to: "2026-03-02"}) { daily { date uniqueClicks totalClicks conversions } }`
	var out struct {
		Me struct{ Stats struct{ Daily []any } }
	}
	s.MustDo(t, p.Token, `{ me { `+year+` } }`, nil, &out)
	if len(out.Me.Stats.Daily) != 366 {
		t.Fatalf("%d days, want 366", len(out.Me.Stats.Daily))
	}
	var aliases strings.Builder
	for i := range 15 {
		fmt.Fprintf(&aliases, "a%d: %s ", i, year)
	}
	r := s.Do(t, p.Token, `{ me { `+aliases.String()+` } }`, nil)
	if r.Code() != "LIMIT_EXCEEDED" || !strings.Contains(r.Errors[0].Message, "costs more") {
		t.Fatalf("15 years of daily: %+v", r.Errors)
	}
	// The same through a fragment spread inside the range.
	r = s.Do(t, p.Token, `{ me { `+strings.Replace(aliases.String(), "daily { date uniqueClicks totalClicks conversions }", "...D", -1)+` } }
		fragment D on Stats { daily { date uniqueClicks totalClicks conversions } }`, nil)
	if r.Code() != "LIMIT_EXCEEDED" {
		t.Fatalf("15 years of daily through a fragment: %+v", r.Errors)
	}
}

// Issue 17.2: what leaves is bounded too (--max-response-bytes).
func TestResponseSizeIsBounded(t *testing.T) {
	s := apitest.New(t, apitest.Options{Env: map[string]string{"REFTRACK_MAX_RESPONSE_BYTES": "1024"}})
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")
	r := s.Do(t, p.Token, `{ me { stats(range: {from: "2026-01-01", to: "2026-03-01"}) { daily { date totalClicks } } } }`, nil)
	if r.Code() != "LIMIT_EXCEEDED" || string(r.Data) != "null" {
		t.Fatalf("data %.80s, errors %+v", r.Data, r.Errors)
	}
	s.MustDo(t, p.Token, `{ me { name } }`, nil, nil)
}

// Issue 17.2: queries and mutations sent over a websocket or as server-sent
// events had no deadline at all; they now have --request-timeout.
func TestOperationsOverWebsocketAndSSEHaveADeadline(t *testing.T) {
	s := apitest.New(t, apitest.Options{Env: map[string]string{"REFTRACK_REQUEST_TIMEOUT": "1ns"}})
	query := `{ partners { totalCount } }`

	if r := s.Do(t, apitest.AdminToken, query, nil); r.Code() != "LIMIT_EXCEEDED" || r.Status >= 500 {
		t.Errorf("HTTP: status %d, errors %+v", r.Status, r.Errors)
	}

	c := dial(t, s, apitest.AdminToken)
	c.expect("connection_ack")
	c.send(map[string]any{"id": "q", "type": "subscribe", "payload": map[string]any{"query": query}})
	m := c.expect("next")
	if !strings.Contains(string(m.Payload), `"code":"LIMIT_EXCEEDED"`) {
		t.Errorf("websocket: %s", m.Payload)
	}

	events := sse(t, s, apitest.AdminToken, query)
	if len(events) == 0 || !strings.Contains(events[0], `"code":"LIMIT_EXCEEDED"`) {
		t.Errorf("server-sent events: %q", events)
	}
}

// sse posts an operation asking for server-sent events and returns the
// data of each event, "complete" for the last.
func sse(t *testing.T, s *apitest.Server, token, query string) []string {
	t.Helper()
	req := sseRequest(context.Background(), s, query)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out []string
	event := ""
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
			if event == "complete" {
				out = append(out, "complete")
				return out
			}
		case strings.HasPrefix(line, "data: ") && event == "next":
			out = append(out, strings.TrimPrefix(line, "data: "))
		}
	}
	return out
}

// Issue 17.6: a mutation sent over a websocket or as server-sent events
// answered its data, then "internal error", though it was committed.
func TestMutationOverWebsocketAndSSEAnswersOnce(t *testing.T) {
	s := apitest.New(t)
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")

	c := dial(t, s, p.Token)
	c.expect("connection_ack")
	c.send(map[string]any{"id": "m", "type": "subscribe", "payload": map[string]any{
		"query": `mutation { createRefTag(input: {name: "Over websocket"}) { name } }`}})
	if m := c.expect("next"); strings.Contains(string(m.Payload), "errors") {
		t.Fatalf("websocket: %s", m.Payload)
	}
	c.expect("complete")

	events := sse(t, s, p.Token, `mutation { createRefTag(input: {name: "Over SSE"}) { name } }`)
	if len(events) != 2 || strings.Contains(events[0], "errors") || events[1] != "complete" {
		t.Fatalf("server-sent events: %q", events)
	}

	var out struct {
		RefTags struct {
			Edges []struct{ Node struct{ Name string } }
		}
	}
	s.MustDo(t, p.Token, `{ refTags { edges { node { name } } } }`, nil, &out)
	names := map[string]int{}
	for _, e := range out.RefTags.Edges {
		names[e.Node.Name]++
	}
	if names["Over websocket"] != 1 || names["Over SSE"] != 1 {
		t.Errorf("tags %v, want each once", names)
	}
}

// nested is JSON nested depth levels deep.
func nested(depth int) string {
	return strings.Repeat("[", depth) + strings.Repeat("]", depth)
}

// Issue 17.7: every mistake a client can make gets a 4xx-class code, and
// the server logs no error for it.
func TestClientMistakesGetAClientCodeAndNoErrorLog(t *testing.T) {
	logs := &lockedBuffer{}
	s := apitest.New(t, apitest.Options{Logs: logs})
	w := newWorldOn(t, s)
	tag := w.systemTag
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = tag
	}
	ors := make([]map[string]any, 20000)
	for i := range ors {
		ors[i] = map[string]any{"name": fmt.Sprint(i)}
	}
	var inlineOrs strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&inlineOrs, `{name: "%d"} `, i)
	}
	type body = map[string]any
	cases := []struct {
		name   string
		token  string
		body   any // a string is sent as it is
		header map[string]string
		status int
		code   string
	}{
		{"body of {", "", "{", nil, 400, "BAD_USER_INPUT"},
		{"empty body", "", "", nil, 400, "BAD_USER_INPUT"},
		{"batch", w.a.Token, `[{"query": "{ me { name } }"}, {"query": "{ me { name } }"}]`, nil, 400, "BAD_USER_INPUT"},
		{"JSON 20,000 deep", w.a.Token, `{"query": "{ me { name } }", "variables": {"x": ` + nested(20000) + `}}`, nil, 400, "BAD_USER_INPUT"},
		{"query not a string", "", `{"query": 1}`, nil, 400, "BAD_USER_INPUT"},
		{"variables not an object", "", `{"query": "{ __typename }", "variables": []}`, nil, 400, "BAD_USER_INPUT"},
		{"not JSON", "", `query=%7B__typename%7D`, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, 400, "BAD_USER_INPUT"},
		{"node of a malformed id", w.a.Token, body{"query": `{ node(id: "abc") { id } }`}, nil, 200, "BAD_USER_INPUT"},
		{"after garbage", w.a.Token, body{"query": `{ refTags(after: "garbage") { totalCount } }`}, nil, 200, "BAD_USER_INPUT"},
		{"first and last", w.a.Token, body{"query": `{ refTags(first: 1, last: 1) { totalCount } }`}, nil, 200, "BAD_USER_INPUT"},
		{"tagIDs with 1,000 ids", w.a.Token, body{"query": `query($t: [ID!]) { customers(tagIDs: $t) { totalCount } }`, "variables": body{"t": ids}}, nil, 200, "LIMIT_EXCEEDED"},
		{"where with 20,000 or branches", w.a.Token, body{"query": `query($w: CustomerWhereInput) { customers(where: $w) { totalCount } }`, "variables": body{"w": body{"or": ors}}}, nil, 200, "LIMIT_EXCEEDED"},
		{"where with 20,000 or branches inline", w.a.Token, body{"query": `{ customers(where: {or: [` + inlineOrs.String() + `]}) { totalCount } }`}, nil, 200, "LIMIT_EXCEEDED"},
		{"where nested deep", w.a.Token, body{"query": `{ customers(where: ` + strings.Repeat("{not: ", 12) + `{name: "x"}` + strings.Repeat("}", 12) + `) { totalCount } }`}, nil, 200, "LIMIT_EXCEEDED"},
		{"unknown operation name", w.a.Token, body{"query": `query A { me { name } }`, "operationName": "B"}, nil, 200, "GRAPHQL_VALIDATION_FAILED"},
		{"variable of the wrong type", w.a.Token, body{"query": `query($n: Int) { refTags(first: $n) { totalCount } }`, "variables": body{"n": "ten"}}, nil, 200, "GRAPHQL_VALIDATION_FAILED"},
		{"malformed persisted query", w.a.Token, body{"query": `{ me { name } }`, "extensions": body{"persistedQuery": "x"}}, nil, 200, "BAD_USER_INPUT"},
		{"unknown persisted query", w.a.Token, body{"extensions": body{"persistedQuery": body{"version": 1, "sha256Hash": strings.Repeat("0", 64)}}}, nil, 200, "PERSISTED_QUERY_NOT_FOUND"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var r rawResponse
			if b, ok := c.body.(string); ok {
				r = post(t, s, c.token, strings.NewReader(b), c.header)
			} else {
				b, _ := json.Marshal(c.body)
				r = post(t, s, c.token, bytes.NewReader(b), c.header)
			}
			if r.status != c.status || r.Code() != c.code {
				t.Fatalf("status %d, code %q; want %d, %q; body %.300s", r.status, r.Code(), c.status, c.code, r.body)
			}
		})
	}
	t.Run("PUT", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPut, s.URL+"/graphql", strings.NewReader(`{"query": "{ __typename }"}`))
		req.Header.Set("Content-Type", "application/json")
		r := send(t, s, req)
		if r.status != http.StatusMethodNotAllowed || r.Code() != "BAD_USER_INPUT" {
			t.Fatalf("status %d, body %s", r.status, r.body)
		}
	})
	t.Run("over-long chunked body", func(t *testing.T) {
		pr, pw := io.Pipe()
		go func() {
			pw.Write([]byte(`{"query": "{ me { name } }", "pad": "`))
			pw.Write(bytes.Repeat([]byte("x"), 1100000))
			pw.Write([]byte(`"}`))
			pw.Close()
		}()
		r := post(t, s, w.a.Token, pr, nil) // no length: sent chunked
		if r.status != http.StatusRequestEntityTooLarge || r.Code() != "LIMIT_EXCEEDED" {
			t.Fatalf("status %d, body %s", r.status, r.body)
		}
	})
	if errs := logs.errors(); len(errs) > 0 {
		t.Errorf("client mistakes logged errors:\n%s", strings.Join(errs, "\n"))
	}
}

// Issue 17.8: nodes(ids:) and tagIDs take at most 100 ids, and a response
// lists at most 20 errors (30,000 repeated directives gave 5 MB of them).
func TestListArgumentsAndErrorListsAreBounded(t *testing.T) {
	s := apitest.New(t)
	w := newWorldOn(t, s)
	ids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = w.systemTag
		}
		return out
	}
	r := s.Do(t, w.a.Token, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids(1000)})
	if r.Code() != "LIMIT_EXCEEDED" {
		t.Errorf("nodes of 1,000 ids: %+v", r.Errors)
	}
	r = s.Do(t, w.a.Token, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, map[string]any{"ids": ids(100)})
	if len(r.Errors) > 0 {
		t.Errorf("nodes of 100 ids: %+v", r.Errors)
	}
	r = s.Do(t, w.service, `mutation($c: ID!, $t: [ID!]!) { addCustomerTags(customerID: $c, tagIDs: $t) { id } }`,
		map[string]any{"c": w.aCustomer, "t": ids(1000)})
	if r.Code() != "LIMIT_EXCEEDED" {
		t.Errorf("addCustomerTags of 1,000 ids: %+v", r.Errors)
	}

	r = s.Do(t, w.a.Token, `{ me { name `+strings.Repeat("@skip(if: false) ", 200)+`} }`, nil)
	if r.Code() != "GRAPHQL_VALIDATION_FAILED" || len(r.Errors) != 21 || !strings.Contains(r.Errors[20].Message, "179 more errors") {
		t.Errorf("200 repeated directives: %d errors, last %+v", len(r.Errors), r.Errors[len(r.Errors)-1])
	}
	r = s.Do(t, w.a.Token, `{ me { name `+strings.Repeat("@skip(if: false) ", 30000)+`} }`, nil)
	if r.Code() != "LIMIT_EXCEEDED" || len(r.Errors) != 1 {
		t.Errorf("30,000 repeated directives: %d errors, first %+v", len(r.Errors), r.Errors[0])
	}
}

// Issue 18.4: the same failure leaves every transport with the same code.
func TestOneErrorVocabularyOnEveryTransport(t *testing.T) {
	s := apitest.New(t, apitest.Options{Env: map[string]string{"REFTRACK_MAX_COMPLEXITY": "500"}})
	p := s.CreatePartner(t, "A", "a@a.example", "UTC")
	cases := []struct{ name, query, code string }{
		{"bad input", `{ refTags(first: 101) { totalCount } }`, "BAD_USER_INPUT"},
		{"over a limit", `{ refTags(first: 100) { edges { node { name code stats { totalClicks uniqueClicks } } } } }`, "LIMIT_EXCEEDED"},
		{"does not validate", `{ me { noSuchField } }`, "GRAPHQL_VALIDATION_FAILED"},
		{"does not parse", `{ me { name }`, "GRAPHQL_PARSE_FAILED"},
		{"not allowed", `{ partners { totalCount } }`, "FORBIDDEN"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := map[string]string{}
			got["POST"] = s.Do(t, p.Token, c.query, nil).Code()

			req, _ := http.NewRequest(http.MethodGet, s.URL+"/graphql?query="+url.QueryEscape(c.query), nil)
			req.Header.Set("Authorization", "Bearer "+p.Token)
			gr := send(t, s, req)
			got["GET"] = gr.Code()

			ws := dial(t, s, p.Token)
			ws.expect("connection_ack")
			ws.send(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{"query": c.query}})
			m, err := ws.next(10 * time.Second)
			if err != nil {
				t.Fatal(err)
			}
			got["websocket"] = firstCode(t, m.Payload)

			events := sse(t, s, p.Token, c.query)
			if len(events) > 0 {
				got["SSE"] = firstCode(t, json.RawMessage(events[0]))
			}
			for transport, code := range got {
				if code != c.code {
					t.Errorf("%s: code %q, want %q (all: %v)", transport, code, c.code, got)
				}
			}
			if len(got) != 4 {
				t.Errorf("codes %v: a transport answered nothing", got)
			}
		})
	}

	t.Run("body too large", func(t *testing.T) {
		r := post(t, s, p.Token, strings.NewReader(`{"query": "{ me { name } }", "pad": "`+strings.Repeat("x", 2<<20)+`"}`), nil)
		if r.status != http.StatusRequestEntityTooLarge || r.Code() != "LIMIT_EXCEEDED" {
			t.Errorf("status %d, body %.200s", r.status, r.body)
		}
	})

	// The tracking endpoints' JSON errors speak the same vocabulary.
	beacons := []struct {
		name, body string
		status     int
		code       string
	}{
		{"beacon too large", `{"ref": "` + strings.Repeat("x", 8192) + `"}`, http.StatusRequestEntityTooLarge, "LIMIT_EXCEEDED"},
		{"malformed beacon", `{"ref": `, http.StatusBadRequest, "BAD_USER_INPUT"},
		{"beacon of an unknown ref", `{"ref": "zz9unknown"}`, http.StatusNotFound, "NOT_FOUND"},
	}
	for _, b := range beacons {
		t.Run(b.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, s.URL+"/t", strings.NewReader(b.body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("User-Agent", apitest.Browser)
			r := send(t, s, req)
			if r.status != b.status || r.Code() != b.code {
				t.Errorf("status %d, body %s; want %d, %s", r.status, r.body, b.status, b.code)
			}
		})
	}
}

// firstCode is the code of the first error of a websocket payload: an
// error message's list, or a next message's result.
func firstCode(t *testing.T, payload json.RawMessage) string {
	t.Helper()
	var list []struct{ Extensions map[string]any }
	if json.Unmarshal(payload, &list) == nil && len(list) > 0 {
		c, _ := list[0].Extensions["code"].(string)
		return c
	}
	var r apitest.Response
	if err := json.Unmarshal(payload, &r); err != nil {
		t.Fatalf("payload %s: %v", payload, err)
	}
	return r.Code()
}
