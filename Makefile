# activis-go: the Go Jupyter kernel with ActiVis views.
# `make demo` and `make test` are the two commands README starts with.

GO      ?= go
PY      ?= /usr/bin/python3
BIN     := $(CURDIR)/bin
KERNEL  := $(BIN)/activis-kernel
# Tests use a private Jupyter tree so they never touch the user's kernelspecs.
TESTJUP := $(CURDIR)/build/jupyter

.PHONY: all build frontend jupyterlab test-lab bench-lab install uninstall test test-go test-kernel test-notebooks test-views \
        bench bench-core bench-onnx bench-kernel bench-tsne fuzz demo notebook assets generate deps fmt vet clean

all: build

# The kernel is built with Go 1.26's simd experiment so that activation
# aggregation uses its AVX2 kernel (activis/internal/accumulate/kernel_simd.go; it falls back
# to the portable kernel at run time on CPUs without AVX2).
GOEXPERIMENT ?= simd
export GOEXPERIMENT

build: frontend
	$(GO) build -o $(KERNEL) ./kernel/cmd/activis-kernel

# frontend fills install/labext with the two prebuilt JupyterLab extensions
# (widget manager, anywidget's front end) built from npm by install/frontend,
# which the kernel embeds; cached in ~/.cache/activis-go by the hash of the
# lock file. Without npm the kernel is built without them (install says so).
frontend:
	@sh install/frontend/build.sh embed >/dev/null || { [ $$? = 3 ] && echo "frontend: npm missing: the kernel is built without the JupyterLab front end"; }

# jupyterlab builds (or finds in the cache) the JupyterLab 4.6 application the
# browser tests of widgets/internal/labtest run, and prints its directory.
jupyterlab:
	@sh install/frontend/build.sh app || { [ $$? = 3 ] && echo "jupyterlab: npm missing: the JupyterLab tests will skip"; }

install: build
	$(KERNEL) install $(INSTALL_FLAGS)

uninstall: build
	$(KERNEL) uninstall $(INSTALL_FLAGS)

# deps installs what the tests, the demo and the live notebook need on Debian.
deps:
	./.ci/deps

generate:
	$(GO) generate ./...

fmt:
	gofmt -l -w $$(git ls-files '*.go')

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) vet ./...

# ---------------------------------------------------------------- tests
test: vet test-go test-kernel test-notebooks test-views

# The JupyterLab tests (widgets/internal/labtest and its users) run in
# test-go; the application and the front end are built first.
test-go: frontend jupyterlab
	$(GO) test -count=1 ./...
	GOEXPERIMENT= $(GO) test -count=1 ./activis/ ./activis/internal/... ./activis/infer/...   # the portable kernels too
	$(GO) test -count=1 -race ./activis/ ./activis/internal/... ./activis/infer/... ./activis/graph/   # the parallel runs and aggregation under the race detector

# test-lab runs the harness's own real-JupyterLab tests alone (they and the
# JupyterLab tests of other packages also run in test-go); screenshots in
# build/artifacts/lab. `make bench-lab` times a cell run in the page, the Go
# kernel beside ipykernel.
test-lab: frontend jupyterlab
	$(GO) test -count=1 -v -run 'TestLab' ./widgets/internal/labtest/

bench-lab: frontend jupyterlab
	$(GO) test -count=1 -run '^$$' -bench BenchmarkLabRunCell -benchtime 20x ./widgets/internal/labtest/

# The private kernelspec the Jupyter-level tests run against.
$(TESTJUP)/kernels/activis/kernel.json: build
	JUPYTER_DATA_DIR=$(TESTJUP) $(KERNEL) install --user

# jupyter_kernel_test conformance, protocol behaviour through jupyter_client,
# and the sample notebook via nbclient and nbconvert (kernel/testdata).
test-kernel: $(TESTJUP)/kernels/activis/kernel.json
	JUPYTER_PATH=$(TESTJUP) ACTIVIS_HISTORY=off KERNEL_BIN=$(KERNEL) \
	  $(PY) -m pytest -q -p no:cacheprovider kernel/testdata

test-notebooks: $(TESTJUP)/kernels/activis/kernel.json
	@if ls notebooks/tests/test_*.py >/dev/null 2>&1; then \
	  JUPYTER_PATH=$(TESTJUP) $(PY) -m pytest -q -p no:cacheprovider notebooks/tests; \
	else echo "test-notebooks: no notebook tests yet"; fi

# test-views: JS unit tests (node --test; needs widgets/js/node_modules, made
# by `npm ci` from the pinned package-lock.json when missing or older than the
# lock file and npm is present — Debian ships npm apart from nodejs), then the
# Go tests of widgets/views: payload construction, escaping, the committed
# bundle against its sources (no npm needed), the headless-Chromium tests
# (widths 600–1200 px, an nbconvert export) and the end-to-end test in the
# classic Notebook (skipped without chromium or jupyter-notebook).
test-views:
	@cd widgets/js && if { [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; } \
	  && command -v npm >/dev/null; then npm ci --no-audit --no-fund; fi
	@if [ -d widgets/js/node_modules ] && command -v node >/dev/null; then cd widgets/js && node --test test/; \
	else echo "test-views: JS unit tests skipped: no widgets/js/node_modules and no npm (apt-get install npm); the bundle check below still runs"; fi
	$(GO) test -count=1 ./widgets/views/

# test-beam: the Apache Beam pipeline (nested module activis/beam, Beam Go
# SDK; its module cache, ~800 MB, is downloaded on first use) on the prism
# runner against activis.Aggregate over the same shards: BEAM_TEST_FLAGS
# sizes the equivalence test (1e6 × 512 float32 in 20 shards: 2 GB in
# TMPDIR). Prism's job server listens on every interface, so the tests run
# in a private network namespace (unshare --net, as root; iproute2 brings
# up its loopback). Then notebook 05 runs the pipeline with bin/activis-beam.
BEAM_TEST_FLAGS ?= -beam.rows=1000000 -beam.dim=512 -beam.shards=20
.PHONY: test-beam bench-beam activis-beam
test-beam: activis-beam $(TESTJUP)/kernels/activis/kernel.json
	cd activis/beam && $(GO) vet ./... && $(GO) test -count=1 -timeout 30m -v . -args $(BEAM_TEST_FLAGS)
	ACTIVIS_BEAM_REQUIRED=1 JUPYTER_PATH=$(TESTJUP) $(PY) -m pytest -q -p no:cacheprovider notebooks/tests -k industry_scale

# activis-beam: the pipeline's command, bin/activis-beam (notebook 05 runs it
# when it is there).
activis-beam:
	cd activis/beam && $(GO) build -o $(BIN)/activis-beam ./cmd/activis-beam

# bench-beam: BENCH_ROWS × BENCH_DIM float32 in BENCH_SHARDS shards (made
# once in BENCH_DIR) summarized by activis-beam on prism beside the
# single-machine baseline (activis.Summarize shard by shard, merged) in the
# same run, each under /usr/bin/time -v (wall time, peak RSS); then the
# merge of 1,000 summaries (go test -bench in activis).
BENCH_ROWS   ?= 10000000
BENCH_DIM    ?= 512
BENCH_SHARDS ?= 40
BENCH_DIR    ?= $(CURDIR)/build/bench-beam
bench-beam:
	GO=$(GO) ROWS=$(BENCH_ROWS) DIM=$(BENCH_DIM) SHARDS=$(BENCH_SHARDS) DIR=$(BENCH_DIR) bash activis/beam/testdata/bench.sh

# gocorpus runs GOROOT's `// run` test programs (test/ and test/typeparam)
# in the kernel's Go session and in plain yaegi, each in a fresh child
# process with a timeout, and prints pass / fail with error / silently wrong
# for both and the programs plain yaegi passes that the kernel fails
# (kernel/gosession/internal/cmd/gocorpus; several minutes: not in make test).
GOCORPUS_FLAGS ?=
.PHONY: gocorpus
gocorpus:
	$(GO) run ./kernel/gosession/internal/cmd/gocorpus $(GOCORPUS_FLAGS)

# gocorpus-packages runs the same programs, and the standard library's
# examples, as packages imported from source through a file:// module
# proxy, and the examples as cells too (gocorpus -packages; about a
# minute).
.PHONY: gocorpus-packages
gocorpus-packages:
	$(GO) run ./kernel/gosession/internal/cmd/gocorpus -packages $(GOCORPUS_FLAGS)

# test-build-with builds a kernel with gonum.org/v1/plot/... compiled in
# (activis-kernel build --with) and plots a line in it (TestBuildPlot; it
# needs the Go module proxy and takes minutes with cold caches, so it is not
# part of make test).
.PHONY: test-build-with
test-build-with:
	ACTIVIS_TEST_BUILD_WITH=1 $(GO) test -count=1 -v -run TestBuildPlot -timeout 30m ./kernel/kernelbuild/

# ---------------------------------------------------------------- fuzzing
# fuzz runs every Go fuzz target of the module (func FuzzX in a _test.go:
# loaders, the wire decoder, ONNX graphs, subset expressions, …) for
# FUZZTIME each, one after the other (go test -fuzz takes one target per
# run). Seeds are each package's f.Add calls and testdata/fuzz/FuzzX; a
# crasher is written there by go test and fails plain `go test` until fixed.
# FUZZ narrows the run to targets matching a regexp (e.g. FUZZ=NPY).
FUZZTIME ?= 60s
FUZZ     ?= .
fuzz:
	@set -e; for f in $$(grep -rl --include='*_test.go' '^func Fuzz' activis kernel widgets | sort); do \
	  for t in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' $$f | grep -E -- '$(FUZZ)' || true); do \
	    echo "== $$t (./$$(dirname $$f)) for $(FUZZTIME)"; \
	    $(GO) test -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) ./$$(dirname $$f); \
	  done; \
	done

# ---------------------------------------------------------------- benchmarks
bench: bench-core bench-onnx bench-tsne
	$(GO) test -run '^$$' -bench . -benchmem ./...
	$(MAKE) bench-kernel

# Aggregation of 1,000,000 × 512 float32, memory-mapped from a .npy, into
# 10 classes + 50 subsets (random, 7.5 memberships per instance, and
# label/prediction cells), beside the read floor (a plain sum of the same
# mapped buffer) with the portable and the GOEXPERIMENT=simd kernels, then
# NumPy's M @ X means on the same file (activis/testdata/bench_aggregate.py,
# Debian's python3-numpy with OpenBLAS, installed when missing); prints the
# ratios. Needs ~5 GB of memory and 2.5 GB in build/bench-core.
bench-core:
	@dpkg-query -W -f='$${Status}' python3-numpy libopenblas0-pthread 2>/dev/null | grep -q "install ok installed.*install ok installed" || { \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get install -y --no-install-recommends python3-numpy libopenblas0-pthread; }
	GO=$(GO) PY=$(PY) sh activis/testdata/bench_core.sh

# Barnes-Hut t-SNE beside scikit-learn's on the same Fashion-MNIST images in
# one run (TSNE_N images, default 10,000): time, KL and 10-NN class agreement,
# on raw pixels and on the demo model's penultimate layer (fc1).
TSNE_N ?= 10000
bench-tsne:
	$(GO) run ./activis/project/internal/cmd/tsnebench -n $(TSNE_N) -out build/tsne-go-$(TSNE_N).json
	$(PY) activis/project/testdata/sklearn_baseline.py -n $(TSNE_N) --go build/tsne-go-$(TSNE_N).json
	$(GO) run ./activis/project/internal/cmd/tsnebench -n $(TSNE_N) -model notebooks/data/fashion_cnn.onnx -layer fc1 \
	  -save-npy build/tsne-fc1-$(TSNE_N).npy -out build/tsne-go-fc1-$(TSNE_N).json
	$(PY) activis/project/testdata/sklearn_baseline.py -n $(TSNE_N) --npy build/tsne-fc1-$(TSNE_N).npy --go build/tsne-go-fc1-$(TSNE_N).json

# The ONNX runtime beside onnxruntime-node on the same model and batch,
# alternating three rounds (ROUNDS=n to change) in one window; prints the
# ratios of each round.
bench-onnx:
	GO=$(GO) sh activis/infer/testdata/bench/run.sh

# Execute round trip and startup beside Debian's ipykernel (bench-only
# dependency, installed when missing).
bench-kernel: $(TESTJUP)/kernels/activis/kernel.json
	@dpkg-query -W -f='$${Status}' python3-ipykernel 2>/dev/null | grep -q "install ok installed" || { \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
	  $$sudo apt-get install -y --no-install-recommends python3-ipykernel; }
	JUPYTER_PATH=$(TESTJUP) ACTIVIS_HISTORY=off $(PY) kernel/testdata/bench_kernel.py

# ---------------------------------------------------------------- demo and notebook
DEMO := $(CURDIR)/build/demo

# demo: installs what is missing (Debian packages, Go modules), builds and
# installs the kernel for this user, executes the quickstart notebook on the
# bundled model and Fashion-MNIST, and writes a self-contained HTML report.
demo: deps
	$(GO) mod download
	$(MAKE) install
	mkdir -p $(DEMO)
	cd notebooks && $(PY) -m nbconvert --to html --execute \
	  --ExecutePreprocessor.kernel_name=activis --ExecutePreprocessor.timeout=600 \
	  --ExecutePreprocessor.store_widget_state=False \
	  --output-dir $(DEMO) --output 01-quickstart 01-quickstart.ipynb
	@echo
	@echo "The ActiVis report is $(DEMO)/01-quickstart.html (open it in a browser; it works offline)."
	@echo "To work in the notebooks live: make notebook, then open http://127.0.0.1:8888 (kernel \"Go (ActiVis)\")."

# notebook serves notebooks/ in Debian's classic Jupyter Notebook on 127.0.0.1
# (PORT=8888 by default; no token: it listens on loopback only).
notebook: deps install
	cd notebooks && $(PY) -m notebook --no-browser --ip 127.0.0.1 --port $${PORT:-8888} --NotebookApp.token='' $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

# assets rebuilds the committed front-end bundle widgets/views/assets/activis.js
# from widgets/js with the esbuild and libraries pinned in package-lock.json.
assets:
	cd widgets/js && npm ci --no-audit --no-fund && node build.mjs

clean:
	rm -rf $(BIN) build
