package views

import (
	"fmt"
	"math"

	"github.com/activis-go/activis/activis"
)

// SuggestLimit is the largest run (in instances) whose suggested subsets
// (activis.Discover) are computed when its views are built: about 0.25 s
// at 1e5 instances with 20 attributes. Larger runs show a "Suggest subsets"
// button instead, which asks the kernel to run discovery (a live widget,
// or the classic Notebook's views over their comm).
const SuggestLimit = 100_000

// suggestData is what the views show of a discovery: the suggestions with
// their members over all instances (for the bitmap over the sampled
// points), or why there are none.
type suggestData struct {
	// Discovery is the result (nil: not run, see Pending, or failed, see Err).
	Discovery *activis.Discovery
	// Items are Discovery.Suggestions() and Members their members over every instance.
	Items   []activis.Suggestion
	Members []*activis.IndexSet
	// Pending is set when discovery was not run because the run is larger
	// than SuggestLimit: the kernel runs it when asked ({"type": "discover"}).
	Pending bool
	// Err says why discovery failed.
	Err string
}

// suggestPayload is the payload's "suggest" field (doc.go).
type suggestPayload struct {
	Items     []suggestItemPayload `json:"items"`
	Instances int                  `json:"instances"`
	Errors    int                  `json:"errors"`
	BaseRate  float64              `json:"baseRate"`
	Layer     string               `json:"layer,omitempty"`
	Pending   bool                 `json:"pending,omitempty"`
	Error     string               `json:"error,omitempty"`
}

// suggestItemPayload is one suggestion. Points is a bitmap over the
// payload's points (bit k of byte k/8, least significant first) marking
// the sampled instances in the suggestion: the views highlight them on
// hover and, without a kernel, make a row of them.
type suggestItemPayload struct {
	Name     string  `json:"name"`
	Kind     string  `json:"kind"`
	Expr     string  `json:"expr,omitempty"`
	Size     int     `json:"size"`
	Errors   int     `json:"errors"`
	Rate     float64 `json:"rate"`
	Rest     float64 `json:"rest"`
	PValue   float64 `json:"p,omitempty"`
	Reason   string  `json:"reason"`
	Points   string  `json:"points"`
	InPoints int     `json:"inPoints"`
}

// suggestPayloadOf turns discovery into the payload's list over the
// sampled points pts; nil when there is nothing to show.
func suggestPayloadOf(s *suggestData, pts []int) *suggestPayload {
	if s == nil {
		return nil
	}
	if s.Discovery != nil && s.Discovery.Instances == 0 {
		// No instance has both a label and a prediction (e.g. a run of
		// activations only): nothing to discover from, no list.
		return nil
	}
	sp := &suggestPayload{Items: []suggestItemPayload{}, Pending: s.Pending, Error: s.Err}
	if d := s.Discovery; d != nil {
		sp.Instances, sp.Errors, sp.BaseRate, sp.Layer = d.Instances, d.Errors, d.BaseRate, d.Layer
	}
	for i, g := range s.Items {
		it := suggestItemPayload{Name: g.Name, Kind: g.Kind.String(), Expr: g.Expr, Size: g.Size, Errors: g.Errors,
			Rate: finite(g.ErrorRate), Rest: finite(g.RestRate), PValue: finite(g.PValue), Reason: g.Reason}
		bits := make([]byte, (len(pts)+7)/8)
		if i < len(s.Members) && s.Members[i] != nil {
			for k, idx := range pts {
				if s.Members[i].Has(idx) {
					bits[k/8] |= 1 << (k % 8)
					it.InPoints++
				}
			}
		}
		it.Points = b64(bits)
		sp.Items = append(sp.Items, it)
	}
	return sp
}

// finite replaces NaN and ±Inf (which JSON cannot carry) by 0.
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// discover runs discovery on ex for the views: the suggestions and their
// members, or Pending when the run is larger than limit instances and
// force is false.
func discover(ex *activis.Explorer, limit int, force bool) *suggestData {
	run := ex.Run()
	if run == nil || run.Instances == nil {
		return nil
	}
	if !force && run.Len() > limit {
		return &suggestData{Pending: true}
	}
	d, err := ex.Discover(activis.DiscoverOptions{})
	if err != nil {
		return &suggestData{Err: err.Error()}
	}
	s := &suggestData{Discovery: d, Items: d.Suggestions()}
	for _, g := range s.Items {
		m, err := g.Subset().Members(run)
		if err != nil {
			m = nil // listed, no points highlighted
		}
		s.Members = append(s.Members, m)
	}
	return s
}

// suggestionTarget is what a "suggestion" message acts on: the explorer's
// Add (a slice's expression or a cluster's members, named as suggested).
type suggestionTarget interface {
	Add(s *activis.Subset) error
}

// addSuggestion adds the suggestion named name of s as a row of t.
func addSuggestion(t suggestionTarget, s *suggestData, name string) (string, error) {
	if s == nil || s.Pending {
		return "", fmt.Errorf("suggestion %q: no suggestions computed (send {\"type\": \"discover\"} first)", name)
	}
	for _, g := range s.Items {
		if g.Name == name {
			if err := t.Add(g.Subset()); err != nil {
				return "", fmt.Errorf("suggestion %q: %w", name, err)
			}
			return fmt.Sprintf("added suggested subset %s (%d instances)", name, g.Size), nil
		}
	}
	return "", fmt.Errorf("suggestion %q: not among the suggested subsets", name)
}

// errText says why there are no suggestions.
func (s *suggestData) errText() string {
	if s == nil {
		return "the explorer has no run"
	}
	return s.Err
}
