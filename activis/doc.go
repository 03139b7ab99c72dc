// Package activis is the engine of ActiVis, the visual analytics system for
// deep neural networks (Kahng, Andrews, Kalro and Chau, IEEE VIS 2017),
// rebuilt as a pure Go library with no Jupyter in it.
//
// ActiVis's central idea is that one representation holds both single
// instances and subsets of instances: a subset row is the mean activation of
// its members for every neuron of a layer. Subset statistics are computed in
// one streaming pass over every instance, while only a bounded sample of
// single instances is kept for the instance-level views.
//
// # Data: instances, images and activations
//
// Instances hold the metadata of N instances in columns (ids, true and
// predicted classes, per-class scores, numeric, categorical and text
// attributes); an Instance value reads one row through accessors such as
// Label, Correct, Score, Attr, Text and Act. Loaders:
//
//   - LoadIDX reads MNIST-format images and labels (gzip or not), e.g.
//     Fashion-MNIST with FashionMNISTClasses; LoadPNGFolder reads
//     dir/<class>/*.png. Both add the attribute "mean_pixel".
//   - LoadInstances reads CSV or JSON Lines metadata: columns id, label,
//     predicted, score_<class> (or a scores array); every other column is
//     an attribute, text kept verbatim.
//   - LoadActivations memory-maps a NumPy .npy file (float32, float16 or
//     float64, C order; N × ... flattened to N × D) and LoadNPZ an .npz
//     archive. Files larger than memory are streamed with Scan, never read
//     whole; SaveNPY writes one back.
//   - NewRun pairs the metadata with activations per tensor, checking that
//     every tensor has one row per instance; LoadRunDir does all three for
//     a folder written by the PyTorch snippet below.
//   - Dataset.Slice, Instances.Slice and Activations.Slice take a range of
//     instances without copying, e.g. the first thousand test images.
//
// For a model that ran elsewhere:
//
//	acts, err := activis.LoadActivations("fc1.npy")      // N × D, memory-mapped
//	meta, err := activis.LoadInstances("instances.csv")  // id, label, predicted, scores, attributes
//	run, err := activis.NewRun(meta, map[string]*activis.Activations{"fc1": acts})
//	defer run.Close()
//
// Streaming over activations, in blocks of rows (float32 files are served
// without copying; the rows slice is valid only during the call):
//
//	// given: acts *activis.Activations
//	err := acts.Scan(0, acts.Len(), 0, func(first int, rows []float32) error {
//		for r := 0; r < len(rows)/acts.Dim(); r++ {
//			row := rows[r*acts.Dim() : (r+1)*acts.Dim()] // instance first+r
//			_ = row
//		}
//		return nil
//	})
//
// To run a model here over inputs of your own (images, token ids) rather
// than IDX files or PNG folders, LoadInputs memory-maps a .npy of any float
// or integer dtype (uint8 pixels, int64 token ids), NewDataset pairs it
// with the metadata (the input shape comes from the file) and Transform
// applies the preprocessing the model was trained with:
//
//	// given: model *activis.Model
//	x, err := activis.LoadInputs("x_test.npy")          // N × 3 × 32 × 32 uint8
//	meta, err := activis.LoadInstances("labels.csv")    // id, label
//	data, err := activis.NewDataset(meta, x)
//	data, err = data.Transform(func(in []float32) {
//		for k := range in {
//			in[k] /= 255
//		}
//	})
//	run, err := model.Run(data, "layer3", "fc")
//
// A model with several inputs (token ids and an attention mask) takes the
// first from Dataset.Inputs and the others, by ONNX input name, from
// Dataset.Extra.
//
// Model.Run takes per-channel means of 4-D feature maps, channels first
// (PyTorch) or channels last (tf2onnx and Keras exports; see
// graph.Graph.Layout); RunOptions.Flatten keeps every value instead.
//
// # Recording activations in PyTorch
//
// These lines (after import csv, numpy as np, torch), added around a
// PyTorch evaluation loop over model and loader, with classes the class
// names in output order, register forward hooks that collect the outputs
// of the chosen modules and write one .npy file per module plus
// instances.csv, exactly what LoadActivations and LoadInstances read
// (testdata/torchhook holds files written by this very code):
//
//	layers = {"conv": model.conv, "fc1": model.fc1}  # modules whose outputs to record
//	acts = {name: [] for name in layers}
//	hooks = [m.register_forward_hook(lambda m, i, out, name=name:
//	                                 acts[name].append(out.detach().float().cpu().numpy()))
//	         for name, m in layers.items()]
//	rows = []
//	model.eval()
//	with torch.no_grad():
//	    for x, y in loader:
//	        scores = torch.softmax(model(x), dim=1)
//	        for yi, si in zip(y.tolist(), scores):
//	            rows.append([len(rows), classes[yi], classes[int(si.argmax())], *si.tolist()])
//	for h in hooks:
//	    h.remove()
//	for name, chunks in acts.items():
//	    np.save(f"{name}.npy", np.concatenate(chunks))  # N × ..., float32, C order
//	with open("instances.csv", "w", newline="") as f:
//	    w = csv.writer(f)
//	    w.writerow(["id", "label", "predicted"] + [f"score_{c}" for c in classes])
//	    w.writerows(rows)
//
// Outputs keep their shape (a convolution's N × C × H × W is flattened to
// N × (C·H·W) by LoadActivations). To add attributes, append columns to
// the CSV rows (text, numbers or categories; text is kept verbatim). For
// more instances than fit in memory, write each batch into an
// np.lib.format.open_memmap array of the final shape instead of
// concatenating. Then, in Go:
//
//	meta, err := activis.LoadInstances("instances.csv")
//	fc1, err := activis.LoadActivations("fc1.npy")
//	conv, err := activis.LoadActivations("conv.npy")
//	run, err := activis.NewRun(meta, map[string]*activis.Activations{"fc1": fc1, "conv": conv})
//
// or, for the whole folder, run, err := activis.LoadRunDir(".").
//
// # Analysis: subsets, statistics, neuron order, samples
//
// An Explorer holds the analysis of one run: the rows of ActiVis's
// activation matrix and the state the views share. The notebook flow:
//
//	// given: imagesGz, labelsGz string // paths of the IDX files
//	model, err := activis.LoadONNX("data/fashion_cnn.onnx")
//	data, err := activis.LoadIDX(imagesGz, labelsGz, activis.FashionMNISTClasses)
//	run, err := model.Run(data, "conv2", "fc1")        // predictions + activations
//	ex := activis.NewExplorer(model, run)              // every class is a row from the start
//	err = ex.AddSubset("misclassified shirts", `label == "Shirt" && predicted != label`)
//	err = ex.AddSubsetFunc("bright", func(in activis.Instance) bool { return in.Attr("mean_pixel") > 0.5 })
//	err = ex.AddInstances(12, 345)                     // single instances as rows
//	stats, err := ex.Stats("fc1")                      // rows × neurons, with counts
//	order, err := ex.Order("fc1", activis.Clustered()) // or ByRow, ByVariance, ByDifference
//	report, err := ex.Report("fc1")                    // dead and saturated neurons
//	proj, err := ex.Projection("fc1")                  // t-SNE of ex.Sample(), cached
//
// Subset expressions (github.com/expr-lang/expr) see one instance at a
// time: label, predicted, correct, id, index, score("Shirt"),
// act("fc1", 17), attr("x"), text("review"), words (the lower-cased words
// of the text attributes, so `"great" in words` works) and every attribute
// whose name is an identifier. A syntax error, an unknown name, and an
// unknown class, attribute or tensor written as a literal give an error
// wrapping ErrExpr that carries the line and column (a *file.Error) and
// names the culprit. Subsets compose with And, Or and Not, and helpers build
// the common ones (ClassSubset, PredictedSubset, CorrectSubset, AttrRange,
// AttrEquals, AttrContains, NeuronAbove, IndexSubset); ex.Add adds any.
// Subset.Members gives a subset's members as an IndexSet (a bitmap over the
// run's instances), the type Aggregate takes its groups in.
//
// Statistics (count, and per neuron mean, population std, fraction active
// (> 0), min and max) are computed by Aggregate in one streaming pass over
// every instance for all rows at once, in parallel, with float64
// accumulators, releasing memory-mapped pages behind it when the file is
// larger than a quarter of the memory. NaN and ±Inf
// values are excluded and counted (Stats.NaN, RowStats.NonFinite). When the
// rows fall into few membership patterns (classes, subsets of labels and
// predictions), each pattern is aggregated once and the rows are merged from
// them. Building with GOEXPERIMENT=simd on amd64 selects an AVX2 kernel
// (AVX-512 where the CPU has it).
// Accumulators merge, so shards aggregated separately (with
// AggregateOptions.Offset) combine to the same result in any order:
//
//	// given: ctx context.Context, groups []*activis.IndexSet, dim int,
//	// given: shards []*activis.Activations, offsets []int
//	total := activis.NewAccumulator(len(groups), dim)
//	for k, shard := range shards {                     // e.g. one .npy per shard
//		acc, err := activis.Aggregate(ctx, shard, groups, activis.AggregateOptions{Offset: offsets[k]})
//		if err != nil { ... }
//		total.Merge(acc)
//	}
//	mean := total.Row(0).Mean
//
// The Explorer caches statistics per layer and row: a subset added later
// is aggregated from its own members alone. The instance-level views use a bounded,
// class-stratified sample (StratifiedSample; ex.SampleSize, ex.Seed) that
// always holds the added instances; the statistics always use every
// instance. An Explorer is safe for concurrent use, and OnChange tells a
// view when to redraw.
//
// # Summaries: industry scale
//
// A Summary is what the explorer needs of a run in a size that does not grow
// with the number of instances: per layer and row the mergeable statistics
// (an Accumulator), a class-stratified sample of instances, and the run's
// metadata. Summarize makes one on one machine; summaries of disjoint shards
// Merge into the summary of their union in any order; Save and LoadSummary
// keep one in a file (.npz with a JSON header); NewExplorerFromSummary opens
// it in the explorer exactly as local data, subset rows from the statistics
// and instance views from the sample. The nested module activis/beam builds
// the same Summary with an Apache Beam pipeline (its own go.mod, so programs
// that import only activis never link Beam):
//
//	// given: ctx context.Context, run *activis.Run, model *activis.Model
//	s, err := activis.Summarize(ctx, run, activis.SummaryOptions{
//		Subsets: []*activis.Subset{activis.NewSubset("shirts", `label == "Shirt"`)},
//	})
//	if err != nil { ... }
//	if err := s.Save("summary.npz"); err != nil { ... }
//	s2, err := activis.LoadSummary("summary.npz")
//	ex, err := activis.NewExplorerFromSummary(model, s2)
//
// # Beyond ActiVis: discovery
//
// Discover (and Explorer.Discover) suggests subsets where the model errs
// more than on the whole set: metadata slices in the spirit of `SliceFinder`,
// tested for significance with a multiple-testing correction over one
// streaming pass, and clusters of misclassified instances in a layer's
// activations. Each Suggestion carries its expression or members, so
// Suggestion.Subset adds it as a row and reproduces it.
//
// # Beyond ActiVis: attribution
//
// Explorer.Contributions tells which neurons of a layer matter for a
// class, per matrix row: rows × neurons contributions to the class's
// logit, aligned with Explorer.Rows. When the layer reaches the logits
// through linear nodes only (Model.Linear composes them into one
// LinearReadout: effective weight and bias), a neuron's contribution is
// its activation times its effective weight, exact and averaged over
// every member; otherwise it is estimated by ablation (zero the neuron or
// channel, run the rest of the graph with infer.Executor.RunFrom, take
// the drop of the logit) on a class-stratified sample.
// Contributions.Method says which:
//
//	// given: ex *activis.Explorer
//	c, err := ex.Contributions("fc1", 6)   // the "Shirt" logit
//	if err != nil { ... }
//	for r, row := range c.Rows {
//		fmt.Println(row, c.Method, c.Counts[r], c.Logit[r], c.Values[r][:3])
//	}
//
// Explorer.Attribute tells which parts of one instance's input matter: an
// occlusion map for an image model (a patch, 4×4 by default, set to
// AttributeOptions.Fill, slid over the image; every occluded copy runs in
// one batch) or token-deletion scores for a text model, each the drop of
// the class's probability (or logit) when the part is hidden.
// Model.Attribute does the same for an input given directly:
//
//	// given: ex *activis.Explorer
//	a, err := ex.AttributeWith(12, 6, activis.AttributeOptions{Stride: 2})
//	if err != nil { ... }
//	fmt.Println(a.Method, a.Height, a.Width, a.Map[14*a.Width+14])
//
// # Beyond ActiVis: model comparison
//
// Compare takes two runs over the same instances (two models, or two
// checkpoints of one training run) and puts each instance in one of four
// Agreement categories: BothRight, OnlyARight, OnlyBRight, BothWrong. The
// runs must have the same count, ids, classes and true labels (the error
// wraps ErrRunMismatch and names the first difference). The Comparison
// gives the categories as IndexSet values (Comparison.Members) and as subsets
// ready to add as rows (Comparison.Subsets); Comparison.Matrix puts both
// runs' rows side by side (ComparisonMatrix: the categories, any
// CompareOptions.Subsets, the classes), with shared columns when the
// layers match in name and width; Comparison.AgreementRun is run A with
// the categories as its classes, so a projection coloured by class is
// coloured by which model is right:
//
//	// given: run, runEarly *activis.Run, ex *activis.Explorer
//	cmp, err := activis.Compare(run, runEarly, activis.CompareOptions{NameA: "6 epochs", NameB: "1 epoch"})
//	if err != nil { ... }
//	fixed := cmp.Members(activis.OnlyARight)   // right after six epochs, wrong after one
//	for _, s := range cmp.Subsets() {
//		if err := ex.Add(s); err != nil { ... }
//	}
//	m, err := cmp.Matrix("fc1")
//	if err != nil { ... }
//	change, err := m.Diff("both right")        // MeanB − MeanA per neuron
//	fmt.Println(cmp, fixed.Count(), m.Rows, change[:3])
package activis
