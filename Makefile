# Two entry points for a fresh machine: `make demo` and `make test`.
# Everything is installed into .venv; the embedding model is built once into $(CACHE).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CACHE ?= $(or $(CROSSCHECK_CACHE),$(HOME)/.cache/crosscheck)
MODEL := $(CACHE)/minilm-l6-v2-int8/model.onnx
TAGGER := $(CACHE)/attribution-tagger/tagger.onnx
DEMO_DB ?= demo.db

# pip, quiet: the venvs are this project's own, so its warning about running as root (a
# machine whose only user is root, as a CI container) and its new-version notice do not apply.
export PIP_ROOT_USER_ACTION := ignore
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# setuptools tells every editable install that a folder named like the package in the working
# directory takes precedence in imports: here that folder is the installed package itself.
EDITABLE_QUIET := PYTHONWARNINGS="ignore:Editable installation"

# PostgreSQL for the store's tests on a real server: Debian's package, installed when absent.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PG_PATH = $$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1):$$PATH

.PHONY: install install-test model tagger postgres chromium demo test bench clean

$(BIN)/crosscheck: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(EDITABLE_QUIET) $(BIN)/pip install --quiet -e .
	touch $@

install: $(BIN)/crosscheck

$(VENV)/.test-deps: $(BIN)/crosscheck
	$(EDITABLE_QUIET) $(BIN)/pip install --quiet -e '.[test,bench]'
	touch $@

install-test: $(VENV)/.test-deps

# The ONNX model is exported once, in a throwaway build environment that holds torch
# (CPU build 2.13.0, which lies on this machine's disk); the runtime never needs torch.
$(MODEL): scripts/build_embedder.py
	CROSSCHECK_CACHE=$(CACHE) PYTHON=$(PYTHON) sh scripts/build_embedder.sh

# The attribution tagger of the cue model's second stage (crosscheck/analyze/quotes/tagger.py):
# the packaged weights' first layers and our fitted top layers (crosscheck/analyze/quotes/tagger.npz),
# assembled in the build venv the embedding model's build leaves.
$(TAGGER): $(MODEL) scripts/build_tagger.py scripts/tagger_weights.py crosscheck/analyze/quotes/tagger.npz
	$(CACHE)/build-venv/bin/python -W ignore::DeprecationWarning scripts/build_tagger.py \
		crosscheck/analyze/quotes/tagger.npz $(CACHE)/attribution-tagger

model: $(MODEL) $(TAGGER)

tagger: $(TAGGER)

postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || \
		{ $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq postgresql >/dev/null; }

# Chromium for the web UI's browser test (Playwright drives Debian's build; Playwright's own
# browser download cannot run here): installed when absent.
chromium:
	@ls /usr/bin/chromium >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

demo: install model
	rm -f $(DEMO_DB)
	$(BIN)/crosscheck ingest examples --db $(DEMO_DB) || test $$? -eq 1
	$(BIN)/crosscheck stories --db $(DEMO_DB)
	@echo; echo "$(BIN)/crosscheck show --db $(DEMO_DB) --markdown EVENT  # EVENT: the biggest story's first"
	@$(BIN)/crosscheck show --db $(DEMO_DB) --markdown $$($(BIN)/crosscheck stories --db $(DEMO_DB) --json \
		--sort size | $(BIN)/python -c "import json, sys; print(json.load(sys.stdin)[0]['events'][0]['id'])")

test: install-test model postgres chromium
	$(BIN)/mypy
	PATH="$(PG_PATH)" CROSSCHECK_CACHE=$(CACHE) CROSSCHECK_REQUIRE_POSTGRES=1 CROSSCHECK_REQUIRE_BROWSER=1 \
		$(BIN)/python -m pytest -q

# Each benchmark is its own module (see BENCHMARKS.md for what each measures and its command).
BENCHMARKS := cli_startup l3s aeb analyze_speed polnear embed ecbplus neus_stories stories_scale stories_store neus dossier_speed store ingest_workers web_first_view web_load

bench: install-test model
	for name in $(BENCHMARKS); do CROSSCHECK_CACHE=$(CACHE) $(BIN)/python -m benchmarks.$$name || exit 1; done

clean:
	rm -rf $(VENV) $(DEMO_DB) .pytest_cache
