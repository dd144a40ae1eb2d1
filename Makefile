# Everything runs from the virtual environment in .venv, created on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= quotes.db
HOST ?= 127.0.0.1
PORT ?= 8000
# Optional extras by name, comma-separated: make install EXTRAS=dask,spark
EXTRAS ?=

comma := ,
extras := $(subst $(comma), ,$(EXTRAS))
# requirements.lock: the service, the CLI, the model; requirements-EXTRA.lock: that plus one
# extra (all pinned alike, so they install together). `make lock` writes them all.
LOCKS := requirements.lock $(foreach e,$(extras),requirements-$(e).lock)
STAMP := $(VENV)/.installed$(foreach e,$(sort $(extras)),-$(e))
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

.PHONY: install run test deps lock lint typecheck eval bench clean

WEB_STAMP := api/web/node_modules/.package-lock.json

install: $(STAMP) $(WEB_STAMP)

# System packages (Debian): python3-venv and npm for `make run`, and for the tests
# postgresql, chromium, chromium-driver and a Java runtime. Installed when missing, as root
# or with password-less sudo; otherwise it stops with the command to run.
deps:
	@scripts/system-deps.sh test

# The page's graph library and the API docs' assets come from the npm registry, pinned by
# package-lock.json. Their files are all we serve: no install script runs (swagger-ui-dist
# pulls in @scarf/scarf, whose postinstall reports the install to its vendor).
$(WEB_STAMP): api/web/package.json api/web/package-lock.json
	@PYTHON=$(PYTHON) scripts/system-deps.sh run
	cd api/web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

$(STAMP): pyproject.toml $(LOCKS)
	@PYTHON=$(PYTHON) scripts/system-deps.sh run
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip==26.3
	$(PIP) install --require-hashes $(addprefix -r ,$(LOCKS))
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

# Writes (POST /v1/articles, the page's paste form) need a key: set QUOTES_API_KEY, or one
# is made for this run and printed.
QUOTES_API_KEY ?= $(shell $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(18))')
export QUOTES_API_KEY

run: install
	$(BIN)/quotes ingest data/articles --db $(DB)
	@echo "API key for writes (X-API-Key): $$QUOTES_API_KEY"
	$(BIN)/quotes serve --host $(HOST) --port $(PORT) --db $(DB)

# The tests, linters and optional engines come with the dev lock (a superset of the others).
test: deps
	@$(MAKE) --no-print-directory install EXTRAS=dev
	$(BIN)/python -m pytest

# Regenerates every requirements*.lock from pyproject.toml (pip-tools, from the dev lock).
lock:
	@$(MAKE) --no-print-directory install EXTRAS=dev
	PYTHON=$(BIN)/python scripts/lock.sh

lint:
	@$(MAKE) --no-print-directory install EXTRAS=dev
	$(BIN)/ruff check quotes api tests bench
	$(BIN)/ruff format --check quotes api tests bench

typecheck:
	@$(MAKE) --no-print-directory install EXTRAS=dev
	$(BIN)/mypy

# Needs the PolNeAR evaluation data; pass its folder: make eval EVAL=../shared/eval
EVAL ?= ../shared/eval
eval: install
	$(BIN)/quotes eval $(EVAL)/polnear/dev.jsonl --resolved $(EVAL)/polnear/dev_resolved.jsonl

bench:
	@$(MAKE) --no-print-directory install EXTRAS=dev
	$(BIN)/python bench/bench_extract.py data/articles
	$(BIN)/python bench/bench_store.py
	$(BIN)/python bench/bench_api.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
