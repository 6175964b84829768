package clicks

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	entdialect "entgo.io/ent/dialect"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/ent/unmatchedref"
	"github.com/reftrack/reftrack/internal/store"
)

// MaxUnmatchedRefs bounds the distinct unmatched ref values counted one by
// one: anyone can click /r/<anything>. Clicks on new values past it are
// counted together, in the row whose ref is "" (Dropped). Several writers
// at once may pass it by one batch's values each.
const MaxUnmatchedRefs = 10_000

// unmatchedCap is MaxUnmatchedRefs; tests lower it.
var unmatchedCap = MaxUnmatchedRefs

// unmatchedCount is one ref value's clicks in a batch.
type unmatchedCount struct {
	ref         string
	clicks      int
	first, last time.Time
}

// countUnmatched groups a batch's unmatched clicks by ref, sorted by ref:
// writers on PostgreSQL then lock the rows in one order.
func countUnmatched(rows [][]any) []unmatchedCount {
	byRef := make(map[string]int) // index in out
	var out []unmatchedCount
	for _, r := range rows {
		ref, at := r[0].(string), r[2].(time.Time)
		i, ok := byRef[ref]
		if !ok {
			i = len(out)
			out = append(out, unmatchedCount{ref: ref, first: at, last: at})
			byRef[ref] = i
		}
		c := &out[i]
		c.clicks++
		c.first, c.last = minTime(c.first, at), maxTime(c.last, at)
	}
	slices.SortFunc(out, func(a, b unmatchedCount) int { return strings.Compare(a.ref, b.ref) })
	return out
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

var unmatchedTexts sync.Map // textKey -> string

// queueUnmatchedRefs queues one statement adding a batch's unmatched clicks
// to their refs' counts: a ref already counted, or a new one while there
// are fewer than MaxUnmatchedRefs, counts alone; others go to "".
func queueUnmatchedRefs(ctx context.Context, p *store.Pipe, dialect string, rows [][]any) {
	counts := countUnmatched(rows)
	if len(counts) == 0 {
		return
	}
	if dialect == entdialect.Postgres {
		refs := make([]string, len(counts))
		clicks := make([]int64, len(counts))
		firsts := make([]time.Time, len(counts))
		lasts := make([]time.Time, len(counts))
		for i, c := range counts {
			refs[i], clicks[i], firsts[i], lasts[i] = c.ref, int64(c.clicks), c.first, c.last
		}
		p.Queue(ctx, unmatchedText(dialect, 0), []any{refs, clicks, firsts, lasts, unmatchedCap}, nil)
		return
	}
	for start, n := 0, 0; start < len(counts); start += n {
		n = chunkSize(len(counts) - start)
		args := make([]any, 0, 1+4*n)
		args = append(args, unmatchedCap)
		for _, c := range counts[start : start+n] {
			args = append(args, c.ref, c.clicks, c.first, c.last)
		}
		p.Queue(ctx, unmatchedText(dialect, n), args, nil)
	}
}

// unmatchedText is the statement for rows values (SQLite), or for arrays
// (PostgreSQL, rows 0).
func unmatchedText(dialect string, rows int) string {
	k := textKey{dialect, rows}
	if q, ok := unmatchedTexts.Load(k); ok {
		return q.(string)
	}
	t, ref, clicks, first, last := unmatchedref.Table, unmatchedref.FieldRef, unmatchedref.FieldClicks, unmatchedref.FieldFirstSeenAt, unmatchedref.FieldLastSeenAt
	var values, capArg, later string
	if rows == 0 {
		values = "unnest(CAST($1 AS TEXT[]), CAST($2 AS BIGINT[]), CAST($3 AS TIMESTAMPTZ[]), CAST($4 AS TIMESTAMPTZ[])) AS v(ref, clicks, first, last)"
		capArg = "$5"
		later = fmt.Sprintf("GREATEST(%q.%q, excluded.%q)", t, last, last)
	} else {
		row := "(?, ?, ?, ?)"
		values = "(SELECT column1 AS ref, column2 AS clicks, column3 AS first, column4 AS last FROM (VALUES " +
			strings.Repeat(row+", ", rows-1) + row + ")) AS v"
		capArg = "?"
		later = fmt.Sprintf("max(%q.%q, excluded.%q)", t, last, last)
	}
	q := fmt.Sprintf(`INSERT INTO %[1]q (%[2]q, %[3]q, %[4]q, %[5]q)
SELECT CASE WHEN EXISTS (SELECT 1 FROM %[1]q u WHERE u.%[2]q = v.ref) OR (SELECT count(*) FROM %[1]q) < %[6]s THEN v.ref ELSE '' END AS k,
  sum(v.clicks), min(v.first), max(v.last)
FROM %[7]s WHERE true GROUP BY 1 ORDER BY 1
ON CONFLICT (%[2]q) DO UPDATE SET %[3]q = %[1]q.%[3]q + excluded.%[3]q, %[5]q = %[8]s`,
		t, ref, clicks, first, last, capArg, values, later)
	if rows != 0 {
		// SQLite numbers its parameters in order of appearance: the cap
		// comes first in the text, so it comes first in the arguments.
		q = strings.Replace(q, "< ?", "< ?1", 1)
		q = renumber(q)
	}
	unmatchedTexts.Store(k, q)
	return q
}

// renumber gives SQLite's anonymous parameters after ?1 explicit numbers
// from 2, so that the cap can be written once before the values.
func renumber(q string) string {
	var b strings.Builder
	n := 2
	for i := 0; i < len(q); i++ {
		if q[i] == '?' && (i+1 == len(q) || q[i+1] < '0' || q[i+1] > '9') {
			fmt.Fprintf(&b, "?%d", n)
			n++
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// UnmatchedQuery returns the unmatched refs counted one by one, for an
// admin to page through (privacy: admins only).
func UnmatchedQuery(client *ent.Client) *ent.UnmatchedRefQuery {
	return client.UnmatchedRef.Query().Where(unmatchedref.RefNEQ(""))
}

// Dropped returns the clicks on unmatched refs that were counted together
// because MaxUnmatchedRefs distinct ones were kept already.
func Dropped(ctx context.Context, client *ent.Client) (int, error) {
	r, err := client.UnmatchedRef.Query().Where(unmatchedref.Ref("")).Only(ctx)
	if ent.IsNotFound(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read dropped unmatched clicks: %w", err)
	}
	return r.Clicks, nil
}
