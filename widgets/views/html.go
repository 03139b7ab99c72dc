package views

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"strings"

	"github.com/activis-go/activis/widgets/display"
)

// staticNote is shown under the snapshot until the script replaces it.
const staticNote = "Static snapshot of the ActiVis views. Run the cell, or trust the notebook, to use them interactively."

// bundleScript returns the bundle guarded so that only the first copy on a
// page defines window.ActiVis; later outputs reuse it. Every output carries
// the bundle so that each one renders on its own in exported HTML.
func bundleScript() string {
	// esbuild escapes "</script" inside strings; this guards any other
	// occurrence (e.g. in a comment) from closing the element early.
	js := strings.ReplaceAll(bundleJS, "</script", `<\/script`)
	js = strings.ReplaceAll(js, "</SCRIPT", `<\/SCRIPT`)
	h := BundleHash()
	return "if(!window.ActiVis||window.ActiVis.version!==\"" + h + "\"){\n" + js + "\n}\n"
}

// renderBundle turns a payload into the output's MIME bundle: text/html
// (snapshot, data, bundle, mount script), image/png (the snapshot) and
// text/plain (a summary).
func renderBundle(p *payload) (display.Bundle, error) {
	data, err := json.Marshal(p)
	if err != nil {
		return display.Bundle{}, fmt.Errorf("views: encoding payload: %w", err)
	}
	snap, err := snapshotPNG(p)
	if err != nil {
		return display.Bundle{}, fmt.Errorf("views: rendering snapshot: %w", err)
	}
	snap64 := base64.StdEncoding.EncodeToString(snap)
	var b strings.Builder
	b.Grow(len(data) + len(bundleJS) + len(snap64) + 1024)
	// json.Marshal escapes <, > and & as \u003c…, so data can never close
	// the <script> element it sits in, and strings in it are never markup.
	fmt.Fprintf(&b, `<div class="activis-root" data-activis-id="%s" data-activis-bundle="%s">`, html.EscapeString(p.DisplayID), BundleHash())
	fmt.Fprintf(&b, `<div class="activis-static"><img src="data:image/png;base64,%s" alt="ActiVis views (static snapshot)" style="max-width:100%%;height:auto"/>`, snap64)
	fmt.Fprintf(&b, `<div style="font:12px sans-serif;color:#777">%s</div></div>`, staticNote)
	b.WriteString(`<script type="application/json" class="activis-data">`)
	b.Write(data)
	b.WriteString("</script>\n<script>")
	b.WriteString(bundleScript())
	// The script's parent is the output's root where scripts run in place
	// (JupyterLab, exported HTML). The classic Notebook inserts HTML with
	// jQuery, which runs scripts as copies in <head> before the output is
	// attached: there the root is found by its id once it is in the page.
	fmt.Fprintf(&b, `(function(s,id,n){var r=s&&s.parentElement;if(r&&r.getAttribute("data-activis-id")===id){window.ActiVis.mount(r);return}`+
		`(function find(){var e=document.querySelectorAll('.activis-root[data-activis-id="'+id+'"]');for(var i=0;i<e.length;i++)window.ActiVis.mount(e[i]);`+
		`if(!e.length&&n-->0)setTimeout(find,100)})()})(document.currentScript,%q,50);</script></div>`, html.EscapeString(p.DisplayID))
	bundle := display.Bundle{
		Data: map[string]any{
			"text/html":  b.String(),
			"image/png":  snap64,
			"text/plain": summary(p, len(data)),
		},
		Metadata:  map[string]any{"image/png": map[string]any{"width": snapW}},
		DisplayID: p.DisplayID,
	}
	return bundle, nil
}

// summary is the text/plain representation: what the views would show.
func summary(p *payload, dataBytes int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "ActiVis %s: %s, %s, %s", viewName(p.View), plural(len(p.Classes), "class", "classes"),
		plural(len(p.Points.Index), "sampled instance", "sampled instances"), plural(len(p.Layers), "layer", "layers"))
	for _, l := range p.Layers {
		if l.Name == p.Layer {
			fmt.Fprintf(&b, "\nselected layer %s: %d neurons, %d rows", l.Name, l.Neurons, len(l.Rows))
			var names []string
			for _, r := range l.Rows {
				names = append(names, r.Name)
			}
			if len(names) > 0 {
				fmt.Fprintf(&b, " (%s)", truncate(strings.Join(names, ", "), 200))
			}
		}
	}
	if sg := p.Suggest; sg != nil && len(sg.Items) > 0 {
		var parts []string
		for _, it := range sg.Items[:min(3, len(sg.Items))] {
			parts = append(parts, fmt.Sprintf("%s (%d, %.1f%% errors)", it.Name, it.Size, 100*it.Rate))
		}
		fmt.Fprintf(&b, "\nsuggested subsets: %s", truncate(strings.Join(parts, "; "), 300))
		if len(sg.Items) > 3 {
			fmt.Fprintf(&b, " and %d more", len(sg.Items)-3)
		}
	}
	fmt.Fprintf(&b, "\nembedded data %.1f MB", float64(dataBytes)/1e6)
	return b.String()
}

func viewName(v string) string {
	if v == "" || v == "all" {
		return "explorer"
	}
	return v + " view"
}

// plural formats n with the singular or plural noun: "1 layer", "2 layers".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
