package table

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unsafe"
)

func TestReadCSVAndJSONL(t *testing.T) {
	csv := "\ufeffid,label,scores,note\na,cat,\"[0.25,0.75]\",x\nb,dog,\"[1,0]\",\n"
	jsonl := `{"id":"a","label":"cat","scores":[0.25,0.75],"note":"x"}

{"id":"b","label":"dog","scores":[1,0],"n":7}
`
	for _, c := range []struct {
		name string
		read func() (*Table, error)
	}{
		{"csv", func() (*Table, error) { return ReadCSV(strings.NewReader(csv), "m.csv", ',', 0) }},
		{"jsonl", func() (*Table, error) { return ReadJSONL(strings.NewReader(jsonl), "m.jsonl") }},
	} {
		tb, err := c.read()
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if tb.N != 2 || tb.Width != 2 || len(tb.Scores) != 4 || tb.Scores[1] != 0.75 || tb.Scores[2] != 1 {
			t.Errorf("%s: N %d, scores %v (width %d)", c.name, tb.N, tb.Scores, tb.Width)
		}
		id := tb.ByName["id"]
		if id == nil || strings.Join(id.Vals, ",") != "a,b" {
			t.Errorf("%s: id column %+v (BOM must be stripped from the CSV header)", c.name, id)
		}
		if note := tb.ByName["note"]; note == nil || len(note.Vals) != 2 || note.Vals[0] != "x" || note.Vals[1] != "" {
			t.Errorf("%s: note column %+v, want [x \"\"]", c.name, note)
		}
	}
	tb, _ := ReadJSONL(strings.NewReader(jsonl), "m.jsonl")
	if n := tb.ByName["n"]; n == nil || n.Vals[0] != "" || n.Vals[1] != "7" || n.Quoted != nil {
		t.Errorf("key only on the second row: %+v", n)
	}
	if _, ok := tb.ByName[ScoresColumn]; ok {
		t.Errorf("jsonl: scores kept as a string column")
	}
	if l := tb.ByName["label"]; l == nil || !l.Quoted[0] || !l.Quoted[1] {
		t.Errorf("JSON strings not marked quoted: %+v", l)
	}
}

func TestReadErrorsNameTheProblem(t *testing.T) {
	for _, c := range []struct {
		name, want string
		read       func() (*Table, error)
	}{
		{"empty csv", "empty file", func() (*Table, error) { return ReadCSV(strings.NewReader(""), "e.csv", ',', 0) }},
		{"duplicate header", `"a" appears twice`, func() (*Table, error) { return ReadCSV(strings.NewReader("a,a\n1,2\n"), "d.csv", ',', 0) }},
		{"unnamed column", "column 2 has no name", func() (*Table, error) { return ReadCSV(strings.NewReader("a, \n1,2\n"), "u.csv", ',', 0) }},
		{"ragged row", "wrong number of fields", func() (*Table, error) { return ReadCSV(strings.NewReader("a,b\n1\n"), "r.csv", ',', 0) }},
		{"bad scores", `line 2: column "scores"`, func() (*Table, error) { return ReadCSV(strings.NewReader("id,scores\na,\"[1,\"\n"), "s.csv", ',', 0) }},
		{"scores width", "1 scores, earlier rows have 2", func() (*Table, error) {
			return ReadJSONL(strings.NewReader(`{"scores":[1,2]}`+"\n"+`{"scores":[1]}`), "w.jsonl")
		}},
		{"not an object", "line 1: want a JSON object", func() (*Table, error) { return ReadJSONL(strings.NewReader("[1]\n"), "o.jsonl") }},
		{"repeated key", `key "a" appears twice`, func() (*Table, error) { return ReadJSONL(strings.NewReader(`{"a":1,"a":2}`), "k.jsonl") }},
		{"trailing data", "trailing data", func() (*Table, error) { return ReadJSONL(strings.NewReader(`{"a":1} {"b":2}`), "t.jsonl") }},
	} {
		_, err := c.read()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// TestReadCSVSized: the size hint changes how the columns are allocated,
// never what they hold, whether it is right, too small or too large; with
// the right size the columns are allocated about once.
func TestReadCSVSized(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,label,x\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "i%d,c%d,%d.5\n", i, i%3, i%100)
	}
	src := b.String()
	want, err := ReadCSV(strings.NewReader(src), "w.csv", ',', 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range []int64{int64(len(src)), 100, 50 * int64(len(src))} {
		got, err := ReadCSV(strings.NewReader(src), "s.csv", ',', size)
		if err != nil {
			t.Fatalf("size %d: %v", size, err)
		}
		for _, name := range []string{"id", "label", "x"} {
			if !slices.Equal(got.ByName[name].Vals, want.ByName[name].Vals) {
				t.Errorf("size %d: column %s differs", size, name)
			}
		}
		if size == int64(len(src)) {
			if c := cap(got.ByName["id"].Vals); c < 5000 || c > 5000*3/2 {
				t.Errorf("right size: id column capacity %d for 5,000 rows", c)
			}
		}
	}
	if l := want.ByName["label"].Vals; unsafe.StringData(l[0]) != unsafe.StringData(l[3]) {
		t.Errorf("repeated label %q not shared", l[0])
	}
}
