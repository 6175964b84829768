package eventlog_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/reftrack/reftrack/ent"
	"github.com/reftrack/reftrack/internal/eventlog"
	"github.com/reftrack/reftrack/internal/store"
)

// AppendAll appends many events under one increment of the counter: their
// sequences follow those of Append, in their order, without a hole; a
// rolled back AppendAll gives its numbers back, as Append does.
func TestAppendAllKeepsTheLogWithoutHoles(t *testing.T) {
	db := open(t)
	sys := store.System(context.Background())
	p := db.Partner.Create().SetName("P").SetEmail("p@example.com").SaveX(sys)
	ev := func(name string) eventlog.Event {
		return eventlog.Event{Type: eventlog.RefTagCreated, PartnerID: p.ID, Payload: eventlog.RefTagPayload{RefTag: eventlog.RefTag{Name: name}}}
	}
	run := func(fail bool, names ...[]string) error {
		return store.WithTx(sys, db.Client, func(ctx context.Context, tx *ent.Tx) error {
			for _, group := range names {
				var evs []eventlog.Event
				for _, n := range group {
					evs = append(evs, ev(n))
				}
				if len(evs) == 1 {
					if _, err := eventlog.Append(ctx, tx.Client(), evs[0]); err != nil {
						return err
					}
					continue
				}
				out, err := eventlog.AppendAll(ctx, tx.Client(), evs)
				if err != nil {
					return err
				}
				if len(out) != len(evs) {
					return fmt.Errorf("AppendAll returned %d events for %d", len(out), len(evs))
				}
			}
			if fail {
				return errors.New("refused")
			}
			return nil
		})
	}
	if err := run(false, []string{"a"}, []string{"b", "c", "d"}, []string{"e"}); err != nil {
		t.Fatal(err)
	}
	if err := run(true, []string{"x", "y"}, []string{"z"}); err == nil {
		t.Fatal("the failing transaction committed")
	}
	if err := run(false, []string{"f", "g"}); err != nil {
		t.Fatal(err)
	}
	if _, err := eventlog.AppendAll(sys, db.Client, nil); err != nil {
		t.Fatal(err)
	}
	var seqs []int64
	var names []string
	for _, e := range log(t, db) {
		seqs = append(seqs, e.Seq)
		var pl eventlog.RefTagPayload
		if err := json.Unmarshal([]byte(e.Payload), &pl); err != nil {
			t.Fatal(err)
		}
		names = append(names, pl.RefTag.Name)
	}
	if !slices.Equal(seqs, []int64{1, 2, 3, 4, 5, 6, 7}) || !slices.Equal(names, []string{"a", "b", "c", "d", "e", "f", "g"}) {
		t.Fatalf("sequences %v of %v, want 1 to 7 of a to g", seqs, names)
	}
	head, err := eventlog.Head(sys, db.Client)
	if err != nil || head != 7 {
		t.Fatalf("the counter is %d (%v), want 7", head, err)
	}
}
