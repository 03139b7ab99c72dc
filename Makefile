# activis-go: the Go Jupyter kernel with ActiVis views.
# `make demo` and `make test` are the two commands README starts with.

GO      ?= go
PY      ?= /usr/bin/python3
BIN     := $(CURDIR)/bin
KERNEL  := $(BIN)/activis-kernel
# Tests use a private Jupyter tree so they never touch the user's kernelspecs.
TESTJUP := $(CURDIR)/build/jupyter

.PHONY: all build install uninstall test test-go test-kernel test-notebooks test-views \
        bench demo notebook assets generate deps fmt vet clean

all: build

build:
	$(GO) build -o $(KERNEL) ./kernel/cmd/activis-kernel

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

test-go:
	$(GO) test -count=1 ./...

# The private kernelspec the Jupyter-level tests run against.
$(TESTJUP)/kernels/activis/kernel.json: build
	JUPYTER_DATA_DIR=$(TESTJUP) $(KERNEL) install --user

test-kernel: $(TESTJUP)/kernels/activis/kernel.json
	@if [ -d kernel/testdata ] && ls kernel/testdata/test_*.py >/dev/null 2>&1; then \
	  JUPYTER_PATH=$(TESTJUP) KERNEL_BIN=$(KERNEL) $(PY) -m pytest -q -p no:cacheprovider kernel/testdata; \
	else echo "test-kernel: no Jupyter-level kernel tests yet"; fi

test-notebooks: $(TESTJUP)/kernels/activis/kernel.json
	@if ls notebooks/tests/test_*.py >/dev/null 2>&1; then \
	  JUPYTER_PATH=$(TESTJUP) $(PY) -m pytest -q -p no:cacheprovider notebooks/tests; \
	else echo "test-notebooks: no notebook tests yet"; fi

test-views:
	@if [ -f widgets/js/package.json ] && ls widgets/js/test/*.test.js >/dev/null 2>&1; then \
	  cd widgets/js && node --test test/; \
	else echo "test-views: no JS tests yet"; fi

# ---------------------------------------------------------------- benchmarks
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# ---------------------------------------------------------------- demo and notebook
demo:
	@echo "make demo: the tutorial notebooks and demo model are not in yet (issue 6); this builds and installs the kernel only."
	$(MAKE) install

notebook: install
	cd notebooks && jupyter notebook --no-browser --ip 127.0.0.1 --port $${PORT:-8888} --NotebookApp.token='' $$( [ "$$(id -u)" = 0 ] && echo --allow-root )

assets:
	@echo "make assets: the view bundle sources are not in yet (issue 5)"

clean:
	rm -rf $(BIN) build
