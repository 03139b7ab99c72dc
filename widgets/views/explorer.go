package views

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/activis-go/activis/activis"
	"github.com/activis-go/activis/activis/project"
)

// ErrNoRun is returned (wrapped) when an explorer has no run to show.
var ErrNoRun = errors.New("explorer has no run")

// explorerSource adapts *activis.Explorer to the views. It remembers which
// layers it has shown, so that projections computed once are embedded in
// every later output (a projection is not recomputed on each update).
type explorerSource struct {
	ex *activis.Explorer
	ds *activis.Dataset

	mu        sync.Mutex
	projected map[string]bool
	// suggest caches discovery per selected layer (the clusters are in it);
	// forced records that the kernel was asked to run it on a large run.
	suggest map[string]*suggestData
	forced  bool
	limit   int // SuggestLimit (tests lower it)
	// vocab names token ids in text attributions (View.WithVocab).
	vocab []string
	// listeners are told of changes that are not the explorer's own
	// (suggestions computed on request).
	listeners map[int]func()
	nextL     int
}

func newExplorerSource(ex *activis.Explorer, ds *activis.Dataset) *explorerSource {
	if ds == nil && ex.Run() != nil {
		// A run from Model.Run remembers its data set: thumbnails come free.
		ds = ex.Run().Data
	}
	return &explorerSource{ex: ex, ds: ds, projected: map[string]bool{}, suggest: map[string]*suggestData{}, limit: SuggestLimit, listeners: map[int]func(){}}
}

// otherLayerValues bounds the work spent on layers other than the selected
// one: their statistics are embedded while the sum of N × D over them stays
// below it (each costs one streaming pass over its activations). Larger
// layers are listed without statistics; selecting one in the kernel (or
// clicking it in a view connected to the kernel) computes it.
const otherLayerValues = 64 << 20

func (s *explorerSource) data() (*viewData, error) {
	ex := s.ex
	run := ex.Run()
	if run == nil || run.Instances == nil {
		return nil, ErrNoRun
	}
	layer := ex.Layer()
	d := &viewData{
		Title:     "ActiVis",
		Instances: run.Instances,
		Layer:     layer,
		Sample:    ex.Sample(),
		Selection: ex.Selection(),
	}
	if m := ex.Model(); m != nil {
		d.Graph = m.Graph
		if m.Path != "" {
			d.Title = "ActiVis: " + filepath.Base(m.Path)
		}
	}
	d.Inputs, d.InputShape = s.inputs()
	d.Attrib = s.attribAvailable()
	d.Suggest = s.suggestions(layer, false)
	budget := otherLayerValues
	for _, name := range s.layerOrder(d) {
		acts, err := run.Tensor(name)
		if err != nil {
			return nil, fmt.Errorf("views: %w", err)
		}
		ld := layerData{Name: name, Acts: acts, Neurons: acts.Dim()}
		if name != layer {
			cost := acts.Len() * acts.Dim()
			if cost > budget {
				d.Layers = append(d.Layers, ld) // listed, not embedded
				continue
			}
			budget -= cost
		}
		st, err := ex.Stats(name)
		if err != nil {
			return nil, fmt.Errorf("views: statistics of layer %q: %w", name, err)
		}
		ld.Stats = st
		ld.Orders = map[string][]int{}
		for key, by := range map[string]activis.Ordering{"variance": activis.ByVariance(), "clustered": activis.Clustered()} {
			if o, err := ex.Order(name, by); err == nil {
				ld.Orders[key] = o
			}
		}
		s.mu.Lock()
		want := name == layer || s.projected[name]
		s.mu.Unlock()
		if want {
			if p, err := ex.Projection(name); err == nil {
				ld.ProjX, ld.ProjY, ld.ProjIDs, ld.ProjMethod = p.X, p.Y, p.IDs, methodName(p.Method)
				s.mu.Lock()
				s.projected[name] = true
				s.mu.Unlock()
			}
		} else if p := pcaProjection(acts, d.Sample); p != nil {
			// Until the kernel computes its t-SNE, an offline view of this
			// layer shows the (cheap) PCA projection, labelled as such.
			ld.ProjX, ld.ProjY, ld.ProjIDs, ld.ProjMethod = p.X, p.Y, p.IDs, "PCA (select the layer in the kernel for t-SNE)"
		}
		d.Layers = append(d.Layers, ld)
	}
	return d, nil
}

// inputs returns the model inputs of the run's instances and their shape
// (one instance's), for thumbnails and attribution maps; nil when unknown.
func (s *explorerSource) inputs() (*activis.Activations, []int) {
	run := s.ex.Run()
	if run == nil {
		return nil, nil
	}
	if s.ds != nil && s.ds.Inputs != nil && s.ds.Inputs.Len() == run.Len() {
		return s.ds.Inputs, s.ds.InputShape
	}
	if m := s.ex.Model(); m != nil && m.Graph != nil && len(m.Graph.Inputs) == 1 {
		// The model input captured as a tensor of the run gives thumbnails too.
		in := m.Graph.Inputs[0]
		if a, err := run.Tensor(in); err == nil {
			if t := m.Graph.Tensors[in]; t != nil && len(t.Shape) > 1 {
				return a, t.Shape[1:]
			}
		}
	}
	return nil, nil
}

// methodName spells a projection method for people.
func methodName(m string) string {
	switch m {
	case project.MethodPCA:
		return "PCA"
	case project.MethodTSNE:
		return "t-SNE"
	}
	return m
}

// pcaMaxDim bounds the layers given a PCA stand-in projection (the d×d
// covariance costs d² per sampled row).
const pcaMaxDim = 1024

// pcaProjection projects the sampled instances' finite rows on their first
// two principal components; nil when the layer is too wide or has too few rows.
func pcaProjection(acts *activis.Activations, sample []int) *project.Projection {
	dim := acts.Dim()
	if dim < 2 || dim > pcaMaxDim {
		return nil
	}
	ids := make([]int, 0, len(sample))
	for _, i := range sample {
		finite := true
		for _, v := range acts.Row(i) {
			finite = finite && isFinite(v)
		}
		if finite {
			ids = append(ids, i)
		}
	}
	if len(ids) < 3 {
		return nil
	}
	p, err := project.ProjectPCA(acts, ids)
	if err != nil {
		return nil
	}
	return p
}

// layerOrder lists the selected layer first (it gets the budgets), then
// the others in graph order when a graph is known, else by name.
func (s *explorerSource) layerOrder(d *viewData) []string {
	names := s.ex.Layers()
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	out := []string{}
	seen := map[string]bool{}
	add := func(n string) {
		if have[n] && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	add(d.Layer)
	if d.Graph != nil {
		for _, n := range d.Graph.DataTensors() {
			add(n)
		}
	}
	for _, n := range names {
		add(n)
	}
	return out
}

func (s *explorerSource) fingerprint() string {
	layer := s.ex.Layer()
	var b strings.Builder
	b.WriteString(layer)
	s.mu.Lock()
	if s.forced {
		// Suggestions computed on request change what the views show.
		b.WriteString("\x00discover")
	}
	s.mu.Unlock()
	if st, err := s.ex.Stats(layer); err == nil {
		for _, r := range st.Rows {
			b.WriteString("\x00" + r.Kind.String() + ":" + r.Name)
		}
	}
	return b.String()
}

func (s *explorerSource) onChange(f func()) func() {
	cancel := s.ex.OnChange(f)
	s.mu.Lock()
	id := s.nextL
	s.nextL++
	s.listeners[id] = f
	s.mu.Unlock()
	return func() {
		cancel()
		s.mu.Lock()
		delete(s.listeners, id)
		s.mu.Unlock()
	}
}

// suggestions returns the discovery shown with layer selected, computed
// once per layer: at once for runs up to SuggestLimit instances (or when
// force is set or the kernel was asked before), else marked pending.
func (s *explorerSource) suggestions(layer string, force bool) *suggestData {
	s.mu.Lock()
	if force {
		s.forced = true
	}
	force = s.forced
	got := s.suggest[layer]
	limit := s.limit
	s.mu.Unlock()
	if got != nil && !(got.Pending && force) {
		return got
	}
	got = discover(s.ex, limit, force)
	s.mu.Lock()
	s.suggest[layer] = got
	s.mu.Unlock()
	return got
}

// handle applies a view message; "discover" (run discovery now, whatever
// the run's size) and "suggestion" (add the suggested subset named
// msg["name"] as a row) are the source's own, the others the explorer's.
func (s *explorerSource) handle(msg map[string]any) (string, error) {
	switch typ, _ := msg["type"].(string); typ {
	case "discover":
		sd := s.suggestions(s.ex.Layer(), true)
		s.mu.Lock()
		ls := make([]func(), 0, len(s.listeners))
		for _, f := range s.listeners {
			ls = append(ls, f)
		}
		s.mu.Unlock()
		for _, f := range ls {
			f()
		}
		if sd == nil || sd.Err != "" {
			return "", fmt.Errorf("discover: %s", sd.errText())
		}
		return fmt.Sprintf("%d suggested subsets", len(sd.Items)), nil
	case "suggestion":
		name, _ := msg["name"].(string)
		return addSuggestion(s.ex, s.suggestions(s.ex.Layer(), false), name)
	}
	return handleMessage(s.ex, msg)
}

// All returns the four coordinated views of ex as one value (what
// displaying ex itself shows).
func All(ex *activis.Explorer) View { return View{src: newExplorerSource(ex, nil), kind: kindAll} }

// Graph returns view A alone: the model graph; clicking a data node selects its layer.
func Graph(ex *activis.Explorer) View { return View{src: newExplorerSource(ex, nil), kind: kindGraph} }

// Matrix returns view B1 alone: the neuron activation matrix of the selected layer.
func Matrix(ex *activis.Explorer) View {
	return View{src: newExplorerSource(ex, nil), kind: kindMatrix}
}

// Projection returns view B2 alone: the 2-D projection of the sampled instances.
func Projection(ex *activis.Explorer) View {
	return View{src: newExplorerSource(ex, nil), kind: kindProjection}
}

// Instances returns view C alone: the instance panel.
func Instances(ex *activis.Explorer) View {
	return View{src: newExplorerSource(ex, nil), kind: kindInstances}
}

// WithDataset returns the view showing thumbnails of ds's inputs (images)
// on hover; ds must hold the explorer's instances in the same order.
func (v View) WithDataset(ds *activis.Dataset) View {
	if s, ok := v.src.(*explorerSource); ok {
		v.src = newExplorerSource(s.ex, ds)
		v.src.(*explorerSource).vocab = s.vocab
	}
	return v
}

// WithVocab returns the view naming a text model's token ids by vocab
// (vocab[id] is the word of id) in the instance panel's token-deletion
// scores (activis.AttributeOptions.Vocab); without it tokens show as ids.
func (v View) WithVocab(vocab []string) View {
	if s, ok := v.src.(*explorerSource); ok {
		c := newExplorerSource(s.ex, s.ds)
		c.vocab = vocab
		v.src = c
	}
	return v
}

// asSource recognises the values the views show: explorers and View values.
func asSource(v any) (source, string, bool) {
	switch x := v.(type) {
	case *activis.Explorer:
		if x != nil {
			return newExplorerSource(x, nil), kindAll, true
		}
	case View:
		return x.src, x.kind, x.src != nil
	case *View:
		if x != nil && x.src != nil {
			return x.src, x.kind, true
		}
	}
	return nil, "", false
}
