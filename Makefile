# Two entry points for a fresh machine: `make demo` and `make test`.
# Everything is installed into .venv; the embedding model is built once into $(CACHE).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CACHE ?= $(or $(CROSSCHECK_CACHE),$(HOME)/.cache/crosscheck)
MODEL := $(CACHE)/minilm-l6-v2-int8/model.onnx
DEMO_DB ?= demo.db

.PHONY: install install-test model demo test bench clean

$(BIN)/crosscheck: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

install: $(BIN)/crosscheck

$(VENV)/.test-deps: $(BIN)/crosscheck
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

install-test: $(VENV)/.test-deps

# The ONNX model is exported once, in a throwaway build environment that holds torch
# (CPU build 2.13.0, which lies on this machine's disk); the runtime never needs torch.
$(MODEL): scripts/build_embedder.py
	CROSSCHECK_CACHE=$(CACHE) PYTHON=$(PYTHON) sh scripts/build_embedder.sh

model: $(MODEL)

demo: install model
	rm -f $(DEMO_DB)
	$(BIN)/crosscheck ingest examples --db $(DEMO_DB) || test $$? -eq 1
	$(BIN)/crosscheck stories --db $(DEMO_DB)

test: install-test model
	CROSSCHECK_CACHE=$(CACHE) $(BIN)/python -m pytest -q

bench: install-test model
	$(BIN)/python -m benchmarks.run_all

clean:
	rm -rf $(VENV) $(DEMO_DB) .pytest_cache
