package doccheck

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/reftrack/reftrack/internal/apitest"
	"github.com/reftrack/reftrack/internal/demo"
)

// root is the repository's top directory, from this package's.
const root = "../.."

// maxREADMELines keeps the README a front door: depth goes to docs/.
const maxREADMELines = 250

func TestREADMEIsAFrontDoor(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(b, []byte("\n")); n > maxREADMELines {
		t.Errorf("README.md has %d lines, more than %d: move the depth to a file under docs/ and link it", n, maxREADMELines)
	}
	if bytes.Contains(b, []byte("\n## Pending docs:")) {
		t.Log("README.md has Pending docs sections for the docs owner to fold into docs/")
	}
}

// docFiles lists the Markdown files whose links and examples are checked.
func docFiles(t *testing.T) []string {
	t.Helper()
	files := []string{"README.md", "ARCHITECTURE.md"}
	for _, pattern := range []string{"docs/*.md", "docs/decisions/*.md"} {
		m, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			rel, _ := filepath.Rel(root, f)
			files = append(files, rel)
		}
	}
	return files
}

var linkRE = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// TestLinksResolve checks that every relative link between the documents
// names a file or directory that exists.
func TestLinksResolve(t *testing.T) {
	for _, f := range docFiles(t) {
		b, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range linkRE.FindAllStringSubmatch(string(b), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			target, anchor, _ := strings.Cut(target, "#")
			p := filepath.Join(root, filepath.Dir(f), target)
			if target == "" {
				p = filepath.Join(root, f)
			}
			if _, err := os.Stat(p); err != nil {
				t.Errorf("%s links to %s, which does not exist", f, m[1])
				continue
			}
			if anchor != "" && strings.HasSuffix(p, ".md") && !headingAnchors(t, p)[anchor] {
				t.Errorf("%s links to %s, whose file has no heading with that anchor", f, m[1])
			}
		}
	}
}

var notInAnchor = regexp.MustCompile(`[^\p{L}\p{N} _-]`)

// headingAnchors returns the anchors GitHub gives the headings of a
// Markdown file: lower case, punctuation dropped, spaces as hyphens.
func headingAnchors(t *testing.T, path string) map[string]bool {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	inFence := false
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
		}
		if inFence || !strings.HasPrefix(line, "#") {
			continue
		}
		h := strings.TrimSpace(strings.TrimLeft(line, "#"))
		h = notInAnchor.ReplaceAllString(strings.ToLower(h), "")
		anchors[strings.ReplaceAll(h, " ", "-")] = true
	}
	return anchors
}

// example is one GraphQL block of a document.
type example struct {
	file  string
	line  int
	query string
	As    string            `json:"as"`
	Save  map[string]string `json:"save"`
	Want  string            `json:"expect"`
}

var annotationRE = regexp.MustCompile(`^<!-- example: (\{.*\}) -->$`)

// examples extracts the ```graphql blocks of a file, each with the
// annotation on the last non-blank line before it.
func examples(t *testing.T, file string) []example {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, file))
	if err != nil {
		t.Fatal(err)
	}
	var out []example
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != "```graphql" {
			continue
		}
		ex := example{file: file, line: i + 1}
		j := i - 1
		for j >= 0 && strings.TrimSpace(lines[j]) == "" {
			j--
		}
		m := []string(nil)
		if j >= 0 {
			m = annotationRE.FindStringSubmatch(strings.TrimSpace(lines[j]))
		}
		if m == nil {
			t.Errorf("%s:%d: a graphql block without an <!-- example: {...} --> comment before it (see internal/doccheck)", file, i+1)
		} else if err := json.Unmarshal([]byte(m[1]), &ex); err != nil {
			t.Errorf("%s:%d: example comment: %v", file, j+1, err)
		}
		var q []string
		for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			q = append(q, lines[i])
		}
		ex.query = strings.Join(q, "\n")
		out = append(out, ex)
	}
	return out
}

// TestExamplesRun runs every GraphQL example of the documents, file by
// file, in order, each file on a fresh server filled by --demo's code and
// with the default allowed redirect hosts, as `reftrack serve --demo`.
func TestExamplesRun(t *testing.T) {
	total := 0
	for _, f := range docFiles(t) {
		exs := examples(t, f)
		if len(exs) == 0 {
			continue
		}
		total += len(exs)
		t.Run(f, func(t *testing.T) { runExamples(t, exs) })
	}
	if total == 0 {
		t.Fatal("found no GraphQL examples")
	}
}

var demoTokenRE = regexp.MustCompile(`Partner token \(shown only once\): (\S+)`)

func runExamples(t *testing.T, exs []example) {
	// An empty variable counts as unset: the allowed hosts are the default,
	// the public URL's host and localhost.
	s := apitest.New(t, apitest.Options{Env: map[string]string{"REFTRACK_ALLOWED_REDIRECT_HOSTS": ""}})
	var out bytes.Buffer
	if err := demo.Fill(context.Background(), s.DB, s.URL, &out); err != nil {
		t.Fatalf("demo: %v", err)
	}
	m := demoTokenRE.FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no demo partner token in %q", out.String())
	}
	saved := map[string]any{}
	for _, ex := range exs {
		where := fmt.Sprintf("%s:%d", ex.file, ex.line)
		token, ok := "", true
		switch {
		case ex.As == "admin":
			token = apitest.AdminToken
		case ex.As == "demo":
			token = m[1]
		case ex.As == "none":
		case strings.HasPrefix(ex.As, "$"):
			var v any
			v, ok = saved[ex.As[1:]]
			token, _ = v.(string)
		default:
			ok = false
		}
		if !ok || (ex.As != "none" && token == "") {
			t.Fatalf("%s: no token for \"as\": %q", where, ex.As)
		}
		vars := map[string]any{}
		for _, name := range variableNames(ex.query) {
			v, ok := saved[name]
			if !ok {
				t.Fatalf("%s: variable $%s is saved by no earlier example", where, name)
			}
			vars[name] = v
		}
		if isSubscription(ex.query) {
			checkSubscription(t, where, s.URL, token, ex.query, vars)
			continue
		}
		r := s.Do(t, token, ex.query, vars)
		if code := r.Code(); code != ex.Want || r.Status != http.StatusOK {
			t.Fatalf("%s: status %d, code %q (want %q): %+v", where, r.Status, code, ex.Want, r.Errors)
		}
		if ex.Want != "" {
			continue
		}
		var data any
		if err := json.Unmarshal(r.Data, &data); err != nil {
			t.Fatalf("%s: data %s: %v", where, r.Data, err)
		}
		for name, path := range ex.Save {
			v, err := lookup(data, path)
			if err != nil {
				t.Fatalf("%s: save %s from %s: %v in %s", where, name, path, err, r.Data)
			}
			saved[name] = v
		}
	}
}

var (
	varDefRE = regexp.MustCompile(`\$(\w+)\s*:`)
	subRE    = regexp.MustCompile(`^\s*subscription\b`)
)

// variableNames lists the variables an operation declares.
func variableNames(q string) []string {
	var names []string
	for _, m := range varDefRE.FindAllStringSubmatch(q, -1) {
		names = append(names, m[1])
	}
	return names
}

func isSubscription(q string) bool { return subRE.MatchString(q) }

// checkSubscription opens the subscription as a server-sent event stream,
// the way the docs describe, and fails if the server answers it with
// anything but a stream that stays open (a refused or invalid subscription
// is answered at once).
func checkSubscription(t *testing.T, where, base, token, query string, vars map[string]any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "text/event-stream")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s: subscribe: %v", where, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("%s: subscribe: status %d, content type %q", where, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if line := sc.Text(); strings.HasPrefix(line, "data:") || strings.HasPrefix(line, "event: complete") {
			t.Fatalf("%s: the subscription was answered at once: %q", where, line)
		}
	}
	// The stream stayed open until the deadline: the subscription runs.
}

// lookup follows a save path ("a.b.0.c", "a[name=X].id") through decoded
// JSON.
func lookup(v any, path string) (any, error) {
	for _, part := range splitPath(path) {
		switch {
		case strings.HasPrefix(part, "["):
			field, want, ok := strings.Cut(strings.Trim(part, "[]"), "=")
			list, isList := v.([]any)
			if !ok || !isList {
				return nil, fmt.Errorf("%s: not a list", part)
			}
			v = nil
			for _, el := range list {
				if obj, _ := el.(map[string]any); obj != nil && fmt.Sprint(obj[field]) == want {
					v = el
					break
				}
			}
			if v == nil {
				return nil, fmt.Errorf("%s: no such element", part)
			}
		default:
			if i, err := strconv.Atoi(part); err == nil {
				list, _ := v.([]any)
				if i >= len(list) {
					return nil, fmt.Errorf("%s: index out of range", part)
				}
				v = list[i]
				continue
			}
			obj, _ := v.(map[string]any)
			if _, ok := obj[part]; !ok {
				return nil, fmt.Errorf("%s: no such field", part)
			}
			v = obj[part]
		}
	}
	return v, nil
}

// splitPath splits "a[x=y].b.0" into "a", "[x=y]", "b", "0".
func splitPath(path string) []string {
	var parts []string
	for _, seg := range strings.Split(path, ".") {
		for seg != "" {
			i := strings.Index(seg, "[")
			if i < 0 {
				parts = append(parts, seg)
				break
			}
			if i > 0 {
				parts = append(parts, seg[:i])
			}
			j := strings.Index(seg, "]")
			if j < i {
				parts = append(parts, seg[i:])
				break
			}
			parts = append(parts, seg[i:j+1])
			seg = seg[j+1:]
		}
	}
	return parts
}

// TestCodeMapNamesEveryPackage fails when a package is missing from
// ARCHITECTURE.md's code map: a newcomer must find where any package sits.
func TestCodeMapNamesEveryPackage(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "ARCHITECTURE.md"))
	if err != nil {
		t.Fatal(err)
	}
	arch := string(b)
	var dirs []string
	for _, pattern := range []string{"internal/*", "cmd/*"} {
		m, err := filepath.Glob(filepath.Join(root, pattern))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range m {
			if goFiles, _ := filepath.Glob(filepath.Join(d, "*.go")); len(goFiles) > 0 {
				rel, _ := filepath.Rel(root, d)
				dirs = append(dirs, filepath.ToSlash(rel))
			}
		}
	}
	for _, d := range append(dirs, "ent/schema", "graph", "server") {
		if !strings.Contains(arch, "`"+d+"`") && !strings.Contains(arch, "`"+d+"/") {
			t.Errorf("ARCHITECTURE.md's code map does not name `%s`: add a paragraph (or a line under Small pieces) saying what it provides", d)
		}
	}
}
