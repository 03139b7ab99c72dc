// Package views shows an activis.Explorer in a notebook as ActiVis's four
// coordinated views: (A) the model graph, summarised by name-scope groups;
// (B1) the neuron activation matrix of the selected layer, rows being added
// instances, subsets and classes; (B2) the 2-D projection of sampled
// instances; (C) the instance panel, instances grouped by true class with
// misclassified ones on the right. Hovering or selecting in one view
// highlights in the others; the selected layer drives B1 and B2.
//
// # Use
//
// A kernel passes Convert (or, better, one Host per session from Attach)
// as its first display converter. An *activis.Explorer as a cell's last
// expression then renders all four views; All, Graph, Matrix, Projection
// and Instances return View values that show all or one of them:
//
//	// given: model *activis.Model, run *activis.Run, ds *activis.Dataset
//	ex := activis.NewExplorer(model, run)
//	ex                                   // the four views
//	views.Matrix(ex)                     // the matrix alone
//	views.All(ex).WithDataset(ds)        // with image thumbnails on hover
//	ex.AddSubset("shirts", `label == "Shirt"`) // updates the output above in place
//
// # Output
//
// Each output is a MIME bundle with text/html, image/png and text/plain:
//
//   - text/html holds a static PNG snapshot in an <img> (what untrusted
//     notebooks and viewers without JavaScript show), the payload as JSON
//     in <script type="application/json">, the front-end bundle (widgets/js,
//     embedded from assets/activis.js) inside a guard so only the first copy
//     on a page runs, and a one-line script that mounts the views in place
//     of the snapshot (found through document.currentScript, or by the
//     output's data-activis-id where the front end runs scripts as copies,
//     as the classic Notebook's jQuery does). Every output carries the
//     bundle, so each renders on its own in an exported notebook, offline;
//     nothing is fetched.
//   - image/png is the same snapshot, for viewers that only show images:
//     the graph, the matrix in the live view's colours with its legend, the
//     projection with its class legend and the instance panel, text in the
//     Go fonts (Latin, Greek, Cyrillic), fitted to its place.
//   - text/plain summarises the explorer.
//
// When Convert is given a publisher, the bundle has a DisplayID and the
// output is replaced (update_display_data) whenever the explorer's rows or
// selected layer change; selection changes made by the view itself do not
// redraw it. Front ends and nbclient apply updates only to outputs that
// arrived with that display id, so a kernel must send such a bundle as
// display_data with transient.display_id, also when it was a cell's
// trailing expression (an execute_result without the id cannot be
// updated). Without a publisher, and from View.Render, the bundle has no
// DisplayID.
//
// # Live widget
//
// When the kernel supports Jupyter widgets it calls Host.SetWidgets with its
// widget API (widgets/widget): an explorer is then shown as one
// display_data carrying the widget view (application/vnd.jupyter.widget-view+json,
// an anywidget model whose _esm is the views' ES module, ModuleJS) together
// with the text/html, image/png and text/plain above, so JupyterLab 4,
// Notebook 7 and VS Code show the live widget, the classic Notebook and
// nbconvert the HTML views, untrusted notebooks the snapshot. The widget's
// state is {"payload": …} in the format below with the bulk arrays (mean,
// acts, proj.x/proj.y, thumbs.data) as binary buffers instead of base64.
//
// Kernel → view: every AddSubset, AddSubsetFunc, AddInstances, RemoveRow
// and SelectLayer reaches every displayed view of the explorer once. A
// change of rows alone (added, removed or reordered, every layer's colour
// range unchanged) travels as a custom message {"type": "rows_delta"}: the
// index in the previous rows of each row kept and the quantised means of
// each new row as one binary buffer per layer — 4.6 KB instead of a 311 KB
// state update for one subset row on a 600-instance explorer — while the
// kernel's copy of the state is updated without being sent, so a page
// reload (request_state) still gets every row. A view whose payload does
// not match the delta answers {"type": "resync"} and gets the whole state.
// Any other change (a layer switch, a row outside the colour range) sets
// the whole state. The views apply either in place — no re-render, so the rows made in the view, removed
// rows, the sort, the zoom and the colour settings stay. The classic
// Notebook's HTML views beside a widget receive the same payload over
// their comm ({"type": "payload"}). View → kernel: a lasso or a click sets
// ex.Selection() (and calls the ex.OnSelect functions); a clicked instance
// becomes a matrix row in the kernel (ex.Rows()), named by its id as in
// the view, once however often it is clicked; the subset box is evaluated
// by the kernel over all instances (attributes from extra CSV columns
// included); removals and layer clicks act on the explorer. When the
// kernel restarts the views say they are disconnected and keep the last state.
//
// # Suggested subsets
//
// Beside the matrix (below it when the output is narrow) the views list
// the subsets activis.Discover suggests with its default options: the
// metadata slices with a significantly higher error rate and the clusters
// of misclassified instances in the selected layer, each with its name,
// kind, size, error rate against the rest and the reason it was chosen.
// Discovery runs when the view is built for runs of up to SuggestLimit
// (100,000) instances, once per output and selected layer; larger runs
// show a "Suggest subsets" button that asks the kernel ({"type":
// "discover"}), after which every view of the output shows the list.
// Clicking a suggestion adds it as a matrix row: where a kernel is
// reachable (a live widget, or the classic Notebook's comm) the view sends
// {"type": "suggestion", "name"} and the kernel adds it over all instances
// with Explorer.Add (a slice by its expression, a cluster by its members),
// so it appears in every view like any other row; without a kernel the
// row is made from the sampled instances in the suggestion and the status
// line says that a live kernel computes it over all instances. Hovering a
// suggestion highlights its sampled instances in the projection and the
// instance panel.
//
// # Attribution
//
// Where a kernel is reachable, the views ask it for attributions
// (payload "attrib" says which the explorer can compute: contributions
// need the model's graph, input maps the run's inputs, as from Model.Run):
//
//   - The matrix's colour menu has "contribution to class" with a class
//     picker beside it. The view sends {"type": "contributions", "layer",
//     "class"} (once per layer, class and set of rows) and the kernel
//     answers {"type": "contributions", layer, class, className, method,
//     rows, counts, bias, neurons, sample, values} with
//     Explorer.Contributions (values base64 little-endian float32, rows ×
//     neurons, rows by name); each row is then coloured by its
//     contributions on a diverging scale symmetric around 0 (rows made in
//     the view have none). The matrix root carries data-color
//     ("contrib:<class>") and data-contrib ("pending" or "ready").
//   - Clicking an instance in the panel, or resting on it for 0.4 s, sends
//     {"type": "attribute", "index", "class"} (the predicted class, or the
//     contribution class in that mode); the kernel answers {"type":
//     "attribution", index, class, className, method, score, base, h, w,
//     map, image?, tokens?, words?, patch, stride, copies} with
//     Explorer.Attribute (map base64 float32 h × w; image the input in grey,
//     base64 uint8 h × w). The panel shows the map over the image (red:
//     hiding the pixels lowers the class's score, blue: raises it), or the
//     tokens coloured by score (named by View.WithVocab's words, else by
//     id); its box carries
//     data-activis-attribution="<index>", data-class and data-state
//     ("pending", "ready", "error"). Replies are cached in the view.
//
// The kernel answers these in a goroutine (ablation and occlusion take
// milliseconds to seconds); a failure comes back as {"type": "error",
// "request": "contributions"|"attribute", "message"}.
//
// # Comparison
//
// Compare shows an activis.Comparison of two runs over the same instances
// at one layer, as one output: a header with the four agreement
// categories and their sizes, the two runs' matrices side by side (the
// existing matrix view; rows the categories, then the classes; one colour
// scale for both when the layer has the same width in both) and the
// projection of run A's sampled instances coloured by category
// (activis.Comparison.AgreementRun supplies the categories as classes;
// AgreementColors their colours), the true class and both predictions in
// the tooltip. The front end is embedded once; the PNG snapshot puts the
// three snapshots together. The output is a snapshot of the comparison
// (no live updates). Hooks: data-activis-compare="header", "matrix-a",
// "matrix-b" and "projection" around the parts:
//
//	// given: cmp *activis.Comparison
//	views.Compare(cmp, "fc1")
//
// # Hooks
//
// For tests and scripts: the four view roots carry data-activis-view
// ("graph", "matrix", "projection", "instances"); every instance drawn in
// the instance panel and every point drawn in the projection has an
// element carrying data-activis-instance="<instance index>" at its place
// over the canvas (the pointer passes through it to the canvas); every
// matrix row label carries data-activis-row="<row name>"; every suggested
// subset carries data-activis-suggestion="<name>" and data-activis-added
// ("1" once it is a row); the projection
// publishes its zoom as data-zoom="k,x,y". A widget view's root records
// how the last row change arrived, data-activis-delta="applied" or
// "refused" (then resynchronised); after a kernel restart or death it
// carries data-activis-disconnected="1" and shows a banner element
// data-activis-disconnected="banner" (role "status") saying "Kernel
// disconnected — re-run the cell to reconnect".
//
// # Layout
//
// Every view sizes itself from its container's width and follows it
// (ResizeObserver, or window resizes where that is missing): the whole
// output fits any cell width. Below 760 px the projection and the instance
// panel stack; above, they sit side by side. The instance panel shrinks
// its squares (7 px down to 2 px) until the grid is at most 440 px tall and
// splits its columns between correct and misclassified instances so both
// stay visible. The graph is laid out left to right when that fits at full
// size, otherwise top to bottom when that is drawn larger (small graphs).
//
// # Payload
//
// The payload is bounded whatever the number of instances (about 2.2 MB
// for 70,000 instances and a 512-neuron layer, see TestPayloadBounded):
//
//	version, view, displayId, title
//	classes, classColors            class names and ColorBrewer colours
//	layer                           the selected layer
//	layers[]: name, neurons, lo, hi, signed
//	          rows[]: name, kind (class|subset|instance), expr, count, member
//	          mean     base64 uint8, rows × neurons, quantised over [lo, hi]
//	          orders   {variance, clustered}: neuron orders from the core
//	          acts     base64 uint8, actRows × neurons: the first actRows
//	                   points' activations (for lasso subsets in the view)
//	          proj     {method, x, y}: base64 float32 per point (NaN: none)
//	          missing  true when the layer is listed without statistics
//	points: index, ids, label, pred, text?   the sampled instances
//	        attrs? [{name, num | str}]       other columns (extra CSV columns)
//	        thumbs? {w, h, c, n, data}       base64 uint8 n × h × w × c
//	ramps:  {seq, div}                       256 colours each: the activation
//	                                         colour maps, shared with the snapshot
//	live?                                    the views belong to a live widget
//	suggest?: items[] {name, kind (slice|cluster), expr, size, errors,
//	          rate, rest, p, reason, points, inPoints}, instances,
//	          errors, baseRate, layer, pending, error
//	          points: base64 bitmap over points (bit k of byte k/8)
//	          marking the sampled instances in the suggestion
//	attrib?: {contrib, input}               attributions the kernel computes
//	graph:  nodes[] {id, name, op, group, shapes, data, layer}, edges[][2]
//
// Quantisation maps [lo, hi] to bytes 0..254 (255 is NaN): the error is at
// most (hi−lo)/508. Options bound the points, activation and thumbnail bytes.
//
// # Comms
//
// Where the front end exposes the kernel (the classic Notebook), each view
// opens a comm on target "activis" and sends {"display_id", "type":
// "select"|"subset"|"layer"|"remove"|"suggestion"|"discover", …}; the
// Host applies them to the explorer (SetSelection, AddSubset, SelectLayer,
// RemoveRow, Add of a suggested subset, Discover) and replies
// {"type": "ok"|"error", "message"}. A live widget sends the same messages
// as custom widget messages, plus {"type": "instance", "index"} for a click
// (AddInstances). Without a kernel the views work on
// their embedded data: lasso subsets and clicked instances become rows
// computed from the embedded activations.
//
// # Security
//
// Strings from data (labels, ids, texts, node and tensor names) reach the
// page only as JSON inside a script element (with <, > and & escaped) and
// are put into the DOM with textContent, never as markup; the snapshot
// draws them as pixels.
package views
