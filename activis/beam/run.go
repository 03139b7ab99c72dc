package activisbeam

import (
	"context"
	"fmt"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
)

// Run plans, builds and runs the pipeline on the runner chosen by Beam's
// --runner flag (beam.Init must have been called), and returns the
// pipeline's counters (instances, ranges, activation_bytes). The summary
// is at cfg.Out when err is nil.
func Run(ctx context.Context, cfg Config) (*Plan, map[string]int64, error) {
	plan, err := MakePlan(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	counters, err := RunPlan(ctx, plan, cfg.Out)
	return plan, counters, err
}

// RunPlan builds and runs the pipeline of a plan, writing the summary to
// out, and returns the counters.
func RunPlan(ctx context.Context, plan *Plan, out string) (map[string]int64, error) {
	if out == "" {
		return nil, fmt.Errorf("need --out")
	}
	p, s := beam.NewPipelineWithRoot()
	Build(s, plan, out)
	res, err := beamx.RunWithMetrics(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("pipeline: %w", err)
	}
	counters := map[string]int64{}
	if res != nil {
		for _, c := range res.Metrics().AllMetrics().Counters() {
			if c.Key.Namespace == "activis" {
				counters[c.Key.Name] += c.Result()
			}
		}
	}
	return counters, nil
}
