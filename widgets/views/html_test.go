package views

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/activis-go/activis/widgets/display"
)

func fixtureBundle(t *testing.T, kind string) display.Bundle {
	t.Helper()
	// Through Convert with a publisher, as a kernel shows it (with a display id).
	b, ok := Convert(View{src: smallFixture(t), kind: kind}, &fakePub{})
	if !ok {
		t.Fatalf("view %s not converted", kind)
	}
	if _, ok := b.Data["text/html"].(string); !ok {
		t.Fatalf("no text/html: %v", b.Data["text/plain"])
	}
	return b
}

// TestEscaping checks that hostile labels, ids, texts and titles never
// become markup: the only elements in the HTML are the views' own.
func TestEscaping(t *testing.T) {
	b := fixtureBundle(t, kindAll)
	h := b.Data["text/html"].(string)
	tags := regexp.MustCompile(`<(script|img|style|iframe|svg)\b`).FindAllString(h, -1)
	sort.Strings(tags)
	if want := []string{"<img", "<script", "<script"}; strings.Join(tags, ",") != strings.Join(want, ",") {
		t.Errorf("elements in HTML %v, want exactly %v", tags, want)
	}
	for _, bad := range []string{evilScript, evilAttr, "onerror=\"window", "__pwned=1</script>"} {
		if strings.Contains(h, bad) {
			t.Errorf("HTML contains raw %q", bad)
		}
	}
	// Inside the JSON the hostile strings are present, escaped.
	if !strings.Contains(h, `\u003cscript\u003ewindow.__pwned=1\u003c/script\u003e`) {
		t.Errorf("escaped label missing from the payload")
	}
	if strings.Count(strings.ToLower(h), "</script") != 2 {
		t.Errorf("want exactly two </script> (data and bundle), got %d", strings.Count(strings.ToLower(h), "</script"))
	}
	if txt := b.Data["text/plain"].(string); !strings.Contains(txt, "600") && !strings.Contains(txt, "sampled") {
		t.Errorf("summary %q", txt)
	}
}

func TestBundleShape(t *testing.T) {
	b := fixtureBundle(t, kindMatrix)
	h := b.Data["text/html"].(string)
	for _, want := range []string{
		`class="activis-root"`, `data-activis-id="` + b.DisplayID + `"`,
		`<img src="data:image/png;base64,`, staticNote,
		`<script type="application/json" class="activis-data">{"version":1,"view":"matrix"`,
		`if(!window.ActiVis||window.ActiVis.version!=="` + BundleHash() + `")`,
		`})(document.currentScript,"` + b.DisplayID + `",50);</script>`,
	} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if !strings.HasPrefix(b.DisplayID, "activis-") {
		t.Errorf("display id %q", b.DisplayID)
	}
	if png, _ := b.Data["image/png"].(string); len(png) < 1000 {
		t.Errorf("snapshot PNG missing or tiny (%d)", len(png))
	}
	if b2 := fixtureBundle(t, kindMatrix); b2.DisplayID == b.DisplayID {
		t.Errorf("two outputs share display id %q", b.DisplayID)
	}
}

// jsSourceHash recomputes widgets/js/hash.mjs's hash in Go.
func jsSourceHash(t *testing.T, dir string) string {
	t.Helper()
	files := []string{"build.mjs", "hash.mjs", "package-lock.json", "package.json"}
	err := filepath.WalkDir(filepath.Join(dir, "src"), func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() && (strings.HasSuffix(p, ".js") || strings.HasSuffix(p, ".css")) {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(f))
		h.Write([]byte{0})
		h.Write(b)
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// TestBundleMatchesSources fails when widgets/js changed but the committed
// bundle was not rebuilt (run `make assets`).
func TestBundleMatchesSources(t *testing.T) {
	got := BundleHash()
	if got == "" {
		t.Fatal("assets/activis.js has no source hash header")
	}
	if want := jsSourceHash(t, "../js"); got != want {
		t.Errorf("assets/activis.js was built from sources %s, widgets/js is now %s: run `make assets`", got, want)
	}
	if m := bundleHashRE.FindStringSubmatch(moduleJS); m == nil || m[1] != got {
		t.Errorf("assets/activis.esm.js was not built with assets/activis.js (%q): run `make assets`", m)
	}
	if !strings.Contains(moduleJS, "export{") && !strings.Contains(moduleJS, "export {") {
		t.Errorf("assets/activis.esm.js exports nothing")
	}
	if strings.Contains(strings.ToLower(bundleScript()), "</script") {
		t.Errorf("bundle script contains </script")
	}
}
