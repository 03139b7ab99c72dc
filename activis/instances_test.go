package activis

import (
	"bytes"
	"compress/gzip"
	"errors"
	"math"
	"strings"
	"testing"
)

func TestLoadInstancesCSV(t *testing.T) {
	csv := "id,label,predicted,score_a,score_b,note,size,color\n" +
		"x1,a,a,0.9,0.1,\"<i>fine</i>, really\",3,red\n" +
		"x2,b,a,0.6,0.4,&amp; & <br>,,red\n" +
		"x3,b,b,0.2,0.8,plain,4.5,blue\n" +
		"x4,,1,0.3,0.7,,-1e3,red\n"
	in, err := LoadInstances(writeFile(t, "m.csv", []byte(csv)))
	if err != nil {
		t.Fatal(err)
	}
	if in.Len() != 4 || strings.Join(in.Classes, ",") != "a,b" {
		t.Fatalf("len %d classes %v", in.Len(), in.Classes)
	}
	for _, test := range []struct {
		i                 int
		id, label, pred   string
		correct           bool
		scoreB            float64
		note              string
		size              float64
		color             string
		labelIdx, predIdx int
	}{
		{0, "x1", "a", "a", true, 0.1, "<i>fine</i>, really", 3, "red", 0, 0},
		{1, "x2", "b", "a", false, 0.4, "&amp; & <br>", math.NaN(), "red", 1, 0},
		{2, "x3", "b", "b", true, 0.8, "plain", 4.5, "blue", 1, 1},
		{3, "x4", "", "b", false, 0.7, "", -1000, "red", -1, 1}, // "1" is class index 1
	} {
		x := in.At(test.i)
		if x.Index() != test.i || x.ID() != test.id || x.Label() != test.label || x.Predicted() != test.pred ||
			x.Correct() != test.correct || x.LabelIndex() != test.labelIdx || x.PredictedIndex() != test.predIdx {
			t.Errorf("row %d: %q %q %q %v", test.i, x.ID(), x.Label(), x.Predicted(), x.Correct())
		}
		if !near(x.Score("b"), test.scoreB, 1e-7) || len(x.Scores()) != 2 {
			t.Errorf("row %d: score b %v", test.i, x.Score("b"))
		}
		if x.Text("note") != test.note || x.Text("color") != test.color {
			t.Errorf("row %d: note %q color %q", test.i, x.Text("note"), x.Text("color"))
		}
		if got := x.Attr("size"); !(got == test.size || math.IsNaN(got) && math.IsNaN(test.size)) {
			t.Errorf("row %d: size %v, want %v", test.i, got, test.size)
		}
	}
	if k := in.Attribute("color"); k.Kind != Categorical || strings.Join(k.Levels, ",") != "blue,red" {
		t.Errorf("color: %+v", k)
	}
	if in.Attribute("note").Kind != Text || in.Attribute("size").Kind != Numeric {
		t.Error("note should be Text and size Numeric")
	}
	if got := strings.Join(in.AttrNames(), ","); got != "note,size,color" {
		t.Errorf("attribute order %s", got)
	}
	x := in.At(0)
	if !math.IsNaN(x.Score("zebra")) || !math.IsNaN(x.Attr("nope")) || !math.IsNaN(x.Attr("note")) ||
		x.Text("nope") != "" || !math.IsNaN(x.Act("fc1", 0)) || x.Text("size") != "3" {
		t.Error("unknown names should give NaN or \"\"")
	}
	if err := in.CheckAttr("nope"); !errors.Is(err, ErrUnknownAttr) || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("CheckAttr: %v", err)
	}
}

func TestLoadInstancesErrors(t *testing.T) {
	for _, test := range []struct {
		name, file, body string
		opt              InstanceOptions
		want             error
		text             []string
	}{
		{name: "unknown label vs scores", file: "m.csv",
			body: "id,label,score_cat,score_dog\n1,cat,1,0\n2,<b>bird</b>,0,1\n3,cow,0,1\n",
			want: ErrUnknownClass, text: []string{`"label"`, `"<b>bird</b>", "cow"`, "row 1", `"cat", "dog"`}},
		{name: "unknown predicted vs option", file: "m.jsonl",
			body: `{"id":"a","label":"cat","predicted":"Shirt"}` + "\n",
			opt:  InstanceOptions{Classes: []string{"cat"}},
			want: ErrUnknownClass, text: []string{`"predicted"`, `"Shirt"`, `id "a"`}},
		{name: "field count", file: "m.csv", body: "id,label\n1,a\n2,b,extra\n", text: []string{"line 3", "wrong number of fields"}},
		{name: "duplicate id", file: "m.csv", body: "id,label\n1,a\n1,b\n", text: []string{`duplicate id "1"`}},
		{name: "empty id", file: "m.csv", body: "id,label\n,a\n", text: []string{"empty id"}},
		{name: "duplicate column", file: "m.csv", body: "id,id\n1,2\n", text: []string{`"id" appears twice`}},
		{name: "empty", file: "m.csv", body: "", text: []string{"empty file"}},
		{name: "header only", file: "m.csv", body: "id,label\n", text: []string{"no instances"}},
		{name: "bad score", file: "m.csv", body: "id,score_a\n1,high\n", text: []string{`"score_a"`, `"high" is not a number`}},
		{name: "bad json", file: "m.jsonl", body: `{"id":"a"}` + "\n" + `{"id": }` + "\n", text: []string{"line 2"}},
		{name: "json array line", file: "m.jsonl", body: "[1,2]\n", text: []string{"line 1", "want a JSON object"}},
		{name: "json trailing", file: "m.jsonl", body: `{"id":"a"} {"id":"b"}` + "\n", text: []string{"line 1", "trailing"}},
		{name: "json dup key", file: "m.jsonl", body: `{"id":"a","id":"b"}` + "\n", text: []string{`"id" appears twice`}},
		{name: "scores width", file: "m.jsonl", body: `{"label":"0","scores":[1,0]}` + "\n" + `{"label":"1","scores":[1,0,0]}` + "\n", text: []string{"line 2", "3 scores, earlier rows have 2"}},
		{name: "scores missing", file: "m.jsonl", body: `{"label":"0","scores":[1,0]}` + "\n" + `{"label":"1"}` + "\n", text: []string{"line 2", `"scores" missing`}},
		{name: "scores late", file: "m.jsonl", body: `{"label":"0"}` + "\n" + `{"label":"1","scores":[0,1]}` + "\n", text: []string{"line 2", "after 1 rows"}},
		{name: "scores not numbers", file: "m.jsonl", body: `{"scores":["a"]}` + "\n", text: []string{"array of numbers"}},
		{name: "scores vs classes", file: "m.jsonl", body: `{"label":"cat","scores":[1,0]}` + "\n", text: []string{"2 scores per row", `"cat"`, "InstanceOptions.Classes"}},
		{name: "both score kinds", file: "m.csv", body: "scores,score_a\n\"[1]\",1\n", text: []string{"both"}},
		{name: "extension", file: "m.xlsx", body: "x", text: []string{`unknown extension ".xlsx"`}},
		{name: "forced unknown", file: "m.csv", body: "id,a\n1,2\n", opt: InstanceOptions{Text: []string{"b"}}, want: ErrUnknownAttr, text: []string{`"b"`}},
		{name: "duplicate class", file: "m.csv", body: "id\n1\n", opt: InstanceOptions{Classes: []string{"a", "a"}}, text: []string{`class "a" listed twice`}},
	} {
		t.Run(test.name, func(t *testing.T) {
			p := writeFile(t, test.file, []byte(test.body))
			_, err := LoadInstancesWith(p, test.opt)
			if err == nil {
				t.Fatal("no error")
			}
			if test.want != nil && !errors.Is(err, test.want) {
				t.Errorf("error %q does not wrap %v", err, test.want)
			}
			for _, s := range append(test.text, p) {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q lacks %q", err, s)
				}
			}
		})
	}
}

func TestLoadInstancesInference(t *testing.T) {
	for _, test := range []struct {
		name, file, body string
		opt              InstanceOptions
		classes          string
		ids              string
		kinds            map[string]AttrKind
	}{
		{name: "integer labels sorted numerically", file: "m.csv", body: "label,predicted\n10,2\n2,9\n0,0\n",
			classes: "0,1,2,3,4,5,6,7,8,9,10", ids: "0,1,2"},
		{name: "integer labels widened by scores", file: "m.jsonl",
			body:    `{"label":"1","scores":[0,1,0,0]}` + "\n" + `{"label":0,"scores":[1,0,0,0]}` + "\n",
			classes: "0,1,2,3", ids: "0,1"},
		{name: "names sorted", file: "m.tsv", body: "id\tlabel\tpredicted\n7\tzebra\tant\n8\tant\tant\n",
			classes: "ant,zebra", ids: "7,8"},
		{name: "bom and spaces in header", file: "m.csv", body: "\ufeff id , label \nq,a\n", classes: "a", ids: "q"},
		{name: "forced kinds", file: "m.csv", body: "id,zip,tag\n1,01234,x\n2,99999,y\n",
			opt:     InstanceOptions{Text: []string{"zip"}, Categorical: []string{"tag"}},
			classes: "", ids: "1,2", kinds: map[string]AttrKind{"zip": Text, "tag": Categorical}},
		{name: "too many levels is text", file: "m.csv", body: "w\na\nb\nc\nd\na\n", opt: InstanceOptions{MaxLevels: 3},
			classes: "", ids: "0,1,2,3,4", kinds: map[string]AttrKind{"w": Text}},
		{name: "json numbers and strings", file: "m.ndjson",
			body:    `{"n":1,"s":"1","o":{"k":[1]},"b":null}` + "\n\n" + `{"n":2.5e1,"s":"2","o":null,"b":true}` + "\n" + `{"n":3,"s":"2","b":true}` + "\n" + `{"n":4,"s":"2","b":false}`,
			classes: "", ids: "0,1,2,3", kinds: map[string]AttrKind{"n": Numeric, "s": Categorical, "b": Categorical}},
	} {
		t.Run(test.name, func(t *testing.T) {
			in, err := LoadInstancesWith(writeFile(t, test.file, []byte(test.body)), test.opt)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(in.Classes, ","); got != test.classes {
				t.Errorf("classes %s, want %s", got, test.classes)
			}
			if got := strings.Join(in.IDs, ","); got != test.ids {
				t.Errorf("ids %s, want %s", got, test.ids)
			}
			for name, k := range test.kinds {
				if a := in.Attribute(name); a == nil || a.Kind != k {
					t.Errorf("attribute %s: %+v, want kind %v", name, a, k)
				}
			}
		})
	}
}

func TestLoadInstancesJSONValues(t *testing.T) {
	body := `{"n":1,"o":{"k":[1]},"b":null}` + "\n" + `{"n":2.5e1,"o":null,"b":true}` + "\n"
	in, err := LoadInstances(writeFile(t, "m.jsonl", []byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	if in.At(1).Attr("n") != 25 || in.At(0).Text("o") != `{"k":[1]}` || in.At(1).Text("o") != "" ||
		in.At(0).Text("b") != "" || in.At(1).Text("b") != "true" {
		t.Errorf("n %v o %q %q b %q %q", in.At(1).Attr("n"), in.At(0).Text("o"), in.At(1).Text("o"), in.At(0).Text("b"), in.At(1).Text("b"))
	}
}

func TestLoadInstancesGzipAndScoresCell(t *testing.T) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte("id,label,scores\na,0,\"[0.25, 0.75]\"\nb,1,\"[1, 0]\"\n"))
	zw.Close()
	in, err := LoadInstances(writeFile(t, "m.csv.gz", b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(in.Classes, ",") != "0,1" || in.At(0).Score("1") != 0.75 || in.At(1).Label() != "1" {
		t.Errorf("classes %v score %v", in.Classes, in.At(0).Score("1"))
	}
	if _, err := LoadInstances(writeFile(t, "bad.csv.gz", []byte("not gzip"))); err == nil || !strings.Contains(err.Error(), "bad.csv.gz") {
		t.Errorf("bad gzip: %v", err)
	}
}

func TestClassLookup(t *testing.T) {
	in := NewInstances([]string{"T-shirt/top", "<Shirt>"}, 3)
	if i, err := in.ClassIndex("<Shirt>"); err != nil || i != 1 {
		t.Errorf("ClassIndex = %d, %v", i, err)
	}
	_, err := in.ClassIndex("Shirt")
	if !errors.Is(err, ErrUnknownClass) || !strings.Contains(err.Error(), `"Shirt"`) || !strings.Contains(err.Error(), `"T-shirt/top", "<Shirt>"`) {
		t.Errorf("ClassIndex error %v", err)
	}
	idx, err := in.ClassIndices("<Shirt>", "a", "b")
	if !errors.Is(err, ErrUnknownClass) || !strings.Contains(err.Error(), `"a", "b"`) || idx[0] != 1 {
		t.Errorf("ClassIndices = %v, %v", idx, err)
	}
	if in.ClassName(-1) != "" || in.ClassName(2) != "" || in.ClassName(0) != "T-shirt/top" {
		t.Error("ClassName")
	}
	if in.At(2).Label() != "" || in.At(2).Correct() || in.At(2).ID() != "2" || in.At(0).Scores() != nil {
		t.Error("fresh instances should be unlabelled")
	}
}

func TestWithPredictionsAndValidate(t *testing.T) {
	in := NewInstances([]string{"a", "b"}, 2)
	in.Labels[0], in.Labels[1] = 0, 1
	if err := in.SetText("t", []string{"<p>x</p>", "y"}, false); err != nil {
		t.Fatal(err)
	}
	out, err := in.WithPredictions([]int{0, 0}, []float32{0.9, 0.1, 0.6, 0.4})
	if err != nil {
		t.Fatal(err)
	}
	if !out.At(0).Correct() || out.At(1).Correct() || out.At(1).Score("a") != float64(float32(0.6)) || out.At(0).Text("t") != "<p>x</p>" {
		t.Error("WithPredictions values")
	}
	if in.Predicted[0] != -1 || in.Scores != nil {
		t.Error("WithPredictions modified its receiver")
	}
	for _, test := range []struct {
		pred   []int
		scores []float32
		text   string
	}{
		{[]int{0}, nil, "1 predictions for 2 ids"},
		{[]int{0, 2}, nil, "predicted index 2 out of range"},
		{[]int{0, 1}, []float32{1}, "1 scores for 2 instances × 2 classes"},
	} {
		if _, err := in.WithPredictions(test.pred, test.scores); err == nil || !strings.Contains(err.Error(), test.text) {
			t.Errorf("WithPredictions(%v, %v) = %v, want %q", test.pred, test.scores, err, test.text)
		}
	}
	if err := in.SetNumeric("n", []float64{1}); err == nil {
		t.Error("SetNumeric with a short column: no error")
	}
	if err := in.SetText("c", []string{"u", "u"}, true); err != nil || in.Attribute("c").Kind != Categorical || len(in.Attribute("c").Levels) != 1 {
		t.Errorf("SetText categorical: %v", err)
	}
	if err := in.SetNumeric("c", []float64{1, 2}); err != nil || in.Attribute("c").Kind != Numeric || len(in.Attrs) != 2 {
		t.Error("SetNumeric should replace a column of the same name")
	}
}
